#!/bin/sh
# ar-report --xlsx: the morning workbook read back with openpyxl (sheets,
# values and their types, formats, frozen headers, filters, the charts, a
# customer named =HYPERLINK(...) kept as text, over-90 highlighted), the
# same bytes from the same ledger, mode 0600, --from-csv, bad options.
. "$(dirname "$0")/lib.sh"

DB=r.db
for t in customers invoices payments applications activities; do
	ar-import -q -d $DB -t $t "$DATA/report-$t.csv" 2>/dev/null ||
		echo "# import $t failed"
done
ar-writeoff -q -d $DB --as-of 2026-10-10 --reason bad_debt \
	"$DATA/report-writeoff.csv" >/dev/null
ar-ledger -q -d $DB set company.name 'Report & Test Co'
R="ar-report -d $DB"
PY=/usr/bin/python3

exits 'the morning workbook' 0 $R --as-of 2026-10-31 --xlsx m.xlsx
exits 'a later one, with items over 90 days' 0 $R --as-of 2026-12-31 --xlsx late.xlsx
if $PY "$HERE/check_xlsx.py" m.xlsx late.xlsx >check.out 2>&1; then
	_result 0 'read back as a spreadsheet program sees it'
else
	sed 's/^/# /' check.out | grep -v '^# ok'
	_result 1 'read back as a spreadsheet program sees it'
fi
is 'mode 0600' 600 stat -c %a m.xlsx
is 'no temporary file left' "check.out
late.xlsx
m.xlsx
r.db" sh -c 'ls | grep -v -e "-wal$" -e "-shm$"'
sleep 1
$R --as-of 2026-10-31 --xlsx m2.xlsx
ok 'the same ledger gives the same file' cmp m.xlsx m2.xlsx

# any ar-* csv as a sheet: amounts as numbers, dates as dates
ar-age -d $DB --as-of 2026-10-31 --detail -o aging.csv
exits '--from-csv' 0 ar-report --xlsx a.xlsx --from-csv aging.csv
is '--from-csv cells' "['Customer ID', 'Customer name', 'Doc type', 'Doc No.', 'Doc date', 'Due date', 'Days past due', 'Bucket', 'Amount', 'Open amount', 'Currency', 'Disputed', 'PO number']
('H', 'Habit GmbH', 'payment', 'HP', datetime.datetime(2026, 10, 28, 0, 0), None, 3, 'unapplied', -40, -40, 'EUR', 0, None)
#,##0.00 yyyy-mm-dd A2
('X1', '=HYPERLINK(\"http://x\")', 'invoice', 'X-1', datetime.datetime(2026, 10, 30, 0, 0), datetime.datetime(2026, 11, 29, 0, 0), -29, 'current', 10, 10, 'GBP', 0, None) s" \
	$PY -c '
import openpyxl
ws = openpyxl.load_workbook("a.xlsx")["Sheet1"]
print([c.value for c in ws[1]])
print(tuple(c.value for c in ws[3]))
print(ws["I3"].number_format, ws["E3"].number_format, ws.freeze_panes)
print(tuple(c.value for c in ws[ws.max_row]), ws.cell(ws.max_row, 2).data_type)'
# a 40,000-character field: cut to the 32,767 a cell holds, not an error
{ echo 'customer_id,customer_name'; printf 'L1,'; head -c 40000 /dev/zero | tr '\0' x; echo; } >long.csv
exits '--from-csv of a field longer than a cell' 0 ar-report --xlsx long.xlsx --from-csv long.csv
is 'cut to 32767 characters' 32767 $PY -c 'import openpyxl; print(len(openpyxl.load_workbook("long.xlsx")["Sheet1"]["B2"].value))'
STDIN=aging.csv exits '--from-csv - reads stdin' 0 ar-report --xlsx b.xlsx --from-csv -
printf 'a,b\n"x\n' >bad.csv
exits '--from-csv of a broken csv' 3 ar-report --xlsx c.xlsx --from-csv bad.csv
ok 'and no file' test ! -e c.xlsx

golden xlsx-stdout 2 $R --as-of 2026-10-31 --xlsx -
exits 'the reports named' 0 $R --as-of 2026-10-31 --xlsx sel.xlsx worklist kpi
is 'the Summary and the sheets named, in workbook order' \
	"['Summary', 'KPI', 'Worklist']" \
	$PY -c 'import openpyxl; print(openpyxl.load_workbook("sel.xlsx").sheetnames)'
exits 'the Detail and the sheets before it' 0 $R --as-of 2026-10-31 --xlsx sel2.xlsx detail aging forecast
is 'the Detail last, written first' "['Summary', 'Forecast', 'Aging', 'Detail']" \
	$PY -c 'import openpyxl; print(openpyxl.load_workbook("sel2.xlsx").sheetnames)'
# the Detail is written in the forecast's pass: its rows are ar-age's
for d in 2026-10-31 2026-12-31; do
	ar-age -d $DB --as-of $d --detail -o detail-$d.csv
	ar-report --xlsx detail-$d.xlsx --from-csv detail-$d.csv
	$R --as-of $d --xlsx book-$d.xlsx
	is "the Detail as of $d is ar-age's detail, cell for cell" 'True 7' $PY -c '
import sys, openpyxl
def rows(f, sheet, first):
    return [[c.value for c in r] for r in
            openpyxl.load_workbook(f)[sheet].iter_rows(min_row=first)]
d, a = rows(sys.argv[1], "Detail", 3), rows(sys.argv[2], "Sheet1", 2)
print(d == a, len(d))' book-$d.xlsx detail-$d.xlsx
done
golden xlsx-bad-report 2 $R --as-of 2026-10-31 --xlsx x.xlsx kpi aging-report
golden from-csv-report 2 ar-report --xlsx x.xlsx --from-csv aging.csv kpi
golden from-csv-alone 2 ar-report --from-csv aging.csv
golden xlsx-no-directory 4 $R --as-of 2026-10-31 --xlsx nodir/x.xlsx
golden xlsx-no-ledger 4 ar-report -d nothere.db --as-of 2026-10-31 --xlsx x.xlsx
ok 'no file when it fails' test ! -e x.xlsx

finish
