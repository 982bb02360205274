#!/bin/sh
# demo.sh - run the nightly job on the samples into a fresh ledger and
# show what it did.  Called by 'make demo' with the built commands first
# on PATH.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p demo
AR_DB=demo/ar.db
AR_AS_OF=2026-10-31	# the samples' last day
AR_OUT=demo
export AR_DB AR_AS_OF AR_OUT
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

echo '== the returned check of samples/README.md, with a 25.00 fee' >&2
ar-apply -f table --reverse PMT-0000521 --date 2026-05-30 --fee 25.00 \
	--reason 'NSF check 8691'
ar-ledger check
echo

echo '== cash left for a person: held by ar-apply (flag), or from nobody known'
ar-report -q --as-of "$AR_AS_OF" -f table unapplied | cut -c1-160
echo

echo '== runs recorded in the ledger'
ar-ledger -f table batches | cut -c1-110
echo
echo "== aging as of $AR_AS_OF (all of it: $AR_OUT/aging-$AR_AS_OF.csv)"
ar-age --as-of "$AR_AS_OF" -f table --min-balance 10000 | cut -c1-190
echo
echo "ledger: $AR_DB  (try: ar-age -d $AR_DB --as-of $AR_AS_OF --detail --older-than 120)"
echo
# written again after the returned check above, which the nightly's
# workbook did not know of
echo "== the morning workbook: $AR_OUT/receivables-$AR_AS_OF.xlsx"
ar-report -q --as-of "$AR_AS_OF" -f table kpi | sed -n '1,2p;/USD/p' | cut -c1-120
ar-report -q --as-of "$AR_AS_OF" --xlsx "$AR_OUT/receivables-$AR_AS_OF.xlsx"
