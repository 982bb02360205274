#!/bin/sh
# ar-age: buckets at their edges, partial payments, payments after as-of,
# unapplied credits (column and aged), two currencies, --by invoice,
# --buckets, --detail, --known-at after a backdated posting, three as-of
# dates, every filter, --gl-balance, the formats, -o, bad options, and the
# proof against the ledger balance on the samples.
#
# Every figure in golden/age/*.out was worked out by hand from
# data/age-*.csv (the table files were checked against the csv ones):
#
#   A100 USD  one invoice per edge, each due N days before 2026-03-31 and
#             dated 30 days before its due date; BFUT dated 2026-03-31
#             B000  100.00 due 2026-03-31    0   B061 161.00 due 01-29   61
#             B001  101.00 due 2026-03-30    1   B090 190.00 due 2025-12-31 90
#             B030  130.00 due 2026-03-01   30   B091 191.00 due 12-30   91
#             B031  131.00 due 2026-02-28   31   B120 220.00 due 12-01  120
#             B060  160.00 due 2026-01-30   60   B121 221.00 due 11-30  121
#             BFUT   50.00 due 2026-04-30  -30
#   A200 USD  P1 1,000.00 due 03-03 paid 400.00 on 03-10 (PAY-A1) and
#             600.00 on 04-10 (PAY-A2); P2 300.00 due 04-14 disputed 120.00
#             from 03-20; DM-1 debit memo 25.00 due 03-20
#   A300 USD  C1 500.00 due 02-14 paid by PAY-C1 700.00 (03-05), leaving
#             200.00 unapplied; CM-C1 80.00 (01-20) unapplied; C2 450.00
#             due 03-31.  EUR: C3 100.00 due 04-24
#   E400 EUR  E1 2,000.00 due 03-12; E2 750.00 due 2025-12-31, 500.00 paid
#             by PAY-E1 on 03-20
#
# data/age-backdated-*.csv post PAY-B1 221.00 dated 2026-03-15 to B121
# later; data/age-customers-update.csv then renames A100 and gives it to
# collector cid.
#
# Ledger balance as of 2026-03-31: USD 1,655.00 + 925.00 + 170.00 =
# 2,750.00; EUR 100.00 + 2,250.00 = 2,350.00.
. "$(dirname "$0")/lib.sh"

# cell FILE KEY COLUMNS: the columns (comma-separated names) of the rows
# of an ar-age csv whose key is KEY: doc_no in a detail, customer_id/currency
# in a summary
cell() {
	awk -v want="$2" -v cols="$3" "$CSV"'
	NR == 1 { n = csvsplit($0, h); for (i = 1; i <= n; i++) k[h[i]] = i; next }
	{
		csvsplit($0, f)
		key = ("doc_no" in k) ? f[k["doc_no"]] : f[k["customer_id"]] "/" f[k["currency"]]
		if (key != want)
			next
		m = split(cols, c, ",")
		out = ""
		for (i = 1; i <= m; i++)
			out = out (i > 1 ? "," : "") f[k[c[i]]]
		print out
	}' "$1"
}

# balances FILE: the sum of the balance column of an ar-age csv per
# currency, in minor units ("USD|123456"), in currency order
balances() {
	awk "$CSV"'
	NR == 1 { n = csvsplit($0, h); for (i = 1; i <= n; i++) k[h[i]] = i; next }
	{
		csvsplit($0, f)
		v = f[k["balance"]]
		sub(/\./, "", v)
		s[f[k["currency"]]] += v
	}
	END { for (c in s) printf "%s|%.0f\n", c, s[c] }' "$1" | sort
}

# last_finished: the finished column of the last batch of ledger $1
last_finished() {
	ar-ledger -d "$1" -f csv batches | awk "$CSV"'
	NR == 1 { n = csvsplit($0, h); for (i = 1; i <= n; i++) if (h[i] == "finished") c = i; next }
	{ csvsplit($0, f); t = f[c] }
	END { print t }'
}

# --- a ledger made for the tests -----------------------------------------

ok 'init' ar-ledger -d x.db init
for t in customers invoices payments credits applications activities; do
	ok "import $t" ar-import -q -d x.db -t $t "$DATA/age-$t.csv"
done
golden check 0 ar-ledger -d x.db check

AGE="ar-age -d x.db --as-of 2026-03-31"

# --- the summary at three as-of dates ------------------------------------

golden summary-0331 0 $AGE -f csv
golden summary-0228 0 ar-age -d x.db --as-of 2026-02-28 -f csv
golden summary-0430 0 ar-age -d x.db --as-of 2026-04-30 -f csv
# table: the rule in words, a rule line and a totals line per currency
golden table 0 $AGE -f table
$AGE -f csv >summary.csv
is 'the aging adds up to the ledger balance (minor units)' 'EUR|235000
USD|275000' balances summary.csv

# --- days and buckets at every edge ---------------------------------------

$AGE --detail -f csv >detail.csv
golden detail 0 $AGE --detail -f csv
golden detail-table 0 $AGE --detail -f table
for spec in 'B000 0 current' 'B001 1 1-30' 'B030 30 1-30' 'B031 31 31-60' \
    'B060 60 31-60' 'B061 61 61-90' 'B090 90 61-90' 'B091 91 91-120' \
    'B120 120 91-120' 'B121 121 over_120' 'BFUT -30 current'; do
	set -- $spec
	is "$1: $2 days past due, in $3" "$2,$3" cell detail.csv "$1" days_past_due,bucket
done
is 'an item due on the as-of date is current' '0,current' \
	cell detail.csv C2 days_past_due,bucket
is 'A100: 150 + 231 + 291 + 351 + 411 + 221 = 1655' \
	'150.00,231.00,291.00,351.00,411.00,221.00,1655.00' \
	cell summary.csv A100/USD current,1-30,31-60,61-90,91-120,over_120,total

# --- partial payments, and a payment dated after as-of -------------------

is 'P1 partly paid by PAY-A1: 600.00 of 1000.00 open' '1000.00,600.00' \
	cell detail.csv P1 amount,open_amount
is 'PAY-A2 (2026-04-10) does not count as of 2026-03-31' '925.00,2026-03-10' \
	cell summary.csv A200/USD balance,last_payment_date
ar-age -d x.db --as-of 2026-04-30 --detail -f csv >detail-0430.csv
is 'as of 2026-04-30 PAY-A2 has closed P1' '' cell detail-0430.csv P1 open_amount
ar-age -d x.db --as-of 2026-04-30 -f csv >summary-0430.csv
is 'and is the last payment' '325.00,2026-04-10' \
	cell summary-0430.csv A200/USD balance,last_payment_date
ar-age -d x.db --as-of 2026-03-10 --detail -f csv >d.csv
is 'a payment applied on 2026-03-10 counts from that day on' '1000.00,600.00' \
	cell d.csv P1 amount,open_amount
ar-age -d x.db --as-of 2026-03-09 --detail -f csv >d.csv
is 'the day before, P1 is wholly open' '1000.00,1000.00' \
	cell d.csv P1 amount,open_amount

# --- disputes: from the day opened, on the open amount -------------------

ar-age -d x.db --as-of 2026-03-19 --detail -f csv >d.csv
is 'not disputed the day before the dispute' '0.00' cell d.csv P2 disputed
ar-age -d x.db --as-of 2026-03-20 --detail -f csv >d.csv
is 'disputed from the day it was opened' '120.00' cell d.csv P2 disputed

# --- unapplied credits: a column of their own, or aged -------------------

is 'unapplied cash and credit memo in the unapplied column' \
	'450.00,0.00,-280.00,170.00' \
	cell summary.csv A300/USD current,1-30,unapplied,balance
golden credits-aged 0 $AGE --credits aged -f csv
golden detail-credits-aged 0 $AGE --credits aged --detail --customer A300 -f csv
golden credits-aged-table 0 $AGE --credits aged --currency USD -f table

# --- --by invoice, --buckets ----------------------------------------------

golden by-invoice 0 $AGE --by invoice -f csv
golden detail-by-invoice 0 $AGE --by invoice --detail --customer A100 -f csv
golden buckets-15-45 0 $AGE --buckets 15,45 -f csv
# the most edges allowed: twelve buckets by due date
golden buckets-10 0 $AGE --buckets 10,20,30,40,50,60,70,80,90,100 -f csv
golden buckets-table 0 $AGE --by invoice --buckets 15,45 --currency EUR -f table
cp x.db set.db
ok 'the setting aging.buckets' ar-ledger -q -d set.db set aging.buckets 15,45
golden setting-buckets 0 ar-age -d set.db --as-of 2026-03-31 -f csv

# --- filters --------------------------------------------------------------

golden customer 0 $AGE --customer A300 -f csv
golden collector 0 $AGE --collector ann -f csv
golden currency 0 $AGE --currency EUR -f csv
golden currency-table 0 $AGE --currency EUR -f table
# at least the amount: A200's 925.00 is in, A300's 170.00 and 100.00 out
golden min-balance 0 $AGE --min-balance 925.00 -f csv
# oldest_days > N: A100 121, E400 90, A200 28, A300 0
golden older-than-60 0 $AGE --older-than 60 -f csv
golden older-than-90 0 $AGE --older-than 90 -f csv
golden detail-older-than-90 0 $AGE --detail --older-than 90 -f csv
# an unknown customer is an error, as in every command with --customer
golden nobody 3 $AGE --customer NOBODY -f csv

# --- formats and -o -------------------------------------------------------

golden default-format 0 $AGE --customer A300
golden json 0 $AGE --customer A300 -f json
golden tsv 0 $AGE --collector bob -f tsv
golden output 0 $AGE -o aging.csv
ok '-o writes csv' cmp aging.csv "$GOLDEN/summary-0331.out"
golden output-detail 0 $AGE --detail -o detail-o.csv
ok '-o writes the detail' cmp detail-o.csv "$GOLDEN/detail.out"
exits '-o into a missing directory' 4 $AGE -o missing/aging.csv

# --- the proof and --gl-balance -------------------------------------------

golden gl-match 0 $AGE --gl-balance 2750.00 -o gl.csv
golden gl-match-grouped 0 $AGE --gl-balance 2,750.00 -o gl.csv
golden gl-mismatch 1 $AGE --gl-balance 2700.00 -o gl.csv
ok 'the report is still written' cmp gl.csv "$GOLDEN/summary-0331.out"
golden gl-match-eur 0 $AGE --currency EUR --gl-balance 2350.00 -o gl.csv
golden gl-mismatch-eur 1 $AGE --currency EUR --gl-balance 2350.01 -o gl.csv
# filters never narrow the proof
golden gl-filtered 0 $AGE --collector nobody --gl-balance 2750.00 -o gl.csv
# nothing dated by then: the ledger balance is 0.00
exits 'gl-balance 0 agrees with a ledger holding nothing yet' 0 \
	ar-age -d x.db --as-of 2025-01-01 --gl-balance 0 -o gl.csv
exits 'gl-balance 10.00 does not' 1 \
	ar-age -d x.db --as-of 2025-01-01 --gl-balance 10.00 -o gl.csv

# --- a backdated posting and --known-at -----------------------------------

cp x.db bd.db
before=$(last_finished bd.db)
ok 'import a payment dated 2026-03-15' \
	ar-import -q -d bd.db -t payments "$DATA/age-backdated-payments.csv"
between=$(last_finished bd.db)
ok 'and its application to B121' \
	ar-import -q -d bd.db -t applications "$DATA/age-backdated-applications.csv"
golden backdated 0 ar-age -d bd.db --as-of 2026-03-31 -f csv
ar-age -d bd.db --as-of 2026-03-31 --known-at "$before" -f csv >known.csv
ok "--known-at the earlier batch reproduces the earlier aging exactly" \
	cmp known.csv "$GOLDEN/summary-0331.out"
ar-age -d bd.db --as-of 2026-03-31 --known-at "$between" -f csv >known.csv
is 'known-at between the payment and its application: unapplied cash' \
	'221.00,1655.00,-221.00,1434.00,2026-03-15' \
	cell known.csv A100/USD over_120,total,unapplied,balance,last_payment_date
is 'known-at before any batch: nothing' '' \
	sh -c 'ar-age -d bd.db --as-of 2026-03-31 --known-at 2000-01-01 -f csv | sed 1d'
# customers are renamed and handed to another collector later: the aging
# as known then still names them as they were
ok 'A100 renamed, collector cid' \
	ar-import -q -d bd.db -t customers "$DATA/age-customers-update.csv"
ar-age -d bd.db --as-of 2026-03-31 -f csv >now.csv
is 'the aging now names A100 as it is' 'Aging Boundaries Holdings Inc,cid' \
	cell now.csv A100/USD customer_name,collector
ar-age -d bd.db --as-of 2026-03-31 --known-at "$before" -f csv >known.csv
ok '--known-at gives the name and collector of then' \
	cmp known.csv "$GOLDEN/summary-0331.out"
ar-age -d bd.db --as-of 2026-03-31 --known-at "$before" --collector ann \
	-f csv >known.csv
ok '--known-at --collector ann: A100 was ann'"'"'s then' \
	cmp known.csv "$GOLDEN/collector.out"
golden check-backdated 0 ar-ledger -d bd.db check

# --- bad options, missing ledger -----------------------------------------

golden bad-as-of 2 $AGE --as-of 2026-02-30
golden as-of-before-window 2 $AGE --as-of 1899-12-31
golden as-of-after-window 2 $AGE --as-of 2200-01-01
golden unknown-customer-detail 3 $AGE --customer NOSUCH --detail -f table
golden bad-buckets 2 $AGE --buckets 60,30
golden bad-by 2 $AGE --by foo
golden bad-credits 2 $AGE --credits x
golden bad-known-at 2 $AGE --known-at junk
exits '--known-at with a signed minute' 2 $AGE --known-at 2026-03-31T10:-1
golden bad-argument 2 $AGE extra
golden bad-older-than 2 $AGE --older-than -1
golden bad-min-balance 2 $AGE --min-balance abc
golden missing-ledger 4 ar-age -d missing.db --as-of 2026-03-31
ok 'a missing ledger is not created' test ! -e missing.db

# --- the proof on the samples: Σ balance = Σ debits - Σ credits ----------

SAMPLES=$HERE/../../samples
for t in customers invoices credits payments activities; do
	ar-import -q -d s.db -t $t "$SAMPLES/$t.csv"
done
for d in 2026-01-31 2026-06-30 2026-10-31; do
	exits "samples as of $d: the proof holds" 0 ar-age -d s.db --as-of $d -o s.csv
	want=$(sqlite3 s.db "SELECT currency, sum(sign*amount) FROM document
		WHERE doc_date <= '$d' GROUP BY currency ORDER BY currency")
	is "samples as of $d: balance per currency = the ledger's" "$want" \
		balances s.csv
done

finish
