#!/bin/sh
# ar-note: every kind and option, the contact rules (a consumer in
# America/Los_Angeles called at 07:59 and 08:00 local, the 8th call
# attempt in 7 days, a call 6 days after a conversation, no_calls and
# cease, --override recorded), promises and plans evaluated at their
# boundaries, the day's list and a customer's timeline, bad input.
#
# The ledger (data/note-*.csv), grace days 3 (the default):
#
#   B1 a business; N1 a business with contact no_calls; X1 a consumer
#   in America/Chicago with contact cease; L1, L2, L3 consumers in
#   America/Los_Angeles (PST, UTC-8, in January).  Each owes one invoice
#   due 2025-12-01.
#
#   K1..K8: one promise each, made 2026-03-02 for 100.00 on 2026-03-10
#   (so decided by 2026-03-13, the last grace day):
#     K1 paid 100.00 on 03-01, the day before the promise: broken 03-14
#     K2 paid 100.00 on 03-09, the day before its date: kept 03-09
#     K3 paid 100.00 on 03-13, the last grace day: kept 03-13
#     K4 paid 100.00 on 03-14, a day late: broken 03-14
#     K5 paid 40.00 on 03-11: partial (40.00) 03-14
#     K6 promised I-K6A; its payment of 100.00 on 03-05 went by the
#        exact rule to I-K6B (due sooner): broken 03-14
#     K7 promised I-K7, paid on 03-12 by reference to it: kept 03-12
#     K8 a plan of 300.00 in 3 monthly instalments from 03-10 (100.00 on
#        03-10, 04-10, 05-10); paid 100.00 on 03-09: the first kept
#        03-09, the second broken 04-14, and with it the third, 04-14.
. "$(dirname "$0")/lib.sh"

USER=tester
export USER

ok 'init' ar-ledger -d ar.db init
ok 'customers' ar-import -q -d ar.db -t customers "$DATA/note-customers.csv"
ok 'invoices' ar-import -q -d ar.db -t invoices "$DATA/note-invoices.csv"
ok 'payments' ar-import -q -d ar.db -t payments "$DATA/note-payments.csv"
ok 'cash applied' ar-apply -q -d ar.db --as-of 2026-03-31 -f csv -o /dev/null
is 'K6 paid by the exact rule to I-K6B' 'I-K6B|exact' sqlite3 ar.db \
	"SELECT d.doc_no, a.rule FROM application a JOIN document d ON d.id = a.debit_doc JOIN document p ON p.id = a.credit_doc WHERE p.doc_no = 'P-K6'"
is 'the kind imported' 'B1|business
K1|business
L1|consumer
N1|business
X1|consumer' sqlite3 ar.db "SELECT customer_id, kind FROM customer WHERE customer_id IN ('B1', 'K1', 'L1', 'N1', 'X1') ORDER BY 1"

export AR_DB=ar.db

# --- each kind and option ------------------------------------------------
golden call 0 ar-note B1 call --at 2026-01-15T14:30Z --outcome reached \
	--text 'spoke to AP, invoice approved' --doc I-B1 --follow-up 2026-01-20
golden email 0 ar-note -f table B1 email --at 2026-01-15T15:00Z \
	--collector carol --text 'sent copy of I-B1'
golden letter 0 ar-note B1 letter --at 2026-01-16T09:00Z --outcome other
golden visit 0 ar-note B1 visit --at 2026-01-17T10:00Z --outcome reached \
	--text 'met the controller'
golden note 0 ar-note B1 note --at 2026-01-17T11:00Z --text 'check run is Fridays'
golden promise 0 ar-note B1 promise --amount 250.00 --on 2026-01-23 \
	--doc I-B1 --at 2026-01-18T16:00Z --text 'half by Friday'
golden plan 0 ar-note B1 plan --amount 250.00 --instalments 3 --every week \
	--first 2026-01-30 --at 2026-01-18T16:05Z
golden plan-days 0 ar-note -q B1 plan --amount 0.05 --instalments 2 \
	--every 10 --first 2026-02-01 --at 2026-01-18T16:06Z
golden dry-run 0 ar-note -n B1 note --at 2026-01-19T10:00Z --text 'not kept'
is 'a dry run records nothing' 0 sqlite3 ar.db \
	"SELECT count(*) FROM activity WHERE text = 'not kept'"
is 'the collector is the login name' 'tester' sqlite3 ar.db \
	"SELECT collector FROM activity WHERE kind = 'letter'"
is 'the instant is kept' '2026-01-15T14:30:00Z' sqlite3 ar.db \
	"SELECT at FROM activity WHERE kind = 'call' AND customer = (SELECT id FROM customer WHERE customer_id = 'B1')"

# --- contact rules ---------------------------------------------------------
# 15:59Z is 07:59 PST, 16:00Z 08:00 PST
golden consumer-0759 1 ar-note L1 call --at 2026-01-15T15:59Z
golden consumer-0800 0 ar-note L1 call --at 2026-01-15T16:00Z --outcome no_answer
golden consumer-2100 1 ar-note L1 call --at 2026-01-16T05:00Z
golden consumer-email-0700 0 ar-note -q L1 email --at 2026-01-15T15:00Z
# 7 attempts on 01-05 .. 01-11, then an 8th on 01-11
for d in 05 06 07 08 09 10 11; do
	ar-note -q L2 call --at 2026-01-${d}T18:00Z --outcome no_answer >/dev/null
done
golden eighth-attempt 1 ar-note L2 call --at 2026-01-11T20:00Z
golden eighth-next-week 0 ar-note -q L2 call --at 2026-01-12T18:00Z --outcome left_message
# a conversation on 01-05: no call on 01-11, one on 01-12
ar-note -q L3 call --at 2026-01-05T18:00Z --outcome reached >/dev/null
golden six-days-after 1 ar-note L3 call --at 2026-01-11T18:00Z
golden override 0 ar-note L3 call --at 2026-01-11T18:30Z --outcome reached \
	--override 'customer asked to be called back today'
is 'the override is recorded' 'customer asked to be called back today' sqlite3 ar.db \
	"SELECT override FROM activity WHERE override IS NOT NULL"
golden no-calls 1 ar-note N1 call --at 2026-01-15T18:00Z
golden no-calls-email 0 ar-note -q N1 email --at 2026-01-15T18:00Z
golden cease-call 1 ar-note X1 call --at 2026-01-15T18:00Z
golden cease-email 1 ar-note X1 email --at 2026-01-15T18:00Z
golden cease-letter 0 ar-note X1 letter --at 2026-01-15T18:00Z --text 'notice: collection stops'
golden company-zone 0 ar-ledger set company.timezone America/New_York
golden company-zone-bad 2 ar-ledger set company.timezone Mars/Olympus
golden zone-of-company 0 ar-note -q B1 note --at 2026-01-20T04:00Z

# the worklist: N1 without phone, X1 left out, L2 and L3 as allowed
golden worklist 0 ar-report --as-of 2026-01-12 -f csv worklist
golden worklist-limit 0 ar-report --as-of 2026-01-11 -f csv worklist

# --- changing the contact preference --------------------------------------
golden contact 0 ar-note -q B1 contact no_calls --at 2026-01-21T15:00Z \
	--text 'asked for e-mail only'
is 'the preference changed' 'no_calls' sqlite3 ar.db \
	"SELECT contact FROM customer WHERE customer_id = 'B1'"
is 'its history kept' 'ok|business' sqlite3 ar.db \
	"SELECT h.contact, h.kind FROM customer_history h JOIN customer c ON c.id = h.customer WHERE c.customer_id = 'B1'"
is 'and why' 'contact|no_calls|asked for e-mail only' sqlite3 ar.db \
	"SELECT kind, outcome, text FROM activity WHERE kind = 'contact'"
golden contact-then-call 1 ar-note B1 call --at 2026-01-21T16:00Z
golden contact-no-reason 2 ar-note B1 contact ok
golden contact-bad 2 ar-note B1 contact maybe --text x

# --- promises evaluated ----------------------------------------------------
for k in 1 2 3 4 5; do
	ar-note -q K$k promise --amount 100 --on 2026-03-10 \
		--at 2026-03-02T15:00Z --collector ann >/dev/null
done
ar-note -q K6 promise --amount 100 --on 2026-03-10 --doc I-K6A \
	--at 2026-03-02T15:00Z --collector ann >/dev/null
ar-note -q K7 promise --amount 100 --on 2026-03-10 --doc I-K7 \
	--at 2026-03-02T15:00Z --collector ann >/dev/null
ar-note -q K8 plan --amount 300 --instalments 3 --every month \
	--first 2026-03-10 --at 2026-03-02T15:00Z --collector ann >/dev/null
golden promises-report 0 ar-report --as-of 2026-03-12 -f csv promises
# on 03-12: K2 and K7 kept; the rest in their grace days
golden evaluate-0312 0 ar-note --evaluate --as-of 2026-03-12
golden evaluate-0331 0 ar-note --evaluate --as-of 2026-03-31
cp ar.db before-again.db
golden evaluate-again 0 ar-note --evaluate --as-of 2026-03-31
unchanged ar.db before-again.db 'evaluated again: nothing new'
golden evaluate-0531 0 ar-note --evaluate --as-of 2026-05-31
is 'the statuses recorded' 'K1|2026-03-10|broken|2026-03-14|0
K2|2026-03-10|kept|2026-03-09|10000
K3|2026-03-10|kept|2026-03-13|10000
K4|2026-03-10|broken|2026-03-14|0
K5|2026-03-10|partial|2026-03-14|4000
K6|2026-03-10|broken|2026-03-14|0
K7|2026-03-10|kept|2026-03-12|10000
K8|2026-03-10|kept|2026-03-09|10000
K8|2026-04-10|broken|2026-04-14|0
K8|2026-05-10|broken|2026-04-14|0' sqlite3 ar.db \
	"SELECT c.customer_id, a.promise_date, s.status, s.date, s.amount_received FROM promise_status s JOIN activity a ON a.id = s.promise JOIN customer c ON c.id = a.customer WHERE c.customer_id LIKE 'K%' ORDER BY 1, 2"
# K1, K4, K5 (partial) and K6 fell due in March and were not kept
is 'kpi broken_promises reads them' '4' sh -c \
	"ar-report --as-of 2026-03-31 -f csv kpi | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"broken_promises\") c = i; next } \$2 != \"\" { print \$c }'"

# --- the day's list and the timeline -----------------------------------------
# L1's follow-up: 17:00Z is 10:00 PDT in Los Angeles, a call is allowed
ar-note -q L1 email --at 2026-03-10T18:00Z --follow-up 2026-03-16 \
	--text 'asked for a statement' >/dev/null
golden due 0 ar-note --due --as-of 2026-03-16 --at 2026-03-16T17:00Z
golden due-collector 0 ar-note --due --as-of 2026-03-16 --at 2026-03-16T17:00Z --collector bob
golden due-b1 0 ar-note --due --as-of 2026-01-23 --at 2026-01-23T17:00Z
golden list 0 ar-note --list B1
golden list-period 0 ar-note -f table --list K8 --from 2026-03-01 --to 2026-04-30
golden list-unknown 3 ar-note --list NOPE

# --- collectors and targets: March 2026, worked by hand ---------------------
# ann's customers paid 740.00 in March (K1..K4, K6, K7, K8 100.00 each, K5
# 40.00); her target, 800.00 then 1,000.00 (the latest counts): 74.00%.
# She obtained 10 promises (7 of 100.00 and 3 instalments of 100.00), of
# which K2, K3, K7 and K8's first (400.00) were kept by 03-31: 40.00%.
# bob's customers paid nothing against 500.00: 0.00%.  tester wrote the
# one contact of March (L1's e-mail of 03-10).  April's target is not
# March's.
printf 'collector,month,currency,amount\nann,2026-03,USD,800\nann,2026-04,USD,2000\n' >targets-1.csv
printf 'collector,month,amount\nann,2026-03,"1,000.00"\nbob,2026-03,500.00\n' >targets-2.csv
golden targets 0 ar-import -t targets targets-1.csv targets-2.csv
golden collectors 0 ar-report --as-of 2026-03-31 --from 2026-03-01 -f csv collectors
printf 'collector,month,amount\nann,2026-3,5\nbob,2026-03,-1\n,2026-03,1\n' >targets-bad.csv
golden targets-bad 3 ar-import -t targets targets-bad.csv

# --- bad input -------------------------------------------------------------
golden unknown-customer 3 ar-note NOPE call --at 2026-01-15T18:00Z
golden unknown-doc 3 ar-note B1 email --doc NOPE --at 2026-01-15T18:00Z
golden other-customers-doc 3 ar-note B1 email --doc I-K1 --at 2026-01-15T18:00Z
golden bad-kind 2 ar-note B1 fax
golden bad-outcome 2 ar-note B1 note --outcome maybe --at 2026-01-15T18:00Z
golden bad-at 2 ar-note B1 note --at 2026-01-15
golden promise-no-on 2 ar-note B1 promise --amount 5
golden promise-bad-amount 2 ar-note B1 promise --amount 5.001 --on 2026-02-01 --at 2026-01-15T18:00Z
golden promise-before 2 ar-note B1 promise --amount 5 --on 2026-01-01 --at 2026-01-15T18:00Z
golden plan-too-small 2 ar-note B1 plan --amount 0.02 --instalments 3 --every week --first 2026-02-01 --at 2026-01-15T18:00Z
golden plan-bad-every 2 ar-note B1 plan --amount 10 --instalments 3 --every fortnight --first 2026-02-01
golden amount-not-promise 2 ar-note B1 call --amount 5
golden two-jobs 2 ar-note --due --evaluate
golden nothing 2 ar-note
golden no-ledger 4 ar-note -d missing.db --due
golden help 0 ar-note --help
cp "$DATA/note-customers-bad.csv" .
golden bad-kind-import 3 ar-import -d ar.db -t customers note-customers-bad.csv

finish
