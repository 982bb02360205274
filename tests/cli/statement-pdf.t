#!/bin/sh
# ar-statement -f pdf: every PDF made here is read back with poppler-utils
# (pdfinfo: pages and paper; pdffonts: every font embedded; pdftotext
# -layout: the text a reader sees).  The ledger of statement.t (S100's
# open items and October activity, the hostile ../x, two currencies),
# plus L1, a Greek, Cyrillic and accented customer with 90 invoices (three
# A4 pages), and H2, whose name is markup, "%PDF" and control characters.
# -o DIR, --one-file, a pipe; the same bytes on two runs, dated as of;
# letter paper; the logo; bad settings and options.
. "$(dirname "$0")/lib.sh"

for tool in pdfinfo pdffonts pdftotext pdfimages pdftoppm; do
	command -v $tool >/dev/null || { echo "1..0 # SKIP no $tool (poppler-utils)"; exit 0; }
done

# pages FILE: the page count; paper FILE: "W x H pts (NAME)"
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
paper() { pdfinfo "$1" | sed -n 's/^Page size: *//p'; }
# unembedded FILE: fonts not embedded (none is the answer), after the
# two header lines; fonts FILE: how many there are
unembedded() { pdffonts "$1" | awk 'NR > 2 && $(NF - 4) != "yes"'; }
fonts() { pdffonts "$1" | awk 'NR > 2' | wc -l; }
# text FILE [PAGE]: what a reader sees, with the layout
text() {
	if [ $# -gt 1 ]; then
		pdftotext -layout -f "$2" -l "$2" "$1" -
	else
		pdftotext -layout "$1" -
	fi
}
# shows FILE STRING...: every STRING is in the text of FILE
shows() {
	_f=$1
	shift
	text "$_f" >.text || return 1
	for _s in "$@"; do
		grep -qF -- "$_s" .text || { echo "# missing: $_s"; return 1; }
	done
}

ok 'init' ar-ledger -q -d x.db init
ok 'company.name' ar-ledger -q -d x.db set company.name 'Harbor Supply Co.'
ok 'company.address' ar-ledger -q -d x.db set company.address '1200 Commerce Way\nBakersfield, CA 93301'
ok 'company.remit_to' ar-ledger -q -d x.db set company.remit_to 'Harbor Supply Co.\nPO Box 4410\nBakersfield, CA 93302'
ok 'statement.message' ar-ledger -q -d x.db set statement.message \
	'Thank you for your business. Questions: ar@harborsupply.example, (661) 555-0142.'
for t in customers invoices payments credits applications; do
	ok "import $t" ar-import -q -d x.db -t $t "$DATA/statement-$t.csv"
done
printf 'doc_no,amount\nINV-S1,600.00\n' >writeoff.csv
ok 'write-off' ar-writeoff -q -d x.db --as-of 2026-10-20 --reason bad_debt writeoff.csv
ok 'returned payment' ar-apply -q -d x.db --reverse PAY-S2 --date 2026-10-25 \
	--fee 25.00 --reason 'insufficient funds'
# L1: 90 invoices of (i * 13).(i % 100), one a month day by day; every
# seventh has a long Russian and French description
{
	echo 'customer_id,name,address1,city,postal_code,country'
	echo 'L1,Άλφα Ωμέγα Μονοπρόσωπη Ι.Κ.Ε. — ООО «Ёлка» Crème Brûlée Société,Οδός Ερμού 12,Αθήνα,105 63,GR'
	printf 'H2,"<b>Bold</b> %%PDF-1.7 \001\033[31m End",1 Main St,Dover,19901,US\n'
} >more-customers.csv
awk 'BEGIN {
	print "invoice_no,customer_id,invoice_date,amount,description"
	for (i = 1; i <= 90; i++)
		printf "INV-L%04d,L1,2026-%02d-%02d,%d.%02d,%s\n", i,
		    1 + int((i - 1) / 10), 1 + i % 28, i * 13, i % 100,
		    (i % 7 ? "Item " i : "\"Поставка товаров по договору № 17, partie " i " avec des accents à envelopper\"")
	print "INV-H2,H2,2026-10-01,42.00,<i>markup</i> %PDF-1.4"
}' >more-invoices.csv
ok 'import L1 and H2' ar-import -q -d x.db -t customers more-customers.csv
ok 'import their invoices' ar-import -q -d x.db -t invoices more-invoices.csv
cp x.db clean.db

ST="ar-statement -d x.db --as-of 2026-10-31 -n"

# --- one file per customer -------------------------------------------------

golden dir 0 $ST -f pdf -o out -v
is 'one PDF per customer, made safe and unique' 'H2.pdf
L1.pdf
S100.pdf
S300.pdf
_._x-2.pdf
_._x.pdf' ls out
is 'files are mode 0600' '600 600 600 600 600 600' sh -c 'stat -c %a out/* | xargs'
ok 'no temporary file is left' sh -c 'test -z "$(ls -A out | grep "^\.")"'
is 'S100: one page' 1 pages out/S100.pdf
is 'S100: A4 (the default paper)' '595.276 x 841.89 pts (A4)' paper out/S100.pdf
is 'S100: every font embedded' '' unembedded out/S100.pdf
ok 'S100: a font at least' test "$(fonts out/S100.pdf)" -ge 1
is 'S100: under 60 KB' yes sh -c 'test $(stat -c %s out/S100.pdf) -lt 61440 && echo yes'
is 'created as of the statement date' 'Sat Oct 31 00:00:00 2026 UTC' \
	sh -c "pdfinfo out/S100.pdf | sed -n 's/^CreationDate: *//p'"
ok 'S100: name, every document, amount due, slip' shows out/S100.pdf \
	'Statement Test Co' 'INV-S2' 'INV-S3' 'PAY-S3' 'NSF-PAY-S2' 'INV-S4' \
	'USD 1,145.00' 'Remittance advice' 'Amount enclosed' 'Please remit to' \
	'PO Box 4410' 'Page' '1 of 1'
# the whole page as a reader sees it (worked out in statement.t's
# open-item-text golden: the same lines, aging and amount due)
text out/S100.pdf >s100.txt
golden open-item-page 0 cat s100.txt

# --- three pages: the running head, page numbers, the slip at the end ----

is 'L1: three pages' 3 pages out/L1.pdf
ok 'L1: Greek, Cyrillic and accents as written' shows out/L1.pdf \
	'Άλφα Ωμέγα Μονοπρόσωπη' 'ООО «Ёлка»' 'Crème Brûlée Société' \
	'Οδός Ερμού 12' '105 63 Αθήνα' 'Поставка' 'товаров' 'envelopper'
ok 'L1: every one of the 90 invoices' sh -c "pdftotext -layout out/L1.pdf - |
	grep -o 'INV-L[0-9]*' | sort -u | wc -l | grep -qx 90"
# 13 x (1 + ... + 90) = 53,235.00 and (1 + ... + 90) cents = 40.95
ok 'L1: the amount due' shows out/L1.pdf 'USD 53,275.95'
for p in 1 2 3; do
	is "L1 page $p: its number" 1 sh -c "pdftotext -layout -f $p -l $p out/L1.pdf - |
		grep -c '$p of 3'"
	is "L1 page $p: the table's head" 1 sh -c "pdftotext -layout -f $p -l $p out/L1.pdf - |
		grep -c 'Date  *Type  *Number  *Description  *Due date  *Days  *Amount  *Open'"
done
for p in 2 3; do
	is "L1 page $p: the running head" 1 sh -c "pdftotext -layout -f $p -l $p out/L1.pdf - |
		grep -c 'Harbor Supply Co\..*Statement of account · customer L1 · 2026-10-31'"
done
is 'L1: the slip on the last page only' '0 0 1' sh -c 'for p in 1 2 3; do
	pdftotext -f $p -l $p out/L1.pdf - | grep -c "Remittance advice"; done | xargs'
is 'L1: every font embedded' '' unembedded out/L1.pdf

# --- hostile text is text ------------------------------------------------

ok 'H2: markup, %PDF and controls as text' shows out/H2.pdf \
	'<b>Bold</b> %PDF-1.7 ??[31m End' '<i>markup</i>' '%PDF-1.4'
is 'H2: one PDF header in the file' 1 sh -c 'grep -ac "^%PDF-" out/H2.pdf'
ok 'H2: the file reads' pdfinfo out/H2.pdf
ok '../x: quotes, script, formula as text' shows out/_._x.pdf \
	'"Quoted" <script>alert('"'x'"')</script> &' '=HYPERLINK("http://evil")' \
	"=cmd|' /C calc'!A0" '<b>not' 'bold</b>' '8001 Zürich'

# --- the same bytes ------------------------------------------------------

sleep 1
$ST -f pdf -o again
ok 'a second run gives the same bytes' sh -c 'for f in out/*; do
	cmp "$f" "again/${f#out/}" || exit 1; done'

# --- one file for a print run; a pipe -----------------------------------

golden one-file 0 $ST -f pdf --one-file all.pdf -v
# in customer number order: ../x, H2, L1 (three pages), S100, S300, _._x
is 'each statement on pages of its own: 1 + 1 + 3 + 1 + 1 + 1' 8 pages all.pdf
is 'page numbers restart per customer' '1 of 1|1 of 1|1 of 3|2 of 3|3 of 3|1 of 1|1 of 1|1 of 1' \
	sh -c 'for p in 1 2 3 4 5 6 7 8; do pdftotext -layout -f $p -l $p all.pdf - |
		grep -o "[0-9] of [0-9]"; done | paste -sd"|"'
is 'a slip at the end of each' 6 sh -c 'pdftotext all.pdf - | grep -c "Remittance advice"'
is 'mode 0600' 600 stat -c %a all.pdf
ok 'the same bytes again' sh -c "$ST -f pdf --one-file all2.pdf && cmp all.pdf all2.pdf"
$ST -f pdf >piped.pdf
ok 'to a pipe: the same file' cmp all.pdf piped.pdf
golden one-file-text 0 $ST --one-file s100.txt --customer S100
$ST --customer S100 >s100-stream.txt
ok '--one-file holds what the stream has, in any format' cmp s100.txt s100-stream.txt
golden one-file-nothing 0 $ST -f pdf --customer S400 --one-file none.pdf
ok 'no statement: no file' test ! -e none.pdf
ok 'no temporary file is left' sh -c 'test -z "$(ls -A | grep "\.tmp\.")"'

# --- letter paper, a logo -------------------------------------------------

ok 'print.paper letter' ar-ledger -q -d x.db set print.paper letter
$ST -f pdf --customer S100 --one-file letter.pdf
is 'letter paper' '612 x 792 pts (letter)' paper letter.pdf
ok 'letter: the same statement' shows letter.pdf 'USD 1,145.00' 'INV-S4' \
	'Remittance advice'
pdftoppm -png -r 10 -singlefile letter.pdf logo
ok 'company.logo' ar-ledger -q -d x.db set company.logo logo.png
is 'stored as an absolute path' "$PWD/logo.png" ar-ledger -d x.db get company.logo
$ST -f pdf --customer S100 --one-file logo.pdf
is 'the logo is in the letterhead' 1 sh -c 'pdfimages -list logo.pdf | awk "NR > 2" | wc -l'
is 'with it, under 60 KB' yes sh -c 'test $(stat -c %s logo.pdf) -lt 61440 && echo yes'
$ST -f pdf -o logos
is 'the logo is embedded in every file' '1 1 1 1 1 1' sh -c 'for f in logos/*; do
	pdfimages -list $f | awk "NR > 2" | wc -l; done | xargs'
mv logo.png gone.png
exits 'a logo gone: exit 4' 4 $ST -f pdf --one-file gone.pdf
is 'saying which file' "ar-statement: company.logo: cannot read '$PWD/logo.png': No such file or directory" cat .last
ok 'and writing none' test ! -e gone.pdf
exits 'also with -o DIR' 4 $ST -f pdf -o gonedir
is 'saying which file' "ar-statement: company.logo: cannot read '$PWD/logo.png': No such file or directory" cat .last
ok 'other formats need no logo' sh -c "$ST --customer S100 >/dev/null"
ok 'company.logo unset' ar-ledger -q -d x.db set company.logo ''
ok 'print.paper a4' ar-ledger -q -d x.db set print.paper a4

# --- the log ---------------------------------------------------------------

cp clean.db log.db
ok 'without -n' ar-statement -q -d log.db --as-of 2026-10-31 -f pdf --one-file log.pdf
is 'one statement activity per customer' 6 sqlite3 log.db \
	"SELECT count(*) FROM activity WHERE kind = 'statement'"
cp clean.db log2.db
ok '--one-file - is standard output' sh -c 'ar-statement -q -d log2.db \
	--as-of 2026-10-31 -f csv --one-file - >stdout.csv'
is 'a preview on standard output logs nothing' 0 sqlite3 log2.db \
	"SELECT count(*) FROM activity WHERE kind = 'statement'"
cp clean.db full.db
exits 'a failed write: exit 4' 4 sh -c 'ar-statement -d full.db --as-of 2026-10-31 -f pdf >/dev/full'
unchanged full.db clean.db 'nothing logged after the failed write'

# --- bad settings and options ------------------------------------------------

cp x.db before.db

printf 'not a png\n' >fake.png
golden set-logo-not-png 2 ar-ledger -d x.db set company.logo fake.png
golden set-logo-missing 2 ar-ledger -d x.db set company.logo missing.png
golden set-paper-bad 2 ar-ledger -d x.db set print.paper legal
golden dir-and-one-file 2 $ST -f pdf -o d --one-file f.pdf
exits 'to a terminal: exit 2' 2 script -qec "$ST -f pdf" /dev/null
is 'saying what to do' 'ar-statement: -f pdf: not to a terminal (use -o DIR, --one-file FILE or a pipe)' \
	sh -c 'tr -d "\r" <.last'
exits '--one-file in a missing directory: exit 4' 4 $ST -f pdf --one-file nodir/x.pdf
unchanged x.db before.db 'refused settings change nothing'

# every PDF this script made: readable, every font embedded
find . -name '*.pdf' | sort >pdfs
ok 'PDFs made here' test "$(wc -l <pdfs)" -ge 20
is 'every one reads, with every font embedded' '' sh -c 'while read -r f; do
	pdfinfo "$f" >/dev/null 2>&1 || echo "$f: unreadable"
	pdffonts "$f" 2>/dev/null | awk -v f="$f" "NR > 2 && \$(NF - 4) != \"yes\" { print f }"
done <pdfs'

finish
