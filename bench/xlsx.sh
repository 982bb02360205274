#!/bin/sh
# xlsx.sh - ar-report --xlsx beside bare libxlsxwriter writing the same
# open-item cells (bench/xlsx_bare.c), on a ledger of 1,000,000 open
# invoices (customers and invoices from argen, no cash applied), with
# peak RSS.  Run from the top of the tree after 'make'; DATA holds the
# generated files (default bench/data).
#
#   sh bench/xlsx.sh
set -eu
data=${DATA:-bench/data}
bin=$(pwd)/build/bin
mkdir -p "$data"
[ -f "$data/invoices.csv" ] || "$bin/argen" -o "$data" --customers 50000 \
	--invoices 1000000 --payments 800000 --credits 20000 --activities 20000
db=$data/xlsx-open.db
if [ ! -f "$db" ]; then
	"$bin/ar-import" -q -d "$db" -t customers "$data/customers.csv"
	"$bin/ar-import" -q -d "$db" -t invoices "$data/invoices.csv"
fi
as_of=$(tail -1 "$data/invoices.csv" | cut -d, -f3)
cc -O2 -o "$data/xlsx_bare" bench/xlsx_bare.c -lxlsxwriter
"$bin/ar-age" -q -d "$db" --as-of "$as_of" --detail -o "$data/detail.csv"
/usr/bin/time -f 'bare libxlsxwriter: %e s, %M KB' \
	"$data/xlsx_bare" "$data/detail.csv" "$data/bare.xlsx"
/usr/bin/time -f 'ar-report --xlsx:    %e s, %M KB' \
	"$bin/ar-report" -q -d "$db" --as-of "$as_of" --xlsx "$data/report.xlsx"
