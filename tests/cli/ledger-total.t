#!/bin/sh
# The ledger's total of document amounts per currency stays within 64 bits
# (92,233,720,368,547,758.07 USD): a document that would take it past is
# refused wherever it is posted, so every sum over the ledger can be made.
. "$(dirname "$0")/lib.sh"

printf '%s\n' customer_id,name,currency C1,Acme,USD C2,Beta,EUR >customers.csv
# 9,222 invoices of the largest amount a document may have: room is left
# for one more, not two
awk 'BEGIN { print "invoice_no,customer_id,invoice_date,amount"
	for (i = 1; i <= 9222; i++)
		printf "F%05d,C1,2026-01-01,10000000000000.00\n", i }' >fill.csv
ar-import -q -d x.db customers.csv fill.csv || exit 1
cp x.db before.db

printf '%s\n' invoice_no,customer_id,invoice_date,amount \
	T1,C1,2026-01-02,10000000000000.00 \
	T2,C1,2026-01-02,10000000000000.00 >two.csv
golden two-over 3 ar-import -d x.db two.csv
unchanged x.db before.db 'two invoices past the total: nothing imported'
golden two-over-skip-bad 3 ar-import -d x.db --skip-bad two.csv
is 'with --skip-bad only the row past the total is left out' 'T1' \
	sqlite3 x.db "SELECT doc_no FROM document WHERE doc_no LIKE 'T%'"

# a later run finds the total of the ledger as it is
printf '%s\n' invoice_no,customer_id,invoice_date,amount \
	T3,C1,2026-01-03,10000000000000.00 >later.csv
cp x.db before.db
golden later-run 3 ar-import -d x.db later.csv
unchanged x.db before.db 'a later run past the total: nothing imported'
# a document recorded before is no new money, and other currencies have
# totals of their own
printf '%s\n' invoice_no,customer_id,invoice_date,amount,currency \
	T1,C1,2026-01-02,10000000000000.00,USD \
	E1,C2,2026-01-02,10000000000000.00,EUR >again.csv
golden again 0 ar-import -d x.db again.csv

# documents the commands make up are held to the same total
printf '%s\n' payment_no,customer_id,payment_date,amount \
	P1,C1,2026-01-05,3000000000000.00 >payments.csv
ar-import -q -d x.db payments.csv
cp x.db before.db
golden reverse-over 3 ar-apply -d x.db --reverse P1 --date 2026-01-06
unchanged x.db before.db 'a reversal past the total changes nothing'

# every sum over the ledger can be made
is 'the total is within 64 bits' '9223300000000000000|1' sqlite3 x.db \
	"SELECT sum(amount), sum(amount) <= 9223372036854775807 FROM document
	 WHERE currency = 'USD'"
is 'ar-ledger check is silent' '' ar-ledger -d x.db check
ok 'ar-age works' ar-age -d x.db --as-of 2026-02-01 -o aging.csv
ok 'ar-report works' ar-report -d x.db --as-of 2026-02-01 customers -o r.csv
ok 'ar-statement works' ar-statement -d x.db --as-of 2026-02-01 -o st

# a file that repeats a row adds up to more than 64 bits: said so, never a
# wrong total, in the summary, in batch_file.totals and against
# --expect-total (also when the file is known from before)
awk 'BEGIN { print "invoice_no,customer_id,invoice_date,amount,currency"
	for (i = 1; i <= 9300; i++)
		print "D1,C2,2026-01-02,10000000000000.00,EUR" }' >repeated.csv
golden repeated 0 ar-import -d x.db repeated.csv
is 'batch_file.totals says more than' 'EUR >9223372036854775807' \
	sqlite3 x.db "SELECT totals FROM batch_file WHERE name = 'repeated.csv'"
golden repeated-expect-total 1 masked ar-import -d x.db --expect-total 1.00 \
	repeated.csv

finish
