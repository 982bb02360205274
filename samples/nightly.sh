#!/bin/sh
# nightly.sh - the nightly collections job: load the day's files into the
# ledger, apply the cash, and prove the ledger is sound.
#
#   usage: nightly.sh [DIR]
#
# DIR holds the day's exports (default: the directory of this script):
# customers.csv, invoices.csv, credits.csv, payments.csv, activities.csv;
# any of them may be missing.  The ledger is $AR_DB (default ./ar.db).
# Cash is applied as of $AR_AS_OF (default today), the applications listed
# in $AR_OUT/applied-DATE.csv (default: the current directory), and the
# promises it decided in $AR_OUT/promises-DATE.csv (a second run of the
# day that applies or decides more lists them in applied-DATE-2.csv, and
# so on, and one that does nothing new leaves the earlier lists alone); the aging
# as of that day goes to $AR_OUT/aging-DATE.csv, proved against the ledger,
# and the morning workbook to $AR_OUT/receivables-DATE.xlsx.
# A file imported whole before is recognised and skipped, so the job can
# be re-run after a failure.  Exit status: that of the first failing step.
#
# A crontab line, weekdays at 05:30, mailing only when something fails:
#   30 5 * * 1-5  cd /srv/ar && AR_DB=/srv/ar/ar.db sh nightly.sh incoming/ >>nightly.log 2>&1 || mail -s 'AR nightly failed' ar-team </dev/null
set -eu
dir=${1:-$(dirname "$0")}

# master data first, then the documents that name it, then what refers
# to documents
for kind in customers invoices credits payments activities; do
	f=$dir/$kind.csv
	[ -f "$f" ] || continue
	ar-import -t "$kind" "$f"
done

as_of=${AR_AS_OF:-$(date +%Y-%m-%d)}
out=${AR_OUT:-.}
mkdir -p "$out"

# keep TMP NAME WHAT NONE: a list of WHAT written to TMP is kept only when
# it has rows (NONE said otherwise),
# as $out/NAME-DATE.csv or, when a run of the day kept one already,
# NAME-DATE-2.csv and so on: a re-run never replaces the morning's list
# with an empty one
keep() {
	if [ "$(sed -n '2{p;q}' "$1")" ]; then
		list=$out/$2-$as_of.csv
		n=1
		while [ -e "$list" ]; do
			n=$((n + 1))
			list=$out/$2-$as_of-$n.csv
		done
		mv "$1" "$list"
		echo "nightly: $3 listed in $list" >&2
	else
		rm -f "$1"
		echo "nightly: $4; earlier lists kept" >&2
	fi
}

# the day's cash against open items, by rule; one row per application.
# The files are for people: --excel-safe keeps a spreadsheet from running
# a customer's text as a formula.  Lost after the run?  The summary line
# names the batch: ar-apply --batch N --excel-safe -o FILE writes it again.
tmp=$out/.nightly-$as_of.csv.tmp
trap 'rm -f "$tmp"' EXIT
ar-apply --as-of "$as_of" --excel-safe -f csv -o "$tmp"
keep "$tmp" applied applications 'nothing new to apply'

# what became of the promises to pay, now that the cash is applied: kept,
# partly kept or broken, recorded once (ar-note(1) states the rule)
ar-note -q --as-of "$as_of" --evaluate -f csv -o "$tmp"
keep "$tmp" promises 'promises decided' 'no promise newly decided'

# every invariant of the ledger: silent when sound (quick: SQLite's
# comparison of each index with its table is left to month-end.sh)
ar-ledger --quick check

# tonight's dunning letters, previewed: who would get one at which level
# (ar-dun(1)); nothing is recorded or posted, month-end sends them
ar-dun -n -q --as-of "$as_of" >"$out/dunning-preview-$as_of.txt"

# the morning aging, proved against the ledger balance (exit 1 if not)
ar-age --as-of "$as_of" --excel-safe -f csv -o "$out/aging-$as_of.csv"

# the morning workbook: KPIs with charts, every report, aging and detail
ar-report -q --as-of "$as_of" --xlsx "$out/receivables-$as_of.xlsx"
