#!/bin/sh
# Unidentified cash: a lockbox file without customer numbers or payment
# numbers is imported whole (the ledger still matches the deposit); what
# names nobody known is kept apart, listed by ar-report unapplied, and
# assigned with ar-apply --assign, which teaches the remitter's name and
# account, so the next payment from the same remitter finds its customer
# at import.  Aliases can be imported too (ar-import -t aliases).
#
# data/lockbox.csv, deposit of 2026-04-02, 1,140.00 USD:
#   check 881  400.00 ACME HOLDINGS LLC, account 021000021-4471, no memo
#              -> nobody known: unidentified
#   check 882  120.00 Jane Doe 'gift', twice (two rows alike)
#              -> unidentified, numbered LB-<hash> and LB-<hash>-2
#   check 1099 500.00 Quarry Books 'inv 1055' -> Q1, whose invoice it is
# Payment numbers are made from each row (LB-...), so the same file, or
# another holding the same payments, imports nothing twice.
# Assigned to Q2, ACME's 400.00 pays 2001 (exact); ACME's next check
# (04-09, 400.00, name written 'Acme  Holdings llc') is Q2's at import.
. "$(dirname "$0")/lib.sh"

export AR_DB=ar.db
printf '%s\n' customer_id,name,terms,currency 'Q1,Quarry Books,NET30,USD' \
	'Q2,Quill & Co,NET30,USD' >customers.csv
printf '%s\n' invoice_no,customer_id,invoice_date,due_date,amount,currency \
	1055,Q1,2026-03-02,2026-04-01,500.00,USD \
	2001,Q2,2026-03-03,2026-04-02,400.00,USD >invoices.csv
ar-import -q customers.csv invoices.csv || exit 1
cp "$DATA/lockbox.csv" .

golden import 0 ar-import -t payments lockbox.csv
golden import-not-detected 3 ar-import lockbox.csv
is 'the deposit is all in the ledger' 114000 sqlite3 ar.db \
	"SELECT (SELECT sum(amount) FROM unidentified_cash) + (SELECT
	sum(amount) FROM document WHERE doc_type = 'payment')"
# the same payments in another file (one more row): nothing twice
{ cat lockbox.csv; echo '2026-04-03,75.00,883,Bo Li,,'; } >more.csv
golden import-again 0 ar-import -t payments more.csv
golden unapplied 0 ar-report --as-of 2026-04-30 unapplied -f csv
golden aging 0 ar-age --as-of 2026-04-30 -f csv
# the ledger's balance holds the unidentified cash, nobody's row does:
# Q2 400.00 open, Q1 0.00, less 120.00 + 120.00 + 400.00 + 75.00
golden gl-balance 0 ar-age --as-of 2026-04-30 --gl-balance -315.00 -o /dev/null
golden gl-balance-off 1 ar-age --as-of 2026-04-30 --gl-balance 400.00 \
	-o /dev/null
golden check 0 ar-ledger check

acme=$(sqlite3 ar.db "SELECT payment_no FROM unidentified_cash
	WHERE check_no = '881'")
golden assign-unknown 3 ar-apply --assign LB-nothing --customer Q2
golden assign-no-customer 2 ar-apply --assign "$acme"
golden assign-bad-customer 3 ar-apply --assign "$acme" --customer Q9
golden assign-explain 2 ar-apply --assign "$acme" --customer Q2 --explain
golden assign 0 ar-apply --assign "$acme" --customer Q2
golden assign-again 2 ar-apply --assign "$acme" --customer Q2
is 'the aliases learned' 'account|021000021-4471|Q2
name|ACME HOLDINGS LLC|Q2' sqlite3 ar.db "SELECT a.kind, a.alias, c.customer_id
	FROM remitter_alias a JOIN customer c ON c.id = a.customer
	ORDER BY a.kind"
# the deposit again, rows in another order: ACME's row is Q2's payment now
{ head -1 lockbox.csv; tail -n +2 lockbox.csv | sort; } >resorted.csv
golden assigned-import 0 ar-import -t payments resorted.csv

printf '%s\n' payment_date,amount,check_no,remitter \
	'2026-04-09,400.00,907,Acme  Holdings llc' >next.csv
golden next-import 0 ar-import -t payments next.csv
golden run 0 ar-apply --as-of 2026-04-30 --explain
golden unapplied-after 0 ar-report --as-of 2026-04-30 unapplied -f csv
golden check-after 0 ar-ledger check

# aliases imported: Jane Doe is Q1's from now on
printf '%s\n' customer_id,remitter,remitter_account 'Q1,jane doe,' \
	'Q1,,999-1' >aliases.csv
golden aliases 0 ar-import -t aliases aliases.csv
printf '%s\n' customer_id,remitter,remitter_account 'Q1,,' 'Q9,X,' >bad.csv
golden aliases-bad 3 ar-import -t aliases bad.csv
printf '%s\n' payment_date,amount,check_no,remitter \
	'2026-04-12,35.00,884,JANE DOE' >jane.csv
golden jane 0 ar-import -t payments jane.csv
is 'Jane Doe pays for Q1 now' 'Q1' sqlite3 ar.db "SELECT c.customer_id FROM
	document d JOIN customer c ON c.id = d.customer WHERE d.check_no = '884'"
finish
