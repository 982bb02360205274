#!/bin/sh
# What the commands write for people: text a spreadsheet would run, with
# and without --excel-safe; control characters of customer text in tables
# and text; temporary files of killed runs cleaned by the next run.
#
# The ledger: a customer for each formula of the OWASP CSV injection
# examples, as its name and as its invoice's number, and one whose name
# and invoice number hold ESC, BEL and a C1 control.
. "$(dirname "$0")/lib.sh"

export AR_DB=ar.db
ESC=$(printf '\033')
BEL=$(printf '\007')
CSI=$(printf '\302\233')	# U+009B in UTF-8

{
	echo 'customer_id,name,terms,currency'
	echo 'F1,"=HYPERLINK(""http://x"",""y"")",NET30,USD'
	echo "F2,+cmd|' /C calc'!A0,NET30,USD"
	echo 'F3,@SUM(1),NET30,USD'
	echo 'F4,-2+3,NET30,USD'
	echo "E1,Evil${ESC}[2J${BEL} Co${CSI}1m,NET30,USD"
} >customers.csv
{
	echo 'invoice_no,customer_id,invoice_date,due_date,amount,currency'
	echo '"=HYPERLINK(""http://x"",""y"")",F1,2026-01-05,2026-02-04,100.00,USD'
	echo "+cmd|' /C calc'!A0,F2,2026-01-05,2026-02-04,200.00,USD"
	echo '@SUM(1),F3,2026-01-05,2026-02-04,300.00,USD'
	echo '-2+3,F4,2026-01-05,2026-02-04,400.00,USD'
	echo "INV-E${ESC}[2J${BEL},E1,2026-01-05,2026-02-04,500.00,USD"
	echo "E${ESC}]0;x${BEL}2,E1,2026-01-20,2026-02-19,20.00,USD"
} >invoices.csv
{
	echo 'payment_no,customer_id,payment_date,amount,currency,method,reference'
	echo 'P1,F1,2026-02-10,60.00,USD,check,'
	echo 'P2,F2,2026-02-10,150.00,USD,check,'
	echo 'P4,F4,2026-02-10,450.00,USD,check,'
	echo "P5,E1,2026-02-10,500.00,USD,check,pay INV-E${ESC}[2J${BEL} now"
} >payments.csv
ar-ledger -q init
for s in 'gl.receivables 1200' 'gl.bad_debt_expense 6400' \
	'gl.bad_debt_recovery 4900'; do
	ar-ledger -q set $s
done
for kind in customers invoices payments; do
	ar-import -q -t "$kind" "$kind.csv"
done
cp ar.db loaded.db

# --- temporary files of killed runs ----------------------------------------
# a PID that is surely gone: a shell that has exited
dead=$(sh -c 'echo $$')
while kill -0 "$dead" 2>/dev/null; do dead=$((dead + 1)); done
mkdir tmp
for f in "aging.csv.tmp.$dead.AbC123" "aging.csv.tmp.$$.XyZ789" \
	"other.csv.tmp.$dead.AbC123" "aging.csv.tmp.x.AbC123"; do
	echo partial >"tmp/$f"
done
ok 'ar-age -o with stale temporaries beside it' \
	ar-age --as-of 2026-02-28 -o tmp/aging.csv
is 'the temporary of a dead run is removed; a live one and others kept' \
	"aging.csv
aging.csv.tmp.$$.XyZ789
aging.csv.tmp.x.AbC123
other.csv.tmp.$dead.AbC123" ls tmp
echo partial >"tmp/applied.csv.tmp.$dead.Qq1234"
ok 'ar-apply -n -o with a stale temporary' \
	ar-apply -q -n --as-of 2026-02-28 -o tmp/applied.csv
is 'removed by ar-apply too' 0 sh -c 'ls tmp | grep -c "^applied.csv.tmp"'
ok 'cleaned in the current directory as well' \
	sh -c "cd tmp && echo x >aging.csv.tmp.$dead.Zz9876 &&
	       ar-age -d ../ar.db --as-of 2026-02-28 -o aging.csv &&
	       ! test -e aging.csv.tmp.$dead.Zz9876"
is 'the output has its own name and no temporary of its own is left' \
	"aging.csv
aging.csv.tmp.$$.XyZ789
aging.csv.tmp.x.AbC123
applied.csv
other.csv.tmp.$dead.AbC123" ls tmp

finish
