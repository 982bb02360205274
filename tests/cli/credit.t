#!/bin/sh
# ar-credit: each rule of a check at its boundary, disputed money left out
# of the past-due figures, -v and -q and their exit codes, the decision
# recorded (not with -n), overrides inside and outside their window and
# amount and by a user who is not an approver, hold and release with the
# customer's history, the log, the review, and bad input.
#
# The ledger, as of 2026-03-31 unless said (USD, the base currency):
#
#   L1  limit 1,000.00; I-L1 600.00 due 2026-04-19 (current)
#   D1  I-D1 200.00 due 2026-03-01: 30 days past due on 03-31, 31 on 04-01
#   X1  I-X1 500.00 due 2026-01-31 (59 days), disputed whole on 02-15;
#       I-X2 400.00 due 2026-03-15 (16 days), 150.00 disputed on 03-20:
#       oldest undisputed 16 days, undisputed past due 250.00
#   P1  promises due 2026-01-01 (status broken), 03-15 (none, no payment:
#       broken), 03-20 (status kept): 2 broken
#   R1  I-R1 100.00 due 2026-03-31, paid twice and both payments returned
#       (reversed on 2026-03-05 and 03-10)
#   S1  limit 5,000.00, on hold; I-S1 100.00 due 2026-03-31
#   H1  I-H1 50.00 due 2026-04-24
#   N1  limit 1,000.00; 950.00 owed (within 10 % of it), 9 days past due
#   O1  limit 1,000.00; I-O1 1,500.00 due 2026-01-14 (76 days past due)
#   A0, Z1  on hold, nothing owed, nothing paid
. "$(dirname "$0")/lib.sh"

USER=clerk
export USER

cat >customers.csv <<'EOF'
customer_id,name,credit_limit,status
A0,Asleep Co,200.00,hold
L1,Limit Ltd,1000.00,active
D1,Days Co,,active
X1,Disputed Inc,,active
P1,Promises LLC,,active
R1,Returns Corp,,active
S1,Stopped Co,5000.00,hold
H1,Hand Held Inc,,active
N1,Near Co,1000.00,active
O1,Over Co,1000.00,active
Z1,Zero Co,,hold
EOF
cat >invoices.csv <<'EOF'
invoice_no,customer_id,invoice_date,due_date,amount
I-L1,L1,2026-03-20,2026-04-19,600.00
I-D1,D1,2026-01-30,2026-03-01,200.00
I-X1,X1,2026-01-01,2026-01-31,500.00
I-X2,X1,2026-02-13,2026-03-15,400.00
I-R1,R1,2026-03-01,2026-03-31,100.00
I-S1,S1,2026-03-01,2026-03-31,100.00
I-H1,H1,2026-03-25,2026-04-24,50.00
I-N1A,N1,2026-02-20,2026-03-22,450.00
I-N1B,N1,2026-03-10,2026-04-09,500.00
I-O1,O1,2025-12-15,2026-01-14,1500.00
EOF
cat >activities.csv <<'EOF'
customer_id,date,kind,doc_no,amount,promise_date
X1,2026-02-15,dispute,I-X1,500.00,
X1,2026-03-20,dispute,I-X2,150.00,
P1,2025-12-20,promise,,100.00,2026-01-01
P1,2026-03-01,promise,,100.00,2026-03-15
P1,2026-03-10,promise,,100.00,2026-03-20
EOF
printf 'payment_no,customer_id,payment_date,amount,reference\nPAY-R1,R1,2026-03-02,100.00,I-R1\n' >pay1.csv
printf 'payment_no,customer_id,payment_date,amount,reference\nPAY-R2,R1,2026-03-06,100.00,I-R1\n' >pay2.csv

ar-ledger -q -d ar.db init
ar-import -q -d ar.db customers.csv invoices.csv activities.csv pay1.csv
ar-apply -q -d ar.db --as-of 2026-03-02 >/dev/null
ar-apply -q -d ar.db --reverse PAY-R1 --date 2026-03-05 >/dev/null
ar-import -q -d ar.db pay2.csv
ar-apply -q -d ar.db --as-of 2026-03-06 >/dev/null
ar-apply -q -d ar.db --reverse PAY-R2 --date 2026-03-10 >/dev/null
# the statuses ar-note records: the first promise broken, the third kept
sqlite3 ar.db "INSERT INTO promise_status (promise, date, status, batch_id)
	SELECT id, '2026-01-02', 'broken', 1 FROM activity
	WHERE promise_date = '2026-01-01';
	INSERT INTO promise_status (promise, date, status, batch_id)
	SELECT id, '2026-03-21', 'kept', 1 FROM activity
	WHERE promise_date = '2026-03-20'"
export AR_DB=ar.db
A='--as-of 2026-03-31'
decisions() { sqlite3 ar.db "SELECT count(*) FROM activity WHERE kind = 'credit'"; }

# --- the limit: reached is fine, exceeded is not -------------------------

golden limit-reached 0 ar-credit check $A --amount 400.00 L1
golden limit-exceeded 1 ar-credit check $A --amount 400.01 L1
golden limit-verbose 1 ar-credit check -v $A --amount 400.01 L1
golden limit-no-order 0 ar-credit check -v $A L1
golden limit-other-currency 1 ar-credit check $A --amount 10.00 --currency EUR L1
golden no-limit 0 ar-credit check -v $A --amount 1000000.00 H1

# --- days past due: 30 passes, 31 fails ----------------------------------

golden days-30 0 ar-credit check $A --amount 1.00 D1
golden days-31 1 ar-credit check --as-of 2026-04-01 --amount 1.00 D1
ok 'credit.max_days_past_due 31' ar-ledger -q set credit.max_days_past_due 31
golden days-31-allowed 0 ar-credit check --as-of 2026-04-01 --amount 1.00 D1
ok 'credit.max_days_past_due back to 30' ar-ledger -q set credit.max_days_past_due 30

# --- disputed money is left out ------------------------------------------

# I-X1 is 59 days past due but disputed whole: the oldest undisputed item
# is I-X2, 16 days; of its 400.00 past due, 150.00 are disputed
golden disputed-left-out 0 ar-credit check -v $A --amount 1.00 X1
ok 'credit.max_past_due 250.00' ar-ledger -q set credit.max_past_due 250.00
golden past-due-amount-reached 0 ar-credit check -v $A --amount 1.00 X1
ok 'credit.max_past_due 249.99' ar-ledger -q set credit.max_past_due 249.99
golden past-due-amount-exceeded 1 ar-credit check $A --amount 1.00 X1
ok 'credit.max_past_due unset' ar-ledger -q set credit.max_past_due ''
# before its dispute was opened, I-X1 counted: 14 days on 2026-02-14
golden before-dispute 0 ar-credit check -v --as-of 2026-02-14 --amount 1.00 X1

# --- broken promises in the last 90 days ---------------------------------

golden promises-2 1 ar-credit check -v $A --amount 1.00 P1
# from 2026-04-01 - 90 = 2026-01-01 the first one still counts
golden promises-window-last-day 1 ar-credit check --as-of 2026-04-01 --amount 1.00 P1
golden promises-window-past 0 ar-credit check --as-of 2026-04-02 --amount 1.00 P1
ok 'credit.max_broken_promises 3' ar-ledger -q set credit.max_broken_promises 3
golden promises-below-max 0 ar-credit check $A --amount 1.00 P1
ok 'credit.max_broken_promises 0: off' ar-ledger -q set credit.max_broken_promises 0
golden promises-off 0 ar-credit check -v $A --amount 1.00 P1
ok 'credit.max_broken_promises back to 2' ar-ledger -q set credit.max_broken_promises 2

# --- returned payments in the last 180 days ------------------------------

golden returned-2 1 ar-credit check -v $A --amount 1.00 R1
# 2026-09-01 - 180 = 2026-03-05: both count; a day later only one
golden returned-window-last-day 1 ar-credit check -v --as-of 2026-09-01 R1
golden returned-window-past 1 ar-credit check -v --as-of 2026-09-02 R1
ok 'credit.max_returned 3' ar-ledger -q set credit.max_returned 3
golden returned-below-max 0 ar-credit check $A --amount 1.00 R1
ok 'credit.max_returned back to 2' ar-ledger -q set credit.max_returned 2

# --- status ----------------------------------------------------------------

golden status-hold 1 ar-credit check $A --amount 1.00 S1

# --- -q: nothing printed, the exit code says it --------------------------

golden quiet-pass 0 ar-credit check -q $A --amount 400.00 L1
golden quiet-fail 1 ar-credit check -q $A --amount 400.01 L1
exits 'options after the customer too' 1 ar-credit check L1 --amount 400.01 -q $A
is '-q prints nothing' '' cat .last

# --- every decision is recorded, not with -n ---------------------------

n=$(decisions)
golden dry-run 1 ar-credit check -n $A --amount 400.01 L1
is 'a dry run records nothing' "$n" decisions
# a dry run only reads: a ledger the user may only read is fine (as
# root, the run drops to nobody, since file modes do not stop root)
AS=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
    id nobody >/dev/null 2>&1 && getent group nogroup >/dev/null 2>&1; then
	AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
chmod 755 "$SCRATCH"
mkdir ro
cp ar.db ro/ar.db
chmod 644 ro/ar.db
chmod 555 ro
if [ "$(id -u)" != 0 ] || [ -n "$AS" ]; then
	exits 'a dry run on a read-only ledger' 1 \
		$AS ar-credit check -n -q -d ro/ar.db $A --amount 400.01 L1
	exits 'a check that records needs to write' 4 \
		$AS ar-credit check -q -d ro/ar.db $A --amount 400.01 L1
else
	echo "ok - # skip root, and no setpriv or nobody:nogroup to drop to"
	_n=$((_n + 1))
fi
golden recorded 0 masked sqlite3 ar.db "SELECT a.date, c.customer_id,
	a.outcome, a.amount, a.currency, a.collector, a.text, b.command,
	b.user FROM activity a JOIN customer c ON c.id = a.customer
	JOIN batch b ON b.id = a.batch_id WHERE a.kind = 'credit'
	ORDER BY a.id LIMIT 3"

# --- overrides -----------------------------------------------------------

golden override-not-approver 1 ar-credit override $A --amount 500.00 \
	--reason 'big order' S1
ok 'credit.approvers alice,carol' ar-ledger -q set credit.approvers alice,carol
golden override-bob 1 env USER=bob ar-credit override $A --amount 500.00 \
	--reason 'big order' S1
is 'a refused override records nothing' 0 \
	sqlite3 ar.db 'SELECT count(*) FROM credit_override'
golden override-dry 0 env USER=alice ar-credit override -n $A \
	--amount 500.00 --reason 'big order' S1
is 'a dry-run override records nothing' 0 \
	sqlite3 ar.db 'SELECT count(*) FROM credit_override'
golden override 0 env USER=alice ar-credit override $A --amount 500.00 \
	--reason 'big order' S1
# over the amount: not covered, and not used up
golden override-amount-over 1 ar-credit check $A --amount 500.01 S1
# outside its window (credit.override_days 1: that day only)
golden override-day-before 1 ar-credit check --as-of 2026-03-30 --amount 5.00 S1
golden override-day-after 1 ar-credit check --as-of 2026-04-01 --amount 5.00 S1
# a check without an order uses none
golden override-no-order 1 ar-credit check $A S1
# a dry run shows it and leaves it
golden override-used-dry 0 ar-credit check -n $A --amount 500.00 S1
golden override-used 0 ar-credit check $A --amount 500.00 S1
golden override-used-up 1 ar-credit check $A --amount 5.00 S1
is 'used once' 1 sqlite3 ar.db 'SELECT count(*) FROM credit_override_use'
# credit.override_days 3: from its day to two days after
ok 'credit.override_days 3' ar-ledger -q set credit.override_days 3
ok 'a second override' env USER=carol ar-credit override -q \
	--as-of 2026-04-01 --amount 100 --reason 'rush order' S1
golden override-window-last-day 0 ar-credit check -v --as-of 2026-04-03 \
	--amount 100.00 S1
ok 'a third override' env USER=carol ar-credit override -q \
	--as-of 2026-04-01 --amount 100 --reason 'rush order' S1
golden override-window-past 1 ar-credit check --as-of 2026-04-04 \
	--amount 100.00 S1

# --- hold and release ----------------------------------------------------

golden hold 0 ar-credit hold $A --reason 'returned check' H1
golden hold-again 2 ar-credit hold $A --reason 'again' H1
golden held 1 ar-credit check $A --amount 1.00 H1
golden release 0 ar-credit release --as-of 2026-04-02 --reason 'paid by wire' H1
golden release-again 2 ar-credit release $A --reason 'again' H1
golden released 0 ar-credit check --as-of 2026-04-02 --amount 1.00 H1
golden history 0 sqlite3 ar.db "SELECT h.status, b.command, b.args
	FROM customer_history h JOIN batch b ON b.id = h.replaced_by_batch
	WHERE h.customer_id = 'H1' ORDER BY h.id;
	SELECT status FROM customer WHERE customer_id = 'H1'"
golden hold-dry 0 ar-credit hold -n $A --reason 'test' H1
is 'a dry-run hold changes nothing' active \
	sqlite3 ar.db "SELECT status FROM customer WHERE customer_id = 'H1'"
golden hold-bankrupt 2 sh -c "sqlite3 ar.db \"UPDATE customer SET
	status = 'bankrupt' WHERE customer_id = 'D1'\" &&
	ar-credit hold $A --reason x D1"

# --- the log ----------------------------------------------------------------

golden log 0 ar-credit log
golden log-customer 0 ar-credit log --customer S1
golden log-dates 0 ar-credit log --from 2026-04-01 --to 2026-04-02 -f json
golden log-table 0 ar-credit log --customer H1 -f table

# --- review ---------------------------------------------------------------

# N1: 95 % of its limit, grade A: 950.00 sold in three months, suggested
# 900.00 (rounded down to a whole 100); O1: over it, grade C (76 days)
# made D by the excess: 25 % of 1,500.00 = 375.00, suggested 300.00;
# S1: on hold with nothing past due, A: 100.00; A0 and Z1, on hold with
# nothing at all, before and after the others
golden review 0 ar-credit review $A
golden review-table 0 ar-credit review $A -f table

# --- output: a file, spreadsheet-safe text ----------------------------------

golden to-file 1 ar-credit check $A --amount 400.01 -o check.csv L1
golden to-file-content 0 cat check.csv
golden excel-safe 0 ar-credit hold $A --excel-safe --reason '=HYPERLINK("x")' N1
golden excel-safe-log 0 ar-credit log --customer N1 --excel-safe -o log.csv
is 'the reason kept as typed' '=HYPERLINK("x")' sqlite3 ar.db \
	"SELECT text FROM activity WHERE kind = 'credit' ORDER BY id DESC LIMIT 1"
golden excel-safe-log-file 0 cat log.csv

# --- bad input -------------------------------------------------------------

golden unknown-customer 3 ar-credit check $A --amount 1 NOPE
golden bad-amount 2 ar-credit check $A --amount 12,3.4 L1
golden zero-amount 2 ar-credit check $A --amount 0 L1
golden too-many-decimals 2 ar-credit check $A --amount 1.001 L1
golden bad-currency 2 ar-credit check $A --amount 1 --currency XYZ L1
golden no-customer 2 ar-credit check $A
golden two-customers 2 ar-credit check $A L1 D1
golden no-job 2 ar-credit
golden bad-job 2 ar-credit approve L1
golden option-of-another-job 2 ar-credit log --amount 5
golden bad-date 2 ar-credit check --as-of 2026-02-30 L1
golden override-no-reason 2 ar-credit override --amount 5 S1
golden override-no-amount 2 ar-credit override --reason x S1
golden hold-no-reason 2 ar-credit hold H1
golden log-from-after-to 2 ar-credit log --from 2026-04-02 --to 2026-04-01
golden log-unknown-customer 3 ar-credit log --customer NOPE
golden missing-ledger 4 ar-credit check -d nope.db L1
golden bad-format 2 ar-credit check -f xml L1
exits 'a bad setting is refused' 2 ar-ledger set credit.approvers 'a b'
exits 'a bad day count is refused' 2 ar-ledger set credit.override_days 0
golden help 0 ar-credit --help
golden help-of-job 0 ar-credit log -h
golden version 0 ar-credit -V
ok 'no ledger problem after all this' ar-ledger check

finish
