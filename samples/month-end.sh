#!/bin/sh
# month-end.sh - the month-end run: the month's statements of account, a
# backup of the ledger as it stands, then the month closed against
# back-dated postings.
#
#   usage: month-end.sh YYYY-MM [BACKUP-DIR]
#
# The ledger is $AR_DB (default ./ar.db).  The month's activity statements,
# one text file per customer, go to $AR_OUT/statements-YYYY-MM/ (default:
# the current directory) and are logged on each customer; the month's
# dunning letters, with their fees and interest posted as finance charges
# before the month is closed, go to $AR_OUT/dunning/.  Run it once the
# month's last nightly job has gone through, e.g. on the 3rd working day:
#   0 7 3 * *  cd /srv/ar && sh month-end.sh "$(date -d 'last month' +\%Y-\%m)" backups/
set -eu
month=${1:?usage: month-end.sh YYYY-MM [BACKUP-DIR]}
backups=${2:-.}
db=${AR_DB:-ar.db}

ar-ledger check
end=$(date -d "$month-01 +1 month -1 day" +%Y-%m-%d)
out=${AR_OUT:-.}
mkdir -p "$out"
ar-statement -q --type activity --to "$end" -o "$out/statements-$month"
ar-dun -q --as-of "$end" --post-charges -o "$out/dunning"
mkdir -p "$backups"
ar-ledger backup "$backups/$(basename "$db" .db)-$month.db"
ar-ledger close "$month"
echo "month-end: $month closed; statements in $out/statements-$month;" \
	"backup in $backups" >&2
