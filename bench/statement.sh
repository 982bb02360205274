#!/bin/sh
# statement.sh - ar-statement beside the sorted sqlite3 export of the same
# lines, on the ledger bench/run.sh builds (customers, invoices, payments
# of the generated data), in the same run.
#
#   sh bench/statement.sh [LEDGER]	(default bench/data/1/age.db)
#
# Needs the built commands first on PATH, sqlite3 and GNU time.  Prints
# elapsed seconds, CPU seconds and peak RSS of each; the peers are
# generous: they export the document lines only, without opening and
# closing rows, aging lines or customers with nothing in the period.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
db=${1:-$here/data/1/age.db}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -f "$db" ] || { echo "statement.sh: no ledger '$db' (run bench/run.sh first)" >&2; exit 1; }

cat >"$out/peer-open-item.sql" <<'SQL'
SELECT c.customer_id, c.name, d.currency, d.doc_date, d.doc_type, d.doc_no,
	d.description, d.due_date, d.sign * (d.amount - coalesce((SELECT
	sum(a.amount) FROM application a WHERE (a.debit_doc = d.id OR
	a.credit_doc = d.id) AND a.effective_date <= '2026-10-31'), 0)) AS open
FROM document d JOIN customer c ON c.id = d.customer
WHERE d.doc_date <= '2026-10-31' AND open <> 0
ORDER BY c.customer_id, d.currency, d.doc_date, d.id;
SQL
cat >"$out/peer-activity.sql" <<'SQL'
WITH opening AS (SELECT customer, currency, sum(sign * amount) AS bal
	FROM document WHERE doc_date < '2026-10-01' GROUP BY customer, currency),
lines AS (SELECT id, customer, currency, doc_date, doc_type, doc_no,
	description, due_date, sign * amount AS amt FROM document
	WHERE doc_date BETWEEN '2026-10-01' AND '2026-10-31')
SELECT c.customer_id, c.name, l.currency, l.doc_date, l.doc_type, l.doc_no,
	l.description, l.due_date, l.amt, coalesce(o.bal, 0) + sum(l.amt) OVER
	(PARTITION BY l.customer, l.currency ORDER BY l.doc_date, l.id)
FROM lines l JOIN customer c ON c.id = l.customer
LEFT JOIN opening o ON o.customer = l.customer AND o.currency = l.currency
ORDER BY c.customer_id, l.currency, l.doc_date, l.id;
SQL

t() {	# label command...
	label=$1
	shift
	/usr/bin/time -f "$label: %e s elapsed, %U+%S s CPU, %M KB peak RSS" "$@"
}
t "ar-statement open-item, csv" sh -c "ar-statement -d '$db' --as-of 2026-10-31 -n -f csv >'$out/oi.csv'"
t "ar-statement open-item, text" sh -c "ar-statement -d '$db' --as-of 2026-10-31 -n >'$out/oi.txt'"
t "sqlite3 sorted export, open items" sh -c "sqlite3 -csv '$db' <'$out/peer-open-item.sql' >'$out/peer-oi.csv'"
t "ar-statement activity, csv" sh -c "ar-statement -d '$db' --as-of 2026-10-31 --type activity -n -f csv >'$out/act.csv'"
t "ar-statement activity, text" sh -c "ar-statement -d '$db' --as-of 2026-10-31 --type activity -n >'$out/act.txt'"
t "sqlite3 sorted export, October" sh -c "sqlite3 -csv '$db' <'$out/peer-activity.sql' >'$out/peer-act.csv'"
t "ar-statement activity, -o DIR" ar-statement -d "$db" --as-of 2026-10-31 --type activity -n -o "$out/dir"
echo "statements: open-item $(grep -c closing_balance "$out/oi.csv")," \
	"activity $(grep -c closing_balance "$out/act.csv"), files $(ls "$out/dir" | wc -l)"
