#!/bin/sh
# ar-dun: levels over several runs with the minimum interval, the interest
# rule worked out by hand, a fee without interest, finance charges posted
# and aged, every guard shown with -v, templates refused, e-mail parsed
# back by Python's email package, sendmail that fails, bad input.
#
# The ledger (data/dun-*.csv), every amount USD; levels 1:3,2:15,3:30,
# level 1 at 10% a year, no fee; level 2 a fee of 5.00, no interest;
# level 3 at 36.5% (a thousandth of the amount a day), no fee.
#
#   A1  I-1 1,000.00 and I-3 400.00 due 2026-10-01, I-2 250.00 due
#       2026-11-14; I-3 disputed (400.00, opened 2026-10-20)
#   B2 bankrupt, J9 hold, K10 closed, C3 contact cease, D4 its only item
#       disputed, G7 a promise of 100.00 for 2026-11-30 (made 11-18), H8
#       paused through 2026-11-30: each owes 100.00 due 2026-10-01
#   E5  a consumer in America/New_York, 100.00 due 2026-10-01
#   F6  no e-mail address, 300.00 due 2026-10-01
#   M11 100.00 due 2026-11-18: 2 days past due on 11-20, under level 1
#
# On 2026-11-20, level 1 at 10%:
#   I-1 1,000.00 x 10 / 100 / 365 x 50 days = 13.6986... -> 13.70
#   I-2   250.00 x 10 / 100 / 365 x  6 days =  0.41095... -> 0.41
#   A1 total due 1,250.00 + 14.11 = 1,264.11 (I-3 disputed: left out)
#   E5 100.00 x 10 / 100 / 365 x 50 = 1.3698... -> 1.37; total 101.37
#   F6 300.00 x 0.1 / 365 x 50 = 4.1095... -> 4.11; total 304.11
. "$(dirname "$0")/lib.sh"

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
export AR_DB=ar.db
for kv in company.name='Acme Supply' company.email=ar@acme.example \
	company.remit_to='Acme Supply, PO Box 1, Springfield' \
	dunning.levels=1:3,2:15,3:30 dunning.interest.1=10 dunning.fee.2=5.00 \
	dunning.interest.3=36.5; do
	ok "set ${kv%%=*}" ar-ledger set "${kv%%=*}" "${kv#*=}"
done

# --- usage and bad input ----------------------------------------------------
golden help 0 ar-dun --help
golden bad-format 2 ar-dun -f csv
golden bad-level 2 ar-dun --level 6
golden level-over 2 ar-dun --as-of 2026-11-20 --level 4
golden eml-no-dir 2 ar-dun -f eml
golden sendmail-eml 2 ar-dun --sendmail cat -f eml -o x
golden until-alone 2 ar-dun --until 2026-12-01
golden pause-no-reason 2 ar-dun --pause H8 --until 2026-12-01
golden operand 2 ar-dun A1
golden no-customer 3 ar-dun --as-of 2026-11-20 --customer ZZ
golden no-ledger 4 ar-dun -d missing.db
golden pause-unknown 3 ar-dun --as-of 2026-11-19 --pause ZZ \
	--until 2026-11-30 --reason x
golden pause-backwards 3 ar-dun --as-of 2026-11-19 --pause H8 \
	--until 2026-11-18 --reason x

# --- the pause, recorded ----------------------------------------------------
golden pause 0 ar-dun --as-of 2026-11-19 --pause H8 --until 2026-11-30 \
	--reason 'customer in talks'
is 'the pause is a row' '2026-11-19|2026-11-30|customer in talks' sqlite3 \
	ar.db "SELECT date, until, reason FROM dunning_pause"
fails 'pauses are append-only' sqlite3 ar.db \
	"UPDATE dunning_pause SET until = '2027-01-01'"

# --- finance.max_rate -------------------------------------------------------
ok 'a cap' ar-ledger set finance.max_rate 36.5
golden rate-over-cap 2 ar-ledger set dunning.interest.4 36.6
golden cap-under-rate 2 ar-ledger set finance.max_rate 36
golden bad-rate 2 ar-ledger set dunning.interest.4 12%
golden bad-levels 2 ar-ledger set dunning.levels 1:5,3:10

# --- the first run, as letters: every guard with -v --------------------------
cp ar.db before.db
golden dry-run 0 ar-dun -n -v --as-of 2026-11-20
unchanged ar.db before.db 'a dry run changes nothing'
# letters on standard output are a preview: nothing recorded or posted
golden preview 0 ar-dun -v --as-of 2026-11-20
unchanged ar.db before.db 'a preview changes nothing'
golden preview-charges 2 ar-dun --as-of 2026-11-20 --post-charges
# written for sending: recorded, and the charges posted
golden run-1 0 ar-dun -v --as-of 2026-11-20 --post-charges -o run1
is 'a letter each' 'A1.txt E5.txt F6.txt' sh -c 'ls run1 | tr "\n" " " |
	sed "s/ $//"'
{ cat run1/A1.txt; printf '\f'; cat run1/E5.txt; printf '\f'
	cat run1/F6.txt; } >run1.all
ok 'the letters written are those of the preview' cmp run1.all \
	"$GOLDEN/preview.out"
is 'the letters recorded with their level' 'A1|letter|dunning|126411|1
E5|letter|dunning|10137|1
F6|letter|dunning|30411|1' sqlite3 ar.db "SELECT c.customer_id, a.kind,
	a.outcome, a.amount, a.level FROM activity a JOIN customer c ON
	c.id = a.customer WHERE a.level IS NOT NULL ORDER BY 1"
is 'the interest posted, item by item; none on the disputed I-3' \
'A1|13.70|2026-11-20|I-1|interest on I-1, 50 days at 10%
A1|0.41|2026-11-20|I-2|interest on I-2, 6 days at 10%
E5|1.37|2026-11-20|I-7|interest on I-7, 50 days at 10%
F6|4.11|2026-11-20|I-8|interest on I-8, 50 days at 10%' sqlite3 ar.db \
	"SELECT c.customer_id, printf('%.2f', f.amount / 100.0), f.due_date,
	r.doc_no, f.description FROM document f JOIN customer c ON
	c.id = f.customer JOIN document r ON r.id = f.related WHERE
	f.doc_type = 'finance_charge' ORDER BY 1, 4"
golden check-1 0 ar-ledger check
golden age-1 0 ar-age --as-of 2026-11-20 --detail --customer A1 -f csv

# --- the interval, then level 2 (a fee, no interest), then level 3 ---------
golden run-interval 0 ar-dun -v --as-of 2026-11-25 --customer A1
# on 12-04: I-1 is 64 days past due (level 3 reached) but one level a
# letter: level 2, the fee of 5.00, no interest at level 2's rate of 0;
# the charges of 11-20 (14.11) are overdue items now:
#   1,250.00 + 13.70 + 0.41 + 5.00 fee = 1,269.11
golden level-filter 0 ar-dun -n -v --as-of 2026-12-04 --customer A1 --level 1
golden run-2 0 sh -c 'ar-dun -v --as-of 2026-12-04 --customer A1 \
	--post-charges -o run2 && cat run2/A1.txt'
# on 12-20, level 3 at 36.5%, interest from the last charge (11-20), 30
# days, none on the finance charges (dunning.compound no):
#   I-1 1,000.00 x 0.001 x 30 = 30.00;  I-2 250.00 x 0.001 x 30 = 7.50
#   1,250.00 + 13.70 + 0.41 + 5.00 + 37.50 = 1,306.61
cp ar.db compound.db
golden run-3 0 sh -c 'ar-dun -v --as-of 2026-12-20 --customer A1 \
	--post-charges -o run3 && cat run3/A1.txt'
is 'three letters, levels 1, 2, 3' '2026-11-20|1|126411
2026-12-04|2|126911
2026-12-20|3|130661' sqlite3 ar.db "SELECT date, level, amount FROM activity
	WHERE level IS NOT NULL AND customer = 1 ORDER BY date"
golden age-3 0 ar-age --as-of 2026-12-20 --detail --customer A1 -f csv
golden check-3 0 ar-ledger check
# with dunning.compound the finance charges earn interest too:
#   FC of 13.70 due 11-20: 13.70 x 0.001 x 30 = 0.411 -> 0.41
#   FC of 0.41: 0.41 x 0.001 x 30 = 0.0123 -> 0.01
#   FC of 5.00 due 12-04: 5.00 x 0.001 x 16 = 0.08
#   1,306.61 + 0.50 = 1,307.11
ok 'compound' ar-ledger -d compound.db set dunning.compound yes
golden run-3-compound 0 ar-dun -d compound.db -n --as-of 2026-12-20 \
	--customer A1

# --- dunning.min_amount: E5 owes 100.00 overdue ---------------------------
cp before.db min.db
ok 'a minimum of 100.01' ar-ledger -d min.db set dunning.min_amount 100.01
golden min-amount 0 ar-dun -d min.db -n -v --as-of 2026-11-20 --customer E5
ok 'a minimum of 100.00' ar-ledger -d min.db set dunning.min_amount 100.00
is 'at the minimum: a letter' 'ar-dun: 1 letter: 0 sent; 0 customers skipped; 0 finance charges posted (dry run: nothing changed)' \
	sh -c 'ar-dun -d min.db -n --as-of 2026-11-20 --customer E5 2>&1 >/dev/null'

# --- back to level 1 once all that was overdue is paid ----------------------
printf 'payment_no,customer_id,payment_date,amount,currency,reference\nP-1,F6,2026-11-25,304.11,USD,I-8 FC\n' >pay.csv
ok 'F6 pays' ar-import -q -t payments pay.csv
ok 'applied' ar-apply -q --as-of 2026-11-25 -f csv -o /dev/null
printf 'invoice_no,customer_id,invoice_date,due_date,amount,currency\nI-14,F6,2026-11-01,2026-12-01,50.00,USD\n' >inv2.csv
ok 'F6 buys again' ar-import -q -t invoices inv2.csv
# I-14 is 19 days past due on 12-20 (level 2's 15 reached), but nothing
# overdue at the letter of 11-20 is still open: level 1 again
#   50.00 x 10 / 100 / 365 x 19 = 0.26027... -> 0.26
golden level-reset 0 ar-dun -v -n --as-of 2026-12-20 --customer F6

# --- templates ------------------------------------------------------------
mkdir tpl
printf 'Dear {{customer_name}}:\n{{#items}}{{doc_no}} {{open_amount}}\n{{/items}}Total {{total_due}} {{currency}}\n' >tpl/level1.txt
printf 'Hello {{customer_name}} (level {{level}})\n' >tpl/level1.subject
ok 'a template directory' ar-ledger set dunning.templates tpl
# M11's item is 3 days past due on 11-21: level 1
golden template 0 ar-dun -n --as-of 2026-11-21 --customer M11 --level 1
printf '<p>{{customer_name}}</p>\n<p>{{amount_due}}</p>\n' >tpl/level1.html
golden template-unknown 2 ar-dun -n --as-of 2026-11-21
rm tpl/level1.html
printf '<p>{{customer_name}}</p>\n' >tpl/level1.html
cp before.db tpl.db
ok 'the templates on a ledger where E5 is due' ar-ledger -d tpl.db set \
	dunning.templates tpl
# the customer's name escaped, the template's markup not
golden template-html 0 ar-dun -d tpl.db -n -f html --as-of 2026-11-21 \
	--customer E5
ok 'back to the built-in templates' ar-ledger set dunning.templates ''

# --- letters as files: one each, a second currency's named by its code ----
cp before.db files.db
printf 'invoice_no,customer_id,invoice_date,due_date,amount,currency\nI-E1,A1,2026-09-01,2026-10-01,80.00,EUR\n' >eur.csv
ok 'A1 owes EUR too' ar-import -q -d files.db -t invoices eur.csv
ok 'html letters into a directory' ar-dun -q -d files.db --as-of 2026-11-20 \
	-f html -o html
is 'a file each, EUR first' 'A1-USD.html A1.html E5.html F6.html' \
	sh -c 'ls html | tr "\n" " " | sed "s/ $//"'
is 'files private' '-rw-------' sh -c 'ls -l html/A1.html | cut -c1-10'
is 'the EUR letter: 80.00 x 10 / 100 / 365 x 50 = 1.0958... -> 1.10' \
	'<b>Total due: 81.10 EUR</b></p>' grep 'Total due' html/A1.html
is 'two letters of A1 recorded' 2 sqlite3 files.db "SELECT count(*) FROM
	activity WHERE customer = 1 AND level = 1"

# --- e-mail -----------------------------------------------------------------
cp before.db mail.db
# 03:00 UTC is 22:00 in New York: E5, a consumer, is held; F6 has no
# address and gets a letter in the directory, listed
golden eml 0 ar-dun -d mail.db -v --as-of 2026-11-20 --at 2026-11-21T03:00Z \
	-f eml -o out
is 'the files' 'A1.eml
F6.txt' ls out
is 'recorded: an e-mail and a letter' 'A1|email|1
F6|letter|1' sqlite3 mail.db "SELECT c.customer_id, a.kind, a.level FROM
	activity a JOIN customer c ON c.id = a.customer WHERE a.level IS NOT
	NULL ORDER BY 1"
cat >parse.py <<'PY'
import email, email.policy, sys
for f in sys.argv[1:]:
    raw = open(f, 'rb').read()
    for line in raw.split(b'\n'):
        assert len(line) <= 78, (f, line)
    m = email.message_from_bytes(raw, policy=email.policy.default)
    assert not m.defects, m.defects
    print(f)
    for h in ('From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version'):
        print('%s: %s' % (h, m[h]))
    assert m.get_content_type() == 'multipart/alternative'
    for p in m.iter_parts():
        assert not p.defects, p.defects
        body = p.get_content()
        print('--', p.get_content_type(), p.get_content_charset(),
              p['Content-Transfer-Encoding'], len(body.encode()))
        print(body.split('\n')[3])
PY
golden eml-parsed 0 /usr/bin/python3 parse.py out/A1.eml
is 'the text part says what the letter says' "$(ar-dun -d before.db -n -q \
	--as-of 2026-11-20 --customer A1)" /usr/bin/python3 -c '
import email, email.policy
m = email.message_from_bytes(open("out/A1.eml", "rb").read(),
                             policy=email.policy.default)
print(m.get_body(("plain",)).get_content(), end="")'
# at 15:00 UTC (10:00 in New York) E5 gets its e-mail
golden eml-later 0 ar-dun -d mail.db -v --as-of 2026-11-20 \
	--at 2026-11-20T15:00Z -f eml -o out
is 'the same letter twice writes the same bytes' '' sh -c '
	cp before.db again.db && ar-dun -d again.db -q --as-of 2026-11-20 --at 2026-11-20T15:00Z \
		-f eml -o again && cmp out/A1.eml again/A1.eml && cmp out/E5.eml again/E5.eml'
golden mbox 0 ar-dun -d before.db -n -q --as-of 2026-11-20 \
	--at 2026-11-20T15:00Z -f mbox -o all.mbox
is 'the mbox holds two messages, parsed' 'Ålesund Trading AS <ap@alesund.example>
"Emma <Night> Owl" <emma@example.com>' /usr/bin/python3 -c '
import mailbox, email.policy
for m in mailbox.mbox("all.mbox", factory=None):
    m = email.message_from_bytes(m.as_bytes(), policy=email.policy.default)
    print(m["To"])' 
golden no-company-email 2 sh -c 'cp before.db x.db && ar-ledger -q -d x.db \
	set company.email "" && ar-dun -d x.db -n -f mbox'

# --- sendmail -----------------------------------------------------------------
cp before.db send.db
golden sendmail-fails 1 ar-dun -d send.db --as-of 2026-11-20 \
	--at 2026-11-20T15:00Z --sendmail 'cat >/dev/null; exit 75'
is 'a failed send records nothing (F6, without e-mail, held)' '' sqlite3 \
	send.db "SELECT c.customer_id, a.kind FROM activity a JOIN customer c
	ON c.id = a.customer WHERE a.level IS NOT NULL"
golden sendmail-unread 1 ar-dun -d send.db -q --as-of 2026-11-20 \
	--at 2026-11-20T15:00Z --sendmail false
mkdir sent
golden sendmail 0 ar-dun -d send.db --as-of 2026-11-20 \
	--at 2026-11-20T15:00Z --sendmail 'cat >sent/$$.eml'
is 'two messages piped' 2 sh -c 'ls sent | wc -l'
is 'recorded as sent' 'A1|email
E5|email' sqlite3 send.db "SELECT c.customer_id, a.kind FROM activity a
	JOIN customer c ON c.id = a.customer WHERE a.level IS NOT NULL ORDER BY 1"

# --- charges in a closed period -----------------------------------------------
ok 'close October and November' ar-ledger -d send.db close 2026-11
golden closed 3 ar-dun -d send.db --as-of 2026-11-30 --post-charges -o closed

finish
