#!/bin/sh
# The bad-input corpus (tests/bad): every file is refused with its line
# and field and leaves the ledger as it was, or, for the *-ok files, is
# read fine.  Then a run killed in the middle of a large import.
. "$(dirname "$0")/lib.sh"

BAD=$HERE/../bad

# a ledger with customers, invoices, credit memos and payments, unapplied
for f in customers invoices credits payments; do
	cp "$DATA/$f.csv" .
done
ar-import -q -d ref.db customers.csv invoices.csv credits.csv payments.csv ||
	exit 1

# binary content is made here rather than kept in the corpus
printf '%s\n' invoice_no,customer_id,invoice_date,amount \
	INV-2001,C001,2026-02-01,10.00 >nul-byte.csv
printf 'INV-2002,C0\00001,2026-02-01,11.00\n' >>nul-byte.csv
printf '%s\n' invoice_no,customer_id,invoice_date,amount,description \
	INV-2001,C001,2026-02-01,10.00,Widgets >invalid-utf8.csv
printf 'INV-2002,C001,2026-02-01,11.00,Caf\351 cr\350me\n' >>invalid-utf8.csv
printf '%s\n' invoice_no,customer_id,invoice_date,amount,description \
	INV-2001,C001,2026-02-01,10.00,Widgets >truncated-utf8.csv
printf 'INV-2002,C001,2026-02-01,11.00,Stra\303\n' >>truncated-utf8.csv
printf '%s\n' invoice_no,customer_id,invoice_date,amount,description \
	INV-2001,C001,2026-02-01,10.00,Widgets >field-over-64k.csv
awk 'BEGIN { printf "INV-2002,C001,2026-02-01,11.00,\""
	for (i = 0; i < 65537; i++) printf "x"; printf "\"\n" }' >>field-over-64k.csv

# file, exit status, options
while read -r file status opts; do
	case $file in '#'*|'') continue ;; esac
	[ -f "$BAD/$file" ] && cp "$BAD/$file" .
	name=${file%.csv}
	cp ref.db t.db
	# shellcheck disable=SC2086
	golden "$name" "$status" ar-import -d t.db $opts "$file"
	if [ "$status" = 0 ]; then
		golden "$name-check" 0 ar-ledger -d t.db check
	else
		unchanged t.db ref.db "$name: ledger unchanged"
	fi
done <<'EOF'
# money
amount-exponent.csv			3
amount-too-many-decimals.csv		3
amount-too-many-decimals-jpy.csv	3
amount-nan.csv				3
amount-infinity.csv			3
amount-empty.csv			3
amount-mixed-separators.csv		3
amount-repeated-point.csv		3
amount-misplaced-thousands.csv		3
amount-overflow.csv			3
amount-negative.csv			3
amount-parenthesized.csv		3
amount-zero.csv				3
amount-other-currency-symbol.csv	3
amount-other-currency-code.csv		3
amount-two-signs.csv			3
amount-unbalanced-parenthesis.csv	3
amount-hex.csv				3
amount-inner-space.csv			3
amount-no-digits.csv			3
amount-trailing-point.csv		3
amounts-ok.csv				0
unknown-currency.csv			3
currency-lowercase-ok.csv		0
currency-not-letters.csv		3
# dates
date-invalid.csv			3
date-not-leap-year.csv			3
date-wrong-format.csv			3
date-empty.csv				3
date-month-13.csv			3
date-with-time.csv			3
due-before-invoice.csv			3
date-before-window.csv			3
date-after-window.csv			3
date-year-9999.csv			3
due-after-window.csv			3
due-date-outside-window.csv		3
payment-date-before-window.csv		3	--date-format %m/%d/%Y
date-window-edges-ok.csv		0
# CSV
bom-and-crlf-ok.csv			0
cr-only-ok.csv				0
quoted-fields-ok.csv			0
no-final-newline-ok.csv			0
header-only-ok.csv			0
unknown-column-ok.csv			0
nul-byte.csv				3
invalid-utf8.csv			3
truncated-utf8.csv			3
field-over-64k.csv			3
unterminated-quote.csv			3
quote-in-unquoted-field.csv		3
text-after-closing-quote.csv		3
too-few-fields.csv			3
too-many-fields.csv			3
no-header.csv				3
empty.csv				3
blank-lines-only.csv			3
missing-required-column.csv		3	-t invoices
required-field-empty.csv		3
required-field-blank.csv		3
doc-number-too-long.csv			3
# records
unknown-customer.csv			3
duplicate-conflict.csv			3
duplicate-in-file.csv			3
bad-invoice-type.csv			3
bad-method.csv				3
payment-several-customers.csv		3
# no customer, no invoice named: unidentified cash, not refused
payment-unidentified-ok.csv		0
bad-status.csv				3
bad-contact.csv				3
bad-terms.csv				3
bad-email.csv				3
negative-credit-limit.csv		3
customer-without-name.csv		3
credit-other-customer.csv		3
credit-unknown-invoice.csv		3
credit-other-currency.csv		3
application-unknown-payment.csv		3
application-unknown-credit.csv		3
application-payment-and-credit.csv	3
application-neither.csv			3
application-over-invoice.csv		3
application-over-payment.csv		3
application-other-customer.csv		3
application-other-currency.csv		3
application-before-documents.csv	3
bad-activity-kind.csv			3
promise-without-date.csv		3
promise-without-amount.csv		3
promise-before-its-date.csv		3
dispute-without-document.csv		3
dispute-over-amount.csv			3
activity-document-of-other-customer.csv	3
activity-unknown-document.csv		3
EOF

# --- refusals whose wording is free, but not the outcome ---------------------

# sums are overflow-checked: two amounts that fit alone but not together
cp "$BAD/amount-sum-overflow.csv" .
cp ref.db t.db
exits 'amount-sum-overflow: exit 3' 3 ar-import -d t.db amount-sum-overflow.csv
ok 'amount-sum-overflow: no total wraps around' \
	sh -c '! grep -q -- "-[0-9,]*\.[0-9][0-9] USD" .last'
unchanged t.db ref.db 'amount-sum-overflow: ledger unchanged'
golden amount-sum-overflow-check 0 ar-ledger -d t.db check

# two columns of one name: which amount was meant cannot be told
cp "$BAD/duplicate-column.csv" .
cp ref.db t.db
exits 'duplicate-column: exit 3' 3 ar-import -d t.db duplicate-column.csv
ok 'duplicate-column: the message names the line and the column' sh -c \
	'grep "^ar-import: duplicate-column.csv:1: " .last | grep -v ignoring |
	 grep -q amount'
unchanged t.db ref.db 'duplicate-column: ledger unchanged'

# a value with a line break still makes a one-line message
cp "$BAD/line-break-in-value.csv" .
cp ref.db t.db
exits 'line-break-in-value: exit 3' 3 ar-import -d t.db line-break-in-value.csv
ok 'line-break-in-value: every message is one line' \
	sh -c '! grep -v "^ar-import: " .last'
unchanged t.db ref.db 'line-break-in-value: ledger unchanged'

# --- many bad rows: the first 100 are shown, then a count -------------------

awk 'BEGIN {
	print "invoice_no,customer_id,invoice_date,amount"
	print "INV-3000,C001,2026-02-01,1.00"
	for (i = 1; i <= 150; i++)
		printf "INV-3%03d,C001,2026-02-01,1e%d\n", i, i
}' >many-bad-rows.csv
cp ref.db t.db
golden many-bad-rows 3 ar-import -d t.db many-bad-rows.csv
unchanged t.db ref.db 'many-bad-rows: ledger unchanged'
exits 'many-bad-rows --skip-bad: exit 3' 3 ar-import -d t.db --skip-bad \
	--rejects many-rejects.csv many-bad-rows.csv
is 'many-bad-rows --skip-bad: 100 shown' 100 grep -c 'is not an amount' .last
ok 'many-bad-rows --skip-bad: then a count' \
	grep -q '^ar-import: \.\.\. and 50 more rejected rows$' .last
is 'many-bad-rows --skip-bad: every bad row in the rejects file' 151 \
	sh -c 'wc -l <many-rejects.csv'

# --- killed in the middle of a large import ----------------------------------

awk 'BEGIN {
	print "invoice_no,customer_id,invoice_date,amount"
	for (i = 1; i <= 300000; i++)
		printf "BIG-%06d,C00%d,2026-02-%02d,%d.%02d\n", i, i % 3 + 1,
		    i % 28 + 1, i % 5000 + 1, i % 100
}' >big.csv
cp ref.db big.db
ar-import -q -d big.db big.csv 2>/dev/null &
pid=$!
wait_for_wal big.db $pid
ok 'the import was still running when killed' kill -0 $pid
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
ok 'the killed run left its write-ahead log behind' test -s big.db-wal
golden killed-check 0 ar-ledger -d big.db check
unchanged big.db ref.db 'a killed run leaves the ledger as before'
is 'a killed run leaves no batch' \
	"$(sqlite3 ref.db 'SELECT count(*) FROM batch')" \
	sqlite3 big.db 'SELECT count(*) FROM batch'
golden killed-rerun 0 ar-import -d big.db big.csv
is 'the re-run imports every row' 300000 sqlite3 big.db \
	"SELECT count(*) FROM document WHERE doc_no LIKE 'BIG-%'"
golden killed-rerun-check 0 ar-ledger -d big.db check

finish
