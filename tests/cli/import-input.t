#!/bin/sh
# ar-import on files as spreadsheets and ERP systems write them: header
# columns without a name (a trailing comma, ",,", "#"), never a hang;
# semicolons and tabs, --delimiter; UTF-16; currency codes in lower case
# and "cheque".
. "$(dirname "$0")/lib.sh"

cp "$DATA/customers.csv" .
ar-import -q -d ref.db customers.csv || exit 1
CR=$(printf '\r')
BOM=$(printf '\357\273\277')

# --- header columns without a name -----------------------------------------
#
# shape NAME HEADER EMPTY VALUE: a file of HEADER and the row EMPTY (its
# cell under the nameless column empty) is imported; one of HEADER and
# VALUE (a value there) is refused whole, naming the column
shape() {
	_sh=$1 _h=$2
	printf '%s\n' "$_h" "$3" >"$_sh-empty.csv"
	printf '%s\n' "$_h" "$4" >"$_sh-value.csv"
	cp ref.db t.db
	golden "$_sh-empty" 0 timeout 10 ar-import -d t.db "$_sh-empty.csv"
	is "$_sh-empty: the row is imported" 'X-1|C001|2026-02-01|500' \
		sqlite3 t.db "SELECT doc_no, customer_id, doc_date, amount
		 FROM document d JOIN customer c ON c.id = d.customer
		 WHERE doc_no = 'X-1'"
	cp ref.db t.db
	golden "$_sh-value" 3 timeout 10 ar-import -d t.db "$_sh-value.csv"
	unchanged t.db ref.db "$_sh-value: ledger unchanged"
}

shape trailing-comma 'invoice_no,customer_id,invoice_date,amount,' \
	'X-1,C001,2026-02-01,5.00,' 'X-1,C001,2026-02-01,5.00,oops'
shape trailing-comma-crlf "invoice_no,customer_id,invoice_date,amount,$CR" \
	"X-1,C001,2026-02-01,5.00,$CR" "X-1,C001,2026-02-01,5.00,oops$CR"
shape trailing-commas 'invoice_no,customer_id,invoice_date,amount,,,' \
	'X-1,C001,2026-02-01,5.00,,,' 'X-1,C001,2026-02-01,5.00,, ,7'
shape empty-middle 'invoice_no,customer_id,,invoice_date,amount' \
	'X-1,C001,,2026-02-01,5.00' 'X-1,C001,C002,2026-02-01,5.00'
shape hash 'invoice_no,customer_id,#,invoice_date,amount' \
	'X-1,C001,,2026-02-01,5.00' 'X-1,C001,1,2026-02-01,5.00'
shape dash 'invoice_no,customer_id,-,invoice_date,amount' \
	'X-1,C001,,2026-02-01,5.00' 'X-1,C001,-,2026-02-01,5.00'
shape underscore 'invoice_no,customer_id,_,invoice_date,amount' \
	'X-1,C001, ,2026-02-01,5.00' 'X-1,C001,_,2026-02-01,5.00'
shape separators-only 'invoice_no,customer_id,"# - _",invoice_date,amount' \
	'X-1,C001,,2026-02-01,5.00' 'X-1,C001,x,2026-02-01,5.00'
shape quoted-empty 'invoice_no,customer_id,"",invoice_date,amount' \
	'X-1,C001,"",2026-02-01,5.00' 'X-1,C001,"x",2026-02-01,5.00'
shape stray-cr "invoice_no,customer_id,$CR,invoice_date,amount" \
	'X-1,C001,,2026-02-01,5.00' 'X-1,C001,x,2026-02-01,5.00'
shape stray-cr-end "invoice_no,customer_id,invoice_date,amount,$CR " \
	'X-1,C001,2026-02-01,5.00,' 'X-1,C001,2026-02-01,5.00,x'
shape bom-first "$BOM,invoice_no,customer_id,invoice_date,amount" \
	',X-1,C001,2026-02-01,5.00' '1,X-1,C001,2026-02-01,5.00'
shape second-bom "invoice_no,customer_id,invoice_date,amount,$BOM" \
	'X-1,C001,2026-02-01,5.00,' 'X-1,C001,2026-02-01,5.00,x'
shape no-break-space "invoice_no,customer_id,$(printf '\302\240'),invoice_date,amount" \
	'X-1,C001,,2026-02-01,5.00' 'X-1,C001,x,2026-02-01,5.00'

# a value in a later row refuses the file as well; with --skip-bad too
printf '%s\n' invoice_no,customer_id,invoice_date,amount, \
	X-1,C001,2026-02-01,5.00, X-2,C001,2026-02-01,6.00, \
	X-3,C001,2026-02-01,7.00,x >later-value.csv
cp ref.db t.db
golden later-value 3 timeout 10 ar-import -d t.db --skip-bad later-value.csv
unchanged t.db ref.db 'later-value: ledger unchanged'
# -t TYPE reads the header the same way
cp ref.db t.db
golden typed-trailing-comma 0 timeout 10 ar-import -d t.db -t invoices \
	trailing-comma-empty.csv

# a header of nothing but separators names no column
printf '%s\n' ',,,' ',,,' >separators.csv
printf '%s\n' '#,-,_, ' 'X-1,C001,2026-02-01,5.00' >nameless-only.csv
cp ref.db t.db
golden separators 3 timeout 10 ar-import -d t.db separators.csv
golden separators-typed 3 timeout 10 ar-import -d t.db -t invoices \
	separators.csv
golden nameless-only 3 timeout 10 ar-import -d t.db nameless-only.csv
unchanged t.db ref.db 'headers without names change nothing'

# --map names a nameless column by its spelling
printf '%s\n' '#,customer_id,invoice_date,amount' \
	'X-1,C001,2026-02-01,5.00' >hash-number.csv
cp ref.db t.db
golden map-hash-needed 3 timeout 10 ar-import -d t.db hash-number.csv
golden map-hash 0 timeout 10 ar-import -d t.db --map 'invoice_no=#' \
	hash-number.csv
is 'map-hash: the row is imported' 'X-1|500' sqlite3 t.db \
	"SELECT doc_no, amount FROM document WHERE doc_no = 'X-1'"
cp ref.db t.db
golden map-hash-other 3 timeout 10 ar-import -d t.db --map 'invoice_no=-' \
	hash-number.csv
golden map-blank-source 2 timeout 10 ar-import -d t.db --map 'invoice_no= ' \
	hash-number.csv
golden map-nameless-target 2 timeout 10 ar-import -d t.db --map '#=#' \
	hash-number.csv
unchanged t.db ref.db 'refused maps change nothing'
# --map to a column whose name is only separators, over one of a name
printf '%s\n' 'invoice_no,customer_id,invoice_date,amount,' \
	'X-1,C001,2026-02-01,5.00,' >map-empty.csv
golden map-to-empty 3 timeout 10 ar-import -d t.db \
	--map 'description=_' map-empty.csv

# the import that used to spin for ever holding the write lock: it ends,
# and the next writer gets the ledger
printf '%s\n' \
	'invoice_no,customer_id,invoice_date,due_date,amount,currency,po_number,description,' \
	'X-1,C001,2026-02-01,,5.00,USD,,,' >tc.csv
cp ref.db t.db
exits 'a trailing comma does not hang the import' 0 \
	timeout 10 ar-import -d t.db -n tc.csv
exits 'the ledger is free after it' 0 timeout 10 ar-import -d t.db tc.csv

# ar-writeoff reads its lists with the same header matching
ar-import -q -d w.db customers.csv "$DATA/invoices.csv" || exit 1
printf '%s\n' 'doc_no,amount,' 'INV-1001,10.00,' >wl.csv
exits 'a list with a trailing comma does not hang ar-writeoff' 0 \
	timeout 10 ar-writeoff -q -n -d w.db --as-of 2026-03-31 \
	--reason bad_debt wl.csv

# --- semicolons and tabs ----------------------------------------------------

# a European export: semicolons, decimal commas, day-first dates, a quoted
# semicolon in a value
printf '%s\n' 'Invoice No;Customer;Invoice Date;Amount;Currency;Description' \
	'S-1;C001;05.02.2026;1.234,56;EUR;"Widgets; large"' \
	'S-2;C001;6.2.2026;99,90;EUR;' >semicolon.csv
cp ref.db t.db
golden semicolon 0 ar-import -d t.db --decimal-comma --date-format %d.%m.%Y \
	semicolon.csv
is 'semicolon: the rows as written' 'S-1|2026-02-05|123456|EUR|Widgets; large
S-2|2026-02-06|9990|EUR|' sqlite3 t.db "SELECT doc_no, doc_date, amount,
	 currency, description FROM document WHERE doc_no LIKE 'S-%'
	 ORDER BY doc_no"
# a spreadsheet's tab-separated text, with commas in its amounts
printf 'invoice_no\tcustomer_id\tinvoice_date\tamount\tpo_number\n' >tab.tsv
printf 'T-1\tC001\t2026-02-01\t1,250.00\tPO 1, 2\n' >>tab.tsv
printf 'T-2\tC002\t2026-02-01\t7.50\t\n' >>tab.tsv
golden tab 0 ar-import -d t.db tab.tsv
is 'tab: the rows as written' 'T-1|125000|PO 1, 2
T-2|750|' sqlite3 t.db "SELECT doc_no, amount, po_number FROM document
	 WHERE doc_no LIKE 'T-%' ORDER BY doc_no"

# --delimiter wins over what the header suggests
printf '%s\n' 'invoice_no,customer_id,invoice_date,amount,description' \
	'D-1,C001,2026-02-01,5.00,a;b;c;d;e;f' >commas.csv
printf '%s\n' 'invoice_no|customer_id|invoice_date|amount|description' \
	'D-2|C001|2026-02-01|6.00|a, b; c' >pipes.csv
cp ref.db t.db
golden delimiter-given 0 ar-import -d t.db --delimiter , commas.csv
golden delimiter-pipe 0 ar-import -d t.db --delimiter '|' pipes.csv
golden delimiter-tab-name 0 ar-import -d t.db --delimiter tab tab.tsv
is 'the rows split where told' 'D-1|a;b;c;d;e;f
D-2|a, b; c
T-1|PO 1, 2' sqlite3 t.db "SELECT doc_no, coalesce(description, po_number)
	 FROM document WHERE doc_no LIKE 'D-%' OR doc_no = 'T-1' ORDER BY doc_no"
cp ref.db t.db
golden delimiter-wrong 3 ar-import -d t.db --delimiter ';' tab.tsv
golden delimiter-wrong-typed 3 ar-import -d t.db -t invoices pipes.csv
golden delimiter-bad 2 ar-import -d t.db --delimiter x commas.csv
golden delimiter-two 2 ar-import -d t.db --delimiter ';;' commas.csv
golden delimiter-quote 2 ar-import -d t.db --delimiter '"' commas.csv
golden delimiter-empty 2 ar-import -d t.db --delimiter '' commas.csv
unchanged t.db ref.db 'refused delimiters change nothing'

# --- UTF-16 ---------------------------------------------------------------

# Excel's "Unicode text": UTF-16LE with a byte order mark, tab-separated
printf 'invoice_no\tcustomer_id\tinvoice_date\tamount\tdescription\r\n' >u8.txt
printf 'W-1\tC001\t2026-02-01\t12.00\tCaf\303\251 cr\303\250me \342\202\254\r\n' >>u8.txt
printf 'W-2\tC002\t2026-02-01\t3.00\t\360\237\230\200\r\n' >>u8.txt
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE u8.txt; } >utf16le.txt
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE u8.txt; } >utf16be.txt
cp ref.db t.db
golden utf16le 0 ar-import -d t.db utf16le.txt
is 'utf16le: the text as written' "W-1|Caf$(printf '\303\251') cr$(printf '\303\250')me $(printf '\342\202\254')
W-2|$(printf '\360\237\230\200')" sqlite3 t.db \
	"SELECT doc_no, description FROM document WHERE doc_no LIKE 'W-%'
	 ORDER BY doc_no"
golden utf16le-again 0 masked ar-import -d t.db utf16le.txt
cp ref.db u.db
golden utf16be 0 ar-import -d u.db utf16be.txt
docs="SELECT doc_no, customer, doc_date, amount, description FROM document
	ORDER BY id"
is 'UTF-16BE reads as UTF-16LE does' "$(sqlite3 t.db "$docs")" \
	sqlite3 u.db "$docs"
STDIN=utf16le.txt golden utf16le-stdin 0 ar-import -d u.db -t invoices
# not UTF-16 after all
cp ref.db t.db
iconv -f UTF-8 -t UTF-16LE u8.txt >utf16-no-bom.txt
golden utf16-no-bom 3 ar-import -d t.db utf16-no-bom.txt
{ cat utf16le.txt; printf 'x'; } >utf16-odd.txt
golden utf16-odd 3 ar-import -d t.db utf16-odd.txt
{ cat utf16le.txt; printf '\000\330\n\000'; } >utf16-lone-surrogate.txt
golden utf16-lone-surrogate 3 ar-import -d t.db utf16-lone-surrogate.txt
unchanged t.db ref.db 'bad UTF-16 changes nothing'

# --- codes and words as exports write them ----------------------------------

printf '%s\n' customer_id,name,currency 'E1,Euro Client,eur' >cust-eur.csv
printf '%s\n' invoice_no,customer_id,invoice_date,amount,currency \
	L-1,C001,2026-02-01,10.00,usd L-2,E1,2026-02-01,20.00,Eur \
	L-3,E1,2026-02-01,30.00, >lower.csv
printf '%s\n' payment_no,customer_id,payment_date,amount,currency,method \
	P-1,C001,2026-02-02,5.00,usd,cheque P-2,C001,2026-02-02,6.00,USD,Cheque \
	P-3,C001,2026-02-02,7.00,USD,CHECK >cheque.csv
cp ref.db t.db
golden lower-currency 0 ar-import -d t.db cust-eur.csv lower.csv
golden cheque 0 ar-import -d t.db cheque.csv
is 'currency codes are kept in capitals' 'E1|EUR
L-1|USD
L-2|EUR
L-3|EUR
P-1|USD|check
P-2|USD|check
P-3|USD|check' sqlite3 t.db "SELECT customer_id, currency FROM customer
	 WHERE customer_id = 'E1';
	 SELECT doc_no, currency FROM document WHERE doc_no LIKE 'L-%'
	 ORDER BY doc_no;
	 SELECT doc_no, currency, method FROM document WHERE doc_no LIKE 'P-%'
	 ORDER BY doc_no"
cp t.db before.db
# other bytes (a blank line more), the same rows: unchanged, not refused
# as a different currency or method
{ cat lower.csv; echo; } >lower-again.csv
{ cat cheque.csv; echo; } >cheque-again.csv
golden lower-currency-again 0 ar-import -d t.db lower-again.csv
golden cheque-again 0 ar-import -d t.db cheque-again.csv
is 'no document more' "$(sqlite3 before.db 'SELECT count(*) FROM document')" \
	sqlite3 t.db 'SELECT count(*) FROM document'
cp t.db before.db
printf '%s\n' payment_no,customer_id,payment_date,amount,method \
	P-9,C001,2026-02-02,5.00,cheques >cheques.csv
golden not-cheque 3 ar-import -d t.db cheques.csv
unchanged t.db before.db 'a method that is not one changes nothing'

finish
