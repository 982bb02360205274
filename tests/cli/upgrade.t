#!/bin/sh
# ar-ledger upgrade: a ledger of schema version 1 is refused by every
# command, and left as it is, until upgraded; the upgrade backs the file
# up byte for byte, makes the schema that 'ar-ledger init' makes today,
# records a batch, checks, and changes no figure of any report; a second
# upgrade does nothing; a ledger that fails the check, or is busy, is not
# upgraded.
#
# data/ledger-v1.sql is the ledger of samples/demo.sh made by the commands
# of version 1, as text (its rows and schema as sqlite3 .dump writes them,
# then its identity); golden/upgrade-v1/NAME.out holds what the report
# NAME of data/ledger-v1.reports printed on it, by those commands too.
. "$(dirname "$0")/lib.sh"
. "$HERE/upgrade.sh"

mkdir made
V1=$SCRATCH/made/ledger-v1.db
sqlite3 "$V1" <"$DATA/ledger-v1.sql" >/dev/null || exit 1
cp "$V1" v1.db
chmod 600 v1.db
cp v1.db orig.db

# --- version 1 is refused, and left alone --------------------------------

golden refused-age 4 ar-age -d v1.db --as-of 2026-10-31
golden refused-import 4 ar-import -d v1.db -t customers "$DATA/customers.csv"
golden refused-check 4 ar-ledger -d v1.db check
exits 'ar-report refuses version 1' 4 ar-report -d v1.db kpi
exits 'ar-statement refuses version 1' 4 ar-statement -d v1.db -n
exits 'ar-apply refuses version 1' 4 ar-apply -d v1.db
exits 'ar-writeoff refuses version 1' 4 ar-writeoff -d v1.db --reason bad_debt \
	"$DATA/writeoff-invoices.csv"
exits 'ar-ledger set refuses version 1' 4 ar-ledger -d v1.db set company.name x
exits 'ar-ledger backup refuses version 1' 4 ar-ledger -d v1.db backup b.db
exits 'ar-ledger init leaves version 1 alone' 4 ar-ledger -d v1.db init
ok 'the refused ledger is unchanged, byte for byte' cmp v1.db orig.db
ok 'no backup was made by the refusals' test ! -e b.db
is 'nothing but the ledger and its copy' 'orig.db
v1.db' sh -c 'ls | grep -v -e "-wal$" -e "-shm$" -e "^made$"'
# version 1 is refused for its version also while another program has it
# open, its write-ahead log not yet folded back
mkdir held
cp v1.db held/open.db
mkfifo held/sql.fifo
sqlite3 held/open.db <held/sql.fifo >/dev/null &
exec 3>held/sql.fifo
echo "PRAGMA wal_autocheckpoint = 0; CREATE TABLE scratch (x);
	INSERT INTO scratch VALUES (1);" >&3
i=0
while [ ! -s held/open.db-wal ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
golden refused-age-open 4 ar-age -d held/open.db --as-of 2026-10-31
exec 3>&-
wait

# --- the upgrade -----------------------------------------------------------

golden upgrade 0 stamp ar-ledger -d v1.db upgrade
is 'one backup, named after the version and the time' 1 \
	sh -c 'ls v1.db.v1-*.bak | grep -cE "^v1\.db\.v1-[0-9]{8}T[0-9]{6}\.bak$"'
bak=$(ls v1.db.v1-*.bak | head -1)
ok 'the backup is the ledger before, byte for byte' cmp orig.db "$bak"
ok 'the backup is mode 0600' test "$(stat -c %a "$bak")" = 600
is 'the ledger is version 4' 4 sqlite3 v1.db 'PRAGMA user_version'
golden upgraded-check 0 ar-ledger -d v1.db check
reasons_mapped orig.db mapped.db
rows_of orig.db mapped.db >rows.orig
rows_of orig.db v1.db | sed '/^-- batch$/,/^-- /{/^19|/d}' >rows.upgraded
ok 'the upgrade changes no row of version 1 (but dispute reasons), batches included' \
	cmp rows.orig rows.upgraded
is 'the rows compared' 4132 sh -c 'wc -l <rows.orig'
is 'the upgrade is a batch, after the 18 of the ledger' \
	'19|ar-ledger|ar-ledger -d v1.db upgrade|version 1 to 4, backup v1.db.v1-STAMP.bak' \
	sh -c "sqlite3 v1.db 'SELECT id, command, args, summary FROM batch
		ORDER BY id DESC LIMIT 1' | sed -E 's/v1-[0-9]{8}T[0-9]{6}/v1-STAMP/'"
is 'the new columns, empty' '0|0
0|0' sqlite3 v1.db \
	"SELECT count(discount_rate), count(discount_days) FROM document;
	SELECT count(discount_rate) + count(discount_days), 0 FROM customer"

# every report prints what version 1 printed, byte for byte
reports 1 v1.db >reports.tap
ok 'every report of version 1 ran' test "$(grep -c '^ok' reports.tap)" = \
	"$(grep -vc '^#' "$DATA/ledger-v1.reports")"
is 'every report prints what version 1 printed' '' grep -v '^ok' reports.tap

# the schema is the one a new ledger gets
ar-ledger -q -d new.db init
shape new.db >shape.new
shape v1.db >shape.upgraded
ok 'the upgraded schema is the schema of a new ledger' cmp shape.new shape.upgraded
for db in v1.db new.db; do
	fails "$db: no discount on a payment" sqlite3 "$db" "INSERT INTO
		document (doc_type, doc_no, customer, doc_date, amount,
		currency, batch_id, discount_rate, discount_days)
		VALUES ('payment', 'P-X', 1, '2026-01-01', 100, 'USD', 1, 200, 10)"
	fails "$db: no discount of 100%" sqlite3 "$db" "INSERT INTO
		document (doc_type, doc_no, customer, doc_date, amount,
		currency, batch_id, discount_rate, discount_days)
		VALUES ('invoice', 'I-X', 1, '2026-01-01', 100, 'USD', 1, 10000, 10)"
	fails "$db: no discount rate without days" sqlite3 "$db" "INSERT INTO
		document (doc_type, doc_no, customer, doc_date, amount,
		currency, batch_id, discount_rate)
		VALUES ('invoice', 'I-X', 1, '2026-01-01', 100, 'USD', 1, 200)"
done

# --- a second upgrade does nothing ----------------------------------------

cp v1.db again.db
golden upgrade-again 0 ar-ledger -d v1.db upgrade
ok 'the second upgrade changes nothing' cmp v1.db again.db
is 'and makes no backup' 1 sh -c 'ls v1.db.v1-*.bak | wc -l'
golden upgrade-quiet 0 ar-ledger -q -d v1.db upgrade
golden upgrade-new 0 ar-ledger -d new.db upgrade
cp "$V1" quiet.db
golden upgrade-quiet-v1 0 ar-ledger -q -d quiet.db upgrade
is 'quiet, upgraded all the same' 4 sqlite3 quiet.db 'PRAGMA user_version'
golden upgrade-extra 2 ar-ledger -d v1.db upgrade now

# --- failures leave the ledger as it was ------------------------------------

# a version-1 ledger that fails its check: an application across two
# customers, written by hand
cp "$V1" bad.db
sqlite3 bad.db "INSERT INTO application (credit_doc, debit_doc, amount,
	effective_date, rule, batch_id) SELECT p.id, i.id, 1, '2026-10-31',
	'manual', 1 FROM document p, document i WHERE p.doc_no = 'PMT-0000521'
	AND i.doc_no = 'INV-0000001'"
cp bad.db bad-orig.db
golden upgrade-check-fails 1 stamp ar-ledger -d bad.db upgrade
ok 'a ledger that fails the check is left as it was' cmp bad.db bad-orig.db
is 'still version 1' 1 sqlite3 bad.db 'PRAGMA user_version'
ok 'its backup is there, as said' cmp bad-orig.db "$(ls bad.db.v1-*.bak)"
is 'no batch recorded' 18 sqlite3 bad.db 'SELECT count(*) FROM batch'

# another run holds the write lock: busy, nothing changed, no backup
cp "$V1" busy.db
cp busy.db busy-orig.db
(echo 'BEGIN IMMEDIATE; INSERT INTO setting VALUES ('"'x'"', 1, 1);'
	sleep 4; echo 'ROLLBACK;') | sqlite3 busy.db &
sleep 1
AR_BUSY_TIMEOUT=1
golden upgrade-busy 5 ar-ledger -d busy.db upgrade
AR_BUSY_TIMEOUT=2
wait
ok 'a busy ledger is left as it was' cmp busy.db busy-orig.db
is 'and no backup made' '' sh -c 'ls busy.db.v1-*.bak 2>/dev/null'

# a ledger newer than this arkit is not touched
cp new.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 99'
golden upgrade-newer 4 ar-ledger -d newer.db upgrade

finish
