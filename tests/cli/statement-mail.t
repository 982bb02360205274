#!/bin/sh
# ar-statement by e-mail (eml, mbox, sendmail), payment receipts and
# balance confirmations; each logged as sent only when written for
# sending (-o DIR, eml, mbox, sendmail), never when previewed.
#
# The ledger of dun.t (data/dun-*.csv) and two payments, applied by
# reference on their dates:
#   P-1 A1 1,100.00 by check 8691 on 2026-11-25, naming I-1 and I-2:
#       I-1 1,000.00 paid in full, I-2 100.00 of 250.00 (150.00 open)
#   P-2 F6 350.00 by wire on 2026-11-26, naming I-8 (300.00): 50.00 left
#       unapplied on account
# so on 2026-11-30 A1 owes I-2 150.00 and I-3 400.00 = 550.00, F6 has a
# credit of 50.00 (its statement says 0.00 due)
. "$(dirname "$0")/lib.sh"

ok 'init' ar-ledger -q -d ar.db init
ok 'customers' ar-import -q -d ar.db -t customers "$DATA/dun-customers.csv"
ok 'invoices' ar-import -q -d ar.db -t invoices "$DATA/dun-invoices.csv"
ok 'payments' ar-import -q -d ar.db -t payments "$DATA/dun-payments.csv"
ok 'applied' ar-apply -q -d ar.db --as-of 2026-11-30 -f csv -o /dev/null
export AR_DB=ar.db
ok 'company' ar-ledger set company.name 'Acme Supply'
ok 'remit to' ar-ledger set company.remit_to 'Acme Supply, PO Box 1, Springfield'
activities() {
	sqlite3 ar.db "SELECT count(*) FROM activity WHERE kind = 'statement'"
}

# --- bad input ---------------------------------------------------------------
golden payment-not-receipt 2 ar-statement --payment P-1
golden receipt-nothing 2 ar-statement --type receipt
golden receipt-payment-period 2 ar-statement --type receipt --payment P-1 \
	--from 2026-11-01
golden receipt-csv 2 ar-statement --type receipt --payment P-1 -f csv
golden confirmation-csv 2 ar-statement --type confirmation -f csv
golden eml-one-file 2 ar-statement -f eml --one-file x
golden eml-no-dir 2 ar-statement -f eml
golden sendmail-mbox 2 ar-statement -f mbox --sendmail cat
golden no-payment 3 ar-statement --type receipt --payment P-9 \
	--as-of 2026-11-30
golden not-yet 3 ar-statement --type receipt --payment P-1 \
	--as-of 2026-11-24
golden no-company-email 2 ar-statement -f mbox --as-of 2026-11-30
ok 'company e-mail' ar-ledger set company.email ar@acme.example

# --- receipts ------------------------------------------------------------------
golden receipt 0 ar-statement --type receipt --payment P-1 --as-of 2026-11-30
golden receipt-html 0 ar-statement --type receipt --payment P-1 \
	--as-of 2026-11-30 -f html
# both payments of November, P-2 with 50.00 unapplied
golden receipts-november 0 ar-statement --type receipt --from 2026-11-01 \
	--to 2026-11-30
golden receipts-f6 0 ar-statement --type receipt --from 2026-11-01 \
	--to 2026-11-30 --customer F6
is 'previewed on standard output: nothing logged' 0 activities

# --- confirmations -------------------------------------------------------------
golden confirmation 0 ar-statement --type confirmation --as-of 2026-11-30 \
	--customer A1
golden confirmation-html 0 ar-statement --type confirmation \
	--as-of 2026-11-30 --customer F6 -f html
is 'still nothing logged' 0 activities
ok 'confirmations into a directory' ar-statement -q --type confirmation \
	--as-of 2026-11-30 -o conf
is 'a file each' 'A1.txt B2.txt C3.txt D4.txt E5.txt F6.txt G7.txt H8.txt J9.txt K10.txt M11.txt' \
	sh -c 'ls conf | sort -V | tr "\n" " " | sed "s/ $//"'
is 'each logged with its balance' 'A1|55000|balance confirmation as of 2026-11-30, 550.00 USD
F6|-5000|balance confirmation as of 2026-11-30, -50.00 USD' sqlite3 ar.db \
	"SELECT c.customer_id, a.amount, a.text FROM activity a JOIN customer c
	ON c.id = a.customer WHERE a.kind = 'statement' AND c.customer_id IN
	('A1', 'F6') ORDER BY 1"

# --- e-mail ------------------------------------------------------------------------
cp ar.db before.db
golden statements-eml 0 ar-statement -v --as-of 2026-11-30 --customer A1 \
	-f eml -o mail
golden statements-eml-paper 0 ar-statement -v --as-of 2026-11-30 \
	--customer F6 -f eml -o mail
cat >parse.py <<'PY'
import email, email.policy, sys
for f in sys.argv[1:]:
    raw = open(f, 'rb').read()
    assert all(len(l) <= 78 for l in raw.split(b'\n')), f
    m = email.message_from_bytes(raw, policy=email.policy.default)
    assert not m.defects, m.defects
    print(f, '|', m['From'], '|', m['To'], '|', m['Subject'], '|', m['Date'])
    for p in m.iter_parts():
        assert not p.defects, p.defects
        print('--', p.get_content_type(), p.get_content_charset())
PY
golden statements-parsed 0 /usr/bin/python3 parse.py mail/A1.eml
is 'the text part is the text statement' "$(ar-statement -d before.db \
	--as-of 2026-11-30 --customer A1)" /usr/bin/python3 -c '
import email, email.policy
m = email.message_from_bytes(open("mail/A1.eml", "rb").read(),
                             policy=email.policy.default)
print(m.get_body(("plain",)).get_content(), end="")'
is 'both logged' 'A1|open-item statement as of 2026-11-30, 550.00 USD due
F6|open-item statement as of 2026-11-30, 0.00 USD due' sqlite3 ar.db \
	"SELECT c.customer_id, a.text FROM activity a JOIN customer c ON
	c.id = a.customer WHERE a.text LIKE 'open-item%' ORDER BY 1"
ok 'a receipt by mbox' ar-statement -q --type receipt --payment P-1 \
	--as-of 2026-11-30 -f mbox -o receipts.mbox
golden receipt-mbox-parsed 0 /usr/bin/python3 -c '
import mailbox, email, email.policy
for m in mailbox.mbox("receipts.mbox"):
    m = email.message_from_bytes(m.as_bytes(), policy=email.policy.default)
    print(m["To"], "|", m["Subject"])
    print(m.get_body(("plain",)).get_content().split("\n")[2])'

# --- sendmail ---------------------------------------------------------------------
cp before.db send.db
confirmations() {
	sqlite3 send.db "SELECT count(*) FROM activity WHERE text LIKE
		'balance%' AND customer = 1"
}
is 'one confirmation of A1 before (into conf/)' 1 confirmations
golden sendmail-fails 1 ar-statement -d send.db --type confirmation \
	--as-of 2026-11-30 --customer A1 --sendmail 'cat >/dev/null; exit 75'
is 'a failed send logs nothing' 1 confirmations
golden sendmail-dry 0 ar-statement -d send.db -n --type confirmation \
	--as-of 2026-11-30 --customer A1 --sendmail 'cat >sent.eml'
ok 'with -n nothing is piped' test ! -e sent.eml
golden sendmail 0 ar-statement -d send.db --type confirmation \
	--as-of 2026-11-30 --customer A1 --sendmail 'cat >sent.eml'
ok 'piped' test -s sent.eml
is 'logged once sent' 2 confirmations

finish
