#!/bin/sh
# Payment terms on import: every shape of terms on customers, terms of
# their own on invoices (over the customer's), the due dates they give and
# the early-payment discount kept on invoices (and nowhere else); refused
# terms; customers' terms changed (history keeps the discount); an
# invoice imported again with other terms is a conflict.
#
# data/terms-invoices.csv, all dated 2026-10-01, 100.00:
#   I1..I10  the terms of customers T1..T10 (T9 has none: terms.default,
#            30 days); T2 due on receipt is due 2026-10-01, T6 1.5/10 Net
#            45 is due 11-15 with 150 hundredths of a percent for 10 days
#   I11      T1 (Net 30) with 2/10 Net 30 of its own: 200/10
#   I12      T3 (2/10 Net 30) with Due on receipt: due 10-01, no discount
#   I13      T3 with a due date given (11-15): the customer's discount
#   I14      T3 with Net 15: due 10-16, no discount
#   I15      a debit memo of T3: due 10-31, no discount (invoices only)
#   I16      T9 with 1% 10 Net 20: due 10-21, 100/10
#   I17,I18  refused: 2/40 Net 30, Net -5
. "$(dirname "$0")/lib.sh"

cp "$DATA"/terms-*.csv .

golden customers 0 ar-import -d x.db -t customers terms-customers.csv
golden customers-bad 3 ar-import -d x.db -t customers terms-customers-bad.csv
golden customer-terms 0 sqlite3 -header x.db \
	"SELECT customer_id, terms, discount_rate, discount_days FROM customer
	 ORDER BY id"

golden invoices 3 ar-import -d x.db -t invoices --skip-bad terms-invoices.csv
golden invoices-alias 0 ar-import -d x.db terms-invoices-alias.csv
golden invoice-terms 0 sqlite3 -header x.db \
	"SELECT d.doc_no, d.doc_type, c.customer_id, d.doc_date, d.due_date,
	 d.discount_rate, d.discount_days FROM document d
	 JOIN customer c ON c.id = d.customer ORDER BY d.id"
golden open-items 0 sqlite3 -header x.db \
	"SELECT customer_id, doc_no, due_date, amount, open_amount,
	 discount_rate, discount_days FROM open_items
	 WHERE discount_rate IS NOT NULL ORDER BY document"
# data only: the balances do not take a discount
is 'the balance is the amounts in full' '1850.00' sh -c "ar-age -d x.db \
	--as-of 2026-10-31 -f csv | awk -F, 'NR > 1 { t += \$12 * 100 }
	END { printf \"%.2f\\n\", t / 100 }'"

# again: the same terms are unchanged; other terms are a conflict
cp x.db before.db
golden invoices-again 3 ar-import -d x.db -t invoices terms-invoices-again.csv
unchanged x.db before.db 'a conflicting file changes nothing'

# customers' terms change: the discount goes with the terms given (a blank
# keeps them), and history keeps the old ones
golden customers-update 0 ar-import -d x.db -t customers terms-customers-update.csv
golden customer-history 0 sqlite3 -header x.db \
	"SELECT c.customer_id, c.terms, c.discount_rate, c.discount_days,
	 h.terms AS was_terms, h.discount_rate AS was_rate,
	 h.discount_days AS was_days FROM customer c
	 LEFT JOIN customer_history h ON h.customer = c.id
	 WHERE c.customer_id IN ('T1', 'T3', 'T4') ORDER BY c.id, h.id"
golden check 0 ar-ledger -d x.db check

# terms.default takes no discount: it is for customers without terms
golden default-receipt 0 ar-ledger -d x.db set terms.default 'Due on receipt'
golden default-discount 2 ar-ledger -d x.db set terms.default '2/10 Net 30'
golden default-too-long 2 ar-ledger -d x.db set terms.default '2/40 Net 30'

finish
