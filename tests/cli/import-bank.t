#!/bin/sh
# ar-import reads bank files for their credits.  A BAI2 file: two accounts,
# continuation (88) records, funds types with extra fields; every trailer
# checked (a wrong total is refused, naming its line, nothing imported);
# debits counted and listed with -v; payment numbers from the bank
# reference, so the same credits imported again are unchanged.
#
# data/bank.bai, as of 2026-04-02, worked by hand:
#   account 111222333: summary 010 5,000.00; 165 ACH credit 400.00 (BR001),
#     115 lockbox check 120.00 (BR002, text continued by an 88 record),
#     475 check paid 25.00 (a debit); control total 5,545.00, 6 records
#   account 444555666: 195 wire 500.00 (BR004, 'INV 1055': Q1's),
#     301 check deposit 75.00 (BR005, funds type V with its date and
#     time); control total 575.00, 4 records
#   group: 6,120.00, 2 accounts, 12 records; file: 6,120.00, 1 group, 14
# Credits 400.00 + 120.00 + 500.00 + 75.00 = 1,095.00 USD: BAI-BR004 is
# Q1's, the other three unidentified.
#
# A camt.053 statement (data/bank.camt.xml), libxml2 with no network and
# no external entity: C1-0001 500.00 structured Nb 1055 -> Q1's, its
# reference 'inv 1055'; C1-0002 400.00 unstructured, from ACME Holdings
# LLC -> unidentified, the debtor's name kept; a 35.00 debit, counted.
# An XML file with an external entity is refused, the entity's file (a
# FIFO, so that opening it would hang the test) never opened.
. "$(dirname "$0")/lib.sh"

export AR_DB=ar.db
printf '%s\n' customer_id,name,terms,currency 'Q1,Quarry Books,NET30,USD' \
	>customers.csv
printf '%s\n' invoice_no,customer_id,invoice_date,due_date,amount,currency \
	1055,Q1,2026-03-02,2026-04-01,500.00,USD >invoices.csv
ar-import -q customers.csv invoices.csv || exit 1
cp "$DATA/bank.bai" .
cp ar.db before.db

# a wrong account total, a wrong record count, a file cut short
sed 's|^49,57500,4/|49,57000,4/|' bank.bai >bad-total.bai
golden bad-total 3 ar-import bad-total.bai
sed 's|^98,612000,2,12/|98,612000,2,11/|' bank.bai >bad-count.bai
golden bad-count 3 ar-import bad-count.bai
sed '/^99,/d' bank.bai >cut.bai
golden cut 3 ar-import cut.bai
sed 's|^02,RECEIVER,ORIGIN,1,260402|02,RECEIVER,ORIGIN,1,261302|' bank.bai \
	>bad-date.bai
golden bad-date 3 ar-import bad-date.bai
printf '01,S,R,260402,0800,1,80,,3/\n' >version.bai
golden version 3 ar-import version.bai
unchanged ar.db before.db 'refused bank files change nothing'

golden import 0 ar-import -v bank.bai
golden again 0 masked ar-import bank.bai
# the same credits in another file (a blank line more): nothing twice
{ cat bank.bai; echo; } >copy.bai
golden copy 0 masked ar-import copy.bai
golden unapplied 0 ar-report --as-of 2026-04-30 unapplied -f csv
is 'the wire is Q1s, with its text as the reference' \
	'BAI-BR004|WIRE FROM QUARRY BOOKS INV 1055|wire' sqlite3 ar.db \
	"SELECT doc_no, reference, method FROM document WHERE doc_type = 'payment'"
is 'the continued text is kept' 'LOCKBOX CHECK,JANE DOE GIFT|882' \
	sqlite3 ar.db "SELECT reference, check_no FROM unidentified_cash
	WHERE payment_no = 'BAI-BR002'"
golden check 0 ar-ledger check

# amounts are in the minor unit of their own currency: 5000 JPY is
# 5,000 yen, 1234 EUR 12.34 euros
printf '%s\n' '01,S,R,260403,0800,2,80,,2/' '02,R,O,1,260403,,JPY,2/' \
	'03,J1,JPY/' '16,175,5000,0,JP1,,YEN CREDIT/' '49,5000,3/' \
	'03,E1,EUR/' '16,175,1234,0,EU1,,EURO CREDIT/' '49,1234,3/' \
	'98,6234,2,8/' '99,6234,1,10/' >yen.bai
golden yen 0 ar-import yen.bai
is 'each in its own unit' 'BAI-EU1|1234|EUR
BAI-JP1|5000|JPY' sqlite3 ar.db "SELECT payment_no, amount, currency
	FROM unidentified_cash WHERE payment_no LIKE 'BAI-%U1' OR
	payment_no LIKE 'BAI-JP%' ORDER BY 1"

# --- camt.053 ---------------------------------------------------------------
export AR_DB=camt.db
ar-import -q customers.csv invoices.csv || exit 1
cp "$DATA/bank.camt.xml" .
golden camt 0 ar-import -v bank.camt.xml
golden camt-unapplied 0 ar-report --as-of 2026-04-30 unapplied -f csv
is 'the structured number is read after an invoice marker' \
	'CAMT-C1-0001|inv 1055' sqlite3 camt.db "SELECT doc_no, reference
	FROM document WHERE doc_type = 'payment'"
cp camt.db camt-before.db
mkfifo secret.fifo
cat >xxe.xml <<EOF2
<?xml version="1.0"?>
<!DOCTYPE Document [ <!ENTITY x SYSTEM "file://$SCRATCH/secret.fifo"> ]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><Stmt><Id>S</Id><Ntry><Amt Ccy="USD">1.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-04-02</Dt></BookgDt>
<NtryDtls><TxDtls><RmtInf><Ustrd>&x;</Ustrd></RmtInf></TxDtls></NtryDtls>
</Ntry></Stmt></BkToCstmrStmt></Document>
EOF2
golden xxe 3 timeout 10 ar-import xxe.xml
sed 's|<Dt>2026-04-02</Dt>|<Dt>2026-04-31</Dt>|' bank.camt.xml >bad-date.xml
golden camt-bad-date 3 ar-import bad-date.xml
printf '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<BkToCstmrStmt>\n' >cut.xml
golden camt-cut 3 ar-import cut.xml
unchanged camt.db camt-before.db 'refused statements change nothing'
golden camt-check 0 ar-ledger check
finish
