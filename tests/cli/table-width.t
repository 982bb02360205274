#!/bin/sh
# -f table on a terminal fits its width ($COLUMNS, else the terminal's):
# names cut, amount columns of zeros left out, then the text columns after
# the amounts, the legend wrapped; --wide shows everything; pipes and
# files are as wide as their cells.  The terminal is script(1)'s.
. "$(dirname "$0")/lib.sh"

cat >customers.csv <<'CSV'
customer_id,name,collector
T1,Gulf Coast Electrical Contractors Holdings,Maria Gonzalez
T2,Patriot Supply Partners,Tom Kowalski
CSV
cat >invoices.csv <<'CSV'
invoice_no,customer_id,invoice_date,due_date,amount
I-1,T1,2026-10-01,2026-10-31,2569.92
I-2,T1,2026-09-01,2026-10-01,1000.00
I-3,T2,2026-05-01,2026-05-31,895.96
CSV
ar-import -q -d t.db customers.csv invoices.csv || echo '# import failed'

# tty COLUMNS CMD...: CMD's stdout on a terminal COLUMNS wide
tty() {
	_w=$1
	shift
	COLUMNS=$_w script -qec "$*" /dev/null </dev/null | tr -d '\r'
}
# widest FILE: the longest line of FILE, in characters
widest() {
	LC_ALL=C.UTF-8 awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1"
}

AGE="ar-age -d t.db --as-of 2026-10-31"
tty 100 "$AGE" >t100.out
tty 200 "$AGE" >t200.out
golden columns-100 0 cat t100.out
golden columns-200 0 cat t200.out
is 'no line wider than 100' 1 sh -c "[ \$(LC_ALL=C.UTF-8 awk '{ if (length(\$0) > m) m = length(\$0) } END { print m }' t100.out) -le 100 ] && echo 1"
is 'no line wider than 200' 1 sh -c "[ \$(LC_ALL=C.UTF-8 awk '{ if (length(\$0) > m) m = length(\$0) } END { print m }' t200.out) -le 200 ] && echo 1"
$AGE -f table >pipe.out
tty 100 "$AGE --wide" >wide.out
ok '--wide on a terminal is the whole table' cmp pipe.out wide.out
COLUMNS=100 $AGE -f table >pipe100.out
ok 'a pipe is as wide as its cells, whatever COLUMNS says' cmp pipe.out pipe100.out
is 'the whole table is wider than 200' 1 sh -c "[ $(widest pipe.out) -gt 200 ] && echo 1"
tty 100 "$AGE -f csv" >csv-tty.out
$AGE -f csv >csv.out
ok 'csv on a terminal is not cut' cmp csv.out csv-tty.out
tty 60 "ar-report -d t.db --as-of 2026-10-31 worklist" >worklist60.out
golden worklist-60 0 cat worklist60.out

finish
