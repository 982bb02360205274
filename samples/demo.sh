#!/bin/sh
# demo.sh - run the nightly job on the samples into a fresh ledger and
# show what it did.  Called by 'make demo' with the built commands first
# on PATH.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p demo
AR_DB=demo/ar.db
export AR_DB
rm -f "$AR_DB" "$AR_DB-wal" "$AR_DB-shm"

ar-ledger init
ar-ledger set company.name 'Harbor Supply Co.'
ar-ledger set company.address '1200 Commerce Way\nBakersfield, CA 93301'
ar-ledger set company.remit_to 'Harbor Supply Co., PO Box 4410, Bakersfield, CA 93302'
ar-ledger set statement.message 'Thank you for your business. Questions: ar@harborsupply.example, (661) 555-0142.'

echo '== nightly job' >&2
sh "$here/nightly.sh" "$here"
echo '== the same files again: nothing is loaded twice' >&2
sh "$here/nightly.sh" "$here"

echo '== runs recorded in the ledger'
ar-ledger -f table batches | cut -c1-110
echo
echo '== ten largest balances (the customer_balances view)'
sqlite3 -readonly -header -column "$AR_DB" \
	"SELECT customer_id, customer_name, currency,
		printf('%.2f', balance / 100.0) AS balance,
		printf('%.2f', open_debits / 100.0) AS open_items,
		printf('%.2f', unapplied / 100.0) AS unapplied
	 FROM customer_balances ORDER BY customer_balances.balance DESC LIMIT 10"
echo
echo "ledger: $AR_DB  (try: sqlite3 -readonly $AR_DB 'SELECT * FROM open_items LIMIT 5')"
