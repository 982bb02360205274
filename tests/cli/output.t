#!/bin/sh
# What the commands write for people: text a spreadsheet would run, with
# and without --excel-safe; control characters of customer text in tables
# and text; temporary files of killed runs cleaned by the next run.
#
# The ledger: a customer for each formula of the OWASP CSV injection
# examples, as its name and as its invoice's number, one whose name and
# invoice number hold ESC, BEL and a C1 control, and one with two short
# pays, 30.00 and 60.00.
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
	echo 'G1,Gull Supply,NET30,USD'
} >customers.csv
{
	echo 'invoice_no,customer_id,invoice_date,due_date,amount,currency'
	echo '"=HYPERLINK(""http://x"",""y"")",F1,2026-01-05,2026-02-04,100.00,USD'
	echo "+cmd|' /C calc'!A0,F2,2026-01-05,2026-02-04,200.00,USD"
	echo '@SUM(1),F3,2026-01-05,2026-02-04,300.00,USD'
	echo '-2+3,F4,2026-01-05,2026-02-04,400.00,USD'
	echo "INV-E${ESC}[2J${BEL},E1,2026-01-05,2026-02-04,500.00,USD"
	echo "E${ESC}]0;x${BEL}2,E1,2026-01-20,2026-02-19,20.00,USD"
	echo 'INV-G1,G1,2026-01-05,2026-02-04,100.00,USD'
	echo 'INV-G2,G1,2026-01-06,2026-02-05,100.00,USD'
} >invoices.csv
{
	echo 'payment_no,customer_id,payment_date,amount,currency,method,reference'
	echo 'P1,F1,2026-02-10,60.00,USD,check,'
	echo 'P2,F2,2026-02-10,150.00,USD,check,'
	echo 'P4,F4,2026-02-10,450.00,USD,check,'
	echo "P5,E1,2026-02-10,500.00,USD,check,pay INV-E${ESC}[2J${BEL} now"
	echo 'PG1,G1,2026-02-11,70.00,USD,check,INV-G1'
	echo 'PG2,G1,2026-02-12,40.00,USD,check,INV-G2'
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

# --- text a spreadsheet would run: --excel-safe ------------------------------
# Without it every output is the ledger's text byte for byte (pipes into
# other commands and awk); with it a text cell starting with = + - @, tab
# or CR gets a ' in front, and numbers (the -50.00 unapplied of F4) stay
# numbers.
AS_OF='--as-of 2026-02-28'
golden age-csv 0 ar-age $AS_OF -f csv
golden age-csv-safe 0 ar-age $AS_OF -f csv --excel-safe
golden age-detail-safe 0 ar-age $AS_OF --detail -f csv --excel-safe
golden age-tsv-safe 0 ar-age $AS_OF -f tsv --excel-safe
golden report-csv 0 ar-report $AS_OF -f csv customers
golden report-csv-safe 0 ar-report $AS_OF -f csv --excel-safe customers
golden statement-csv 0 ar-statement -n $AS_OF -f csv --customer F1
golden statement-csv-safe 0 ar-statement -n $AS_OF -f csv --excel-safe \
	--customer F1
golden apply-csv 0 sh -c "ar-apply -q -n $AS_OF -o a.csv && cat a.csv"
golden apply-csv-safe 0 sh -c \
	"ar-apply -q -n $AS_OF --excel-safe -o a.csv && cat a.csv"
golden writeoff-csv 0 sh -c "ar-writeoff -q -n $AS_OF --reason small_balance \
	--under 1000 -o w.csv --journal j.csv && cat w.csv j.csv"
golden writeoff-csv-safe 0 sh -c "ar-writeoff -q -n $AS_OF --excel-safe \
	--reason small_balance --under 1000 -o w.csv --journal j.csv &&
	cat w.csv j.csv"
{
	echo 'invoice_no,customer_id,invoice_date,due_date,amount,currency'
	echo '=1+2,NOBODY,2026-01-05,2026-02-04,100.00,USD'
	echo '@SUM(1),F3,2026-01-05,2026-02-04,-5.00,USD'
} >bad-invoices.csv
golden import-rejects 0 sh -c "ar-import -q -n --skip-bad -t invoices \
	--rejects r.csv bad-invoices.csv; cat r.csv"
golden import-rejects-safe 0 sh -c "ar-import -q -n --skip-bad -t invoices \
	--excel-safe --rejects r.csv bad-invoices.csv; cat r.csv"
cp ar.db named.db
ar-ledger -q -d named.db set company.name '=HYPERLINK("http://x","y")'
golden ledger-get-csv 0 sh -c "ar-ledger -d named.db -f csv get | grep name"
golden ledger-get-csv-safe 0 sh -c \
	"ar-ledger -d named.db --excel-safe -f csv get | grep name"
is 'without --excel-safe a pipe reads the names as imported' \
	"$(sed -n 2,5p customers.csv | cut -d, -f2- | sed 's/,NET30,USD$//')" \
	sh -c "ar-age $AS_OF -f csv | awk '$CSV"'NR > 2 && NR < 7 {
		csvsplit($0, f); v = f[2]; if (v ~ /[",]/) {
		gsub(/"/, "\"\"", v); v = "\"" v "\"" } print v }'"'"

# --- control characters in tables and text -----------------------------------
golden age-table 0 ar-age $AS_OF -f table
golden age-detail-table 0 ar-age $AS_OF --detail -f table --customer E1
golden report-table 0 ar-report $AS_OF -f table customers
golden apply-table 0 ar-apply -n $AS_OF -f table --explain --customer E1
golden writeoff-table 0 ar-writeoff -n $AS_OF -f table --reason small_balance \
	--customer E1
golden statement-text 0 ar-statement -n $AS_OF --customer E1
cp loaded.db over.db
sqlite3 over.db "INSERT INTO application (credit_doc, debit_doc, amount,
	effective_date, rule, batch_id) SELECT c.id, d.id, 100000,
	'2026-02-25', 'manual', 1 FROM document c, document d
	WHERE c.doc_no = 'P5' AND d.doc_no LIKE 'INV-E%'"
golden ledger-check-text 1 ar-ledger -d over.db check
is 'no ESC, BEL or C1 byte in any of them' 0 sh -c \
	"cat '$GOLDEN'/*table* '$GOLDEN'/*-text.* |
	 LC_ALL=C grep -c '[$ESC$BEL]\|$CSI'"

# --- a lost output file made again: ar-apply --batch --------------------------
ar-ledger -q init 2>/dev/null
ok 'ar-apply -o, a run with a short pay written off and one left short' \
	ar-apply -q $AS_OF --writeoff-under 45 -o applied.csv
is 'the summary names the batch' 'ar-apply: batch 9' \
	sh -c "ar-apply $AS_OF 2>&1 >/dev/null | cut -d: -f1,2"
ok '--batch 8 -o writes the file again' ar-apply --batch 8 -o again.csv
ok '... byte for byte' cmp applied.csv again.csv
is '... with the run flags' 'short_pay
short_pay
short' sh -c "cut -d, -f11 again.csv | grep short"
golden batch-stdout 0 ar-apply --batch 8 -f csv
golden batch-safe 0 ar-apply --batch 8 -f csv --excel-safe
golden batch-unknown 3 ar-apply --batch 99
golden batch-not-apply 2 ar-apply --batch 5
golden batch-with-run 2 ar-apply --batch 8 --as-of 2026-02-28
cp loaded.db bulk.db
ok 'a run posted in bulk (-f tsv)' env AR_BULK_APPLICATIONS=1 \
	ar-apply -q -d bulk.db $AS_OF --writeoff-under 45 -f tsv -o bulk.tsv
ok '... is written again byte for byte' sh -c \
	'ar-apply -d bulk.db --batch 8 -f tsv | cmp - bulk.tsv'
ok 'an undo run too' sh -c 'ar-apply -q --undo 8 -o undo.csv &&
	ar-apply --batch 10 | cmp - undo.csv'


# --- a table's columns stay aligned under wide and accented letters -------

printf 'customer_id,name\nC1,東京商事株式会社\nC2,Alder Tools\nC3,Crème Brûlée Société\n' >cjk-c.csv
printf 'invoice_no,customer_id,invoice_date,due_date,amount,currency\nI1,C1,2026-09-01,2026-10-01,100.00,USD\nI2,C2,2026-09-01,2026-10-01,2500.00,USD\nI3,C3,2026-10-01,2026-10-31,50.00,USD\n' >cjk-i.csv
ar-import -q -d cjk.db cjk-c.csv cjk-i.csv
ar-age -d cjk.db --as-of 2026-10-31 -f table --wide >cjk.out
# the terminal column (East Asian wide letters take two) at which each
# line's currency starts: the header's and every row's the same
is 'wide letters: the currency column lines up' '35 35 35 35 35' \
	/usr/bin/python3 -c '
import sys, unicodedata
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in s)
out = []
for line in open("cjk.out", encoding="utf-8").read().split("\n")[1:]:
    for word in ("currency", "USD"):
        k = line.find(word)
        if k >= 0:
            out.append(str(cols(line[:k])))
            break
print(" ".join(out))'
finish
