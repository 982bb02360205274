#!/bin/sh
# ar-import: every record type, header matching, options, all-or-nothing,
# control totals, the summary line.
. "$(dirname "$0")/lib.sh"

# messages name files as given: work on copies in the scratch directory
cp "$DATA"/*.csv .

# --- each record type, detected from the header -------------------------

golden customers 0 ar-import -d x.db customers.csv
cp x.db cust.db
ok 'a created ledger is mode 0600' test "$(stat -c %a x.db)" = 600
golden invoices 0 ar-import -d x.db invoices.csv
golden credits 0 ar-import -d x.db credits.csv
golden payments 0 ar-import -d x.db payments.csv
golden applications 0 ar-import -d x.db applications.csv
golden activities 0 ar-import -d x.db activities.csv
golden check-loaded 0 ar-ledger -d x.db check

# what went in: due dates from the customer's terms when not given, amounts
# in minor units, the debit memo typed, credits tied to their invoice
golden ledger-customers 0 sqlite3 -header x.db \
	"SELECT customer_id, name, terms, credit_limit, currency, collector,
	 status, contact FROM customer ORDER BY id"
golden ledger-documents 0 sqlite3 -header x.db \
	"SELECT d.doc_type, d.doc_no, c.customer_id, d.doc_date, d.due_date,
	 d.amount, d.currency, d.po_number, d.method, d.reference,
	 (SELECT doc_no FROM document r WHERE r.id = d.related) AS related
	 FROM document d JOIN customer c ON c.id = d.customer ORDER BY d.id"
golden ledger-applications 0 sqlite3 -header x.db \
	"SELECT c.doc_no AS credit, d.doc_no AS debit, a.amount,
	 a.effective_date, a.rule FROM application a
	 JOIN document c ON c.id = a.credit_doc
	 JOIN document d ON d.id = a.debit_doc ORDER BY a.id"
golden ledger-activities 0 sqlite3 -header x.db \
	"SELECT c.customer_id, a.date, a.kind, d.doc_no, a.outcome, a.amount,
	 a.currency, a.promise_date, a.follow_up_date, a.collector
	 FROM activity a JOIN customer c ON c.id = a.customer
	 LEFT JOIN document d ON d.id = a.document ORDER BY a.id"
golden ledger-disputes 0 sqlite3 -header x.db \
	"SELECT d.doc_no, s.amount, s.reason, s.opened, s.text FROM dispute s
	 JOIN document d ON d.id = s.document"
is 'one batch per run, one file each' '6|6' \
	sqlite3 x.db "SELECT count(*), (SELECT count(*) FROM batch_file) FROM batch"

# --- -t TYPE: the same rows as detection ---------------------------------

golden type-customers 0 ar-import -d y.db -t customers customers.csv
golden type-invoices 0 ar-import -d y.db -t invoices invoices.csv
golden type-credits 0 ar-import -d y.db -t credits credits.csv
golden type-payments 0 ar-import -d y.db --type payments payments.csv
golden type-applications 0 ar-import -d y.db -t applications applications.csv
golden type-activities 0 ar-import -d y.db -t activities activities.csv
unchanged y.db x.db 'typed and detected imports load the same rows'
golden type-mismatch 3 ar-import -d y.db -t payments invoices-batch.csv
golden type-unknown 2 ar-import -d y.db -t widgets invoices-batch.csv
golden type-undetectable 3 ar-import -d y.db invoices-map.csv
unchanged y.db x.db 'refused types change nothing'

# --- header aliases and --map --------------------------------------------

golden aliases 0 ar-import -d x.db invoices-aliases.csv
is 'aliased columns land in their fields' \
	'INV-1101|C001|2026-02-02|19999
INV-1102|C002|2026-02-03|100000' sqlite3 x.db \
	"SELECT doc_no, customer_id, doc_date, amount FROM document d
	 JOIN customer c ON c.id = d.customer
	 WHERE doc_no LIKE 'INV-110_' ORDER BY doc_no"
golden map-needed 3 ar-import -d x.db -t invoices invoices-map.csv
golden map-bad-spec 2 ar-import -d x.db --map invoice_no invoices-map.csv
golden map-no-source 3 ar-import -d x.db \
	--map 'invoice_no=Doc Number' invoices-map.csv
# an unknown target is the mistake to report, not the columns it left out
golden map-no-target 2 ar-import -d x.db -t invoices --map 'bogus=Doc Ref' \
	invoices-map.csv
golden map-no-target-mapped 2 ar-import -d x.db --map \
	'invoice_no=Doc Ref,customer_id=Client Code,invoice_date=Billed On,amount=Gross,bogus=Notes' \
	invoices-map.csv
golden map 0 ar-import -d x.db --map \
	'invoice_no=Doc Ref,customer_id=Client Code,invoice_date=Billed On,amount=Gross' \
	invoices-map.csv
is 'mapped columns land in their fields' \
	'X-1|C004|2026-02-04|1000|EUR
X-2|C004|2026-02-05|2000|EUR' sqlite3 x.db \
	"SELECT doc_no, customer_id, doc_date, amount, d.currency FROM document d
	 JOIN customer c ON c.id = d.customer
	 WHERE doc_no LIKE 'X-%' ORDER BY doc_no"

# --- --date-format, --decimal-comma --------------------------------------

cp x.db before.db
golden date-format-needed 3 ar-import -d x.db invoices-us.csv
golden date-format-bad 2 ar-import -d x.db --date-format '%Y-%m' invoices-us.csv
golden decimal-comma-needed 3 ar-import -d x.db --date-format '%d.%m.%Y' \
	invoices-de.csv
unchanged x.db before.db 'refused dates and amounts change nothing'
golden date-format-us 0 ar-import -d x.db --date-format '%m/%d/%Y' invoices-us.csv
golden date-format-de 0 ar-import -d x.db --date-format '%d.%m.%Y' \
	--decimal-comma invoices-de.csv
is 'dates and amounts read in the given styles' \
	'INV-1201|2026-02-05|2026-03-07|1200
INV-1202|2025-12-31|2026-01-30|1300
RE-301|2026-02-05|2026-03-07|123456
RE-302|2026-02-06|2026-03-08|9990' sqlite3 x.db \
	"SELECT doc_no, doc_date, due_date, amount FROM document
	 WHERE doc_no LIKE 'INV-120_' OR doc_no LIKE 'RE-%' ORDER BY doc_no"

# --- all or nothing, --skip-bad, --rejects -------------------------------

cp x.db before.db
docs=$(sqlite3 x.db 'SELECT count(*) FROM document')
golden all-or-nothing 3 ar-import -d x.db invoices-mixed.csv
unchanged x.db before.db 'one bad row imports nothing'
is 'not one document more' "$docs" sqlite3 x.db 'SELECT count(*) FROM document'
is 'no batch is left behind' "$(sqlite3 before.db 'SELECT count(*) FROM batch')" \
	sqlite3 x.db 'SELECT count(*) FROM batch'
golden several-one-bad 3 ar-import -d x.db invoices-batch.csv invoices-mixed.csv
unchanged x.db before.db 'a bad file imports none of the run'
golden skip-bad 3 ar-import -d x.db --skip-bad --rejects rejects.csv \
	invoices-mixed.csv
golden rejects-file 0 cat rejects.csv
ok 'the rejects file is mode 0600' test "$(stat -c %a rejects.csv)" = 600
is 'the good rows are imported' 'INV-1301|10000
INV-1305|8000' sqlite3 x.db \
	"SELECT doc_no, amount FROM document WHERE doc_no LIKE 'INV-130_'
	 ORDER BY doc_no"
exits 'a rejects file that cannot be made: exit 4' 4 ar-import -d x.db \
	--skip-bad --rejects no/such/dir/rejects.csv invoices-mixed.csv
ok 'the message names the rejects file as given' \
	grep -q "^ar-import: cannot create 'no/such/dir/rejects.csv': " .last

# --- -n -------------------------------------------------------------------

cp x.db before.db
golden dry-run 0 ar-import -d x.db -n customers-update.csv invoices-batch.csv
unchanged x.db before.db '-n changes nothing'
is '-n records no batch' "$(sqlite3 before.db 'SELECT count(*) FROM batch')" \
	sqlite3 x.db 'SELECT count(*) FROM batch'

# --- control totals ------------------------------------------------------

cp x.db before.db
golden expect-rows-mismatch 1 ar-import -d x.db --expect-rows 4 \
	invoices-batch.csv
golden expect-total-mismatch 1 ar-import -d x.db --expect-total 1350.00 \
	invoices-batch.csv
golden expect-rows-bad 2 ar-import -d x.db --expect-rows 3x invoices-batch.csv
# the expected total is in the input's one currency, read with its decimals
printf '%s\n' invoice_no,customer_id,invoice_date,amount,currency \
	INV-1501,C001,2026-02-14,10.00,USD INV-1502,C001,2026-02-14,20.00,EUR \
	>invoices-two-currencies.csv
golden expect-total-currencies 1 ar-import -d x.db --expect-total 30.00 \
	invoices-two-currencies.csv
golden expect-total-places 1 ar-import -d x.db --expect-total 1350.505 \
	invoices-batch.csv
unchanged x.db before.db 'a control total mismatch imports nothing'
# a control total that is not an amount is a usage error, found before
# anything is read
exits 'expect-total-bad: exit 2' 2 \
	ar-import -d x.db --expect-total abc invoices-batch.csv
golden expect-match 0 ar-import -d x.db --expect-rows 3 \
	--expect-total '1,350.50' invoices-batch.csv
is 'matching control totals import' 3 sqlite3 x.db \
	"SELECT count(*) FROM document WHERE doc_no LIKE 'INV-140_'"
cp before.db de.db
# the control total is written the way the file writes its amounts
exits 'expect-total with --decimal-comma: exit 0' 0 ar-import -d de.db -q \
	--date-format '%d.%m.%Y' --decimal-comma --expect-total '1.334,46' \
	invoices-de.csv

# --- unknown customers, --create-customers -------------------------------

cp x.db before.db
golden unknown-customers 3 ar-import -d x.db invoices-new-customers.csv
unchanged x.db before.db 'unknown customers import nothing'
golden create-customers 0 ar-import -d x.db --create-customers \
	invoices-new-customers.csv
is 'customers created with their number as name' 'C100|C100|active
C101|C101|active' sqlite3 x.db \
	"SELECT customer_id, name, status FROM customer
	 WHERE customer_id IN ('C100', 'C101') ORDER BY customer_id"

# --- stdin ----------------------------------------------------------------

cp cust.db s1.db
cp cust.db s2.db
cp cust.db s3.db
STDIN=invoices-batch.csv golden stdin 0 ar-import -d s1.db
STDIN=invoices-batch.csv golden stdin-dash 0 ar-import -d s2.db -
unchanged s1.db s2.db 'no operand and - read the same stdin'
STDIN=invoices-batch.csv golden stdin-between-files 0 ar-import -d s3.db \
	customers-update.csv - invoices-aliases.csv

# --- several files, the summary -------------------------------------------

golden several-files 0 ar-import -d z.db customers.csv invoices.csv \
	credits.csv payments.csv
is 'several files make one batch' '1|4' sqlite3 z.db \
	"SELECT count(*), (SELECT count(*) FROM batch_file) FROM batch"
golden quiet 0 ar-import -q -d z.db applications.csv
golden quiet-errors 3 ar-import -q -d z.db invoices-mixed.csv
# one row, one row: the count agrees with its noun
head -2 invoices-batch.csv >one-row.csv
golden summary-one-row 0 ar-import -d z.db one-row.csv

# --- customers are master data: updated, with history ---------------------

golden customers-update 0 ar-import -d x.db customers-update.csv
golden customer-history 0 sqlite3 -header x.db \
	"SELECT customer_id, name, email, phone, terms, credit_limit, status,
	 batch_id < replaced_by_batch AS ordered FROM customer_history ORDER BY id"
golden customers-updated 0 sqlite3 -header x.db \
	"SELECT customer_id, name, email, phone, city, terms, credit_limit,
	 currency, status FROM customer
	 WHERE customer_id IN ('C001', 'C002', 'C003', 'C005') ORDER BY id"

# --- payments without a customer, credits against another's invoice --------

cp x.db before.db
golden payment-customer-from-reference 3 ar-import -d x.db \
	payments-no-customer.csv
unchanged x.db before.db 'a payment naming two customers imports nothing'
golden payment-customer-skip-bad 3 ar-import -d x.db --skip-bad \
	payments-no-customer.csv
is 'a payment takes the customer of the invoices it names' 'PAY-6001|C001
PAY-6002|C001' sqlite3 x.db \
	"SELECT doc_no, customer_id FROM document d JOIN customer c
	 ON c.id = d.customer WHERE doc_no LIKE 'PAY-600_' ORDER BY doc_no"
cp x.db before.db
golden credit-other-customer 3 ar-import -d x.db credits-other-customer.csv
unchanged x.db before.db 'a credit against another customer imports nothing'

# --- closed periods -------------------------------------------------------

golden close-january 0 ar-ledger -d x.db close 2026-01
cp x.db before.db
golden closed-period 3 ar-import -d x.db invoices-january.csv
unchanged x.db before.db 'nothing is posted into a closed period'
golden allow-closed 0 ar-import -d x.db --allow-closed invoices-january.csv
is '--allow-closed posts' '2' sqlite3 x.db \
	"SELECT count(*) FROM document WHERE doc_no LIKE 'INV-160_'"
golden check-after 0 ar-ledger -d x.db check

# --- the ledger: -d, else $AR_DB, else ./ar.db ------------------------------

mkdir env default
(cd env && AR_DB=env.db ar-import -q ../customers.csv)
ok '$AR_DB names the ledger' test -f env/env.db
(cd default && ar-import -q ../customers.csv)
ok 'the ledger is ./ar.db by default' test -f default/ar.db
(cd env && AR_DB=env.db ar-import -q -d other.db ../customers.csv)
ok '-d wins over $AR_DB' test -f env/other.db

# --- usage, files ----------------------------------------------------------

golden help 0 ar-import --help
golden help-short 0 ar-import -h
ok '--version names the toolkit' sh -c \
	'ar-import --version | grep -q "^ar-import (arkit) [0-9]"'
golden unknown-option 2 ar-import -d x.db --frobnicate invoices.csv
cp x.db before.db
printf '%s\n' invoice_no,customer_id,invoice_date,amount \
	INV-1701,C001,2026-02-20,17.00 INV-1702,C002,2026-02-20,17.50 \
	>invoices-late.csv
golden missing-file 4 ar-import -d x.db invoices-late.csv no-such-file.csv
unchanged x.db before.db 'a missing file imports nothing'

finish
