#!/bin/sh
# ar-apply reading remittance text as a collections team would: a check
# number is no invoice number, a reference that reads two ways is held
# (ambiguous), a second payment for a paid invoice is held (duplicate?),
# money sent on account is never spread by the later rules, and
# ar-report unapplied shows why each was held.
#
# The ledger (data/remit-*.csv), as of 2026-04-30, worked by hand:
#
#   Q1  1055 500.00 due 04-01, 1063 800.00 due 04-09, 1070 300.00 due 04-14
#       P-CHK 500.00 check 1063, 'chk 1063 inv 1055'
#             -> 1063 is the check number; ref 1055 500.00, paid in full
#             (before: 500.00 on 1063, the check number, flagged short)
#       P-DUP 500.00 check 1102, 'inv 1055' (04-20, after P-CHK)
#             -> 1055 is paid: held duplicate?, 500.00 unapplied
#             (before: oldest 1063 500.00)
#   Q2  2001 400.00 due 04-02, 2002 250.00 due 04-03
#       P-AMB 250.00 check 2001, '2002 inv 2001'
#             -> 2001 follows 'inv' but is the check number: as an
#             invoice it names 2001, as the check number 2002: held
#             ambiguous (before: ref 2002 250.00)
#   Q3  3001 600.00 due 04-04
#       P-DEP 1,000.00 'deposit for order 77'  -> held on_account
#       P-ONA 200.00 'payment on account'      -> held on_account
#             (before: oldest 3001 600.00 from P-DEP, the rest of both
#             on account)
#
# Applied 500.00 USD; 1,950.00 USD unapplied, 4 payments flagged.
. "$(dirname "$0")/lib.sh"

load() {	# DB: a fresh ledger with the remittance data
	for kind in customers invoices payments; do
		ar-import -q -d "$1" -t "$kind" "$DATA/remit-$kind.csv" || return 1
	done
}

export AR_DB=ar.db
load ar.db

golden explain 0 ar-apply --as-of 2026-04-30 --explain
golden check 0 ar-ledger check
golden unapplied 0 ar-report --as-of 2026-04-30 unapplied -f csv
is 'the flags are recorded once each' 4 \
	sqlite3 ar.db 'SELECT count(*) FROM credit_flag'
# a second run holds them again, and records nothing new
golden rerun 0 ar-apply --as-of 2026-04-30 --explain
is 'a held payment is recorded by the run that first held it' 4 \
	sqlite3 ar.db 'SELECT count(*) FROM credit_flag'
golden batch 0 ar-apply --batch 4

# the order of the rules does not matter: no rule takes a held payment
load order.db
golden rules-oldest 0 ar-apply -d order.db --as-of 2026-04-30 \
	--rules exact,oldest --customer Q3

# a person decides: a held payment applied by hand
cat >manual.csv <<'EOF2'
payment_no,invoice_no,amount
P-AMB,2001,250.00
EOF2
golden manual 0 ar-apply --as-of 2026-04-30 manual.csv
golden unapplied-after 0 ar-report --as-of 2026-04-30 unapplied -f csv

# a payment for a paid invoice and an open one pays the open one
cat >more.csv <<'EOF2'
payment_no,customer_id,payment_date,amount,currency,method,reference,check_no
P-MIX,Q1,2026-04-25,300.00,USD,check,Inv 1055 and 1070,1200
EOF2
ar-import -q -t payments more.csv
golden mixed 0 ar-apply --as-of 2026-04-30 --explain --customer Q1
# P-CHK was for 1063 after all: undone, put there by hand; then P-DUP's
# invoice 1055 is open again, and the next run pays it by ref: its flag
# is cleared (a row of flag '', not reported), the report shows none
golden undo-chk 0 ar-apply --undo-payment P-CHK
printf '%s\n' payment_no,invoice_no,amount P-CHK,1063,500.00 >chk.csv
golden cleared 0 ar-apply --as-of 2026-04-30 --customer Q1 --explain chk.csv
is 'the flag of P-DUP is cleared' "'duplicate?'
''" sqlite3 ar.db "SELECT quote(f.flag) FROM credit_flag f JOIN document d ON
	d.id = f.credit_doc WHERE d.doc_no = 'P-DUP' ORDER BY f.id"
golden unapplied-cleared 0 ar-report --as-of 2026-04-30 unapplied -f csv
golden check-end 0 ar-ledger check
finish
