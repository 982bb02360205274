#!/bin/sh
# ar-statement: open-item and activity statements in text, csv and html
# for a customer with invoices, partial payments, a credit memo, an
# unapplied payment, a write-off and a returned payment in the period;
# a hostile customer in every format; two currencies; the selection
# options; -o DIR with unsafe and colliding customer numbers; the
# activity log (and none with -n); bad options; and on the samples,
# closing = opening + activity = the ar-age balance for every customer.
#
# data/statement-*.csv, by hand (USD unless said):
#   S100  INV-S1 08-15 1,000.00 due 09-14, PAY-S1 400.00 on 09-20 to it,
#         the 600.00 left written off on 10-20; INV-S2 09-01 500.00 due
#         10-01, PAY-S2 300.00 on 10-10 to it, returned on 10-25 with a
#         25.00 fee NSF-PAY-S2; INV-S3 10-05 750.00 due 11-04, CM-S1
#         50.00 on 10-12 to it; PAY-S3 200.00 on 10-15 unapplied; INV-S4
#         10-28 120.00.  Opening 2026-10-01 1,100.00; October +45.00;
#         closing 1,145.00 = INV-S2 500 + INV-S3 700 + NSF 25 + INV-S4
#         120 - PAY-S3 200.
#   ../x  the hostile one: quotes, <script>, a 178-byte address, CJK,
#         emoji, a combining accent, a formula; INV-H1 99.00 due 10-10
#   _._x  maps to the same file name as ../x; INV-DOTX-... 10.00
#   S300  EUR INV-E1 2,000.00 due 07-31, 500.00 paid 10-20; USD INV-U1
#         300.00 due 11-09 (nothing past due in USD)
#   S400  INV-P1 80.00 paid in June: nothing to show in October
# ar-writeoff writes off INV-S1's last 600.00 on 10-20; ar-apply --reverse
# returns PAY-S2 (300.00, paid on INV-S2) on 10-25 with a 25.00 fee.
. "$(dirname "$0")/lib.sh"

# cents(v): an amount of the csv in minor units
CSV="$CSV"'
function cents(v) { sub(/\./, "", v); return v + 0 }'

# check FILE: every statement section of an ar-statement csv adds up:
# opening + debits - credits = closing; prints the sections that do not
check() {
	awk "$CSV"'NR > 1 {
		csvsplit($0, f)
		k = f[1] "/" f[4]
		if (f[6] == "opening_balance") b[k] = cents(f[12])
		else if (f[6] == "closing_balance") {
			if (b[k] != cents(f[12])) print k, b[k], f[12]
		} else if (f[6] != "aging" && f[6] != "amount_due")
			b[k] += cents(f[10]) - cents(f[11])
	}' "$1"
}

# closings FILE: customer/currency/closing balance of every section with
# a balance; ages FILE: the same from an ar-age summary
closings() {
	awk "$CSV"'NR > 1 { csvsplit($0, f)
		if (f[6] == "closing_balance" && f[12] != "0.00") print f[1] "/" f[4] "/" f[12] }' "$1" | sort
}
ages() {
	awk "$CSV"'NR > 1 { csvsplit($0, f)
		if (f[12] != "0.00") print f[1] "/" f[3] "/" f[12] }' "$1" | sort
}

ok 'init' ar-ledger -q -d x.db init
ok 'company.name' ar-ledger -q -d x.db set company.name 'Harbor Supply Co.'
ok 'company.address' ar-ledger -q -d x.db set company.address '1200 Commerce Way\nBakersfield, CA 93301'
ok 'company.remit_to' ar-ledger -q -d x.db set company.remit_to 'Harbor Supply Co.\nPO Box 4410\nBakersfield, CA 93302'
ok 'statement.message' ar-ledger -q -d x.db set statement.message \
	'Thank you for your business. Questions: ar@harborsupply.example, (661) 555-0142.'
for t in customers invoices payments credits applications; do
	ok "import $t" ar-import -q -d x.db -t $t "$DATA/statement-$t.csv"
done
# 2026-10-20: the 600.00 left open on INV-S1 is written off as bad debt;
# 2026-10-25: PAY-S2 comes back unpaid, with a 25.00 fee
printf 'doc_no,amount\nINV-S1,600.00\n' >writeoff.csv
ok 'write-off' ar-writeoff -q -d x.db --as-of 2026-10-20 --reason bad_debt writeoff.csv
ok 'returned payment' ar-apply -q -d x.db --reverse PAY-S2 --date 2026-10-25 \
	--fee 25.00 --reason 'insufficient funds'
golden check 0 ar-ledger -d x.db check
cp x.db clean.db

ST="ar-statement -d x.db --as-of 2026-10-31 -n"

# --- S100: open-item and activity, every format ---------------------------

golden open-item-text 0 $ST --customer S100
golden open-item-csv 0 $ST --customer S100 -f csv
golden open-item-html 0 $ST --customer S100 -f html
golden activity-text 0 $ST --type activity --customer S100
golden activity-csv 0 $ST --type activity --customer S100 -f csv
golden activity-html 0 $ST --type activity --customer S100 -f html
# September: the period's own opening and closing
golden activity-september 0 $ST --type activity --from 2026-09-01 \
	--to 2026-09-30 --customer S100 -f csv
# --to alone: the statement is made out at its date
ar-statement -d x.db -n --type activity --to 2026-10-31 --customer S100 \
	-f csv >to.csv
ok '--to without --as-of is the same statement' cmp to.csv "$GOLDEN/activity-csv.out"

$ST --type activity --customer S100 -f csv >a.csv
is 'closing = opening + charges - credits' '' check a.csv
is 'opening 1,100.00, closing 1,145.00' 'S100/USD/1145.00' closings a.csv
ar-age -d x.db --as-of 2026-10-31 --customer S100 -f csv >age.csv
is 'and the closing balance is the ar-age balance' 'S100/USD/1145.00' ages age.csv

# --- everyone: the stream, form feeds, two currencies --------------------

golden all-text 0 $ST
golden all-csv 0 $ST -f csv
golden all-html 0 $ST -f html
golden all-activity-text 0 $ST --type activity
is 'text: a form feed between statements (4 statements)' 3 \
	sh -c "$ST | tr -cd '\f' | wc -c"
is 'text: no line wider than 80 columns' 80 \
	sh -c "$ST --type activity | tr -d '\f' | LC_ALL=C.UTF-8 wc -L"
is 'text: no control character but newline and form feed' 0 \
	sh -c "$ST | tr -d '\n\f' | LC_ALL=C tr -cd '\000-\037\177' | wc -c"
is 'html: the hostile name is escaped everywhere' 0 \
	sh -c "$ST -f html | grep -c '<script'"
is 'html: nothing fetched from outside' 0 \
	sh -c "$ST -f html | grep -ci 'src=\|href=\|url(\|@import'"
golden excel-safe 0 $ST --customer ../x -f csv --excel-safe

# --- selection -------------------------------------------------------------

golden customer-two-currencies 0 $ST --customer S300 -f csv
golden min-balance 0 $ST --min-balance 100.00 -f csv
golden overdue-only 0 $ST --overdue-only -f csv
golden include-zero 0 $ST --include-zero --customer S400 -f csv
golden nothing-to-show 0 $ST --customer S400
golden activity-june-paid-up 0 $ST --type activity --from 2026-06-01 \
	--to 2026-06-30 --customer S400 -f csv

# --- -o DIR ----------------------------------------------------------------

golden dir 0 $ST -o out -v
is 'one file per customer, made safe and unique' 'S100.txt
S300.txt
_._x-2.txt
_._x.txt' ls out
ok 'nothing written outside the directory' test ! -e x.txt
is 'files are mode 0600' '600 600 600 600' sh -c 'stat -c %a out/* | xargs'
ok 'no temporary file is left' sh -c 'test -z "$(ls -A out | grep "^\.")"'
$ST --customer S100 >s100.txt
ok 'a file holds what the stream has for its customer' cmp out/S100.txt s100.txt
$ST --customer ../x >x.txt
ok '../x is in _._x.txt' cmp out/_._x.txt x.txt
golden dir-html 0 $ST -o html -f html --customer ../x
is 'html: one page per file' '_._x.html' ls html
ok 'the page is complete' sh -c 'tail -1 html/_._x.html | grep -q "</html>"'
exits '-o under a missing directory' 4 $ST -o missing/dir
exits '-o naming a file' 4 $ST -o x.db

# --- the activity log ------------------------------------------------------

unchanged x.db clean.db '-n logs nothing'
golden logged 0 ar-statement -d x.db --as-of 2026-10-31 -o sent -q
is 'one statement activity per customer' \
	'../x|2026-10-31|9900|USD|open-item statement as of 2026-10-31, 99.00 USD due
S100|2026-10-31|114500|USD|open-item statement as of 2026-10-31, 1,145.00 USD due
S300|2026-10-31|||open-item statement as of 2026-10-31, 1,500.00 EUR and 300.00 USD due
_._x|2026-10-31|1000|USD|open-item statement as of 2026-10-31, 10.00 USD due' \
	sqlite3 x.db "SELECT c.customer_id, a.date, a.amount, a.currency, a.text
		FROM activity a JOIN customer c ON c.id = a.customer
		WHERE a.kind = 'statement' ORDER BY a.id"
is 'in one batch of its own' '1|ar-statement' sqlite3 x.db \
	"SELECT count(DISTINCT a.batch_id), max(b.command) FROM activity a
	 JOIN batch b ON b.id = a.batch_id WHERE a.kind = 'statement'"
golden check-after 0 ar-ledger -d x.db check
cp clean.db full.db
exits 'a failed write logs nothing' 4 \
	sh -c 'ar-statement -d full.db --as-of 2026-10-31 >/dev/full'
unchanged full.db clean.db 'nothing logged after the failed write'

# --- bad options and a missing ledger -------------------------------------

golden help 0 ar-statement -h
golden bad-as-of 2 $ST --as-of 2026-02-30
golden bad-from 2 $ST --type activity --from 2026-13-01
golden bad-to 2 $ST --type activity --to yesterday
golden from-after-to 2 $ST --type activity --from 2026-10-31 --to 2026-10-01
golden to-after-as-of 2 $ST --type activity --to 2026-11-30
golden from-open-item 2 $ST --from 2026-10-01
golden bad-type 2 $ST --type balance
golden bad-format 2 $ST -f ps
golden bad-min-balance 2 $ST --min-balance abc
golden bad-argument 2 $ST extra
golden unknown-customer 3 $ST --customer NOBODY
golden missing-ledger 4 ar-statement -d missing.db --as-of 2026-10-31
ok 'a missing ledger is not created' test ! -e missing.db

# --- the samples: closing = opening + activity = ar-age, every customer ---

SAMPLES=$HERE/../../samples
for t in customers invoices credits payments activities; do
	ar-import -q -d s.db -t $t "$SAMPLES/$t.csv"
done
for m in 2026-01 2026-06 2026-10; do
	end=$(sqlite3 :memory: "SELECT date('$m-01', '+1 month', '-1 day')")
	ar-statement -d s.db -n --type activity --to "$end" --include-zero -f csv >s.csv
	ar-age -d s.db --as-of "$end" -f csv >s-age.csv
	is "samples $m: every statement adds up (opening + lines = closing)" '' \
		check s.csv
	ages s-age.csv >want
	is "samples $m: closing = ar-age balance for every customer" \
		"$(cat want)" closings s.csv
	ok "samples $m: $(wc -l <want) customers with a balance" test -s want
done

finish
