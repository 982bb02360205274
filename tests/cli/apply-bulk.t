#!/bin/sh
# ar-apply's bulk path: a run that adds 100,000 applications or more (and
# at least as many as the ledger had) drops the application indexes and
# builds them again after.  The result must be the ledger the row-by-row
# path gives: same applications, same indexes, every check clean.
. "$(dirname "$0")/lib.sh"

argen -o . --customers 2000 --invoices 120000 --payments 100000 \
	--credits 1000 --activities 10 >/dev/null 2>&1
for kind in customers invoices payments; do
	ar-import -q -d base.db -t "$kind" "$kind.csv"
done
ok "generated data loaded" test -s base.db

# bulk: every customer at once, on a ledger with the trend's months kept
cp base.db bulk.db
ar-report -q -d bulk.db --as-of 2026-12-31 trend >/dev/null
is "the months of the trend kept" 12 sqlite3 bulk.db \
	"SELECT count(*) FROM derived WHERE kind = 'trend-month'"
ar-apply -q -d bulk.db --as-of 2026-12-31 >bulk.csv
is "the bulk run exits 0" 0 echo $?
is "it deleted the months from its first effective date on" "" sqlite3 \
	bulk.db "SELECT through FROM derived WHERE through >= (SELECT
	min(effective_date) FROM application)"
# (the rows of rule held are payments left for a person: no application)
rows=$(awk -F, 'NR > 1 && $8 != "held"' bulk.csv | wc -l)
ok "more than 100,000 applications ($rows)" test "$rows" -ge 100000
is "every row written is in the ledger" "$rows" \
	sqlite3 bulk.db "SELECT count(*) FROM application"

# row by row: the same run with the threshold out of reach
cp base.db small.db
AR_BULK_APPLICATIONS=1000000000 ar-apply -q -d small.db --as-of 2026-12-31 >small.csv
ok "the same rows either way" cmp bulk.csv small.csv
apps() {
	sqlite3 "$1" "SELECT credit_doc, debit_doc, amount, effective_date, rule,
		batch_id FROM application ORDER BY credit_doc, debit_doc,
		effective_date"
}
apps bulk.db >bulk.apps
apps small.db >small.apps
ok "the same applications either way" cmp bulk.apps small.apps

# the indexes are back, exactly as the schema has them
ar-ledger -q -d fresh.db init
indexes() {
	sqlite3 "$1" "SELECT name, sql FROM sqlite_master WHERE type = 'index'
		AND tbl_name = 'application' ORDER BY name"
}
indexes fresh.db >want.idx
indexes bulk.db >got.idx
ok "the application indexes are rebuilt as the schema has them" cmp want.idx got.idx
state_indexes() {
	sqlite3 "$1" "SELECT name, sql FROM sqlite_master WHERE type = 'index'
		AND tbl_name = 'open_state' ORDER BY name"
}
state_indexes fresh.db >want-state.idx
state_indexes bulk.db >got-state.idx
ok "the open-item state's indexes are rebuilt as the schema has them" \
	cmp want-state.idx got-state.idx
is "ar-ledger check is silent" "" ar-ledger -d bulk.db check
ok "the aging proves itself" ar-age -d bulk.db --as-of 2026-12-31 -o aging.csv

finish
