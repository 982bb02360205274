#!/bin/sh
# Runs at the same time: writers serialize (a second writer waits, and
# gives up with status 5 once its timeout passes), readers see one
# consistent snapshot while the nightly import writes.
. "$(dirname "$0")/lib.sh"

cat >customers.csv <<'CSV'
customer_id,name,terms
C001,First Customer,30
C002,Second Customer,30
CSV
cat >small.csv <<'CSV'
invoice_no,customer_id,invoice_date,amount
S-1,C001,2026-01-05,10.00
CSV
awk 'BEGIN {
	print "invoice_no,customer_id,invoice_date,amount"
	for (i = 1; i <= 200000; i++)
		printf "BIG-%06d,C00%d,2026-02-%02d,%d.%02d\n", i, i % 2 + 1,
		    i % 28 + 1, i % 5000 + 1, i % 100
}' >big.csv
ar-import -q -d x.db customers.csv

ar-import -q -d x.db big.csv 2>/dev/null &
pid=$!
wait_for_wal x.db $pid
ok 'the import is still writing' kill -0 $pid

# a reader is not held up, and what it sees adds up
AR_BUSY_TIMEOUT=0 ar-age -d x.db --as-of 2026-12-31 -f csv >during.csv 2>during.err
is 'ar-age during the import exits 0 (its proof holds)' 0 echo $?
is 'ar-age during the import sees none of the uncommitted rows' 0 \
	sh -c 'grep -c BIG during.csv'
is 'ar-ledger check during the import is silent' '' ar-ledger -d x.db check

# a second writer waits for the lock; with no patience it gives up
AR_BUSY_TIMEOUT=0 ar-import -q -d x.db small.csv >second.out 2>second.err
is 'a second writer gives up with status 5' 5 echo $?
ok 'and says the ledger is busy' grep -q 'ledger busy' second.err

wait $pid
is 'the first import completes' 0 echo $?
is 'every row of the first import is there' 200000 sqlite3 x.db \
	"SELECT count(*) FROM document WHERE doc_no LIKE 'BIG-%'"
is 'nothing of the second writer is there' 0 sqlite3 x.db \
	"SELECT count(*) FROM document WHERE doc_no = 'S-1'"

# a writer with patience waits and then goes through
ar-import -q -d x.db big.csv >/dev/null 2>&1 &
pid=$!
AR_BUSY_TIMEOUT=60 ar-import -q -d x.db small.csv
is 'a patient second writer goes through' 0 echo $?
wait $pid
is 'the small file is in' 1 sqlite3 x.db \
	"SELECT count(*) FROM document WHERE doc_no = 'S-1'"
is 'ar-ledger check stays silent' '' ar-ledger -d x.db check

finish
