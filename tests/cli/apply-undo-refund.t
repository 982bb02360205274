#!/bin/sh
# ar-apply --undo-application and --undo-payment take back single
# applications (append-only, as --undo takes back a run), after which a
# manual application carries its true date; --refund gives money back out
# of an overpayment or an unapplied credit memo, refuses more than is
# unapplied (exit 3), shows on statements and books Dr receivables, Cr
# cash with --journal.
#
# The ledger (data/undo-*.csv), worked by hand:
#
#   U1  A-1 300.00 (01-05), A-2 200.00 (01-10); CM-1 50.00 (02-05)
#       PX 200.00 (02-03) 'A-1', PZ 200.00 (02-20) 'A-2'
#   run --rules ref as of 02-28 (batch 5):
#       application 1: PX -> A-1 200.00 on 02-03 (short 100.00)
#       application 2: PZ -> A-2 200.00 on 02-20
#   The customer says PX paid A-2, and PZ 100.00 of A-1, the rest on
#   account.  Undone: --undo-payment PX (batch 6), --undo-application 2
#   (batch 7).  By hand (batch 8): PX -> A-2 200.00 with no date: on 02-03,
#   its true date (the later of PX 02-03 and A-2 01-10), though A-2's
#   undone application was effective 02-20 (before, 02-20); PZ -> A-1
#   100.00 on 02-20.  A-1 100.00 open from 02-20, A-2 closed from 02-03.
#   Refunds: PZ 150.00 refused (100.00 unapplied, exit 3); PZ 60.00 by
#   check (PZ-R1, 03-02): 40.00 left; CM-1 50.00 (CM-1-R1, 03-03): none.
. "$(dirname "$0")/lib.sh"

export AR_DB=ar.db
for kind in customers invoices payments credits; do
	ar-import -q -t "$kind" "$DATA/undo-$kind.csv" || exit 1
done
golden run 0 ar-apply --as-of 2026-02-28 --rules ref
is 'the two applications are 1 and 2' '1|PX|A-1
2|PZ|A-2' sqlite3 ar.db "SELECT a.id, c.doc_no, d.doc_no FROM application a
	JOIN document c ON c.id = a.credit_doc JOIN document d ON
	d.id = a.debit_doc ORDER BY a.id"

# --- single undo ---------------------------------------------------------
golden undo-payment 0 ar-apply --undo-payment PX
golden undo-application 0 ar-apply --undo-application 2
golden undo-application-again 2 ar-apply --undo-application 2
golden undo-application-unknown 3 ar-apply --undo-application 99
golden undo-application-cancel 2 ar-apply --undo-application 3
golden undo-payment-nothing 2 ar-apply --undo-payment PX
golden undo-payment-unknown 3 ar-apply --undo-payment NOPE
golden undo-application-bad 2 ar-apply --undo-application x
golden undo-application-closed 2 ar-apply --undo-application 1 --allow-closed
golden undo-payment-and-file 2 ar-apply --undo-payment PX some.csv
golden undo-payment-rules 2 ar-apply --undo-payment PX --explain
golden check-undo 0 ar-ledger check
is 'nothing is applied now' 0 sqlite3 ar.db \
	"SELECT sum(amount) FROM application"

# --- re-applied by hand with the true date --------------------------------
cat >manual.csv <<'EOF2'
payment_no,invoice_no,amount,date
PX,A-2,200.00,
PZ,A-1,100.00,2026-02-20
EOF2
golden manual 0 ar-apply --as-of 2026-02-28 --rules ref manual.csv
age() {	# DATE: the open amounts of A-1 and A-2
	ar-age --as-of "$1" --detail -f csv |
	awk -F, '$4 == "A-1" || $4 == "A-2" { printf "%s %s;", $4, $10 }'
}
is 'on 02-03 A-2 is paid, A-1 all open' 'A-1 300.00;' age 2026-02-03
is 'on 02-20 A-1 is 100.00 paid' 'A-1 200.00;' age 2026-02-20

# --- refunds ---------------------------------------------------------------
cp ar.db before.db
golden refund-more 3 ar-apply --refund PZ --amount 150 --date 2026-03-02
unchanged ar.db before.db 'a refused refund changes nothing'
golden refund-journal-unset 2 ar-apply --refund PZ --amount 60 \
	--date 2026-03-02 --journal j.csv
ok 'no journal without its accounts' test ! -e j.csv
ar-ledger -q set gl.receivables 1200
ar-ledger -q set gl.cash 1000
golden refund 0 ar-apply --refund PZ --amount 60.00 --date 2026-03-02 \
	--method check --reference 'chk 5001' --journal j.csv
golden refund-journal 0 cat j.csv
golden refund-memo 0 ar-apply --refund CM-1 --amount 50.00 --date 2026-03-03
golden refund-memo-again 3 ar-apply --refund CM-1 --amount 0.01 \
	--date 2026-03-04
golden refund-before 2 ar-apply --refund PZ --amount 1 --date 2026-02-19
golden refund-zero 2 ar-apply --refund PZ --amount 0 --date 2026-03-04
golden refund-method 2 ar-apply --refund PZ --amount 1 --date 2026-03-04 \
	--method cash
golden refund-unknown 3 ar-apply --refund NOPE --amount 1 --date 2026-03-04
golden refund-no-date 2 ar-apply --refund PZ --amount 1
golden refund-amount-alone 2 ar-apply --amount 1
golden refund-undo 2 ar-apply --undo 11
golden refund-reverse 2 ar-apply --reverse PZ --date 2026-03-05
golden unapplied 0 ar-report --as-of 2026-03-31 unapplied -f csv
golden statement 0 ar-statement --as-of 2026-03-31 -n --type activity \
	--customer U1 --from 2026-03-01
golden check-end 0 ar-ledger check
ar-ledger -q close 2026-03
golden refund-closed 2 ar-apply --refund PZ --amount 1 --date 2026-03-31
finish
