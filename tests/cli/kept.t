#!/bin/sh
# The figures of periods that have ended, kept between runs (the table
# derived, ar-ledger(5)): a report keeps the months of the trend, their
# credit sales (the countback's) and the cut-offs of the back-test it
# computed, reads them on the next run and prints the same; whatever is
# posted dated within a kept figure's period deletes it (a document, an
# application, a promise, a dispute, a setting), so the next run computes
# it again and prints what the history gives; ar-ledger check computes
# every kept figure again and finds one that was changed by hand;
# ar-ledger rebuild deletes them all.
. "$(dirname "$0")/lib.sh"

mkdir made
sqlite3 made/l.db <"$DATA/ledger-v3.sql" >/dev/null || exit 1
ar-ledger -q -d made/l.db upgrade || exit 1
cp made/l.db l.db
AS="--as-of 2026-10-31"

# months DB: the first days of the months of the trend kept in DB
months() {
	sqlite3 "$1" "SELECT coalesce(group_concat(substr(key, 1, 7), ' '), '-')
		FROM (SELECT key FROM derived WHERE kind = 'trend-month'
		ORDER BY key)"
}
# fresh DB REPORT...: what ar-report prints on a copy of DB with nothing kept
fresh() {
	_db=$1
	shift
	cp "$_db" fresh.db
	rm -f fresh.db-wal fresh.db-shm
	sqlite3 fresh.db 'DELETE FROM derived'
	ar-report -d fresh.db $AS "$@"
}
# same_as_fresh DESCRIPTION DB REPORT...: DB prints what the history gives
same_as_fresh() {
	_d=$1
	_db=$2
	shift 2
	fresh "$_db" "$@" >fresh.out 2>&1
	ar-report -d "$_db" $AS "$@" >kept.out 2>&1
	if cmp -s fresh.out kept.out; then
		_result 0 "$_d"
	else
		diff -u fresh.out kept.out | head -10 | sed 's/^/# /'
		_result 1 "$_d"
	fi
}

# --- kept, and read back -----------------------------------------------

is 'nothing kept at first' - months l.db
golden trend 0 ar-report -d l.db $AS trend
is 'the twelve months kept, each ended by as-of' \
	'2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10' \
	months l.db
is 'each depends on nothing after its end' '' sqlite3 l.db "SELECT key
	FROM derived WHERE kind = 'trend-month' AND through <> date(substr(key,
	1, 10), '+1 month', '-1 day')"
is "and the credit sales of each month from three years before them" \
	'48 2022-11-01 2026-10-01' sqlite3 -separator ' ' l.db "SELECT count(*),
	min(substr(key, 1, 10)), max(substr(key, 1, 10)) FROM derived WHERE
	kind = 'sales-month' AND key LIKE '% known=0'"
is 'each month of sales depends on nothing after its end' '' sqlite3 l.db \
	"SELECT key FROM derived WHERE kind = 'sales-month' AND through <>
	date(substr(key, 1, 10), '+1 month', '-1 day')"
golden trend 0 ar-report -d l.db $AS trend
ok 'the first run printed what a run with nothing kept prints' \
	cmp "$HERE/golden/upgrade-v3/trend.out" "$HERE/golden/kept/trend.out"

# a month not ended is not kept; the ones before it are read
ar-report -q -d l.db --as-of 2026-11-15 trend >mid.out
is 'as of the middle of November: November not kept' \
	'2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10' \
	months l.db
AS="--as-of 2026-11-15" same_as_fresh 'and the trend to it is what the history gives' \
	l.db trend

golden backtest 0 ar-report -d l.db $AS backtest
is 'the four cut-offs kept' 4 sqlite3 l.db \
	"SELECT count(*) FROM derived WHERE kind = 'backtest'"
golden backtest 0 ar-report -d l.db $AS backtest
ok 'the back-test is what version 3 printed' \
	cmp "$HERE/golden/upgrade-v3/backtest.out" "$HERE/golden/kept/backtest.out"
is 'the kept figures check clean' '' ar-ledger -d l.db check

# known-at: kept apart from the figures of every batch
ar-report -q -d l.db $AS --known-at 2026-12-07T01:38:41.523972Z trend >/dev/null
is 'months known at a batch are kept under it' 12 sqlite3 l.db \
	"SELECT count(*) FROM derived WHERE key LIKE '% known=12 %'"
golden trend-known-at 0 ar-report -d l.db $AS \
	--known-at 2026-12-07T01:38:41.523972Z trend
ok 'known-at prints what version 3 printed' \
	cmp "$HERE/golden/upgrade-v3/trend-known-at.out" \
	"$HERE/golden/kept/trend-known-at.out"
sqlite3 l.db "DELETE FROM derived WHERE key LIKE '% known=12 %'"

# --- what is posted deletes what it changes -------------------------------

# an invoice dated in June: June and the months after it go
cp l.db inv.db
printf '%s\n' 'invoice_no,customer_id,invoice_date,due_date,amount,currency' \
	'INV-LATE-1,C00002,2026-06-15,2026-07-15,1000.00,USD' >late.csv
ok 'an invoice dated 2026-06-15 imported' ar-import -q -d inv.db -t invoices late.csv
is 'the months from June are no longer kept' \
	'2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05' months inv.db
is 'nor the cut-offs whose eight weeks reach June' \
	'2025-09-30 2025-12-31 2026-03-31' sqlite3 inv.db "SELECT group_concat(substr(key,
	1, 10), ' ') FROM (SELECT key FROM derived WHERE kind = 'backtest'
	ORDER BY key)"
same_as_fresh 'the trend after it is what the history gives' inv.db trend
is "June's credit sales hold the invoice" '1000.00' awk -F, '
	FNR == 1 { next }
	$1 == "2026-06" && $2 == "USD" { v[FILENAME] = $4 }
	END { printf "%.2f\n", v["kept.out"] - v[ARGV[2]] }' kept.out \
	"$HERE/golden/kept/trend.out"
same_as_fresh 'and the back-test' inv.db backtest

# a payment dated in April applied later: the application's date counts
# (what the ledger had waiting is applied first)
cp l.db app.db
ar-apply -q -d app.db $AS >/dev/null
set -- $(sqlite3 -separator ' ' app.db "SELECT d.doc_no, c.customer_id
	FROM open_state s JOIN document d ON d.id = s.document JOIN customer c
	ON c.id = d.customer WHERE s.sign = 1 AND s.open >= 5000 AND
	d.doc_type = 'invoice' AND d.doc_date <= '2026-04-10' ORDER BY d.id
	LIMIT 1")
printf '%s\n' 'payment_no,customer_id,payment_date,amount,currency,reference' \
	"PAY-LATE-1,$2,2026-04-10,50.00,USD,$1" >pay.csv
ok 'a payment dated 2026-04-10 imported' ar-import -q -d app.db -t payments pay.csv
ar-report -q -d app.db $AS trend >/dev/null
is 'kept again, the payment unapplied' 12 sqlite3 app.db \
	"SELECT count(*) FROM derived WHERE kind = 'trend-month'"
ok 'the payment applied to the invoice it names' ar-apply -q -d app.db $AS
is 'one application, dated the day of the payment' '2026-04-10' sqlite3 app.db \
	"SELECT a.effective_date FROM application a JOIN document d ON
	d.id = a.credit_doc WHERE d.doc_no = 'PAY-LATE-1'"
is 'the months from its effective date go' \
	'2025-11 2025-12 2026-01 2026-02 2026-03' months app.db
same_as_fresh 'the trend after it is what the history gives' app.db trend

# a promise made in February, a dispute opened in August
cp l.db note.db
ok 'a promise made on 2026-02-10' ar-note -q -d note.db C00002 promise \
	--amount 100.00 --on 2026-02-20 --at 2026-02-10T17:00:00Z
is 'the months from February go' '2025-11 2025-12 2026-01' months note.db
same_as_fresh 'the trend after it is what the history gives' note.db trend
cp l.db disp.db
doc=$(sqlite3 disp.db "SELECT d.doc_no FROM open_state s JOIN document d ON
	d.id = s.document WHERE s.sign = 1 AND s.open > 10000 AND
	d.doc_date <= '2026-08-01' ORDER BY d.id LIMIT 1")
ok 'a dispute opened on 2026-08-05' ar-dispute -q -d disp.db open "$doc" \
	--reason pricing --amount 10.00 --date 2026-08-05
is 'the months from August go' \
	'2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07' \
	months disp.db
same_as_fresh 'the trend after it is what the history gives' disp.db trend

# a setting: everything goes
cp l.db set.db
ok 'a setting changed' ar-ledger -q -d set.db set forecast.doubtful_days 60
is 'no figure is kept' 0 sqlite3 set.db 'SELECT count(*) FROM derived'

# what is posted after the last kept day deletes nothing
cp l.db day.db
printf '%s\n' 'invoice_no,customer_id,invoice_date,due_date,amount,currency' \
	'INV-NEXT-1,C00002,2026-11-02,2026-12-02,1000.00,USD' >next.csv
kept=$(sqlite3 day.db 'SELECT count(*) FROM derived')
ok 'an invoice of the next day imported' ar-import -q -d day.db -t invoices next.csv
is 'every figure still kept' "$kept" sqlite3 day.db 'SELECT count(*) FROM derived'
# the month that is running: its documents found by the state's dates of
# change, the months before it from their kept sales
printf '%s\n' 'payment_no,customer_id,payment_date,amount,currency,reference' \
	'PAY-NEXT-1,C00002,2026-11-03,400.00,USD,INV-NEXT-1' >next-pay.csv
ok 'a payment of the day after imported' \
	ar-import -q -d day.db -t payments next-pay.csv
ok 'and applied' ar-apply -q -d day.db --as-of 2026-11-15
AS="--as-of 2026-11-15" same_as_fresh \
	'the trend to the middle of November is what the history gives' \
	day.db trend
is "November's credit sales hold the invoice" '1000.00' awk -F, '
	FNR == 1 { next }
	$1 == "2026-11" && $2 == "USD" { v[FILENAME] = $4 }
	END { printf "%.2f\n", v["kept.out"] - v[ARGV[2]] }' kept.out mid.out

# another run writing meanwhile: the report neither waits for it nor keeps
# what it computed (its read began before that run's write would commit)
cp made/l.db busy.db
sqlite3 busy.db "BEGIN IMMEDIATE" "INSERT INTO setting (key, value,
	batch_id) VALUES ('test.lock', 'x', 1)" ".shell sleep 20" "ROLLBACK" \
	>/dev/null 2>&1 &
writer=$!
sleep 1
golden trend 0 ar-report -d busy.db $AS trend
ok 'the writer was still writing when the report ended' kill -0 "$writer"
is 'and nothing was kept' 0 sqlite3 busy.db 'SELECT count(*) FROM derived'
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null

# --- checked, and rebuilt -------------------------------------------------

# months kept years apart are checked in runs of at most ten years
cp l.db far.db
ok 'a trend of 2014 as well' ar-report -q -d far.db --as-of 2014-12-31 trend
is 'months of 2014 and of 2026 kept' 24 sqlite3 far.db \
	"SELECT count(*) FROM derived WHERE kind = 'trend-month' AND
	key NOT LIKE '% known=12 %'"
is 'they check clean' '' ar-ledger -d far.db check

cp l.db bad.db
sqlite3 bad.db "UPDATE derived SET value = replace(value, ' USD 2 ', ' USD 3 ')
	WHERE kind = 'trend-month' AND key LIKE '2026-03-01 %'"
golden check-changed 1 ar-ledger -d bad.db check
cp l.db bad-sales.db
sqlite3 bad-sales.db "UPDATE derived SET value = '1 USD 1' WHERE
	kind = 'sales-month' AND key LIKE '2026-03-01 %'"
sqlite3 bad-sales.db "UPDATE derived SET value = '2 USD' WHERE
	kind = 'sales-month' AND key = '2026-04-01 known=0'"
golden check-sales-changed 1 ar-ledger -d bad-sales.db check
exits 'check --quick leaves the kept figures to the full check' 0 \
	ar-ledger -d bad.db --quick check
sqlite3 bad.db "INSERT INTO derived VALUES ('sales-forecast', 'x',
	'2026-01-31', '0')"
sqlite3 bad.db "UPDATE derived SET value = 'not words' WHERE
	kind = 'backtest' AND key LIKE '2025-09-30 %'"
golden check-unknown 1 ar-ledger -d bad.db check
golden rebuild 0 ar-ledger -d bad.db rebuild
is 'rebuild deletes every kept figure' 0 sqlite3 bad.db \
	'SELECT count(*) FROM derived'
is 'and the ledger checks clean' '' ar-ledger -d bad.db check

finish
