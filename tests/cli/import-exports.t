#!/bin/sh
# ar-import on exports as accounting packages write them: an id column
# beside a display name ("Account No." and "Customer"), names where
# numbers belong, Windows-1252 text (--encoding), status words in common
# words ("Inactive", "On hold").
. "$(dirname "$0")/lib.sh"

# --- the id column wins over the display name -------------------------------
cat >qb-customers.csv <<'CSV'
Customer,Account No.,Main Email,Status
"Café Olé, LLC",C100,ap@cafeole.example,Active
Bluebird Supply,C101,billing@bluebird.example,Inactive
Corner Hardware,C102,,On hold
CSV
golden qb-customers 0 ar-import -d qb.db qb-customers.csv
is "Account No. is the number, Customer the name" \
'C100|Café Olé, LLC|ap@cafeole.example|active
C101|Bluebird Supply|billing@bluebird.example|closed
C102|Corner Hardware||hold' \
	sqlite3 qb.db "SELECT customer_id, name, email, status FROM customer
		ORDER BY customer_id"

# the same with the columns the other way round, and punctuation around
printf '%s\n' 'Account No.,Customer,E-mail' \
	'C200,Delta Foods,ap@delta.example' >qb2.csv
ok "Account No. first, then Customer" ar-import -q -d qb2.db qb2.csv
is "either order maps the same" 'C200|Delta Foods|ap@delta.example' \
	sqlite3 qb2.db "SELECT customer_id, name, email FROM customer"

# a lone Customer column still names the customer in an invoices file
printf '%s\n' 'Invoice #,Customer,Date,Total' 'Q-1,C100,2026-03-01,10.00' \
	>inv-customer.csv
ok "Customer alone is the number in invoices" \
	ar-import -q -d qb.db inv-customer.csv

# --- a name where the number belongs ----------------------------------------
printf '%s\n' 'Num,Customer,Date,Amount' \
	'Q-2,"Café Olé, LLC",2026-03-02,20.00' \
	'Q-3,Nobody Ltd,2026-03-02,30.00' >by-name.csv
cp qb.db ref.db
golden name-not-number 3 ar-import -d qb.db by-name.csv
unchanged qb.db ref.db "name-not-number: ledger unchanged"

# --- Windows-1252 -----------------------------------------------------------
# "Café Müller" and "Zoë's" with a euro sign: bytes that are not UTF-8
printf 'customer_id,name,address1\nC300,Caf\351 M\374ller,Stra\337e 1\nC301,Zo\353\222s \200 Shop,\n' \
	>cp1252.csv
cp qb.db ref.db
golden cp1252-as-utf8 3 ar-import -d qb.db cp1252.csv
unchanged qb.db ref.db "cp1252-as-utf8: ledger unchanged"
golden cp1252 0 ar-import -d qb.db --encoding cp1252 cp1252.csv
is "cp1252 text is stored as UTF-8" \
'C300|Café Müller|Straße 1
C301|Zoë’s € Shop|' \
	sqlite3 qb.db "SELECT customer_id, name, address1 FROM customer
		WHERE customer_id LIKE 'C30%' ORDER BY customer_id"
printf 'customer_id,name\nC302,Fran\347ois\n' >latin1.csv
golden latin1 0 ar-import -d qb.db --encoding LATIN1 latin1.csv
is "latin1 text is stored as UTF-8" 'François' \
	sqlite3 qb.db "SELECT name FROM customer WHERE customer_id = 'C302'"
# a file longer than the reader's buffers, where each byte becomes two
# or three: every row arrives whole
awk 'BEGIN { print "customer_id,name"
	for (i = 1; i <= 20000; i++) printf "L%05d,\351\351\351\200\200\200 %d\n", i, i }' \
	>big1252.csv
ok 'a large cp1252 file' ar-import -q -d big.db --encoding cp1252 big1252.csv
is 'every row, every character' '20000|20000|ééé€€€ 1|ééé€€€ 20000' \
	sqlite3 big.db "SELECT count(*), count(DISTINCT name),
		min(name), (SELECT name FROM customer WHERE customer_id = 'L20000')
		FROM customer WHERE name LIKE 'ééé€€€ %'"

# a byte CP1252 leaves undefined is refused with where it is
printf 'customer_id,name\nC303,Bad \201 byte\n' >undefined.csv
cp qb.db ref.db
golden cp1252-undefined 3 ar-import -d qb.db --encoding cp1252 undefined.csv
unchanged qb.db ref.db "cp1252-undefined: ledger unchanged"
golden bad-encoding 2 ar-import -d qb.db --encoding ebcdic latin1.csv
# UTF-8 given as such is read as it is
printf 'customer_id,name\nC304,Zo\303\253\n' >utf8.csv
golden utf8 0 ar-import -d qb.db --encoding utf-8 utf8.csv
is "UTF-8 is read as it is" 'Zoë' \
	sqlite3 qb.db "SELECT name FROM customer WHERE customer_id = 'C304'"

# --- status and contact words -----------------------------------------------
cat >words.csv <<'CSV'
customer_id,name,status,contact
W1,One,Open,Yes
W2,Two,Credit Hold,Do not call
W3,Three,Insolvent,Cease and desist
W4,Four,BANKRUPTCY,No Calls
W5,Five,archived,no-contact
W6,Six,on-stop,DNC
CSV
golden status-words 0 ar-import -d words.db words.csv
is "the words map to the ledger's" \
'W1|active|ok
W2|hold|no_calls
W3|bankrupt|cease
W4|bankrupt|no_calls
W5|closed|cease
W6|hold|no_calls' \
	sqlite3 words.db "SELECT customer_id, status, contact FROM customer
		ORDER BY customer_id"
printf '%s\n' 'customer_id,name,status' 'W7,Seven,Sleeping' >badword.csv
golden status-unknown 3 ar-import -d words.db badword.csv

finish
