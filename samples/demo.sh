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
rm -f "$AR_DB" "$AR_DB-wal" "$AR_DB-shm" "$AR_OUT"/applied-*.csv \
	"$AR_OUT"/promises-*.csv

ar-ledger init
ar-ledger set company.name 'Harbor Supply Co.'
ar-ledger set company.address '1200 Commerce Way\nBakersfield, CA 93301'
ar-ledger set company.remit_to 'Harbor Supply Co., PO Box 4410, Bakersfield, CA 93302'
ar-ledger set statement.message 'Thank you for your business. Questions: ar@harborsupply.example, (661) 555-0142.'
ar-ledger set company.timezone America/Los_Angeles
ar-ledger set print.paper letter

echo '== nightly job' >&2
sh "$here/nightly.sh" "$here"
echo "== promises decided by the nightly job ($AR_OUT/promises-$AR_AS_OF.csv)"
cat "$AR_OUT/promises-$AR_AS_OF.csv"
echo
echo '== the same files again: nothing is loaded twice' >&2
sh "$here/nightly.sh" "$here"
echo '== the lists of applications kept (the re-run applied nothing)' >&2
wc -l "$AR_OUT"/applied-*.csv >&2

echo '== the returned check of samples/README.md, with a 25.00 fee' >&2
ar-apply -f table --reverse PMT-0000521 --date 2026-05-30 --fee 25.00 \
	--reason 'NSF check 8691'
ar-ledger check
echo

# an order desk asking ar-credit: C00001 is in good standing, C00035 is
# over its credit limit, C00040 broke two promises (and is past due),
# C00026 is on credit hold until an approver lets one order through
echo "== ar-credit: may these orders of 2,500.00 ship? (as of $AR_AS_OF)"
c="ar-credit check --as-of $AR_AS_OF --amount 2500.00"
for cust in C00001 C00035 C00040 C00026; do
	$c -q "$cust" && echo "$cust: exit 0, ship" || echo "$cust: exit $?, held"
done
echo '== the decisions recorded'
ar-credit log -f table | cut -c1-112
echo '== why C00035 is held: every rule'
$c -v -n -f table C00035 2>/dev/null | cut -c1-130
echo '== an approver lets the order of C00026 through, once'
ar-ledger set credit.approvers "${USER:-$(id -un)}"
ar-credit override -q --as-of "$AR_AS_OF" --amount 2500.00 \
	--reason 'paid upfront by wire' C00026
$c -f table C00026 | cut -c1-130
echo

echo "== October's disputes, each resolved another way" >&2
sh "$here/disputes.sh"
echo "== disputes open on $AR_AS_OF"
ar-dispute list --as-of "$AR_AS_OF" -f table | cut -c1-200
echo
echo "== disputes by reason (ar-report disputes)"
ar-report -q --as-of "$AR_AS_OF" -f table disputes
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
echo '== a collector'"'"'s Friday (samples/notes.sh), then the day'"'"'s list at 10:00 in Bakersfield'
sh "$here/notes.sh" >/dev/null
TZ=America/Los_Angeles ar-note --due --as-of "$AR_AS_OF" --at "${AR_AS_OF}T10:00" \
	-f table | cut -c1-200
echo
echo "== dunning as of $AR_AS_OF, as month-end runs it: letters in $AR_OUT/dunning/"
ar-ledger set dunning.levels 1:1,2:15,3:30,4:60
ar-ledger set dunning.interest.1 8
ar-ledger set dunning.interest.2 10
ar-ledger set dunning.interest.3 12
ar-ledger set dunning.interest.4 12
ar-ledger set dunning.fee.3 15.00
ar-ledger set dunning.fee.4 25.00
rm -rf "$AR_OUT/dunning"
ar-dun -q --as-of "$AR_AS_OF" --pause C00015 --until 2026-11-15 \
	--reason 'new AP contact, invoices re-sent'
ar-dun -v --as-of "$AR_AS_OF" --post-charges -o "$AR_OUT/dunning" 2>&1 |
	sed 's/^ar-dun: //'
ar-ledger check
echo
echo "ledger: $AR_DB  (try: ar-age -d $AR_DB --as-of $AR_AS_OF --detail --older-than 120)"
echo
# written again after the returned check above, which the nightly's
# workbook did not know of
echo "== the morning workbook: $AR_OUT/receivables-$AR_AS_OF.xlsx"
ar-report -q --as-of "$AR_AS_OF" -f table kpi | sed -n '1,2p;/USD/p' | cut -c1-120
ar-report -q --as-of "$AR_AS_OF" --xlsx "$AR_OUT/receivables-$AR_AS_OF.xlsx"
echo
echo "== how the cash forecast did: quarter ends, 8 weeks each, against the cash that came"
ar-report -q --as-of "$AR_AS_OF" -f table backtest | cut -c1-150
echo
# the month's statements as PDF letters, one per customer, to mail
echo "== PDF statements as of $AR_AS_OF: $AR_OUT/statements-$AR_AS_OF/"
ar-statement -q --as-of "$AR_AS_OF" -f pdf -o "$AR_OUT/statements-$AR_AS_OF"
ls "$AR_OUT/statements-$AR_AS_OF" | head -3
echo "... $(ls "$AR_OUT/statements-$AR_AS_OF" | wc -l) files"
