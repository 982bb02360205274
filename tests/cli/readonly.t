#!/bin/sh
# A ledger its user may only read: the commands that only read work on it
# and print what they print on a writable copy, even for a WAL ledger with
# no -wal or -shm file in a directory they cannot write (opened
# immutable); the commands that write say the ledger is read-only.
#
# Run as root, the commands under test run as nobody (setpriv), since
# file modes do not stop root; run as another user, modes do.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" = 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1 || ! id nobody >/dev/null 2>&1 ||
	    ! getent group nogroup >/dev/null 2>&1; then
		echo "ok 1 # skip root, and no setpriv or nobody:nogroup to drop to"
		echo "1..1"
		exit 0
	fi
	AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	AS=
fi

for f in customers invoices credits payments; do
	cp "$DATA/$f.csv" .
done
ar-import -q -d w.db customers.csv invoices.csv credits.csv payments.csv ||
	exit 1
ar-apply -q -d w.db --as-of 2026-03-31 >/dev/null || exit 1
is 'the ledger is a WAL ledger' wal sqlite3 w.db 'PRAGMA journal_mode'

# the read-only copy: a directory and file the user may read, not write
chmod 755 "$SCRATCH"
mkdir ro
cp w.db ro/ar.db
chmod 644 ro/ar.db customers.csv
chmod 555 ro
ok 'no -wal or -shm beside the read-only copy' \
	test ! -e ro/ar.db-wal -a ! -e ro/ar.db-shm
fails 'the user cannot write the directory' $AS touch ro/probe

# same_output NAME CMD...: CMD on the read-only copy as the user exits 0
# and prints what it prints as root on the writable one
same_output() {
	_name=$1
	shift
	"$@" -d w.db >want.out 2>want.err
	_w=$?
	(cd ro && $AS "$@" -d ar.db) >got.out 2>got.err
	_g=$?
	if [ "$_w$_g" != 00 ] || ! cmp -s want.out got.out ||
	    ! cmp -s want.err got.err; then
		echo "# exit $_w writable, $_g read-only"
		diff -u want.out got.out | sed 's/^/# /' | head -10
		sed 's/^/# /' got.err | head -5
		_result 1 "$_name"
	else
		_result 0 "$_name"
	fi
}

same_output 'ar-age on a read-only ledger' ar-age --as-of 2026-03-31
same_output 'ar-age --detail on a read-only ledger' \
	ar-age --as-of 2026-03-31 --detail -f json
same_output 'ar-report kpi on a read-only ledger' \
	ar-report --as-of 2026-03-31 kpi
same_output 'ar-report customers on a read-only ledger' \
	ar-report --as-of 2026-03-31 customers
same_output 'ar-statement -n on a read-only ledger' \
	ar-statement -n --as-of 2026-03-31
same_output 'ar-ledger check on a read-only ledger' ar-ledger check
same_output 'ar-ledger get on a read-only ledger' ar-ledger get
same_output 'ar-ledger batches on a read-only ledger' ar-ledger batches
ok 'reading left no -wal or -shm behind' \
	test ! -e ro/ar.db-wal -a ! -e ro/ar.db-shm
ok 'reading left the file as it was' cmp w.db ro/ar.db

# the commands that write say so, before doing anything
golden import-refused 4 sh -c "cd ro && exec $AS ar-import -d ar.db \
	../customers.csv"
# (statements for sending are logged; a preview on stdout writes nothing
# and is among the readers above)
golden statement-refused 4 sh -c "cd ro && exec $AS ar-statement -d ar.db \
	--as-of 2026-03-31 -o ../sent"
same_output 'an ar-statement preview on a read-only ledger' \
	ar-statement --as-of 2026-03-31
golden set-refused 4 sh -c "cd ro && exec $AS ar-ledger -d ar.db set \
	company.name Acme"
ok 'the refusals left the file as it was' cmp w.db ro/ar.db

# a file the user may write in a directory it may not: SQLite could not
# make the -wal and -shm files a write needs, so that is refused too
chmod 755 ro
cp w.db ro/open.db
chmod 666 ro/open.db
chmod 555 ro
golden import-refused-directory 4 sh -c "cd ro && exec $AS ar-import \
	-d open.db ../customers.csv"
ok 'that refusal left the file as it was' cmp w.db ro/open.db

# a write-ahead log left behind (a writer killed) cannot be read without
# its shared memory: said plainly, not read as if it were not there
chmod 755 ro
cp w.db ro/wal.db
sqlite3 ro/wal.db '.dbconfig no_ckpt_on_close on' 'CREATE TABLE t (x)' >/dev/null
rm -f ro/wal.db-shm
chmod 644 ro/wal.db ro/wal.db-wal
chmod 555 ro
golden unread-wal 4 sh -c "cd ro && exec $AS ar-age -d wal.db \
	--as-of 2026-03-31"

# the trend keeps the figures of the months that have ended in a ledger
# it may write, and none in one it may only read: the same rows either way
chmod 755 ro
cp w.db ro/trend.db
chmod 644 ro/trend.db
chmod 555 ro
cp ro/trend.db trend-before.db
ar-report -d w.db --as-of 2026-03-31 trend >want.out 2>want.err
(cd ro && $AS ar-report -d trend.db --as-of 2026-03-31 trend) >got.out 2>got.err
ok 'ar-report trend on a read-only ledger prints the same' \
	cmp want.out got.out
ok 'it kept nothing there' cmp trend-before.db ro/trend.db
is 'the writable ledger keeps its twelve months' 12 sqlite3 w.db \
	"SELECT count(*) FROM derived WHERE kind = 'trend-month'"

chmod 755 ro
finish
