#!/bin/sh
# ar-dispute: open (a part of a partly paid invoice, the whole open
# amount), notes and owners, the list and its filters, every resolution
# (a credit smaller than the dispute, a write-off under and over the
# approval limit, reinstated, rebilled, one of an invoice in a closed
# period resolved in an open one), each followed by a silent ar-ledger
# check; what an open dispute changes (the aging's disputed column, the
# worklist, the write-off selection, statements) and that it counts again
# from its resolution; ar-report disputes; ar-import --row; refused
# inputs with their exit status and message.
#
# The ledger (USD, approval limit 1,000.00, January 2026 closed):
#
#   C1  INV-1  1,000.00  2026-01-10 due 2026-02-09  (in the closed period)
#       INV-2    500.00  2026-03-01 due 2026-03-31  paid 200.00 by P-1
#       INV-3    300.00  2026-03-05 due 2026-04-04
#       INV-7    400.00  2026-03-20 due 2026-04-19  paid 100.00 by P-2
#   C2  INV-4    800.00  2026-03-10 due 2026-04-09
#       INV-5  2,000.00  2026-03-12 due 2026-04-11
#       INV-6     50.00  2026-03-15 due 2026-04-14
#   C3  INV-8    700.00  2026-02-01 due 2026-03-03  (its only item)
. "$(dirname "$0")/lib.sh"

USER=tester
export USER
DB=d.db
export AR_DB=$DB

cat >customers.csv <<'EOF'
customer_id,name,currency,collector,phone
C1,Alder Tools,USD,Ann,555-0101
C2,Birch Supply,USD,Bob,555-0102
C3,Cedar Works,USD,Ann,555-0103
EOF
cat >invoices.csv <<'EOF'
invoice_no,customer_id,invoice_date,due_date,amount,currency
INV-1,C1,2026-01-10,2026-02-09,1000.00,USD
INV-2,C1,2026-03-01,2026-03-31,500.00,USD
INV-3,C1,2026-03-05,2026-04-04,300.00,USD
INV-7,C1,2026-03-20,2026-04-19,400.00,USD
INV-4,C2,2026-03-10,2026-04-09,800.00,USD
INV-5,C2,2026-03-12,2026-04-11,2000.00,USD
INV-6,C2,2026-03-15,2026-04-14,50.00,USD
INV-8,C3,2026-02-01,2026-03-03,700.00,USD
EOF
cat >payments.csv <<'EOF'
payment_no,customer_id,payment_date,amount,currency,reference
P-1,C1,2026-03-20,200.00,USD,INV-2
P-2,C1,2026-03-25,100.00,USD,INV-7
EOF
ar-ledger -q init
for t in customers invoices payments; do
	ar-import -q -t $t $t.csv || echo "# import $t failed"
done
ar-apply -q --as-of 2026-03-31 >/dev/null || echo "# apply failed"
ar-ledger -q close 2026-01 || echo "# close failed"

# --- help, version, usage -------------------------------------------------

golden help 0 ar-dispute --help
is 'version' 'ar-dispute (arkit) 0.1.0' ar-dispute -V
golden no-subcommand 2 ar-dispute
golden bad-subcommand 2 ar-dispute close 1
golden open-no-reason 2 ar-dispute open INV-2
golden open-two-docs 2 ar-dispute open INV-2 INV-3 --reason tax
golden list-operand 2 ar-dispute list 1
golden list-date 2 ar-dispute list --date 2026-04-01
golden note-no-text 2 ar-dispute note 1
golden note-owner 2 ar-dispute note 1 --text x --owner Ann
golden assign-no-owner 2 ar-dispute assign 1
golden resolve-no-way 2 ar-dispute resolve 1
golden resolve-two-ways 2 ar-dispute resolve 1 --writeoff --reinstate
golden rebill-no-amount 2 ar-dispute resolve 1 --rebill INV-9
golden amount-not-rebill 2 ar-dispute resolve 1 --writeoff --amount 5
golden credit-with-open 2 ar-dispute open INV-2 --reason tax --credit
golden status-bad 2 ar-dispute list --status closed
golden as-of-with-open 2 ar-dispute open INV-2 --reason tax --as-of 2026-04-01
golden bad-id 2 ar-dispute note x --text y
golden bad-date 2 ar-dispute open INV-2 --reason tax --date 2026-02-30
golden missing-ledger 4 ar-dispute -d none.db list
ok 'no ledger was made' test ! -e none.db

# --- open -------------------------------------------------------------------

cp $DB before-open.db
golden open-unknown-reason 2 ar-dispute open INV-2 --reason freight \
	--date 2026-04-01
golden open-over-open 2 ar-dispute open INV-2 --reason pricing \
	--amount 300.01 --date 2026-04-01
golden open-payment 2 ar-dispute open P-1 --reason pricing --date 2026-04-01
golden open-unknown-doc 2 ar-dispute open INV-99 --reason pricing \
	--date 2026-04-01
golden open-before-doc 2 ar-dispute open INV-2 --reason pricing \
	--date 2026-02-28
golden open-bad-amount 2 ar-dispute open INV-2 --reason pricing \
	--amount 12.345 --date 2026-04-01
golden open-empty-owner 2 ar-dispute open INV-2 --reason pricing \
	--owner '' --date 2026-04-01
unchanged $DB before-open.db 'refused opens change nothing'
golden open-dry 0 ar-dispute -n open INV-2 --reason pricing --amount 120.00 \
	--date 2026-04-01
unchanged $DB before-open.db '-n changes nothing'

# a part of the partly paid INV-2: 120.00 of its 300.00 open
golden open-partial 0 ar-dispute open INV-2 --reason pricing --amount 120.00 \
	--owner Ann --text 'contract price is 10% lower' --date 2026-04-01
# the rest of it at most: 180.00
golden open-over-rest 2 ar-dispute open INV-2 --reason tax \
	--amount 180.01 --date 2026-04-01
# the whole open amount by default
golden open-whole 0 ar-dispute -q open INV-3 --reason quantity --date 2026-04-02
golden open-c3 0 ar-dispute -q open INV-8 --reason not_received \
	--date 2026-04-02
is 'the batch records the command line as given, not as getopt reordered it' \
	"ar-dispute open INV-2 --reason pricing --amount 120.00 --owner Ann --text 'contract price is 10% lower' --date 2026-04-01" \
	sqlite3 $DB "SELECT args FROM batch WHERE command = 'ar-dispute'
		ORDER BY id LIMIT 1"
is 'the activity of the opening' \
	'2026-04-01|dispute|INV-2|pricing|12000|USD|contract price is 10% lower' \
	sqlite3 $DB "SELECT a.date, a.kind, d.doc_no, a.outcome, a.amount,
		a.currency, a.text FROM activity a JOIN document d ON
		d.id = a.document ORDER BY a.id LIMIT 1"

# --- notes and owners --------------------------------------------------------

golden note 0 ar-dispute note 1 --text 'sent the contract to AP' \
	--date 2026-04-05
golden assign 0 ar-dispute assign 2 --owner Bob --date 2026-04-06
golden note-unknown 2 ar-dispute note 99 --text x --date 2026-04-05
golden note-before-open 2 ar-dispute note 1 --text x --date 2026-03-31

# --- the list ----------------------------------------------------------------

golden list 0 ar-dispute list --as-of 2026-04-10
golden list-table 0 ar-dispute list --as-of 2026-04-10 -f table
golden list-json 0 ar-dispute list --as-of 2026-04-10 -f json
golden list-owner 0 ar-dispute list --as-of 2026-04-10 --owner Bob
# the owner as of a day: Bob only from 2026-04-06
golden list-owner-before 0 ar-dispute list --as-of 2026-04-05 --owner Bob
golden list-reason 0 ar-dispute list --as-of 2026-04-10 --reason quantity
golden list-customer 0 ar-dispute list --as-of 2026-04-10 --customer C3
golden list-before 0 ar-dispute list --as-of 2026-03-31
golden list-unknown-customer 2 ar-dispute list --customer C9
ar-dispute list --as-of 2026-04-10 -o list.csv
ok '-o writes the list' cmp list.csv "$GOLDEN/list.out"

# --- what an open dispute changes ------------------------------------------

ar-age --as-of 2026-04-10 --detail -o age-open.csv
is 'aging: INV-2 disputed 120.00 of its 300.00 open, INV-3 all of it' \
	'INV-2,300.00,120.00
INV-3,300.00,300.00' \
	sh -c "awk -F, '\$4 == \"INV-2\" || \$4 == \"INV-3\" { print \$4 \",\" \$10 \",\" \$12 }' age-open.csv"
is 'aging summary: C1 disputed 420.00' '420.00' \
	sh -c "ar-age --as-of 2026-04-10 -f csv | awk -F, '\$1 == \"C1\" { print \$13 }'"
golden worklist-open 0 ar-report --as-of 2026-04-10 worklist
golden writeoff-skips 0 ar-writeoff -n --as-of 2026-04-10 --reason bad_debt \
	--customer C1
golden statement-marked 0 ar-statement --as-of 2026-04-10 --customer C1 -f csv

# --- resolve by a credit smaller than the dispute -------------------------

cp $DB before-credit.db
golden credit-over-open 2 ar-dispute resolve 1 --credit 300.01 --date 2026-04-15
golden credit-before-open 2 ar-dispute resolve 1 --credit --date 2026-03-31
golden credit-dry 0 ar-dispute -n resolve 1 --credit 50.00 --date 2026-04-15
unchanged $DB before-credit.db 'refused and dry resolutions change nothing'
golden credit 0 ar-dispute resolve 1 --credit 50.00 --date 2026-04-15
golden credit-check 0 ar-ledger check
golden credit-twice 2 ar-dispute resolve 1 --reinstate --date 2026-04-16
is 'the credit memo, applied to INV-2 in the same batch' \
	'credit_memo|DSP-1|5000|pricing|INV-2|INV-2|5000|2026-04-15|credit' \
	sqlite3 $DB "SELECT c.doc_type, c.doc_no, c.amount, c.reason,
		(SELECT doc_no FROM document WHERE id = c.related), d.doc_no,
		a.amount, a.effective_date, a.rule FROM document c
		JOIN application a ON a.credit_doc = c.id
		JOIN document d ON d.id = a.debit_doc
		WHERE c.doc_no = 'DSP-1' AND a.batch_id = c.batch_id"
# the rest (70.00) counts again from the resolution: nothing disputed
is 'INV-2 disputed before the resolution' '300.00,120.00' \
	sh -c "ar-age --as-of 2026-04-14 --detail -f csv | awk -F, '\$4 == \"INV-2\" { print \$10 \",\" \$12 }'"
is 'INV-2 from the resolution: 250.00 open, nothing disputed' '250.00,0.00' \
	sh -c "ar-age --as-of 2026-04-15 --detail -f csv | awk -F, '\$4 == \"INV-2\" { print \$10 \",\" \$12 }'"
golden writeoff-counts-again 0 ar-writeoff -n --as-of 2026-04-15 \
	--reason bad_debt --customer C1

# --- reinstate ----------------------------------------------------------------

golden worklist-c3-left-out 0 sh -c "ar-report --as-of 2026-04-16 worklist | cut -d, -f2"
golden reinstate 0 ar-dispute resolve 3 --reinstate --date 2026-04-16 \
	--text 'delivery confirmed'
golden reinstate-check 0 ar-ledger check
golden worklist-c3-back 0 sh -c "ar-report --as-of 2026-04-16 worklist | cut -d, -f2"
# ar-credit reads the same definition: INV-8, C3's only item, is 38 days
# past due on 2026-04-10 (over the 30 allowed) but disputed; reinstated
# on 2026-04-16, it holds C3's orders again
exits 'ar-credit: an order of C3 ships while its past due is disputed' 0 \
	ar-credit check -n -q --as-of 2026-04-10 --amount 1.00 C3
exits 'ar-credit: held from the day the dispute is reinstated' 1 \
	ar-credit check -n -q --as-of 2026-04-16 --amount 1.00 C3
is 'reinstated: nothing posted' '0' sqlite3 $DB \
	"SELECT count(*) FROM document WHERE doc_no = 'DSP-3'"

# --- write-offs: under the approval limit, then over it -------------------

ar-dispute -q open INV-6 --reason damaged --date 2026-04-10 >/dev/null
ar-dispute -q open INV-5 --reason service --date 2026-04-10 >/dev/null
# C2 on 2026-04-19: 2,850.00 overdue, 2,050.00 of it disputed: 0 points
# for the amount (2 without the disputes), 3 for INV-4 10 days past due,
# 20 never contacted
is 'the worklist scores the overdue money less the disputes' '23' sh -c \
	"ar-report --as-of 2026-04-19 worklist | awk -F, '\$2 == \"C2\" { print \$NF }'"
golden writeoff 0 ar-dispute resolve 4 --writeoff --date 2026-04-20
golden writeoff-check 0 ar-ledger check
is 'written off with reason dispute, applied to INV-6' \
	'writeoff|5000|dispute|INV-6|5000' sqlite3 $DB \
	"SELECT w.doc_type, w.amount, w.reason, d.doc_no, a.amount FROM
		dispute_resolution r JOIN document w ON w.id = r.credit_doc
		JOIN application a ON a.credit_doc = w.id
		JOIN document d ON d.id = a.debit_doc WHERE r.dispute = 4"
golden writeoff-pending 0 ar-dispute resolve 5 --writeoff --date 2026-04-20
golden writeoff-pending-check 0 ar-ledger check
golden writeoff-waits 2 ar-dispute resolve 5 --credit --date 2026-04-21
is 'still open while the request waits' 'open' sh -c \
	"ar-dispute list --as-of 2026-04-21 --status all | awk -F, '\$1 == 5 { print \$12 }'"
golden writeoff-approved 0 ar-writeoff --approve 1 --as-of 2026-04-22
golden writeoff-approved-check 0 ar-ledger check
is 'resolved by the approval, on its date' '5|2026-04-22|writeoff' \
	sh -c "ar-dispute list --as-of 2026-04-30 --status resolved | awk -F, '\$1 == 5 { print \$1 \"|\" \$13 \"|\" \$14 }'"

# a rejected request: the dispute can be resolved another way
ar-dispute -q open INV-4 --reason pricing --date 2026-04-10 >/dev/null
ar-ledger -q set writeoff.approval_limit 100.00
ar-dispute -q resolve 6 --writeoff --date 2026-04-20 >/dev/null
ar-writeoff -q --reject 2 --as-of 2026-04-21 >/dev/null
golden after-reject 0 ar-dispute resolve 6 --rebill INV-4R --amount 750.00 \
	--due 2026-05-20 --date 2026-04-22
golden after-reject-check 0 ar-ledger check

# --- rebill ----------------------------------------------------------------

# INV-7: 400.00, 100.00 paid; rebilled at 350.00: the credit memo of
# 400.00 closes INV-7 (300.00) and takes the 100.00 paid to INV-7R
ar-dispute -q open INV-7 --reason pricing --date 2026-04-10 >/dev/null
golden rebill-taken 2 ar-dispute resolve 7 --rebill INV-4 --amount 350.00 \
	--date 2026-04-20
golden rebill 0 ar-dispute resolve 7 --rebill INV-7R --amount 350.00 \
	--date 2026-04-20
golden rebill-check 0 ar-ledger check
is 'the old invoice closed, the new one due as the old was, 250.00 open' \
	'INV-7|400.00|0.00
INV-7R|2026-04-19|350.00|250.00' sh -c "sqlite3 $DB \"SELECT doc_no,
		printf('%.2f', d.amount / 100.0), printf('%.2f', s.open / 100.0)
		FROM document d JOIN open_state s ON s.document = d.id
		WHERE doc_no = 'INV-7'; SELECT doc_no, d.due_date,
		printf('%.2f', d.amount / 100.0), printf('%.2f', s.open / 100.0)
		FROM document d JOIN open_state s ON s.document = d.id
		WHERE doc_no = 'INV-7R'\""
is 'the rebill of INV-4 due on --due' '2026-05-20' sqlite3 $DB \
	"SELECT due_date FROM document WHERE doc_no = 'INV-4R'"

# --- an invoice of the closed period, resolved in an open one ----------

# opened in January, which is closed: opening posts nothing
ar-dispute -q open INV-1 --reason duplicate_billing --amount 400.00 \
	--date 2026-01-20 >/dev/null
golden closed-refused 2 ar-dispute resolve 8 --credit --date 2026-01-31
golden closed-open-period 0 ar-dispute resolve 8 --credit --date 2026-04-25
golden closed-check 0 ar-ledger check
is 'INV-1 600.00 open after the credit' '600.00' sh -c \
	"ar-age --as-of 2026-04-30 --detail -f csv | awk -F, '\$4 == \"INV-1\" { print \$10 }'"

# --- the list and the report at the end ------------------------------------

golden list-all 0 ar-dispute list --as-of 2026-04-30 --status all
golden list-resolved 0 ar-dispute list --as-of 2026-04-30 --status resolved \
	-f table
golden report 0 ar-report --as-of 2026-04-30 disputes
golden report-table 0 ar-report --as-of 2026-04-30 -f table disputes
golden report-period 0 ar-report --as-of 2026-04-30 --from 2026-04-16 \
	--to 2026-04-30 disputes
golden report-mid 0 ar-report --as-of 2026-04-30 --to 2026-04-12 disputes
golden report-bad-to 2 ar-report --as-of 2026-04-30 --to 2026-05-01 disputes

# --- the options left: --allow-closed, -o and -f of resolve, --excel-safe

ar-dispute -q open INV-1 --reason pricing --amount 50.00 --date 2026-01-25 \
	>/dev/null
ar-dispute -q note 9 --date 2026-01-26 --text '=HYPERLINK("http://x")'
golden allow-closed 0 ar-dispute resolve 9 --credit=50.00 --date 2026-01-31 \
	--allow-closed -f table -o resolved.txt
golden allow-closed-file 0 cat resolved.txt
golden allow-closed-check 0 ar-ledger check
golden list-excel-safe 0 ar-dispute list --as-of 2026-01-30 --excel-safe
golden list-excel-safe-not 0 ar-dispute list --as-of 2026-01-30
golden excel-safe-not-list 2 ar-dispute note 9 --text x --excel-safe
golden customer-not-list 2 ar-dispute note 9 --text x --customer C001
# the row of a resolution is quoted as the list's (on a copy: the batch
# numbers below stay as they are); its document number is the text cell
cp $DB excel.db
ar-import -q -d excel.db --row 'type=invoice,invoice_no==INV-9,customer_id=C1,invoice_date=2026-02-01,amount=10.00' ||
	echo "# import of =INV-9 failed"
id=$(ar-dispute -q -d excel.db open =INV-9 --reason pricing --date 2026-02-02)
golden resolve-excel-safe-not 0 ar-dispute -d excel.db resolve "$id" \
	--reinstate --date 2026-02-03 -n -f csv
golden resolve-excel-safe 0 ar-dispute -d excel.db resolve "$id" --reinstate \
	--date 2026-02-03 --excel-safe -f csv

# --- imported disputes ----------------------------------------------------

cat >acts.csv <<'EOF'
customer_id,date,kind,doc_no,outcome,amount,text
C2,2026-04-26,dispute,INV-4R,tax,20.00,VAT charged twice
C2,2026-04-26,dispute,INV-5,,,
EOF
golden import-nothing-open 3 ar-import -t activities acts.csv
head -2 acts.csv >acts1.csv
golden import-coded 0 ar-import -t activities acts1.csv
is 'an outcome that is a code is the reason' 'tax|2000|VAT charged twice' \
	sqlite3 $DB "SELECT reason, amount, text FROM dispute ORDER BY id DESC
		LIMIT 1"
# the same row again beside a new one: unchanged, not refused as more
# than is open and not disputed; an outcome that is no code is 'other'
cp acts1.csv acts2.csv
echo 'C1,2026-04-27,dispute,INV-2,freight,10.00,billed twice' >>acts2.csv
golden import-again 0 ar-import -t activities acts2.csv
is 'an outcome that is no code: other, the word kept in the text' \
	'other|1000|freight: billed twice' \
	sqlite3 $DB "SELECT reason, amount, text FROM dispute ORDER BY id DESC
		LIMIT 1"

# --- ar-import --row: credit and debit memos without a CSV ----------------

golden row-credit 0 ar-import -t credits --row \
	'credit_no=CM-7,customer_id=C2,date=2026-04-27,amount=25.00,invoice_no=INV-4R,reason=pricing'
golden row-again 0 masked ar-import -t credits --row \
	'credit_no=CM-7,customer_id=C2,date=2026-04-27,amount=25.00,invoice_no=INV-4R,reason=pricing'
golden row-debit 0 ar-import -t invoices --row \
	'invoice_no=DM-1,customer_id=C2,invoice_date=2026-04-27,amount=12.50,type=debit_memo,description=Freight\, not billed'
is 'the comma kept in the description' 'debit_memo|1250|Freight, not billed' \
	sqlite3 $DB "SELECT doc_type, amount, description FROM document WHERE
		doc_no = 'DM-1'"
golden row-two 0 ar-import -q -t credits \
	--row 'credit_no=CM-8,customer_id=C2,date=2026-04-27,amount=5' \
	--row 'credit_no=CM-9,customer_id=C2,date=2026-04-27,amount=6'
golden row-bad-amount 3 ar-import -t credits --row \
	'credit_no=CM-10,customer_id=C2,date=2026-04-27,amount=5.0.0'
golden row-not-pairs 2 ar-import -t credits --row 'CM-10'
golden row-and-file 2 ar-import -t credits --row 'credit_no=CM-10' acts.csv
golden row-closed 3 ar-import -t credits --row \
	'credit_no=CM-11,customer_id=C2,date=2026-01-15,amount=5'
golden row-check 0 ar-ledger check
ok 'ar-apply applies the credit memo to the invoice it names' \
	ar-apply -q --as-of 2026-04-30
is 'CM-7 applied to INV-4R' 'INV-4R|2500' sqlite3 $DB \
	"SELECT d.doc_no, a.amount FROM application a JOIN document c ON
		c.id = a.credit_doc JOIN document d ON d.id = a.debit_doc
		WHERE c.doc_no = 'CM-7'"

finish
