#!/bin/sh
# ar-writeoff: every criterion alone and together, lists (from ar-age
# --detail too), partial write-offs, more than the open amount refused,
# the approval limit (pending -> approved, pending -> rejected, no longer
# open), recovery then payment, balanced journals, period locks, bad lists
# and bad options; after every run that posts, ar-ledger check is silent
# and the aging moves by exactly what was written off.  Then a write-off,
# its journal, its recovery and the payment of it on the samples ledger.
#
# The ledger is the one of age.t (see there: A100 one invoice per aging
# edge, A200 partly paid P1 and disputed P2, A300 unapplied cash, E400 in
# EUR) and K500, a bankrupt customer:
#
#   K1  1,500.00 USD due 2025-10-01 (181 days past due on 2026-03-31)
#   K2     40.00 USD due 2026-03-31 (current)
#
# The approval limit is the default 1,000.00 USD: K1 and every EUR item
# wait for approval, the rest posts.  As of 2026-03-31 the ledger's USD
# balance is 2,750.00 + 1,540.00 = 4,290.00, EUR 2,350.00.
. "$(dirname "$0")/lib.sh"

USER=tester
export USER

# cell FILE KEY COLUMNS: columns of the rows of an ar-age csv whose key
# (doc_no in a detail, customer_id/currency in a summary) is KEY
cell() {
	awk -v want="$2" -v cols="$3" "$CSV"'
	NR == 1 { n = csvsplit($0, h); for (i = 1; i <= n; i++) k[h[i]] = i; next }
	{
		csvsplit($0, f)
		key = ("doc_no" in k) ? f[k["doc_no"]] : f[k["customer_id"]] "/" f[k["currency"]]
		if (key != want)
			next
		m = split(cols, c, ",")
		out = ""
		for (i = 1; i <= m; i++)
			out = out (i > 1 ? "," : "") f[k[c[i]]]
		print out
	}' "$1"
}

# balances DB DATE: the aging's balance per currency in minor units
balances() {
	ar-age -d "$1" --as-of "$2" -f csv | awk "$CSV"'
	NR == 1 { n = csvsplit($0, h); for (i = 1; i <= n; i++) k[h[i]] = i; next }
	{
		csvsplit($0, f)
		v = f[k["balance"]]
		sub(/\./, "", v)
		s[f[k["currency"]]] += v
	}
	END { for (c in s) printf "%s|%.0f\n", c, s[c] }' | sort
}

# journal_sums FILE: per currency, the debits and the credits of a journal
journal_sums() {
	awk "$CSV"'
	NR == 1 { next }
	{
		csvsplit($0, f)
		d = f[3]; c = f[4]; sub(/\./, "", d); sub(/\./, "", c)
		dr[f[6]] += d; cr[f[6]] += c
	}
	END { for (x in dr) printf "%s %.0f %.0f\n", x, dr[x], cr[x] }' "$1" | sort
}

# clean DB WHAT: ar-ledger check is silent and exits 0
clean() {
	_out=$(ar-ledger -d "$1" check 2>&1)
	_rc=$?
	[ -n "$_out" ] && printf '%s\n' "$_out" | sed 's/^/# /' | head -10
	_result "$([ "$_rc" = 0 ] && [ -z "$_out" ] && echo 0 || echo 1)" \
		"$2: ar-ledger check is clean"
}

# doc_no DB SQL-CONDITION: the number of the latest document meeting it
doc_no() {
	sqlite3 "$1" "SELECT doc_no FROM document WHERE $2 ORDER BY id DESC LIMIT 1"
}

# --- the ledger -------------------------------------------------------------

ok 'init' ar-ledger -q -d x.db init
for t in customers invoices payments credits applications activities; do
	ok "import $t" ar-import -q -d x.db -t $t "$DATA/age-$t.csv"
done
ok 'import a bankrupt customer' ar-import -q -d x.db -t customers "$DATA/writeoff-customers.csv"
ok 'and its invoices' ar-import -q -d x.db -t invoices "$DATA/writeoff-invoices.csv"
cp x.db nogl.db
for s in 'gl.receivables 1200' 'gl.bad_debt_expense 6400' 'gl.bad_debt_recovery 4900'; do
	ok "set $s" ar-ledger -q -d x.db set $s
done
clean x.db 'the ledger made'
is 'balances before' 'EUR|235000
USD|429000' balances x.db 2026-03-31

W="ar-writeoff -d x.db --as-of 2026-03-31"

# --- each criterion, previewed: -n changes nothing --------------------------

cp x.db before.db
# B121 121, B120 120, B091 91 days, K1 181 days (over the limit); E2 is
# exactly 90 days past due: not more than 90
golden older-than-90 0 $W -n --reason bad_debt --older-than 90
# open < 150.00 in each item's currency: C3 is EUR, so it waits
golden under-150 0 $W -n --reason small_balance --under 150
# P1 is open as of 2026-03-31 but paid since; P2 is disputed
golden customer-a200 0 $W -n --reason bad_debt --customer A200
golden include-disputed 0 $W -n --reason dispute --customer A200 --include-disputed
golden bankrupt 0 $W -n --reason bankruptcy --status bankrupt
# A300 has unapplied cash: a warning, the write-off still goes
golden unapplied-warning 0 $W -n --reason bad_debt --customer A300
golden nothing 0 $W -n --reason bad_debt --under 0.01
# -q: no skip notes, no warnings, no summary
golden quiet 0 $W -n -q --reason bad_debt --customer A300

# --- criteria together: all must hold ----------------------------------------

# over 60 days and under 200.00: B091 191, B090 190, B061 161 (E2's 250.00
# EUR and B120, B121 are not under 200.00)
golden older-under 0 $W -n --reason bad_debt --older-than 60 --under 200
golden bankrupt-older 0 $W -n --reason bankruptcy --status bankrupt --older-than 90
golden bankrupt-under 0 $W -n --reason bankruptcy --status bankrupt --under 100
# A100, over 30 days and under 150.00: B031 only (B030 is 30 days)
golden customer-older-under 0 $W -n --reason small_balance --customer A100 \
	--older-than 30 --under 150
golden bankrupt-a100 0 $W -n --reason bankruptcy --status bankrupt --customer A100
golden json 0 $W -n -q --reason bad_debt --older-than 90 -f json
golden table 0 $W -n -q --reason bad_debt --older-than 90 -f table
unchanged x.db before.db '-n changed nothing'

# --- a write-off run, its journal, the aging after ---------------------------

golden run-1 0 $W --reason bad_debt --older-than 90 --journal j1.csv
golden journal-1 0 cat j1.csv
is 'the journal balances: debits = credits = 632.00' 'USD 63200 63200' journal_sums j1.csv
is 'the journal is mode 600' 600 stat -c %a j1.csv
clean x.db 'after the first run'
is 'USD balance lower by 632.00, EUR the same' 'EUR|235000
USD|365800' balances x.db 2026-03-31
is 'the aging as of the day before is unchanged' "$(balances before.db 2026-03-30)" \
	balances x.db 2026-03-30
ar-age -d x.db --as-of 2026-03-31 --detail -f csv >d.csv
is 'B121, B120, B091 are closed' '' cell d.csv B121 open_amount
is 'K1 waits for approval: still open' '1500.00' cell d.csv K1 open_amount
is 'the write-off documents' 'writeoff|WO-27|B121|221.00|bad_debt
writeoff|WO-28|B120|220.00|bad_debt
writeoff|WO-29|B091|191.00|bad_debt' sqlite3 x.db "SELECT d.doc_type, d.doc_no,
	i.doc_no, printf('%.2f', d.amount / 100.0), d.reason FROM document d
	JOIN document i ON i.id = d.related WHERE d.doc_type = 'writeoff' ORDER BY d.id"
golden pending-1 0 $W --pending
# again: nothing left over 90 days but K1, whose request is pending
golden run-again 0 $W --reason bad_debt --older-than 90

# --- approval: pending -> approved -------------------------------------------

cp x.db before.db
golden approve-early 2 ar-writeoff -d x.db --as-of 2026-03-30 --approve 1
golden approve-dry 0 ar-writeoff -d x.db --as-of 2026-04-01 -n --approve 1
unchanged x.db before.db 'approve -n changed nothing'
golden approve 0 ar-writeoff -d x.db --as-of 2026-04-01 --approve 1 --journal j2.csv
golden journal-2 0 cat j2.csv
is 'its journal balances' 'USD 150000 150000' journal_sums j2.csv
clean x.db 'after the approval'
is 'K1 written off as of 2026-04-01' '' \
	sh -c 'ar-age -d x.db --as-of 2026-04-01 --detail -f csv | grep "^K500,.*,K1,"'
ar-age -d x.db --as-of 2026-03-31 --detail -f csv >d.csv
is 'but still open as of 2026-03-31' '1500.00' cell d.csv K1 open_amount
is 'the decision names the write-off' 'approved|tester|2026-04-01|WO-30' \
	sqlite3 x.db "SELECT k.decision, k.decided_by, k.date, d.doc_no FROM
	writeoff_decision k JOIN document d ON d.id = k.writeoff_doc"
golden pending-empty 0 $W --pending
cp x.db before.db
golden approve-decided 2 $W --approve 1
golden reject-decided 2 $W --reject 1
golden approve-unknown 2 $W --approve 99
unchanged x.db before.db 'refused decisions changed nothing'

# --- approval: pending -> rejected -------------------------------------------

printf 'doc_no,amount\nE1,1500.00\n' >e1.csv
golden list-eur 0 $W --reason settlement e1.csv
golden reject-twice 2 $W --reject 2 2
golden approve-and-reject 2 $W --approve 2 --reject 2
n=$(sqlite3 x.db 'SELECT count(*) FROM document')
golden reject 0 $W --reject 2 --journal j3.csv
is 'a rejection posts nothing' "$n" sqlite3 x.db 'SELECT count(*) FROM document'
is 'and books nothing' 'date,account,debit,credit,memo,currency' cat j3.csv
clean x.db 'after the rejection'

# --- approval when the amount is no longer open ------------------------------

printf 'doc_no\nC3\n' >c3.csv
golden list-c3 0 $W --reason bad_debt c3.csv
printf 'payment_no,customer_id,payment_date,amount,currency\nPAY-X1,A300,2026-04-02,60.00,EUR\n' >p.csv
printf 'payment_no,invoice_no,amount,date\nPAY-X1,C3,60.00,2026-04-02\n' >a.csv
ok 'a payment of 60.00 on C3' ar-import -q -d x.db -t payments p.csv
ok 'applied' ar-import -q -d x.db -t applications a.csv
golden approve-not-open 3 ar-writeoff -d x.db --as-of 2026-04-05 --approve 3
golden pending-not-open 0 $W --pending
ok 'reject it' ar-writeoff -q -d x.db --as-of 2026-04-05 --reject 3

# --- partial write-off, and more than the open amount ------------------------

printf 'doc_no,amount\nC2,50.00\n' >partial.csv
golden partial 0 $W --reason short_pay partial.csv
ar-age -d x.db --as-of 2026-03-31 --detail -f csv >d.csv
is 'C2: 400.00 of 450.00 left open' '450.00,400.00' cell d.csv C2 amount,open_amount
clean x.db 'after the partial write-off'
cp x.db before.db
printf 'doc_no,amount\nC2,400.01\n' >over.csv
golden over-open 3 $W --reason short_pay over.csv
unchanged x.db before.db 'nothing written off'

# --- bad lists: the whole run refused, nothing posted ------------------------

printf 'doc_no,amount\nB000,10.00\nNOPE,1.00\n' >unknown.csv
golden list-unknown 3 $W --reason bad_debt unknown.csv
printf 'doc_no,amount\nB000,-10.00\n' >negative.csv
golden list-negative 3 $W --reason bad_debt negative.csv
printf 'doc_no,amount\nB000,ten\nB001,1e2\nB030,1.001\n' >garbage.csv
golden list-garbage 3 $W --reason bad_debt garbage.csv
printf 'number_of_doc,amount\nB000,10.00\n' >nocolumn.csv
golden list-no-column 3 $W --reason bad_debt nocolumn.csv
printf 'invoice #,amount\nB000,10.00\nB001,1.00\nB000,5.00\n' >twice.csv
golden list-twice 3 $W --reason bad_debt twice.csv
printf 'doc_no\nPAY-C1\nCM-C1\n' >credit.csv
golden list-credit 3 $W --reason bad_debt credit.csv
printf 'doc_no,currency\nB000,EUR\n' >currency.csv
golden list-currency 3 $W --reason bad_debt currency.csv
printf 'doc_no,amount\nB000,10.00,extra\n' >fields.csv
golden list-fields 3 $W --reason bad_debt fields.csv
printf 'doc_no\nB121\n' >closed.csv
golden list-nothing-open 3 $W --reason bad_debt closed.csv
: >empty.csv
golden list-empty 3 $W --reason bad_debt empty.csv
unchanged x.db before.db 'no bad list posted anything'

# --- a list from ar-age --detail ---------------------------------------------

# invoices over 60 days past due with less than 200.00 open; fields
# counted from the end, since A200's name holds a quoted comma
AWK='NR == 1 || ($(NF-10) == "invoice" && $(NF-6) > 60 && $(NF-3) < 200)'
ar-age -d x.db --as-of 2026-03-31 --detail -f csv | awk -F, "$AWK" >aged.csv
is 'the aging picks B090 and B061' 'B090
B061' sh -c 'sed 1d aged.csv | cut -d, -f4'
STDIN=aged.csv golden from-age-dry 0 $W -n --reason bad_debt -
unchanged x.db before.db 'previewed only'
golden from-age 0 sh -c "ar-age -d x.db --as-of 2026-03-31 --detail -f csv |
	awk -F, '$AWK' | $W --reason bad_debt --journal j4.csv -"
is 'its journal balances' 'USD 35100 35100' journal_sums j4.csv
clean x.db 'after the list from the aging'
# since the first run: C2's 50.00 and these 351.00 (K1 is written off
# on 2026-04-01, after this date)
is 'USD balance lower by 401.00 more' 'EUR|235000
USD|325700' balances x.db 2026-03-31

# --- recovery, then the payment of it ----------------------------------------

R="ar-writeoff -d x.db --as-of 2026-05-01"
golden recover-too-much 2 $R --recover B121 --amount 221.01 --date 2026-05-01
golden recover-early 2 $R --recover B121 --amount 10 --date 2026-03-30
golden recover-later 2 $R --recover B121 --amount 10 --date 2026-05-02
golden recover-nothing 2 $R --recover B000 --amount 10 --date 2026-05-01
golden recover 0 $R --recover B121 --amount 100.00 --date 2026-05-01 --journal j5.csv
golden journal-5 0 cat j5.csv
is 'its journal balances' 'USD 10000 10000' journal_sums j5.csv
clean x.db 'after the recovery'
rec=$(doc_no x.db "doc_type = 'recovery'")
is 'the recovery is related to WO-27' 'WO-27' sqlite3 x.db "SELECT w.doc_no
	FROM document r JOIN document w ON w.id = r.related WHERE r.doc_no = '$rec'"
ar-age -d x.db --as-of 2026-05-01 --detail -f csv >d.csv
is 'the aging shows the recovery open' 'recovery,2026-05-01,100.00' \
	cell d.csv "$rec" doc_type,due_date,open_amount
# by the write-off's number: 121.00 left to recover
golden recover-by-number 0 $R --recover WO-27 --amount 121.00 --date 2026-05-01
golden recover-all-done 2 $R --recover WO-27 --amount 0.01 --date 2026-05-01
printf 'payment_no,customer_id,payment_date,amount,currency\nPAY-R1,A100,2026-05-10,100.00,USD\n' >p.csv
printf 'payment_no,invoice_no,amount,date\nPAY-R1,%s,100.00,2026-05-10\n' "$rec" >a.csv
ok 'a payment from A100' ar-import -q -d x.db -t payments p.csv
ok 'applied to the recovery' ar-import -q -d x.db -t applications a.csv
ar-age -d x.db --as-of 2026-05-31 --detail -f csv >d.csv
is 'the recovery is paid' '' cell d.csv "$rec" open_amount
is 'and the payment fully applied' '' cell d.csv PAY-R1 open_amount
clean x.db 'after the payment of the recovery'

# --- period locks -------------------------------------------------------------

cp x.db lock.db
ok 'close March' ar-ledger -q -d lock.db close 2026-03
cp lock.db before.db
golden closed 2 ar-writeoff -d lock.db --as-of 2026-03-31 --reason bad_debt --under 30
golden recover-closed 2 ar-writeoff -d lock.db --as-of 2026-05-01 \
	--recover B120 --amount 1 --date 2026-03-31
unchanged lock.db before.db 'nothing posted into the closed period'
golden allow-closed 0 ar-writeoff -d lock.db --as-of 2026-03-31 --reason bad_debt \
	--under 30 --allow-closed
clean lock.db 'after --allow-closed'

# --- output and journal files --------------------------------------------------

golden output 0 $W -n --reason bad_debt --under 30 -o out.csv
is 'the output file' 'WO-38,2026-03-31,A200,DM-1,25.00,bad_debt,posted,USD,' sed 1d out.csv
golden journal-unset 2 ar-writeoff -d nogl.db --as-of 2026-03-31 --reason bad_debt \
	--under 30 --journal j.csv
ok 'no journal written' test ! -e j.csv
# every setting missing is named at once
cp nogl.db onegl.db
ar-ledger -q -d onegl.db set gl.bad_debt_expense 6400
golden journal-unset-two 2 ar-writeoff -d onegl.db --as-of 2026-03-31 \
	--reason bad_debt --under 30 --journal j.csv
ok 'no journal written' test ! -e j.csv
cp x.db before.db
exits 'a journal in a missing directory' 4 $W --reason bad_debt --under 30 \
	--journal missing/j.csv
unchanged x.db before.db 'and nothing posted'

# --- bad options ---------------------------------------------------------------

golden help 0 ar-writeoff -h
exits '-V' 0 ar-writeoff -V
golden no-reason 2 $W --older-than 90
golden bad-reason 2 $W --reason lost --older-than 90
golden no-criterion 2 $W --reason bad_debt
golden criteria-and-list 2 $W --reason bad_debt --under 5 list.csv
golden bad-as-of 2 ar-writeoff -d x.db --as-of 2026-02-30 --reason bad_debt --under 5
golden bad-older-than 2 $W --reason bad_debt --older-than -1
golden bad-under 2 $W --reason bad_debt --under abc
golden bad-under-decimals 2 $W --reason bad_debt --under 0.001
golden bad-status 2 $W --reason bad_debt --status active
cp x.db before-unknown.db
golden unknown-customer 3 $W --reason bad_debt --customer NOSUCH
unchanged x.db before-unknown.db 'an unknown --customer writes nothing off'
golden bad-approve 2 $W --approve x
golden recover-no-amount 2 $W --recover B121 --date 2026-03-31
golden amount-alone 2 $W --reason bad_debt --under 5 --amount 5
golden pending-and-reason 2 $W --pending --reason bad_debt
golden unknown-option 2 $W --frobnicate
golden missing-list 4 $W --reason bad_debt nofile.csv
golden missing-ledger 4 ar-writeoff -d missing.db --reason bad_debt --under 5
ok 'a missing ledger is not created' test ! -e missing.db

# --- end to end on the samples ledger -----------------------------------------

SAMPLES=$HERE/../../samples
for t in customers invoices credits payments activities; do
	ar-import -q -d s.db -t $t "$SAMPLES/$t.csv"
done
for s in 'gl.receivables 1200' 'gl.bad_debt_expense 6400' 'gl.bad_debt_recovery 4900'; do
	ar-ledger -q -d s.db set $s
done
S="ar-writeoff -d s.db --as-of 2026-10-31"
# C00010 is bankrupt; its two payments sit unapplied: apply them first
golden samples-warning 0 $S -n --reason bankruptcy --status bankrupt -o /dev/null
printf 'payment_no,invoice_no,amount\nPMT-0000299,INV-0000067,4850.00\nPMT-0000357,INV-0000023,1356.19\n' >a.csv
ok 'apply C00010 cash' ar-import -q -d s.db -t applications a.csv
before=$(balances s.db 2026-10-31)
golden samples-writeoff 0 $S --reason bankruptcy --status bankrupt --journal sj1.csv
golden samples-pending 0 $S --pending
ids=$(sqlite3 s.db 'SELECT id FROM writeoff_request ORDER BY id' | tr '\n' ' ')
golden samples-approve 0 $S --approve $ids --journal sj2.csv
golden samples-journal 0 sh -c 'cat sj1.csv; sed 1d sj2.csv'
{ cat sj1.csv; sed 1d sj2.csv; } >sj.csv
# 87,153.65 open less the 6,206.19 of cash applied
is 'the journals balance: 80,947.46 written off' 'USD 8094746 8094746' journal_sums sj.csv
clean s.db 'samples after the write-off'
is 'C00010 owes nothing as of 2026-10-31' '' \
	sh -c 'ar-age -d s.db --as-of 2026-10-31 --customer C00010 -f csv | sed 1d'
after=$(balances s.db 2026-10-31)
is 'the USD balance fell by what was written off' \
	"$(echo "$before" | awk -F'|' '$1 == "USD" { print $2 - 8094746 }')" \
	sh -c "echo '$after' | awk -F'|' '\$1 == \"USD\" { print \$2 }'"
golden samples-recover 0 ar-writeoff -d s.db --as-of 2026-11-05 --recover INV-0000202 \
	--amount 500.00 --date 2026-11-05 --journal sj3.csv
golden samples-journal-3 0 cat sj3.csv
rec=$(doc_no s.db "doc_type = 'recovery'")
printf 'payment_no,customer_id,payment_date,amount,currency,reference\nPMT-R1,C00010,2026-11-12,500.00,USD,%s\n' "$rec" >p.csv
printf 'payment_no,invoice_no,amount\nPMT-R1,%s,500.00\n' "$rec" >a.csv
ok 'the trustee pays 500.00' ar-import -q -d s.db -t payments p.csv
ok 'applied to the recovery' ar-import -q -d s.db -t applications a.csv
golden samples-age-after 0 ar-age -d s.db --as-of 2026-11-30 --customer C00010 -f csv
clean s.db 'samples after the recovery and its payment'

finish
