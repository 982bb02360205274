#!/bin/sh
# month-end.sh - the month-end run: a backup of the ledger as it stands,
# then the month closed against back-dated postings.
#
#   usage: month-end.sh YYYY-MM [BACKUP-DIR]
#
# The ledger is $AR_DB (default ./ar.db).  Run it once the month's last
# nightly job has gone through, e.g. on the 3rd working day:
#   0 7 3 * *  cd /srv/ar && sh month-end.sh "$(date -d 'last month' +\%Y-\%m)" backups/
set -eu
month=${1:?usage: month-end.sh YYYY-MM [BACKUP-DIR]}
backups=${2:-.}
db=${AR_DB:-ar.db}

ar-ledger check
mkdir -p "$backups"
ar-ledger backup "$backups/$(basename "$db" .db)-$month.db"
ar-ledger close "$month"
echo "month-end: $month closed; backup in $backups" >&2
