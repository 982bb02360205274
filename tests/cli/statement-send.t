#!/bin/sh
# ar-statement as customers receive it: the mail-merge csv carries the
# e-mail and postal address; statement.date_format; the address laid out
# for the customer's country (DE: postcode before the town); a customer
# never billed (cash not yet identified) gets no statement; a warning when
# company.remit_to is empty; "statement" activities only for statements
# written to -o DIR, never for a preview on stdout.
#
#   D100  Brauerei Adler GmbH, Hauptstraße 5, 10115 Berlin, DE, EUR:
#         INV-D1 2026-09-15 1,190.00 due 10-15 (16 days past due on 10-31)
#   U100  Acme Corp, Springfield, IL 62701, US: INV-U1 2026-10-20 250.00
#         due 11-19, e-mail ap@acme.example
#   X900  Unidentified receipts: PAY-X1 75.00 on 10-30, never billed
. "$(dirname "$0")/lib.sh"

cat >customers.csv <<'CSV'
customer_id,name,email,address1,city,region,postal_code,country,currency
D100,Brauerei Adler GmbH,buchhaltung@adler.example,Hauptstraße 5,Berlin,,10115,DE,EUR
U100,Acme Corp,ap@acme.example,100 Main Street,Springfield,IL,62701,US,USD
X900,Unidentified receipts,,,,,,,USD
CSV
cat >invoices.csv <<'CSV'
invoice_no,customer_id,invoice_date,due_date,amount
INV-D1,D100,2026-09-15,2026-10-15,1190.00
INV-U1,U100,2026-10-20,2026-11-19,250.00
CSV
cat >payments.csv <<'CSV'
payment_no,customer_id,payment_date,amount,reference
PAY-X1,X900,2026-10-30,75.00,unknown sender
CSV
ok init ar-ledger -q -d x.db init
ok 'company.name' ar-ledger -q -d x.db set company.name 'Harbor Supply Co.'
for t in customers invoices payments; do
	ok "import $t" ar-import -q -d x.db -t $t $t.csv
done
cp x.db clean.db
ST="ar-statement -d x.db --as-of 2026-10-31"

# --- remit-to empty: said once, on stderr ---------------------------------
golden no-remit-to 0 $ST -f csv
ok 'company.remit_to' ar-ledger -q -d x.db set company.remit_to \
	'Harbor Supply Co., PO Box 4410, Bakersfield, CA 93302'
cp x.db clean.db

# --- the mail-merge csv, with where each statement goes ---------------------
golden csv 0 $ST -f csv
is 'the header names the address columns' \
	'customer_id,customer_name,statement_date,currency,line_date,doc_type,doc_no,description,due_date,debit,credit,running_balance,email,address1,address2,city,region,postal_code,country' \
	sh -c "$ST -f csv | head -1"

# --- the never-billed holder of cash: none, unless --include-zero -----------
is 'no statement for a customer never billed' 'D100
U100' sh -c "$ST -f csv | cut -d, -f1 | sed 1d | sort -u"
is '--include-zero shows it' 'D100
U100
X900' sh -c "$ST -f csv --include-zero | cut -d, -f1 | sed 1d | sort -u"

# --- the German address and dates -------------------------------------------
golden de-iso 0 $ST --customer D100
ok 'date format %d.%m.%Y' ar-ledger -q -d x.db set statement.date_format '%d.%m.%Y'
golden de-dotted 0 $ST --customer D100
golden de-dotted-html 0 $ST --customer D100 -f html
ok 'date format %m/%d/%Y' ar-ledger -q -d x.db set statement.date_format '%m/%d/%Y'
golden us-slashed-csv 0 $ST --customer U100 -f csv
golden bad-date-format 2 ar-ledger -d x.db set statement.date_format '%Y'
golden wide-date-format 2 ar-ledger -d x.db set statement.date_format '%d. %m. %Y x'
is 'the format is kept' '%m/%d/%Y' ar-ledger -d x.db get statement.date_format
cp clean.db x.db

# --- previews log nothing; -o DIR logs each statement once -------------------
for i in 1 2 3 4; do
	ar-statement -d x.db --as-of 2026-10-31 >/dev/null 2>&1
done
ar-statement -d x.db --as-of 2026-10-31 -f csv >preview.csv 2>&1
unchanged x.db clean.db 'five previews on stdout log nothing'
exits 'a preview needs no writable ledger' 0 \
	sh -c 'chmod a-w x.db && ar-statement -d x.db --as-of 2026-10-31 >/dev/null; rc=$?; chmod u+w x.db; exit $rc'
golden sent 0 ar-statement -d x.db --as-of 2026-10-31 -o sent -v
is 'one statement activity per customer sent' 'D100|2026-10-31
U100|2026-10-31' sqlite3 x.db "SELECT c.customer_id, a.date FROM activity a
	JOIN customer c ON c.id = a.customer WHERE a.kind = 'statement'
	ORDER BY c.customer_id"
is 'the files sent' 'D100.txt
U100.txt' ls sent
cp x.db after.db
ok 'a dry run into a directory' ar-statement -q -d x.db --as-of 2026-10-31 -n -o dry
unchanged x.db after.db '-n -o DIR logs nothing'

finish
