#!/bin/sh
# ar-import run again: whole files, overlapping files, conflicts.  Every
# run leaves a ledger that checks clean.
. "$(dirname "$0")/lib.sh"

cp "$DATA"/*.csv .
ar-import -q -d x.db customers.csv || exit 1

# same_rows DB COPY: the same customers, documents, applications, ...
# (the log of files read aside: a new file is logged even when every row
# of it was seen before)
same_rows() {
	dump_db "$1" | sed '/^-- batch_file$/,$d' >"$SCRATCH/.ra"
	dump_db "$2" | sed '/^-- batch_file$/,$d' >"$SCRATCH/.rb"
	cmp -s "$SCRATCH/.ra" "$SCRATCH/.rb" && return 0
	diff -u "$SCRATCH/.rb" "$SCRATCH/.ra" | head -20
	return 1
}

# --- the same file three times ---------------------------------------------

golden first 0 ar-import -d x.db invoices.csv
golden first-check 0 ar-ledger -d x.db check
cp x.db after-first.db
golden second 0 masked ar-import -d x.db invoices.csv
unchanged x.db after-first.db 'the second run changes nothing'
golden second-check 0 ar-ledger -d x.db check
golden third 0 masked ar-import -d x.db invoices.csv
unchanged x.db after-first.db 'the third run changes nothing'
golden third-check 0 ar-ledger -d x.db check

# the same bytes under another name, or on stdin, are the same file
cp invoices.csv invoices-copy.csv
golden copy 0 masked ar-import -d x.db invoices-copy.csv
STDIN=invoices.csv golden stdin 0 masked ar-import -d x.db
unchanged x.db after-first.db 'a copy of the file changes nothing'

# whatever the options: the file is known, there is nothing to read
ar-import -q -d x.db --date-format '%m/%d/%Y' invoices-us.csv || exit 1
cp x.db after-us.db
golden other-options 0 masked ar-import -d x.db invoices-us.csv
unchanged x.db after-us.db 'a known file read with other options changes nothing'

# a dry run records nothing: the real run afterwards imports
golden dry-run 0 ar-import -d x.db -n credits.csv
golden after-dry-run 0 ar-import -d x.db credits.csv

# every record type, again
for t in customers payments applications activities; do
	ar-import -q -d x.db $t.csv || exit 1
	cp x.db again.db
	golden again-$t 0 masked ar-import -d x.db $t.csv
	unchanged x.db again.db "$t: the second run changes nothing"
done
golden again-check 0 ar-ledger -d x.db check

# --- overlapping files: the shared rows are unchanged ------------------------

cat >a.csv <<'EOF'
invoice_no,customer_id,invoice_date,amount,po_number
INV-4001,C001,2026-03-02,100.00,PO-41
INV-4002,C001,2026-03-02,200.00,PO-42
INV-4003,C002,2026-03-03,300.00,
INV-4004,C002,2026-03-03,400.00,
INV-4005,C003,2026-03-04,500.00,PO-45
INV-4006,C003,2026-03-04,600.00,PO-46
EOF
# B repeats the last three rows of A (written a little differently: no
# due date, quoted, spaced) and adds three
cat >b.csv <<'EOF'
po_number,amount,invoice_date,customer_id,invoice_no
,400.00,2026-03-03,C002,INV-4004
PO-45, 500.00 ,2026-03-04,C003,"INV-4005"
PO-46,"600.00",2026-03-04,C003,INV-4006
PO-47,700.00,2026-03-05,C001,INV-4007
,800.00,2026-03-05,C002,INV-4008
PO-49,900.00,2026-03-06,C003,INV-4009
EOF
golden overlap-a 0 ar-import -d x.db a.csv
golden overlap-b 0 ar-import -d x.db b.csv
is 'nine invoices, each once' '9|4500' sqlite3 x.db \
	"SELECT count(*), sum(amount) / 100 FROM document
	 WHERE doc_no BETWEEN 'INV-4001' AND 'INV-4009'"
golden overlap-check 0 ar-ledger -d x.db check
# a run that skipped bad rows did not import the file whole: run again,
# the good rows are unchanged and the bad ones rejected again
cp x.db before.db
ar-import -q -d x.db --skip-bad invoices-mixed.csv 2>/dev/null
golden skip-bad-again 3 ar-import -d x.db --skip-bad invoices-mixed.csv
golden skip-bad-check 0 ar-ledger -d x.db check

# overlapping payments, credits, applications and activities files
for t in payments credits applications activities; do
	sed -n '1p;3,$p' $t.csv >$t-tail.csv
	cp x.db again.db
	golden overlap-$t 0 ar-import -d x.db $t-tail.csv
	ok "$t: rows seen before are unchanged" same_rows x.db again.db
done
golden overlap-types-check 0 ar-ledger -d x.db check

# --- the same number with other content: a conflict ------------------------

cat >conflicts.csv <<'EOF'
invoice_no,customer_id,invoice_date,due_date,amount,currency,po_number,description,type
INV-4001,C001,2026-03-02,,100.01,USD,PO-41,,
INV-4002,C002,2026-03-02,,200.00,USD,PO-42,,
INV-4003,C002,2026-03-04,,300.00,USD,,,
INV-4004,C002,2026-03-03,2026-03-31,400.00,USD,,,
INV-4005,C003,2026-03-04,,500.00,EUR,PO-45,,
INV-4006,C003,2026-03-04,,600.00,USD,PO-99,,
INV-4007,C001,2026-03-05,,700.00,USD,PO-47,,debit_memo
INV-4008,C002,2026-03-05,,800.00,USD,,Freight,
INV-4009,C003,2026-03-06,,900.00,USD,PO-49,,
EOF
cp x.db before.db
golden conflict 3 ar-import -d x.db conflicts.csv
unchanged x.db before.db 'conflicts import nothing'
golden conflict-skip-bad 3 ar-import -d x.db --skip-bad --rejects rejects.csv \
	conflicts.csv
golden conflict-rejects 0 cat rejects.csv
ok 'only the unchanged row was left: nothing changed' same_rows x.db before.db
golden conflict-check 0 ar-ledger -d x.db check

# a credit memo and a payment of the same number as before, other amount
cat >credit-conflict.csv <<'EOF'
credit_no,customer_id,credit_date,amount,currency,invoice_no,reason
CM-3001,C001,2026-01-25,160.00,USD,INV-1001,damaged goods
CM-3002,C002,2026-02-12,45.00,USD,DM-2001,freight waived
EOF
cat >payment-conflict.csv <<'EOF'
payment_no,customer_id,payment_date,amount,currency,method,reference
PAY-5001,C001,2026-02-03,1100.00,USD,wire,INV-1001
PAY-5002,,2026-02-20,980.00,USD,ach,Payment for INV-1003 thank you
EOF
golden conflict-credit 3 ar-import -d x.db credit-conflict.csv
golden conflict-payment 3 ar-import -d x.db payment-conflict.csv
ok 'document conflicts import nothing' same_rows x.db before.db

# customers are master data: a changed row is an update, not a conflict
cat >customer-change.csv <<'EOF'
customer_id,name,phone
C001,Acme Corporation,+1 555 0111
C002,Globex LLC,+1 555 0122
EOF
golden customer-change 0 ar-import -d x.db customer-change.csv
golden customer-change-again 0 masked ar-import -d x.db customer-change.csv
is 'one history row for one change' '1|Acme Corp|+1 555 0100' sqlite3 x.db \
	"SELECT count(*), name, phone FROM customer_history
	 WHERE customer_id = 'C001'"
golden final-check 0 ar-ledger -d x.db check

finish
