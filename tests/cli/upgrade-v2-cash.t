#!/bin/sh
# The tables of version 3 for cash a person decides, on the version-2
# ledger of the demo once upgraded: a payment for a paid invoice held as
# duplicate?, unidentified cash imported and assigned (an alias learned),
# a single application undone, a refund; the ledger checks clean after.
#
# In data/ledger-v2.sql INV-0000001 (C00008, 1,568.93) is paid.
#   PMT-V3-1 C00008 1,568.93 'INV-0000001' (11-02)  -> held duplicate?
#   a lockbox row, no customer, 'GIFT', 250.00      -> unidentified
#   assigned to C00008, then refunded 50.00 by check
. "$(dirname "$0")/lib.sh"
. "$HERE/upgrade.sh"

export AR_DB=v2.db
sqlite3 v2.db <"$DATA/ledger-v2.sql" >/dev/null || exit 1
ar-ledger -q upgrade || exit 1
is 'version 4' 4 sqlite3 v2.db 'PRAGMA user_version'

printf '%s\n' payment_no,customer_id,payment_date,amount,reference \
	'PMT-V3-1,C00008,2026-11-02,1568.93,INV-0000001' >dup.csv
ar-import -q -t payments dup.csv || exit 1
golden held 0 ar-apply --as-of 2026-11-30 --customer C00008 --explain
is 'the flag is recorded' 'PMT-V3-1|duplicate?' sqlite3 v2.db \
	"SELECT d.doc_no, f.flag FROM credit_flag f JOIN document d ON
	d.id = f.credit_doc"

printf '%s\n' payment_date,amount,currency,remitter,reference \
	'2026-11-03,250.00,EUR,Harbor Gifts,GIFT' >lockbox.csv
golden lockbox 0 ar-import -t payments lockbox.csv
no=$(sqlite3 v2.db 'SELECT payment_no FROM unidentified_cash')
golden assign 0 ar-apply --assign "$no" --customer C00008
is 'an alias learned' 'name|HARBOR GIFTS|C00008' sqlite3 v2.db \
	"SELECT a.kind, a.alias, c.customer_id FROM remitter_alias a
	JOIN customer c ON c.id = a.customer"
golden refund 0 ar-apply --refund "$no" --amount 50.00 --date 2026-11-04 \
	--method check
# the last application a run made, undone alone
last=$(sqlite3 v2.db "SELECT max(a.id) FROM application a WHERE a.amount > 0
	AND a.rule IN ('credit', 'ref', 'exact', 'combo', 'oldest', 'manual')
	AND NOT EXISTS (SELECT 1 FROM application x WHERE x.cancels = a.id)")
golden undo-one 0 ar-apply --undo-application "$last"
is 'it is cancelled once' 1 sqlite3 v2.db \
	"SELECT count(*) FROM application WHERE cancels = $last"
golden check 0 ar-ledger check
golden unapplied 0 ar-report --as-of 2026-11-30 unapplied -f csv
finish
