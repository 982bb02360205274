#!/bin/sh
# ar-dun -f pdf: dunning letters as PDF, read back with poppler-utils
# (pdfinfo: pages and paper; pdffonts: every font embedded; pdftotext
# -layout: what a reader sees).  The ledger of dun.t (data/dun-*.csv,
# levels 1:3,2:15,3:30, level 1 at 10% a year, level 2 a fee of 5.00),
# plus L1, a Greek and accented customer with 70 overdue invoices, and H2,
# whose name is markup, "%PDF" and control characters.
#
# On 2026-11-20, level 1 at 10% (worked out in dun.t for A1, E5, F6):
#   A1 I-1 1,000.00 -> 13.70, I-2 250.00 -> 0.41; total due 1,264.11
#   E5 101.37, F6 304.11
#   L1 70 x 100.00 due 2026-10-01, 50 days: 100.00 x 10 / 100 / 365 x 50
#      = 1.3698... -> 1.37 each; 7,000.00 + 95.90 = 7,095.90
#   H2 42.00 x 10 / 100 / 365 x 50 = 0.5753... -> 0.58; total 42.58
# On 2026-12-04 A1 at level 2 (as dun.t's run-2): 1,264.11 overdue (the
# charges of 11-20 among it) + the fee of 5.00 = 1,269.11.
. "$(dirname "$0")/lib.sh"

for tool in pdfinfo pdffonts pdftotext pdftoppm; do
	command -v $tool >/dev/null || { echo "1..0 # SKIP no $tool (poppler-utils)"; exit 0; }
done

pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
paper() { pdfinfo "$1" | sed -n 's/^Page size: *//p'; }
unembedded() { pdffonts "$1" | awk 'NR > 2 && $(NF - 4) != "yes"'; }
# shows FILE STRING...: every STRING is in the text of FILE
shows() {
	_f=$1
	shift
	pdftotext -layout "$_f" - >.text || return 1
	for _s in "$@"; do
		grep -qF -- "$_s" .text || { echo "# missing: $_s"; return 1; }
	done
}
# letters DB: the letters recorded, with their level
letters() {
	sqlite3 "$1" "SELECT c.customer_id, a.kind, a.amount, a.level FROM
		activity a JOIN customer c ON c.id = a.customer WHERE a.level
		IS NOT NULL ORDER BY a.id"
}

USER=tester
export USER
ok 'init' ar-ledger -q -d ar.db init
ok 'customers' ar-import -q -d ar.db -t customers "$DATA/dun-customers.csv"
ok 'invoices' ar-import -q -d ar.db -t invoices "$DATA/dun-invoices.csv"
ok 'the dispute of I-3' ar-dispute open -q -d ar.db --date 2026-10-20 \
	--reason pricing I-3
ok 'the dispute of I-6' ar-dispute open -q -d ar.db --date 2026-10-20 \
	--reason damaged I-6
ok 'the promise of G7' ar-note -q -d ar.db --at 2026-11-18T15:00Z \
	--collector tester G7 promise --amount 100 --on 2026-11-30 -o /dev/null
ok 'the pause of H8' ar-dun -q -d ar.db --as-of 2026-11-19 --pause H8 \
	--until 2026-11-30 --reason 'customer in talks'
{
	echo 'customer_id,name,address1,city,postal_code,country'
	echo 'L1,Άλφα Ωμέγα Μονοπρόσωπη Ι.Κ.Ε. — Crème Brûlée Société,Οδός Ερμού 12,Αθήνα,105 63,GR'
	printf 'H2,"<b>Bold</b> %%PDF-1.7 \001\033[31m End",1 Main St,Dover,19901,US\n'
} >more-customers.csv
awk 'BEGIN {
	print "invoice_no,customer_id,invoice_date,due_date,amount,currency"
	for (i = 1; i <= 70; i++)
		printf "INV-L%04d,L1,2026-09-01,2026-10-01,100.00,USD\n", i
	print "INV-H2,H2,2026-09-01,2026-10-01,42.00,USD"
}' >more-invoices.csv
ok 'import L1 and H2' ar-import -q -d ar.db -t customers more-customers.csv
ok 'import their invoices' ar-import -q -d ar.db -t invoices more-invoices.csv
export AR_DB=ar.db
for kv in company.name='Acme Supply' company.address='1 Main Road\nSpringfield' \
	company.email=ar@acme.example \
	company.remit_to='Acme Supply\nPO Box 1\nSpringfield' \
	dunning.levels=1:3,2:15,3:30 dunning.interest.1=10 dunning.fee.2=5.00 \
	dunning.interest.3=36.5; do
	ok "set ${kv%%=*}" ar-ledger set "${kv%%=*}" "${kv#*=}"
done
cp ar.db before.db

# --- one file per letter ----------------------------------------------------
golden dir 0 ar-dun --as-of 2026-11-20 -f pdf -o out
is 'a PDF each' 'A1.pdf E5.pdf F6.pdf H2.pdf L1.pdf' sh -c 'ls out | xargs'
is 'files are mode 0600' '600 600 600 600 600' sh -c 'stat -c %a out/* | xargs'
ok 'no temporary file is left' sh -c 'test -z "$(ls -A out | grep "^\.")"'
is 'A1: one page' 1 pages out/A1.pdf
is 'A1: A4 (the default paper)' '595.276 x 841.89 pts (A4)' paper out/A1.pdf
is 'A1: every font embedded' '' unembedded out/A1.pdf
is 'created as of the letter date' 'Fri Nov 20 00:00:00 2026 UTC' \
	sh -c "pdfinfo out/A1.pdf | sed -n 's/^CreationDate: *//p'"
is 'A1: under 60 KB' yes sh -c 'test $(stat -c %s out/A1.pdf) -lt 61440 && echo yes'
ok 'A1: name, items, interest, total due, how to pay, slip' shows out/A1.pdf \
	'Ålesund Trading AS' 'Storgata 1' 'Payment reminder' 'I-1' 'I-2' \
	'13.70' '0.41' '14.11' '1,250.00' 'Late interest at 10% a year' \
	'USD 1,264.11' 'How to pay' 'PO Box 1' 'Remittance advice' \
	'Amount enclosed' 'Please remit to' '1 of 1'
ok 'A1: the disputed I-3 is not in it' sh -c '! pdftotext out/A1.pdf - | grep -q "I-3"'
ok 'A1: no fee at level 1, none said' sh -c '! pdftotext out/A1.pdf - | grep -q "fee"'
# the whole page as a reader sees it
pdftotext -layout out/A1.pdf a1.txt
golden a1-page 0 cat a1.txt
ok 'E5 and F6: their totals' sh -c 'pdftotext out/E5.pdf - | grep -q "USD 101.37" &&
	pdftotext out/F6.pdf - | grep -q "USD 304.11"'
ok 'F6: its address in the window' shows out/F6.pdf 'Paper Only Ltd' \
	'1 Mill Lane' 'Leeds'
is 'the letters recorded with their level, as with -f text -o' \
'A1|letter|126411|1
E5|letter|10137|1
F6|letter|30411|1
H2|letter|4258|1
L1|letter|709590|1' letters ar.db

# a second currency: a letter of its own, named by its code (EUR first)
cp before.db eur.db
printf 'invoice_no,customer_id,invoice_date,due_date,amount,currency\nI-E1,A1,2026-09-01,2026-10-01,80.00,EUR\n' >eur.csv
ok 'A1 owes EUR too' ar-import -q -d eur.db -t invoices eur.csv
ok 'letters into a directory' ar-dun -q -d eur.db --as-of 2026-11-20 \
	--customer A1 -f pdf -o eur
is 'a file each' 'A1-USD.pdf A1.pdf' sh -c 'ls eur | xargs'
# 80.00 x 10 / 100 / 365 x 50 = 1.0958... -> 1.10
ok 'the EUR letter' shows eur/A1.pdf 'Overdue items in EUR' 'I-E1' '1.10' \
	'EUR 81.10'
ok 'the USD letter' shows eur/A1-USD.pdf 'Overdue items in USD' 'USD 1,264.11'

# --- a long letter: the table over pages -----------------------------------
ok 'L1: Greek and accents as written' shows out/L1.pdf \
	'Άλφα Ωμέγα Μονοπρόσωπη' 'Crème Brûlée Société' 'Οδός Ερμού 12' \
	'105 63 Αθήνα' 'USD 7,095.90' '95.90'
is 'L1: every one of the 70 invoices' 70 sh -c "pdftotext -layout out/L1.pdf - |
	grep -o 'INV-L[0-9]*' | sort -u | wc -l"
# 70 rows fill two pages; the slip, with no room left, takes a third
n=$(pages out/L1.pdf)
is 'L1: three pages' 3 echo "$n"
for p in 1 2 3; do
	is "L1 page $p: its number" 1 sh -c "pdftotext -layout -f $p -l $p \
		out/L1.pdf - | grep -c '$p of 3'"
done
for p in 1 2; do
	is "L1 page $p: the table's head" 1 sh -c "pdftotext -layout -f $p -l $p \
		out/L1.pdf - | grep -c 'Number  *Type  *Date  *Due date  *Days overdue  *Open  *Interest'"
done
is 'L1: the running head after the first page' 1 sh -c "pdftotext -layout -f 2 -l 2 \
	out/L1.pdf - | grep -c 'Acme Supply.*Payment reminder · customer L1 · 2026-11-20'"
is 'L1: the slip on the last page only' '0 0 1' sh -c 'for p in 1 2 3; do
	pdftotext -f $p -l $p out/L1.pdf - | grep -c "Remittance advice"; done | xargs'
is 'L1: every font embedded' '' unembedded out/L1.pdf

# --- hostile text is text ---------------------------------------------------
ok 'H2: markup, %PDF and controls as text' shows out/H2.pdf \
	'<b>Bold</b> %PDF-1.7 ??[31m End' 'INV-H2' 'USD 42.58'
is 'H2: one PDF header in the file' 1 sh -c 'grep -ac "^%PDF-" out/H2.pdf'

# --- the same bytes ---------------------------------------------------------
cp before.db again.db
sleep 1
ok 'a second run' ar-dun -q -d again.db --as-of 2026-11-20 -f pdf -o again
ok 'gives the same bytes' sh -c 'for f in out/*; do
	cmp "$f" "again/${f#out/}" || exit 1; done'

# --- one file for a print run; a pipe; a second level -----------------------
cp before.db one.db
golden one-file 0 ar-dun -d one.db --as-of 2026-11-20 -f pdf --one-file all.pdf
ok 'the same letters' shows all.pdf 'USD 1,264.11' 'USD 101.37' 'USD 304.11' \
	'USD 7,095.90' 'USD 42.58'
is 'each letter on pages of its own' $((4 + n)) pages all.pdf
is 'a slip at the end of each' 5 sh -c 'pdftotext all.pdf - | grep -c "Remittance advice"'
# in customer number order: A1, E5, F6, H2, L1 (three pages)
is 'page numbers restart per letter' '1 of 1|1 of 1|1 of 1|1 of 1|1 of 3|2 of 3|3 of 3' \
	sh -c 'for p in 1 2 3 4 5 6 7; do pdftotext -layout -f $p -l $p all.pdf - |
		grep -o "[0-9] of [0-9]"; done | paste -sd"|"'
is 'mode 0600' 600 stat -c %a all.pdf
is 'a print run is recorded as sent' "$(letters ar.db)" letters one.db
cp before.db pipe.db
ar-dun -q -d pipe.db --as-of 2026-11-20 -f pdf >piped.pdf
ok 'to a pipe: the same file' cmp all.pdf piped.pdf
unchanged pipe.db before.db 'on standard output a preview: nothing recorded'
cp before.db dash.db
ar-dun -q -d dash.db --as-of 2026-11-20 -f pdf --one-file - >dash.pdf
ok '--one-file - is standard output' cmp all.pdf dash.pdf
unchanged dash.db before.db 'a preview too: nothing recorded'
golden one-file-nothing 0 ar-dun -d one.db --as-of 2026-11-21 -f pdf \
	--customer M11 --level 2 --one-file none.pdf
ok 'no letter: no file' test ! -e none.pdf
ok 'level 1, its interest posted' ar-dun -q -d pipe.db --as-of 2026-11-20 \
	--customer A1 --post-charges -f pdf -o lv1
ok 'then level 2: a fee' ar-dun -q -d pipe.db --as-of 2026-12-04 --customer A1 \
	--post-charges -f pdf --one-file level2.pdf
ok 'level 2: the words, the fee, the charges of 11-20 as items' shows level2.pdf \
	'Second reminder' 'This is our second reminder' 'Reminder fee' '5.00' \
	'FC-' '13.70' 'USD 1,269.11'
is 'level 2 recorded, its fee posted' 'A1|letter|126411|1
A1|letter|126911|2' letters pipe.db
is 'the fee as a finance charge' 1 sqlite3 pipe.db "SELECT count(*) FROM
	document WHERE doc_type = 'finance_charge' AND amount = 500"

# --- letter paper, a logo (on a ledger where the letters are due) ----------
cp before.db paper.db
AR_DB=paper.db
ok 'print.paper letter' ar-ledger set print.paper letter
ar-dun -q -n --as-of 2026-11-20 --customer A1 -f pdf >letter.pdf
is 'letter paper' '612 x 792 pts (letter)' paper letter.pdf
ok 'letter: the same letter' shows letter.pdf 'USD 1,264.11' 'I-2' \
	'Remittance advice'
pdftoppm -png -r 10 -singlefile letter.pdf logo
ok 'company.logo' ar-ledger set company.logo logo.png
ar-dun -q -n --as-of 2026-11-20 --customer A1 -f pdf >logo.pdf
is 'the logo is in the letterhead' 1 sh -c 'pdfimages -list logo.pdf | awk "NR > 2" | wc -l'
mv logo.png gone.png
exits 'a logo gone: exit 4' 4 ar-dun -n --as-of 2026-11-20 -f pdf --one-file gone.pdf
is 'saying which file' "ar-dun: company.logo: cannot read '$PWD/logo.png': No such file or directory" cat .last
ok 'and writing none' test ! -e gone.pdf
ok 'company.logo unset' ar-ledger set company.logo ''
ok 'print.paper a4' ar-ledger set print.paper a4

# --- the words of a level: levelN.letter ------------------------------------
mkdir tpl
printf 'Dear {{customer_name}},\n\nyour account {{customer_id}} shows {{total_due}} {{currency}} past due.\n\nKind regards\n' >tpl/level1.letter
ok 'a template directory' ar-ledger set dunning.templates tpl
ar-dun -q -n --as-of 2026-11-20 --customer A1 -f pdf >tpl.pdf
ok 'its words, with the items, charges and slip' shows tpl.pdf \
	'Dear Ålesund Trading AS,' 'your account A1 shows 1,264.11 USD past due.' \
	'Kind regards' 'I-1' 'USD 1,264.11' 'Remittance advice'
ok 'not the built-in words' sh -c '! pdftotext tpl.pdf - | grep -q "Our records show"'
printf 'Dear {{name}}\n' >tpl/level1.letter
golden letter-unknown 2 ar-dun -n --as-of 2026-11-20 -f pdf -o bad
ok 'back to the built-in templates' ar-ledger set dunning.templates ''

# --- bad options ------------------------------------------------------------
cp paper.db before2.db
golden one-file-text 2 ar-dun --as-of 2026-11-20 --one-file x.txt
golden dir-and-one-file 2 ar-dun --as-of 2026-11-20 -f pdf -o d --one-file f.pdf
golden pdf-sendmail 2 ar-dun --as-of 2026-11-20 -f pdf --sendmail cat
golden pause-one-file 2 ar-dun --as-of 2026-11-19 --pause A1 --until 2026-12-01 \
	--reason x --one-file f.pdf
exits 'to a terminal: exit 2' 2 script -qec "ar-dun --as-of 2026-11-20 -f pdf" /dev/null
is 'saying what to do' 'ar-dun: -f pdf: not to a terminal (use -o DIR, --one-file FILE or a pipe)' \
	sh -c 'tr -d "\r" <.last'
exits '--one-file in a missing directory: exit 4' 4 ar-dun --as-of 2026-11-20 \
	-f pdf --one-file nodir/x.pdf
exits 'a failed write: exit 4' 4 sh -c 'ar-dun --as-of 2026-11-20 -f pdf >/dev/full'
unchanged paper.db before2.db 'refused runs change nothing'

# every PDF this script made: readable, every font embedded
find . -name '*.pdf' | sort >pdfs
ok 'PDFs made here' test "$(wc -l <pdfs)" -ge 15
is 'every one reads, with every font embedded' '' sh -c 'while read -r f; do
	pdfinfo "$f" >/dev/null 2>&1 || echo "$f: unreadable"
	pdffonts "$f" 2>/dev/null | awk -v f="$f" "NR > 2 && \$(NF - 4) != \"yes\" { print f }"
done <pdfs'

finish
