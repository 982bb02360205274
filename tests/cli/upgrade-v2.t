#!/bin/sh
# ar-ledger upgrade from version 2: a version-2 ledger is refused by every
# command until upgraded; the upgrade backs it up byte for byte, makes
# the schema that 'ar-ledger init' makes today, keeps every row (the
# activities, whose table version 3 makes anew, included, with the
# references to them), and changes no figure of any report.
#
# data/ledger-v2.sql is the ledger of samples/demo.sh made by the commands
# of version 2, as text (sqlite3 .dump, then its identity);
# golden/upgrade-v2/NAME.out holds what the report NAME of
# data/ledger-v2.reports printed on it, by those commands too.
. "$(dirname "$0")/lib.sh"
. "$HERE/upgrade.sh"

mkdir made
V2=$SCRATCH/made/ledger-v2.db
sqlite3 "$V2" <"$DATA/ledger-v2.sql" >/dev/null || exit 1
cp "$V2" v2.db
chmod 600 v2.db
cp v2.db orig.db

# --- version 2 is refused, and left alone --------------------------------

golden refused-age 4 ar-age -d v2.db --as-of 2026-10-31
exits 'ar-import refuses version 2' 4 ar-import -d v2.db -t customers \
	"$DATA/customers.csv"
exits 'ar-report refuses version 2' 4 ar-report -d v2.db kpi
exits 'ar-ledger check refuses version 2' 4 ar-ledger -d v2.db check
ok 'the refused ledger is unchanged, byte for byte' cmp v2.db orig.db

# --- the upgrade -----------------------------------------------------------

golden upgrade 0 stamp ar-ledger -d v2.db upgrade
bak=$(ls v2.db.v2-*.bak | head -1)
ok 'the backup is the ledger before, byte for byte' cmp orig.db "$bak"
is 'the ledger is version 4' 4 sqlite3 v2.db 'PRAGMA user_version'
golden upgraded-check 0 ar-ledger -d v2.db check
reasons_mapped orig.db mapped.db
rows_of orig.db mapped.db >rows.orig
rows_of orig.db v2.db | sed '/^-- batch$/,/^-- /{/^19|/d}' >rows.upgraded
ok 'the upgrade changes no row of version 2 (but dispute reasons), batches included' \
	cmp rows.orig rows.upgraded
is 'the activities compared' 40 sqlite3 v2.db 'SELECT count(*) FROM activity'
is 'the upgrade is a batch, after the 18 of the ledger' \
	'19|ar-ledger|version 2 to 4, backup v2.db.v2-STAMP.bak' \
	sh -c "sqlite3 v2.db 'SELECT id, command, summary FROM batch
		ORDER BY id DESC LIMIT 1' | sed -E 's/v2-[0-9]{8}T[0-9]{6}/v2-STAMP/'"

reports 2 v2.db >reports.tap
ok 'every report of version 2 ran' test "$(grep -c '^ok' reports.tap)" = \
	"$(grep -vc '^#' "$DATA/ledger-v2.reports")"
is 'every report prints what version 2 printed' '' grep -v '^ok' reports.tap

ar-ledger -q -d new.db init
shape new.db >shape.new
shape v2.db >shape.upgraded
ok 'the upgraded schema is the schema of a new ledger' cmp shape.new shape.upgraded

# the activity table made anew keeps its rules and the references to it
for db in v2.db new.db; do
	ok "$db: a visit is an activity" sqlite3 "$db" "INSERT INTO activity
		(customer, date, kind, batch_id) VALUES (1, '2026-11-02', 'visit', 1)"
	fails "$db: no activity of an unknown kind" sqlite3 "$db" "INSERT INTO
		activity (customer, date, kind, batch_id)
		VALUES (1, '2026-11-02', 'lunch', 1)"
	fails "$db: activities are append-only" sqlite3 "$db" \
		"UPDATE activity SET text = 'x'"
	fails "$db: a promise status names an activity" sqlite3 "$db" \
		"PRAGMA foreign_keys = ON; INSERT INTO promise_status (promise,
		date, status, batch_id) VALUES (99999, '2026-11-02', 'kept', 1)"
	fails "$db: an activity names a customer" sqlite3 "$db" \
		"PRAGMA foreign_keys = ON; INSERT INTO activity (customer, date,
		kind, batch_id) VALUES (99999, '2026-11-02', 'call', 1)"
done
# the disputes of version 2: their outcome words are no reason codes, so
# they became 'other' with the word kept at the start of their text; and
# the tables of disputes being worked hold notes and resolutions
is 'the disputes of version 2, their reasons mapped' \
'1|other|opened: Customer returning goods from INV-0000094; RMA 71055 issued
2|other|opened: Disputes pricing on INV-0001036: billed list price, contract price applies
3|other|opened: No PO on INV-0001243; AP will not pay without one' \
	sqlite3 v2.db 'SELECT id, reason, text FROM dispute ORDER BY id'
is 'no dispute is resolved by the upgrade' '0' \
	sqlite3 v2.db 'SELECT count(*) FROM dispute_resolution'
ok 'an upgraded ledger takes a note on a dispute' \
	ar-dispute -q -d v2.db note 2 --date 2026-11-02 --text 'called AP'
ok 'and an owner' \
	ar-dispute -q -d v2.db assign 2 --date 2026-11-02 --owner 'Jon Park'
ok 'and resolves it by a credit memo' \
	ar-dispute -q -d v2.db resolve 2 --date 2026-11-02 --credit 100.00
golden upgraded-disputes 0 ar-dispute -d v2.db list --as-of 2026-11-02 \
	--status all
golden upgraded-disputes-check 0 ar-ledger -d v2.db check
fails 'dispute notes are append-only' sqlite3 v2.db \
	"UPDATE dispute_event SET text = 'x'"
fails 'the text of a dispute is append-only too' sqlite3 v2.db \
	"UPDATE dispute SET text = 'x'"
is 'the foreign keys hold after the upgrade' '' \
	sqlite3 v2.db 'PRAGMA foreign_key_check'

# credit decisions (ar-credit) on the upgraded ledger: activities of kind
# credit, overrides and their use, the open items by customer
ok 'credit.approvers set' ar-ledger -q -d v2.db set credit.approvers tester
ok 'a hold recorded' env USER=tester ar-credit hold -q -d v2.db \
	--as-of 2026-10-31 --reason test C00001
exits 'a check of the held customer says no' 1 ar-credit check -q -d v2.db \
	--as-of 2026-10-31 --amount 10 C00001
ok 'an override recorded' env USER=tester ar-credit override -q -d v2.db \
	--as-of 2026-10-31 --amount 10 --reason test C00001
exits 'the override lets the order pass' 0 ar-credit check -q -d v2.db \
	--as-of 2026-10-31 --amount 10 C00001
is 'the decisions and the use of the override' '4|1' sqlite3 v2.db \
	"SELECT (SELECT count(*) FROM activity WHERE kind = 'credit'),
	(SELECT count(*) FROM credit_override_use)"
is 'the open items read by customer' 'open_state_customer' sqlite3 v2.db \
	"SELECT name FROM sqlite_master WHERE name = 'open_state_customer'"
ok 'the ledger checks clean after them' ar-ledger -q -d v2.db check

# the collector's log on the upgraded ledger: every customer a business,
# a consumer made by import (its old state kept with its kind), a call
# under the consumer rules, a plan over two documents, its evaluation
cp v2.db note.db
is 'note.db: every customer a business' 'business' sqlite3 note.db \
	'SELECT DISTINCT kind FROM customer'
printf 'customer_id,name,kind,timezone\nC00001,Peterson Dairy LLC,consumer,America/Los_Angeles\n' >kind.csv
ok 'note.db: a consumer imported' ar-import -q -d note.db -t customers kind.csv
is 'note.db: its history' 'business|consumer' sqlite3 note.db "SELECT h.kind,
	c.kind FROM customer_history h JOIN customer c ON c.id = h.customer
	WHERE c.customer_id = 'C00001' ORDER BY h.id DESC LIMIT 1"
exits 'note.db: a call at 07:00 local refused' 1 ar-note -d note.db C00001 \
	call --at 2026-11-02T15:00Z
ok 'note.db: a call at 08:00 local' ar-note -q -d note.db C00001 call \
	--at 2026-11-02T16:00Z --outcome reached --override 'test'
ok 'note.db: a plan over two documents' ar-note -q -d note.db C00030 plan \
	--amount 100 --instalments 2 --every month --first 2026-11-15 \
	--doc INV-0000002 --doc INV-0000007 --at 2026-11-02T16:00Z
is 'note.db: the plan, its documents' '2|4|1' sqlite3 note.db "SELECT
	count(*), (SELECT count(*) FROM activity_document), max(plan)
	FROM activity WHERE plan IS NOT NULL"
ok 'note.db: evaluated' ar-note -q -d note.db --evaluate --as-of 2026-10-31
ok 'note.db: a target' sqlite3 note.db "INSERT INTO target (collector,
	month, currency, amount, batch_id) VALUES ('x', '2026-11', 'USD', 1, 1)"
is 'note.db: still sound' '' ar-ledger -d note.db check

# ar-dun on the upgraded ledger: a pause recorded, letters with their
# level, finance charges posted; the check stays clean
cp v2.db dun.db
ok 'dun.db: a pause' ar-dun -q -d dun.db --as-of 2026-10-31 --pause C00001 \
	--until 2026-11-30 --reason 'in talks'
is 'dun.db: the pause' 'C00001|2026-11-30' sqlite3 dun.db "SELECT
	c.customer_id, p.until FROM dunning_pause p JOIN customer c ON
	c.id = p.customer"
ok 'dun.db: an interest rate' ar-ledger -q -d dun.db set dunning.interest.1 12
ok 'dun.db: a dunning run' ar-dun -q -d dun.db --as-of 2026-11-02 \
	--post-charges -o letters
is 'dun.db: the letters have level 1, the paused customer none' '1|0' \
	sqlite3 dun.db "SELECT min(level) = max(level) AND max(level) = 1,
	sum(customer = 1) FROM activity WHERE level IS NOT NULL"
is 'dun.db: 14 letters, every one a file' 14 sh -c 'ls letters | wc -l'
is 'dun.db: 14 letters recorded' 14 sqlite3 dun.db \
	"SELECT count(*) FROM activity WHERE level IS NOT NULL"
fails 'dun.db: no level 10' sqlite3 dun.db "INSERT INTO activity (customer,
	date, kind, batch_id, level) VALUES (1, '2026-11-02', 'letter', 1, 10)"
is 'dun.db: still sound' '' ar-ledger -d dun.db check

# --- a second upgrade does nothing; a failing one leaves the ledger -------

cp v2.db again.db
golden upgrade-again 0 ar-ledger -d v2.db upgrade
ok 'the second upgrade changes nothing' cmp v2.db again.db

# a version-2 ledger whose activity names no customer: the check of the
# upgraded ledger finds it, and the upgrade is undone
cp "$V2" bad.db
sqlite3 bad.db "INSERT INTO activity (customer, date, kind, batch_id)
	VALUES (99999, '2026-10-01', 'call', 1)"
cp bad.db bad-orig.db
golden upgrade-check-fails 1 stamp ar-ledger -d bad.db upgrade
ok 'a ledger that fails the check is left as it was' cmp bad.db bad-orig.db
is 'still version 2' 2 sqlite3 bad.db 'PRAGMA user_version'

finish
