#!/bin/sh
# nightly.sh - the nightly collections job: load the day's files into the
# ledger and prove the ledger is sound.
#
#   usage: nightly.sh [DIR]
#
# DIR holds the day's exports (default: the directory of this script):
# customers.csv, invoices.csv, credits.csv, payments.csv, activities.csv;
# any of them may be missing.  The ledger is $AR_DB (default ./ar.db).
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

# every invariant of the ledger: silent when sound
ar-ledger check
