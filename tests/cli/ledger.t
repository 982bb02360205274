#!/bin/sh
# ar-ledger: init, settings, check, batches, close, backup.
. "$(dirname "$0")/lib.sh"

# batches record who ran them
USER=ar-clerk
export USER

golden init 0 ar-ledger -d x.db init
ok 'ledger file is mode 0600' test "$(stat -c %a x.db)" = 600
golden init-again 0 ar-ledger -d x.db init
golden get-defaults 0 ar-ledger -d x.db get
golden set-name 0 ar-ledger -d x.db set company.name 'Acme, Inc.'
golden get-name 0 ar-ledger -d x.db get company.name
# which value is set, which a default in effect, which none (gl.*)
golden get-marked 0 ar-ledger -d x.db -f table get
is 'an account code has no default' '' ar-ledger -d x.db get gl.receivables
golden set-unknown 2 ar-ledger -d x.db set company.nme x
golden set-bad-buckets 2 ar-ledger -d x.db set aging.buckets 30,20
golden check-clean 0 ar-ledger -d x.db check
golden missing-ledger 4 ar-ledger -d nope.db check
ok 'a missing ledger is not created' test ! -e nope.db
golden no-command 2 ar-ledger -d x.db
golden bad-command 2 ar-ledger -d x.db frobnicate

# --- every setting: a valid value is kept, an invalid one refused ----------

# set_ok KEY VALUE [SHOWN]: set, then get answers SHOWN (default VALUE)
set_ok() {
	ok "set $1 '$2'" ar-ledger -d x.db set "$1" "$2"
	is "get $1" "${3-$2}" ar-ledger -d x.db get "$1"
}

set_ok company.name 'Acme Receivables, Inc.'
set_ok company.address '1 Main St\nSpringfield, IL 62701' '1 Main St
Springfield, IL 62701'
set_ok company.remit_to 'Lockbox 4417\nChicago, IL 60693' 'Lockbox 4417
Chicago, IL 60693'
set_ok currency.base EUR
set_ok currency.extra 'XBT:4,ABC:0'
set_ok currency.base XBT
set_ok currency.base USD
set_ok terms.default NET45
set_ok terms.default 60
set_ok terms.default 0
set_ok aging.buckets 15,30,45
set_ok aging.buckets 30,60,90,120
set_ok writeoff.approval_limit 2500.00
set_ok writeoff.approval_limit 0 0.00
set_ok writeoff.approval_limit 2,500 2500.00
set_ok gl.receivables 1200-00
set_ok gl.bad_debt_expense 6410
set_ok gl.bad_debt_recovery 4910
set_ok gl.cash 1010
set_ok statement.message 'Thank you for your business'
set_ok statement.message ''

cp x.db before.db
golden set-bad-base-lower 2 ar-ledger -d x.db set currency.base usd
golden set-bad-base-unknown 2 ar-ledger -d x.db set currency.base XYZ
golden set-bad-base-empty 2 ar-ledger -d x.db set currency.base ''
golden set-bad-extra-decimals 2 ar-ledger -d x.db set currency.extra XBT:8
golden set-bad-extra-lower 2 ar-ledger -d x.db set currency.extra xbt:2
golden set-bad-extra-no-decimals 2 ar-ledger -d x.db set currency.extra XBT
golden set-bad-terms 2 ar-ledger -d x.db set terms.default net
golden set-bad-terms-huge 2 ar-ledger -d x.db set terms.default 100000
golden set-bad-buckets-zero 2 ar-ledger -d x.db set aging.buckets 0,30
golden set-bad-buckets-gap 2 ar-ledger -d x.db set aging.buckets 30,,60
golden set-bad-buckets-empty 2 ar-ledger -d x.db set aging.buckets ''
golden set-bad-buckets-space 2 ar-ledger -d x.db set aging.buckets '30, 60'
golden set-bad-limit-negative 2 ar-ledger -d x.db set writeoff.approval_limit -- -1
golden set-bad-limit-text 2 ar-ledger -d x.db set writeoff.approval_limit abc
golden set-bad-limit-decimals 2 ar-ledger -d x.db set writeoff.approval_limit 1.234
golden set-bad-account-empty 2 ar-ledger -d x.db set gl.receivables ''
golden set-bad-account-comma 2 ar-ledger -d x.db set gl.cash 10,00
long=$(awk 'BEGIN { for (i = 0; i < 4001; i++) printf "x" }')
exits 'set company.name of 4001 bytes: exit 2' 2 \
	ar-ledger -d x.db set company.name "$long"
golden set-no-value 2 ar-ledger -d x.db set company.name
golden get-unknown 2 ar-ledger -d x.db get company.nme
golden get-two 2 ar-ledger -d x.db get company.name company.address
unchanged x.db before.db 'refused settings change nothing'
cp before.db neg.db
golden set-bad-terms-negative 2 ar-ledger -d neg.db set terms.default -- -5
unchanged neg.db before.db 'negative terms change nothing'

# -n does the work, changes nothing
golden set-dry-run 0 ar-ledger -d x.db -n set company.name 'Dry Run Co'
is '-n leaves the value' 'Acme Receivables, Inc.' ar-ledger -d x.db get company.name
golden set-dry-run-bad 2 ar-ledger -d x.db -n set aging.buckets 30,20
unchanged x.db before.db '-n changes nothing'

# a declared currency in use keeps its decimals: changing or dropping them
# would change every amount recorded in it (1.2345 XBT read as 123.45)
ar-ledger -q -d xbt.db init
ar-ledger -d xbt.db set currency.extra XBT:4
printf '%s\n' customer_id,name,currency 'X1,Satoshi Traders,XBT' \
	>xbt-customers.csv
printf '%s\n' invoice_no,customer_id,invoice_date,amount \
	X-1,X1,2026-02-01,1.2345 >xbt-invoices.csv
ar-import -q -d xbt.db xbt-customers.csv xbt-invoices.csv
cp xbt.db xbt-before.db
exits 'currency.extra cannot change the decimals of a currency in use' 2 \
	ar-ledger -d xbt.db set currency.extra XBT:2
exits 'currency.extra cannot drop a currency in use' 2 \
	ar-ledger -d xbt.db set currency.extra ABC:0
unchanged xbt.db xbt-before.db 'currencies in use keep their decimals'
golden xbt-check 0 ar-ledger -d xbt.db check

golden get-all 0 ar-ledger -d x.db -f csv get
golden get-all-tsv 0 ar-ledger -d x.db -f tsv get
golden get-all-json 0 ar-ledger -d x.db -f json get
golden get-bad-format 2 ar-ledger -d x.db -f xml get

# --- check, on ledgers altered behind their back ----------------------------

for f in customers invoices credits payments applications; do
	cp "$DATA/$f.csv" .
done
ar-import -q -d l.db customers.csv invoices.csv credits.csv payments.csv \
	applications.csv || exit 1
golden check-loaded 0 ar-ledger -d l.db check

# alter COPY DESCRIPTION SQL: a copy of l.db changed with the sqlite3 shell
alter() {
	cp l.db "$1"
	sqlite3 "$1" "$2"
}

app="INSERT INTO application (credit_doc, debit_doc, amount, effective_date,
	rule, batch_id) SELECT c.id, d.id"
alter over.db "$app, 10000, '2026-02-25', 'manual', 1 FROM document c,
	document d WHERE c.doc_no = 'PAY-5003' AND d.doc_no = 'INV-1004'"
golden check-over-application 1 ar-ledger -d over.db check
alter over-invoice.db "$app, 100000, '2026-02-03', 'manual', 1 FROM document c,
	document d WHERE c.doc_no = 'CM-3003' AND d.doc_no = 'INV-1001'"
golden check-cross-customer 1 ar-ledger -d over-invoice.db check
alter cross.db "$app, 1000, '2026-02-20', 'manual', 1 FROM document c,
	document d WHERE c.doc_no = 'PAY-5002' AND d.doc_no = 'INV-1002'"
golden check-cross-customer-small 1 ar-ledger -d cross.db check
alter currency.db "$app, 1000, '2026-02-27', 'manual', 1 FROM document c,
	document d WHERE c.doc_no = 'PAY-5004' AND d.doc_no = 'INV-1006'"
golden check-cross-currency 1 ar-ledger -d currency.db check
alter early.db "$app, 1000, '2026-01-01', 'manual', 1 FROM document c,
	document d WHERE c.doc_no = 'PAY-5002' AND d.doc_no = 'INV-1003'"
golden check-before-documents 1 ar-ledger -d early.db check
alter debit.db "$app, 1000, '2026-02-05', 'manual', 1 FROM document c,
	document d WHERE c.doc_no = 'INV-1005' AND d.doc_no = 'INV-1006'"
golden check-from-debit 1 ar-ledger -d debit.db check
alter negative.db "$app, -1000, '2026-02-25', 'manual', 1 FROM document c,
	document d WHERE c.doc_no = 'PAY-5003' AND d.doc_no = 'INV-1004'"
golden check-negative 1 ar-ledger -d negative.db check
alter dangling.db "PRAGMA foreign_keys = OFF; INSERT INTO application
	(credit_doc, debit_doc, amount, effective_date, rule, batch_id)
	SELECT id, 999, 1000, '2026-03-01', 'manual', 1 FROM document
	WHERE doc_no = 'PAY-5002'"
golden check-dangling 1 ar-ledger -d dangling.db check
alter ident.db "PRAGMA user_version = 0"
golden check-schema-version 4 ar-ledger -d ident.db check
# the open-item state changed behind the triggers' back: the reports read
# it, check finds it, rebuild mends it
alter state.db "UPDATE open_state SET open = open - 100 WHERE document =
	(SELECT id FROM document WHERE doc_no = 'INV-1001');
	DELETE FROM balance_state WHERE customer =
	(SELECT id FROM customer WHERE customer_id = 'C002')"
ar-age -d l.db --as-of 2026-03-31 >age-before.csv
ar-age -d state.db --as-of 2026-03-31 >age-tampered.csv 2>age-tampered.err
fails 'the aging reads the open-item state' cmp -s age-before.csv age-tampered.csv
golden check-state 1 ar-ledger -d state.db check
# the quick check finds what the full one finds but for SQLite's
# comparison of every index with its table
for db in state over-invoice dangling negative debit; do
	ar-ledger -d $db.db check >full.out 2>&1
	exits "$db: check --quick: exit 1" 1 ar-ledger -d $db.db --quick check
	ar-ledger -d $db.db --quick check >quick.out 2>&1
	ok "$db: check --quick finds what check finds" cmp full.out quick.out
	ok "$db: and finds something" test -s quick.out
done
golden check-quick 0 ar-ledger -d l.db --quick check
golden check-quick-other 2 ar-ledger -d l.db --quick batches
# rows of the state for no document, documents without a row, a row
# changed on another date: each said once, in the order of the documents'
# names
alter orphan.db "INSERT INTO open_state VALUES (99999, 1, 'USD', 1,
	'2026-01-01', '2026-01-31', 500, 500, '2026-01-01');
	DELETE FROM open_state WHERE document IN (SELECT id FROM document
	WHERE doc_no IN ('INV-1003', 'PAY-5002'));
	UPDATE open_state SET changed = '2026-01-02' WHERE document =
	(SELECT id FROM document WHERE doc_no = 'INV-1002')"
golden check-state-rows 1 ar-ledger -d orphan.db check
golden rebuild-dry 0 ar-ledger -n -d state.db rebuild
exits 'a dry rebuild changes nothing' 1 ar-ledger -d state.db check
golden rebuild 0 ar-ledger -d state.db rebuild
golden check-rebuilt 0 ar-ledger -d state.db check
is 'the rebuild is a batch' 'ar-ledger rebuild' sqlite3 state.db \
	"SELECT command || ' ' || substr(args, instr(args, 'rebuild'))
	 FROM batch ORDER BY id DESC LIMIT 1"
ar-age -d state.db --as-of 2026-03-31 >age-rebuilt.csv
ok 'the aging after the rebuild is the aging before' cmp age-before.csv \
	age-rebuilt.csv
# the rows themselves refuse to change
fails 'documents cannot be updated' sqlite3 l.db \
	"UPDATE document SET amount = 1 WHERE doc_no = 'INV-1001'"
fails 'applications cannot be deleted' sqlite3 l.db "DELETE FROM application"
golden check-still-clean 0 ar-ledger -d l.db check

# --- files that are not ledgers ---------------------------------------------

sqlite3 foreign.db "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
cp foreign.db foreign-copy.db
golden foreign 4 ar-ledger -d foreign.db check
golden foreign-set 4 ar-ledger -d foreign.db set company.name x
golden foreign-init 4 ar-ledger -d foreign.db init
golden foreign-import 4 ar-import -d foreign.db customers.csv
ok 'a foreign file is left alone' cmp foreign.db foreign-copy.db
cp l.db other-app.db
sqlite3 other-app.db "PRAGMA application_id = 1234"
golden other-application 4 ar-ledger -d other-app.db check
cp l.db newer.db
sqlite3 newer.db "PRAGMA user_version = 99"
golden newer-schema 4 ar-ledger -d newer.db check
printf 'customer_id,name\n' >text.db
golden text-file 4 ar-ledger -d text.db check
: >empty.db
golden empty-file 4 ar-ledger -d empty.db check

# --- batches -----------------------------------------------------------------

golden batches 0 masked ar-ledger -d l.db -f csv batches
golden batches-json 0 masked ar-ledger -d x.db -f json batches
golden batches-extra 2 ar-ledger -d x.db batches all

# --- close ---------------------------------------------------------------

cp l.db c.db
golden close-dry-run 0 ar-ledger -d c.db -n close 2026-01
is '-n closes nothing' 0 sqlite3 c.db "SELECT count(*) FROM period_lock"
golden close 0 ar-ledger -d c.db close 2026-01
is 'the lock ends on the last day of the month' '2026-01|2026-01-31' \
	sqlite3 c.db "SELECT period, closed_through FROM period_lock"
golden close-again 3 ar-ledger -d c.db close 2026-01
golden close-earlier 3 ar-ledger -d c.db close 2025-12
golden close-bad-month 2 ar-ledger -d c.db close 2026-13
golden close-not-a-month 2 ar-ledger -d c.db close January
golden close-outside-window 2 ar-ledger -d c.db close 2200-01
golden close-february 0 ar-ledger -d c.db close 2026-02
golden close-check 0 ar-ledger -d c.db check

# --- backup --------------------------------------------------------------

golden backup 0 ar-ledger -d l.db backup copy.db
ok 'the backup is mode 0600' test "$(stat -c %a copy.db)" = 600
golden backup-check 0 ar-ledger -d copy.db check
unchanged copy.db l.db 'the backup holds the same rows'
is 'the backup is a ledger of its own' 'Acme Corp' \
	sqlite3 copy.db "SELECT name FROM customer WHERE customer_id = 'C001'"
cp copy.db copy-before.db
golden backup-exists 4 ar-ledger -d l.db backup copy.db
ok 'an existing file is not overwritten' cmp copy.db copy-before.db
golden backup-no-dir 4 ar-ledger -d l.db backup no/such/dir/copy.db

# a backup taken while an import writes is the ledger before or after it
awk 'BEGIN {
	print "invoice_no,customer_id,invoice_date,amount"
	for (i = 1; i <= 60000; i++)
		printf "BUSY-%05d,C00%d,2026-02-%02d,%d.00\n", i, i % 3 + 1,
		    i % 28 + 1, i % 900 + 1
}' >busy.csv
cp l.db w.db
ar-import -q -d w.db busy.csv &
pid=$!
sleep 0.3
exits 'a backup while an import writes: exit 0' 0 \
	ar-ledger -d w.db backup live.db
wait $pid
golden backup-live-check 0 ar-ledger -d live.db check
ok 'the live backup holds none or all of the import' sh -c \
	'n=$(sqlite3 live.db "SELECT count(*) FROM document
	     WHERE doc_no LIKE '"'BUSY-%'"'"); [ "$n" = 0 ] || [ "$n" = 60000 ]'

# --- usage -----------------------------------------------------------------

golden help 0 ar-ledger --help
ok '--version names the toolkit' sh -c \
	'ar-ledger --version | grep -q "^ar-ledger (arkit) [0-9]"'
golden unknown-option 2 ar-ledger -d x.db --frobnicate check
golden init-quiet 0 ar-ledger -q -d q.db init

finish
