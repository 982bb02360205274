#!/bin/sh
# samples/nightly.sh can be re-run: a second run of the same files loads
# nothing twice and keeps the morning's list of applications; a later run
# that applies more lists it in a file of its own.
. "$(dirname "$0")/lib.sh"

SAMPLES=$HERE/../../samples
AR_DB=$SCRATCH/ar.db AR_AS_OF=2026-10-31 AR_OUT=$SCRATCH/out
export AR_DB AR_AS_OF AR_OUT
ok 'init' ar-ledger -q init

exits 'the nightly job' 0 sh "$SAMPLES/nightly.sh" "$SAMPLES"
# the applications of the samples and the 4 payments held as duplicate?
# (1286 rows of ar-apply's list), and the header
is 'the list of the first run' '1287' sh -c 'wc -l <out/applied-2026-10-31.csv'
cp out/applied-2026-10-31.csv first.csv

exits 'the same job again' 0 sh "$SAMPLES/nightly.sh" "$SAMPLES"
ok 'it says it applied nothing' \
	grep -q 'nothing new to apply; earlier lists kept' "$SCRATCH/.last"
ok 'the first list is kept as it was' cmp first.csv out/applied-2026-10-31.csv
is 'and no other list' 'applied-2026-10-31.csv' \
	sh -c 'ls out | grep "^applied"'
is 'no temporary file is left' '' sh -c 'ls -A out | grep "^\." || true'

# a payment that came in late in the day: a third run lists it alone
mkdir late
printf '%s\n' 'payment_no,customer_id,payment_date,amount,currency,reference' \
	'PMT-LATE-1,C00002,2026-10-31,895.96,USD,INV-0001468' >late/payments.csv
exits 'a run with a late payment' 0 sh "$SAMPLES/nightly.sh" late
is 'its list is a file of its own' \
	'PMT-LATE-1,INV-0001468,895.96,ref' \
	awk -F, 'NR > 1 { print $5 "," $6 "," $7 "," $8 }' out/applied-2026-10-31-2.csv
ok 'the first list is still kept' cmp first.csv out/applied-2026-10-31.csv

finish
