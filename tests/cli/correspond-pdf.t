#!/bin/sh
# ar-statement --type receipt and --type confirmation with -f pdf, read
# back with poppler-utils (pdfinfo, pdffonts, pdftotext -layout): one
# file each into -o DIR, one file for a print run, a pipe; logged as
# sent exactly as the text ones are (into a directory or a print run's
# file, never on standard output); the same bytes on two runs.
#
# The ledger of statement-mail.t (data/dun-*.csv and two payments):
#   P-1 A1 1,100.00 by check 8691 on 2026-11-25: I-1 1,000.00 paid in
#       full, I-2 100.00 of 250.00 (150.00 open)
#   P-2 F6 350.00 by wire on 2026-11-26: I-8 300.00, 50.00 unapplied
# so on 2026-11-30 A1 owes I-2 150.00 and I-3 400.00 = 550.00, F6 has a
# credit of 50.00, the nine others 100.00 each.
. "$(dirname "$0")/lib.sh"

for tool in pdfinfo pdffonts pdftotext; do
	command -v $tool >/dev/null || { echo "1..0 # SKIP no $tool (poppler-utils)"; exit 0; }
done

pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
paper() { pdfinfo "$1" | sed -n 's/^Page size: *//p'; }
unembedded() { pdffonts "$1" | awk 'NR > 2 && $(NF - 4) != "yes"'; }
shows() {
	_f=$1
	shift
	pdftotext -layout "$_f" - >.text || return 1
	for _s in "$@"; do
		grep -qF -- "$_s" .text || { echo "# missing: $_s"; return 1; }
	done
}
# logged DB: what was logged as sent
logged() {
	sqlite3 "$1" "SELECT c.customer_id, a.amount, a.text FROM activity a
		JOIN customer c ON c.id = a.customer WHERE a.kind = 'statement'
		ORDER BY a.id"
}

ok 'init' ar-ledger -q -d ar.db init
ok 'customers' ar-import -q -d ar.db -t customers "$DATA/dun-customers.csv"
ok 'invoices' ar-import -q -d ar.db -t invoices "$DATA/dun-invoices.csv"
ok 'payments' ar-import -q -d ar.db -t payments "$DATA/dun-payments.csv"
ok 'applied' ar-apply -q -d ar.db --as-of 2026-11-30 -f csv -o /dev/null
export AR_DB=ar.db
ok 'company' ar-ledger set company.name 'Acme Supply'
ok 'address' ar-ledger set company.address '1 Main Road\nSpringfield'
ok 'remit to' ar-ledger set company.remit_to 'Acme Supply\nPO Box 1\nSpringfield'
cp ar.db before.db

RC="ar-statement --type receipt --from 2026-11-01 --to 2026-11-30"
CF="ar-statement --type confirmation --as-of 2026-11-30"

# --- receipts ---------------------------------------------------------------
golden receipts-dir 0 $RC -f pdf -o rc -v
is 'a PDF each' 'A1-P-1.pdf F6-P-2.pdf' sh -c 'ls rc | xargs'
is 'files are mode 0600' '600 600' sh -c 'stat -c %a rc/* | xargs'
is 'A1: one page' 1 pages rc/A1-P-1.pdf
is 'A1: A4' '595.276 x 841.89 pts (A4)' paper rc/A1-P-1.pdf
is 'A1: every font embedded' '' unembedded rc/A1-P-1.pdf
is 'created as of the period end' 'Mon Nov 30 00:00:00 2026 UTC' \
	sh -c "pdfinfo rc/A1-P-1.pdf | sed -n 's/^CreationDate: *//p'"
ok 'A1: name, payment, what it paid, what is open' shows rc/A1-P-1.pdf \
	'Ålesund Trading AS' 'Receipt' 'P-1' '2026-11-25' 'check number 8691' \
	'I-1' 'I-2' '1,000.00' '100.00' '150.00' 'USD 1,100.00' '1 of 1'
ok 'A1: nothing held on account, none said' sh -c '! pdftotext rc/A1-P-1.pdf - |
	grep -q Unapplied'
ok 'A1: a receipt asks for nothing: no slip' sh -c '! pdftotext rc/A1-P-1.pdf - |
	grep -q "Remittance advice"'
pdftotext -layout rc/F6-P-2.pdf f6.txt
golden f6-receipt-page 0 cat f6.txt
is 'logged as the text receipts are' 'A1|110000|receipt for payment P-1, 1,100.00 USD
F6|35000|receipt for payment P-2, 350.00 USD' logged ar.db

cp before.db one.db
golden receipts-one-file 0 $RC -d one.db -f pdf --one-file receipts.pdf
is 'two receipts, two pages' 2 pages receipts.pdf
ok 'both' shows receipts.pdf 'P-1' 'USD 1,100.00' 'P-2' 'USD 350.00' \
	'Unapplied, held on your account: USD 50.00'
is 'a print run is logged' "$(logged ar.db)" logged one.db
cp before.db pipe.db
$RC -d pipe.db -f pdf >piped.pdf
ok 'to a pipe: the same file' cmp receipts.pdf piped.pdf
unchanged pipe.db before.db 'a preview on standard output: nothing logged'
$RC -d pipe.db -n -f pdf -o again
ok 'the same bytes on a second run' sh -c 'cmp rc/A1-P-1.pdf again/A1-P-1.pdf &&
	cmp rc/F6-P-2.pdf again/F6-P-2.pdf'
unchanged pipe.db before.db '-n: nothing logged'
ar-statement -d pipe.db --type receipt --payment P-1 --as-of 2026-11-30 -f pdf >p1.pdf
ok 'one payment' shows p1.pdf 'P-1' 'USD 1,100.00'
# a second receipt of A1 next to the first: a file of its own
printf 'payment_no,customer_id,payment_date,amount,currency\nP-3,A1,2026-11-25,20.00,USD\n' >p3.csv
ok 'A1 pays again' ar-import -q -d pipe.db -t payments p3.csv
ok 'two receipts of A1 in a row' $RC -q -d pipe.db -n -f pdf -o two
is 'named apart by the payment' 'A1-P-1.pdf A1-P-3.pdf F6-P-2.pdf' sh -c 'ls two | xargs'
ok 'the second is P-3' shows two/A1-P-3.pdf 'P-3' 'USD 20.00'
# and as text: no receipt replaces another in the directory
ok 'text receipts into a directory' $RC -q -d pipe.db -n -f text -o twotxt
is 'a file each, named by customer and payment' \
	'A1-P-1.txt A1-P-3.txt F6-P-2.txt' sh -c 'ls twotxt | xargs'

# --- confirmations --------------------------------------------------------
cp before.db conf.db
golden confirmations-dir 0 $CF -d conf.db -f pdf -o cf -v
is 'a PDF each' 'A1.pdf B2.pdf C3.pdf D4.pdf E5.pdf F6.pdf G7.pdf H8.pdf J9.pdf K10.pdf M11.pdf' \
	sh -c 'ls cf | sort -V | xargs'
is 'A1: one page' 1 pages cf/A1.pdf
is 'A1: every font embedded' '' unembedded cf/A1.pdf
ok 'A1: name, open items, balance, the reply to fill in' shows cf/A1.pdf \
	'Ålesund Trading AS' 'Balance confirmation' 'I-2' 'I-3' '150.00' \
	'400.00' 'Balance per our records' 'USD 550.00' 'not a request for payment' \
	'Reply: balance confirmation' 'Our balance' 'We agree' '☐ yes' '☐ no' \
	'Your balance' 'Name and title' 'Signature and date' 'Please return to' \
	'PO Box 1'
pdftotext -layout cf/A1.pdf a1.txt
golden a1-confirmation-page 0 cat a1.txt
ok 'F6: its credit' shows cf/F6.pdf 'USD -50.00'
is 'logged as the text confirmations are' 'A1|55000|balance confirmation as of 2026-11-30, 550.00 USD
F6|-5000|balance confirmation as of 2026-11-30, -50.00 USD' sqlite3 conf.db \
	"SELECT c.customer_id, a.amount, a.text FROM activity a JOIN customer c
	ON c.id = a.customer WHERE a.kind = 'statement' AND c.customer_id IN
	('A1', 'F6') ORDER BY 1"
cp before.db conf1.db
ok 'a print run' $CF -q -d conf1.db -f pdf --one-file conf.pdf
is 'eleven letters, a page each' 11 pages conf.pdf
is 'a reply at the foot of each' 11 sh -c 'pdftotext conf.pdf - | grep -c "Reply: balance confirmation"'
is 'logged: eleven' 11 sqlite3 conf1.db "SELECT count(*) FROM activity
	WHERE kind = 'statement'"
cp before.db conf2.db
$CF -d conf2.db --customer A1 -f pdf >a1.pdf
unchanged conf2.db before.db 'a preview on standard output: nothing logged'
ok 'the same letter as in the directory' sh -c 'pdftotext -layout a1.pdf - | cmp - a1.txt'
ok 'print.paper letter' ar-ledger -d conf2.db set print.paper letter
$CF -d conf2.db --customer A1 -f pdf >letter.pdf
is 'letter paper' '612 x 792 pts (letter)' paper letter.pdf
golden confirmation-nothing 0 $CF -d conf2.db --customer A1 --min-balance 1000 \
	-f pdf --one-file none.pdf
ok 'nothing: no file' test ! -e none.pdf

# --- bad options ------------------------------------------------------------
cp ar.db before2.db
golden confirmation-one-file-text 2 $CF --one-file x.txt
golden receipt-pdf-sendmail 2 $RC -f pdf --sendmail cat
exits 'to a terminal: exit 2' 2 script -qec "$RC -f pdf" /dev/null
exits 'a failed write: exit 4' 4 sh -c "$CF -f pdf >/dev/full"
exits '--one-file in a missing directory: exit 4' 4 $CF -f pdf --one-file nodir/x.pdf
unchanged ar.db before2.db 'refused runs log nothing'

finish
