#!/bin/sh
# ar-ledger upgrade from version 3: a version-3 ledger is refused by every
# command until upgraded; the upgrade backs it up byte for byte, makes the
# schema that 'ar-ledger init' makes today (the table of figures kept
# between runs and its triggers), keeps every row, and changes no figure
# of any report.
#
# data/ledger-v3.sql is the ledger of samples/demo.sh made by the commands
# of version 3, as text (sqlite3 .dump, then its identity);
# golden/upgrade-v3/NAME.out holds what the report NAME of
# data/ledger-v3.reports printed on it, by those commands too.
. "$(dirname "$0")/lib.sh"
. "$HERE/upgrade.sh"

mkdir made
V3=$SCRATCH/made/ledger-v3.db
sqlite3 "$V3" <"$DATA/ledger-v3.sql" >/dev/null || exit 1
cp "$V3" v3.db
chmod 600 v3.db
cp v3.db orig.db

# --- version 3 is refused, and left alone --------------------------------

golden refused-age 4 ar-age -d v3.db --as-of 2026-10-31
exits 'ar-report refuses version 3' 4 ar-report -d v3.db trend
exits 'ar-apply refuses version 3' 4 ar-apply -d v3.db --as-of 2026-10-31
exits 'ar-ledger check refuses version 3' 4 ar-ledger -d v3.db check
ok 'the refused ledger is unchanged, byte for byte' cmp v3.db orig.db

# --- the upgrade -----------------------------------------------------------

golden upgrade 0 stamp ar-ledger -d v3.db upgrade
bak=$(ls v3.db.v3-*.bak | head -1)
ok 'the backup is the ledger before, byte for byte' cmp orig.db "$bak"
is 'the ledger is version 4' 4 sqlite3 v3.db 'PRAGMA user_version'
golden upgraded-check 0 ar-ledger -d v3.db check
rows_of orig.db orig.db >rows.orig
nb=$(sqlite3 orig.db 'SELECT max(id) FROM batch')
rows_of orig.db v3.db | sed "/^-- batch\$/,/^-- /{/^$((nb + 1))|/d}" >rows.upgraded
ok 'the upgrade changes no row of version 3, batches included' \
	cmp rows.orig rows.upgraded
is 'the upgrade is a batch, after those of the ledger' \
	"$((nb + 1))|ar-ledger|version 3 to 4, backup v3.db.v3-STAMP.bak" \
	sh -c "sqlite3 v3.db 'SELECT id, command, summary FROM batch
		ORDER BY id DESC LIMIT 1' | sed -E 's/v3-[0-9]{8}T[0-9]{6}/v3-STAMP/'"
is 'no figure is kept yet' 0 sqlite3 v3.db 'SELECT count(*) FROM derived'

ar-ledger -q -d new.db init
shape new.db >shape.new
shape v3.db >shape.upgraded
ok 'the upgraded schema is the schema of a new ledger' cmp shape.new shape.upgraded

# every report twice: the first computes (and keeps what has ended), the
# second reads what the first kept; both print what version 3 printed
reports 3 v3.db >reports.tap
ok 'every report of version 3 ran' test "$(grep -c '^ok' reports.tap)" = \
	"$(grep -vc '^#' "$DATA/ledger-v3.reports")"
is 'every report prints what version 3 printed' '' grep -v '^ok' reports.tap
ok 'figures were kept' test "$(sqlite3 v3.db 'SELECT count(*) FROM derived')" -gt 20
reports 3 v3.db >reports2.tap
is 'and again, from the figures kept' '' grep -v '^ok' reports2.tap
is 'the figures kept are what the history gives' '' ar-ledger -d v3.db check

# --- a second upgrade does nothing; a failing one leaves the ledger -------

cp v3.db again.db
golden upgrade-again 0 ar-ledger -d v3.db upgrade
ok 'the second upgrade changes nothing' cmp v3.db again.db

# a version-3 ledger with an activity of a customer that is not there:
# the check of the upgraded ledger finds it, and the upgrade is undone
cp "$V3" bad.db
sqlite3 bad.db "INSERT INTO activity (customer, date, kind, batch_id)
	VALUES (99999, '2026-10-01', 'call', 1)"
cp bad.db bad-orig.db
exits 'a ledger that fails the check is not upgraded' 1 ar-ledger -q -d bad.db upgrade
ok 'a ledger that fails the check is left as it was' cmp bad.db bad-orig.db
is 'still version 3' 3 sqlite3 bad.db 'PRAGMA user_version'

finish
