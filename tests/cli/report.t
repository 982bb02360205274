#!/bin/sh
# ar-report: every report on a small ledger in the formats, a period of
# its own, --known-at, -o, --excel-safe, and bad options.
#
# data/report-*.csv hold the ledger of tests/unit/test_report.c, where
# every figure of golden/report/*.out is worked out by hand (USD: dso
# 93.00, countback 63.07 over three months, cei 47.76, ...), plus a GBP
# customer named =HYPERLINK("http://x") with one invoice of 10.00; I-JUL
# is written off here by ar-writeoff on 2026-10-10.
. "$(dirname "$0")/lib.sh"

DB=r.db
for t in customers invoices payments applications activities; do
	ar-import -q -d $DB -t $t "$DATA/report-$t.csv" 2>/dev/null ||
		echo "# import $t failed"
done
ar-writeoff -q -d $DB --as-of 2026-10-10 --reason bad_debt \
	"$DATA/report-writeoff.csv" >/dev/null
R="ar-report -d $DB --as-of 2026-10-31"

golden kpi 0 $R kpi
golden kpi-table 0 $R -f table kpi
golden kpi-json 0 $R -f json kpi
golden kpi-september 0 $R --from 2026-09-01 --to 2026-09-30 kpi
golden kpi-one-day 0 $R --from 2026-10-31 -f table kpi
# cei_avg over August to October (test_report.c works them out: USD 0.00,
# 0.00, 47.76: 15.92; EUR 100.00, 66.67, 80.00: 82.22) and countback by
# 30-day months (USD 30 + 30 + 200 / 3,000 x 30 = 62.00)
golden kpi-cei-months 0 $R --cei-months 3 --countback 30 kpi
golden kpi-cei-months-table 0 $R --cei-months 3 -f table kpi
golden cei-months-zero 2 $R --cei-months 0 kpi
golden countback-bad 2 $R --countback 31 kpi
golden trend 0 $R --months 2 trend
golden customers 0 $R -f table customers
golden customers-excel-safe 0 $R --excel-safe customers
golden worklist 0 $R worklist
golden worklist-early 0 ar-report -d $DB --as-of 2026-10-04 -f table worklist
golden forecast 0 $R --weeks 5 -f table forecast
# the back-test at 09-30, 4 weeks (09-30, 10-07, 10-14, 10-21), every
# batch being later than 09-30: as-of only.  No USD item was paid by
# 09-30, so no habit: the forecast is the naive one, the due dates.
# Open then: I-JUL 400 and I-AUG 3,000 overdue, I-SEP2 600 due 10-01:
# week 0 (4,000); I-SEP 2,000 due 10-15, I-SEP3 200 due 10-20: week 2.
# Cash applied after to those: 600 on 10-11 (week 1), 200 on 10-15 and
# 1,500 on 10-20 (week 2): 2,300 (I-OCT2's 500 is for an invoice of
# 10-02).  wape = (4,000 + 600 + 500 + 0) / 2,300 = 221.74; bias =
# 3,900 / 2,300 = 169.57; week 0 had no cash: empty.  EUR: Z1 50 due
# 08-31 is 30 days past due, past H's +20 (the EUR habit): later, naive
# week 0; no cash came.
golden backtest 0 $R --every month --from 2026-09-30 --to 2026-09-30 \
	--weeks 4 -f table backtest
golden backtest-every 2 $R --every week backtest
golden backtest-from-after-to 2 $R --from 2026-09-30 --to 2026-08-31 backtest
# no cut-off in the period: the header alone
golden backtest-none 0 $R --every quarter --from 2026-10-01 --to 2026-10-31 backtest
golden unapplied 0 $R -f table unapplied
golden unapplied-csv 0 $R unapplied

# each month of the trend is the kpi report of that month: the currency
# and the 20 KPI columns of each
mkdir cmp
$R --months 2 trend >cmp/trend.csv
for m in 09 10; do
	last=30; [ $m = 10 ] && last=31
	$R --from 2026-$m-01 --to 2026-$m-$last kpi | sed 1d | cut -d, -f1,5-24 >cmp/want.$m
	grep "^2026-$m," cmp/trend.csv | cut -d, -f2,4-23 >cmp/got.$m
	ok "trend month 2026-$m is that month's kpi" cmp cmp/want.$m cmp/got.$m
done

# known-at the end of the activities' import, before the write-off: I-JUL
# (400.00, 92 days past due) is open, so USD end_ar = 4,900.00, dso =
# 4,900 / 1,500 x 31 = 101.27, cei = 2,800 / 6,700 = 41.79, countback
# 31 + 30 + 600 / 3,000 x 31 = 67.20, pct_over_90 = 400 / 4,900 = 8.16,
# writeoffs 0.00
ts=$(ar-ledger -d $DB batches | awk -F, '$2 == "ar-import" { t = $6 } END { print t }')
golden known-at-before-writeoff 0 $R --known-at "$ts" kpi

# known-at: nothing was known in 2000; everything by 2999
golden known-at-nothing 0 $R --known-at 2000-01-01 kpi
is 'known-at in the future is the ledger as it stands' \
	"$($R kpi)" $R --known-at 2999-12-31T23:59:59Z kpi

# -o: the file, nothing on stdout
golden output 0 $R -o kpi.csv kpi
is '-o writes the csv' "$($R kpi)" cat kpi.csv
is '-o leaves no temporary file' "cmp
kpi.csv
r.db" sh -c 'ls | grep -v -e "-wal$" -e "-shm$"'

# the same ledger and options give the same bytes
$R -f table customers >a.txt
$R -f table customers >b.txt
ok 'deterministic' cmp a.txt b.txt

# bad options
golden no-report 2 $R
golden unknown-report 2 $R aging
golden two-reports 2 $R kpi trend
golden to-after-as-of 2 $R --to 2026-11-01 kpi
golden from-after-to 2 $R --from 2026-10-20 --to 2026-10-10 kpi
golden bad-date 2 $R --from 2026-02-30 kpi
golden months-zero 2 $R --months 0 trend
golden weeks-too-many 2 $R --weeks 105 forecast
golden bad-format 2 $R -f xml kpi
golden bad-known-at 2 $R --known-at yesterday kpi
golden bad-option 2 $R --nonesuch kpi
golden no-ledger 4 ar-report -d nothere.db --as-of 2026-10-31 kpi
golden help 0 ar-report -h

finish
