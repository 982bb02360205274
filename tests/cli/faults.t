#!/bin/sh
# Faults say what failed: an output that cannot be written names itself
# and why, a ledger SQLite cannot read is damaged (not "not a ledger"), and
# a run that cannot commit says that nothing was imported.
. "$(dirname "$0")/lib.sh"

for f in customers invoices credits payments; do
	cp "$DATA/$f.csv" .
done
ar-import -q -d x.db customers.csv invoices.csv credits.csv payments.csv ||
	exit 1

# --- a full disk, as /dev/full ----------------------------------------------

full='No space left on device'
exits 'ar-age -o /dev/full' 4 ar-age -d x.db --as-of 2026-03-01 -o /dev/full
is '... names the output and why' "ar-age: cannot write '/dev/full': $full" \
	cat .last
exits 'ar-age -o /dev/full in a table' 4 \
	ar-age -d x.db --as-of 2026-03-01 -f table -o /dev/full
is '... names the output and why' "ar-age: cannot write '/dev/full': $full" \
	cat .last
exits 'ar-age on a full standard output' 4 sh -c \
	'ar-age -d x.db --as-of 2026-03-01 >/dev/full'
is '... says so once' "ar-age: cannot write output: $full" cat .last
exits 'ar-report -o /dev/full' 4 \
	ar-report -d x.db --as-of 2026-03-01 -o /dev/full customers
is '... names the output and why' \
	"ar-report: cannot write '/dev/full': $full" cat .last
exits 'ar-report on a full standard output' 4 sh -c \
	'ar-report -d x.db --as-of 2026-03-01 kpi >/dev/full'
is '... says so once' "ar-report: cannot write output: $full" cat .last
exits 'ar-statement on a full standard output' 4 sh -c \
	'ar-statement -d x.db --as-of 2026-03-01 >/dev/full'
# (after the warning that the ledger has no remit-to address)
is '... says so once' "ar-statement: warning: company.remit_to is empty: the statements say nowhere where to pay (ar-ledger set company.remit_to ...)
ar-statement: cannot write output: $full" cat .last
exits 'ar-ledger batches on a full standard output' 4 sh -c \
	'ar-ledger -d x.db batches >/dev/full'
is '... says so once' "ar-ledger: cannot write output: $full" cat .last
cp x.db before.db
exits 'ar-apply -o /dev/full' 4 \
	ar-apply -q -d x.db --as-of 2026-03-01 -o /dev/full
is '... names the output and why' "ar-apply: cannot write '/dev/full': $full" \
	cat .last
unchanged x.db before.db 'ar-apply with a full output applies nothing'
exits 'ar-writeoff -o /dev/full' 4 ar-writeoff -q -d x.db --as-of 2026-12-31 \
	--reason bad_debt --older-than 1 -o /dev/full
is '... names the output and why' \
	"ar-writeoff: cannot write '/dev/full': $full" \
	sh -c 'grep -v unapplied .last'
unchanged x.db before.db 'ar-writeoff with a full output writes nothing off'
printf '%s\n' invoice_no,customer_id,invoice_date,amount \
	INV-9001,C001,2026-03-01,10.00 INV-9002,C999,2026-03-01,11.00 >some-bad.csv
exits 'ar-import --rejects /dev/full' 4 \
	ar-import -q -d x.db --skip-bad --rejects /dev/full some-bad.csv
is '... names the rejects file and why' \
	"ar-import: cannot write '/dev/full': $full" \
	sh -c 'grep -v C999 .last'

# --- a commit that fails ---------------------------------------------------

# the last write of a run, recording that its batch finished, fails as a
# full disk would
cp x.db full.db
sqlite3 full.db "CREATE TRIGGER disk_full BEFORE UPDATE OF finished ON batch
	BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
cp full.db before.db
printf '%s\n' invoice_no,customer_id,invoice_date,amount \
	INV-9101,C001,2026-03-01,10.00 >late.csv
golden commit-fails 4 ar-import -d full.db late.csv
unchanged full.db before.db 'a run that cannot commit imports nothing'

# --- a damaged ledger --------------------------------------------------------

# a page of the customers overwritten (every report reads it)
cp x.db damaged.db
page=$(sqlite3 x.db "SELECT max(pageno) FROM dbstat WHERE name = 'customer'")
awk 'BEGIN { for (i = 0; i < 4096; i++) printf "x" }' |
	dd of=damaged.db bs=4096 seek=$((page - 1)) conv=notrunc 2>/dev/null
exits 'ar-ledger check on a damaged ledger' 4 ar-ledger -d damaged.db check
is '... says it is damaged' \
	"ar-ledger: 'damaged.db' is damaged: database disk image is malformed" \
	sh -c 'grep "^ar-ledger:" .last'
exits 'ar-age on a damaged ledger' 4 ar-age -d damaged.db --as-of 2026-03-01
is '... says it is damaged' \
	"ar-age: 'damaged.db' is damaged: database disk image is malformed" \
	cat .last
# the header of the file overwritten past SQLite's signature
cp x.db header.db
printf 'xxxxxxxx' | dd of=header.db bs=1 seek=16 conv=notrunc 2>/dev/null
golden damaged-header 4 ar-ledger -d header.db check

finish
