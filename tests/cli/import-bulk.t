#!/bin/sh
# ar-import's bulk path: an invoices, credits or payments file estimated at
# 100,000 rows or more (48 bytes a row) drops the documents' customer index
# and builds it again at the end.  Long texts make files that large from
# fewer rows.
. "$(dirname "$0")/lib.sh"

cp "$DATA"/customers.csv .
# ROWS rows of PREFIX documents of type TYPE, each with LEN bytes of text
big() {
	awk -v type="$1" -v prefix="$2" -v rows="$3" -v len="$4" 'BEGIN {
		t = sprintf("%" len "s", ""); gsub(/ /, "x", t)
		if (type == "invoices")
			print "invoice_no,customer_id,invoice_date,amount,description"
		else if (type == "credits")
			print "credit_no,customer_id,credit_date,amount,reason"
		else
			print "payment_no,customer_id,payment_date,amount,reference"
		for (i = 1; i <= rows; i++)
			printf "%s-%05d,C00%d,2026-01-%02d,1%d.00,%s\n", prefix, i,
				i % 3 + 1, i % 28 + 1, i % 10, t
	}'
}
big invoices BI 1700 3000 >big-invoices.csv
big credits BC 18000 250 >big-credits.csv	# a reason has 255 bytes at most
big payments BP 1700 3000 >big-payments.csv
printf '%s\n' invoice_no,customer_id,invoice_date,amount \
	INV-1,C001,2026-01-05,10.00 INV-2,C002,2026-01-06,20.00 >invoices.csv

ar-import -q -d x.db customers.csv
# earlier files of the run leave statements of their own behind: the
# index is dropped all the same, and nothing says the ledger is busy
exits 'several large files after a small one in one run' 0 \
	ar-import -q -d x.db invoices.csv big-invoices.csv big-credits.csv \
	big-payments.csv
is 'no message' '' cat .last
is 'every row went in' '21402' sqlite3 x.db "SELECT count(*) FROM document"
is 'the customer index is back' 'document_customer' sqlite3 x.db \
	"SELECT name FROM sqlite_master WHERE name = 'document_customer'"
is 'ar-ledger check is silent' '' ar-ledger -d x.db check
exits 'the same again: seen before' 0 \
	ar-import -q -d x.db invoices.csv big-invoices.csv big-credits.csv \
	big-payments.csv
is 'nothing added twice' '21402' sqlite3 x.db "SELECT count(*) FROM document"

# a large file of credit memos for invoices loaded before it: the
# open-item state of the documents loaded in bulk is made at the end, and
# cash application then moves it through the application trigger
awk 'BEGIN {
	t = sprintf("%250s", ""); gsub(/ /, "x", t)
	print "credit_no,customer_id,credit_date,amount,invoice_no,reason"
	for (i = 1; i <= 18000; i++)
		printf "BA-%05d,C00%d,2026-02-01,0.01,BI-%05d,%s\n", i,
		    (i % 1700 + 1) % 3 + 1, i % 1700 + 1, t
}' >big-applied-credits.csv
ar-report -q -d x.db --as-of 2026-12-31 trend >/dev/null
is 'the months of the trend kept' 12 sqlite3 x.db "SELECT count(*) FROM derived
	WHERE kind = 'trend-month'"
exits 'credit memos for earlier invoices, in bulk' 0 \
	ar-import -q -d x.db big-applied-credits.csv
is 'the kept months from February on deleted by the bulk load' \
	'2026-01-31' sqlite3 x.db "SELECT group_concat(through) FROM derived
	WHERE kind = 'trend-month'"
is 'and their credit sales' '0 2026-01-31' sqlite3 -separator ' ' x.db \
	"SELECT count(*) FILTER (WHERE through >= '2026-02-01'), max(through)
	FROM derived WHERE kind = 'sales-month'"
is 'the open-item state agrees with the history' '' ar-ledger -d x.db check
exits 'applied to their invoices' 0 \
	ar-apply -q -d x.db --as-of 2026-12-31 --rules credit -o applied.csv
is 'every one of them' '18000' sqlite3 x.db \
	"SELECT count(*) FROM application a JOIN document c ON c.id = a.credit_doc
	 WHERE c.doc_no LIKE 'BA-%'"
is 'the open-item state agrees with the history' '' ar-ledger -d x.db check
is 'the state trigger, date and customer indexes are back' '3' sqlite3 x.db \
	"SELECT count(*) FROM sqlite_master WHERE name IN
	 ('document_state', 'open_state_changed', 'open_state_customer')"

finish
