# lib.sh - a small TAP harness for golden tests of the ar-* commands.
#
# A test script sources this file, then calls
#
#   golden NAME STATUS CMD [ARG ...]
#	runs CMD with stdin from $STDIN (default /dev/null) and passes when
#	it exits STATUS and its stdout and stderr equal golden/SCRIPT/NAME.out
#	and NAME.err byte for byte (a missing .out or .err means empty);
#	UPDATE_GOLDEN=1 writes the files instead of comparing
#   ok DESCRIPTION CMD [ARG ...]
#	passes when CMD exits 0
#   fails DESCRIPTION CMD [ARG ...]
#	passes when CMD exits non-zero
#   exits DESCRIPTION STATUS CMD [ARG ...]
#	passes when CMD exits STATUS (stdin from $STDIN, like golden); its
#	stdout and stderr are left in the file .last for further tests
#   is DESCRIPTION EXPECTED CMD [ARG ...]
#	passes when CMD prints EXPECTED (one line, or several)
#   unchanged DB COPY DESCRIPTION
#	passes when DB holds the same rows as COPY (a diff otherwise)
#   same_db DB COPY	true when two ledgers hold the same rows
#   masked CMD [ARG ...]
#	runs CMD with its exit status, timestamps in its stdout and stderr
#	replaced by TIME (for golden files of output that says when)
#   finish		prints the plan; the script's exit status follows
#   $CSV		awk source of csvsplit(line, f): split a line of csv into
#			f[1..n] (quoted fields with commas and quotes; mawk has
#			no FPAT); use as awk "$CSV"'...program...' 
#
# Every script runs in a fresh scratch directory, with TZ=UTC, LC_ALL=C,
# the commands under test first on PATH and no AR_DB.
set -u
: "${AR_BIN:?set AR_BIN to the directory of the built commands}"
HERE=$(cd "$(dirname "$0")" && pwd)
SCRIPT=$(basename "$0" .t)
GOLDEN=$HERE/golden/$SCRIPT
DATA=$HERE/data
PATH="$AR_BIN:$PATH"
TZ=UTC
LC_ALL=C
AR_BUSY_TIMEOUT=2
# sanitizer builds: what fontconfig keeps for the process is no leak
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$HERE/../lsan.supp:print_suppressions=0}
export PATH TZ LC_ALL AR_BUSY_TIMEOUT LSAN_OPTIONS
unset AR_DB
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH" || exit 1
_n=0
_failed=0

_result() {
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then
		printf 'ok %s - %s\n' "$_n" "$2"
	else
		printf 'not ok %s - %s\n' "$_n" "$2"
		_failed=$((_failed + 1))
	fi
}

golden() {
	_name=$1 _want=$2
	shift 2
	"$@" <"${STDIN:-/dev/null}" >"$SCRATCH/.out" 2>"$SCRATCH/.err"
	_got=$?
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$GOLDEN"
		rm -f "$GOLDEN/$_name.out" "$GOLDEN/$_name.err"
		[ -s "$SCRATCH/.out" ] && cp "$SCRATCH/.out" "$GOLDEN/$_name.out"
		[ -s "$SCRATCH/.err" ] && cp "$SCRATCH/.err" "$GOLDEN/$_name.err"
	fi
	_bad=
	[ "$_got" = "$_want" ] || _bad="exit status $_got, expected $_want"
	for _s in out err; do
		_exp=$GOLDEN/$_name.$_s
		[ -f "$_exp" ] || _exp=/dev/null
		if ! cmp -s "$_exp" "$SCRATCH/.$_s"; then
			_bad="$_bad${_bad:+; }std$_s differs"
			diff -u "$_exp" "$SCRATCH/.$_s" | sed 's/^/# /' | head -40
		fi
	done
	[ -n "$_bad" ] && echo "# $_name: $_bad"
	_result "$([ -z "$_bad" ] && echo 0 || echo 1)" "$_name"
}

ok() {
	_desc=$1
	shift
	"$@" >"$SCRATCH/.out" 2>&1
	_rc=$?
	[ "$_rc" = 0 ] || sed 's/^/# /' "$SCRATCH/.out" | head -20
	_result "$_rc" "$_desc"
}

fails() {
	_desc=$1
	shift
	if "$@" >"$SCRATCH/.out" 2>&1; then
		echo "# expected a failure"
		_result 1 "$_desc"
	else
		_result 0 "$_desc"
	fi
}

exits() {
	_desc=$1 _want=$2
	shift 2
	"$@" <"${STDIN:-/dev/null}" >"$SCRATCH/.last" 2>&1
	_rc=$?
	if [ "$_rc" != "$_want" ]; then
		echo "# exit status $_rc, expected $_want"
		sed 's/^/# /' "$SCRATCH/.last" | head -20
	fi
	_result "$([ "$_rc" = "$_want" ] && echo 0 || echo 1)" "$_desc"
}

# A canonical dump of a ledger's rows (batches excluded: they differ in
# time), to tell whether two ledgers hold the same data.  One sqlite3
# process per dump keeps the many comparisons of a script quick.
dump_db() {
	for _t in setting customer customer_history document application \
	    activity promise_status dispute dispute_resolution dispute_event \
	    writeoff_request writeoff_decision period_lock batch_file \
	    activity_document target; do
		echo ".print -- $_t"
		# (activity_document has no rowid: its key orders it)
		case $_t in
		activity_document) echo "SELECT * FROM $_t ORDER BY 1, 2;" ;;
		*) echo "SELECT * FROM $_t ORDER BY rowid;" ;;
		esac
	done | sqlite3 "$1"
}

same_db() {
	dump_db "$1" >"$SCRATCH/.a" 2>&1
	dump_db "$2" >"$SCRATCH/.b" 2>&1
	cmp -s "$SCRATCH/.a" "$SCRATCH/.b"
}

# masked CMD [ARG ...]: runs CMD with its exit status, writing TIME for
# every timestamp (2026-01-31T12:34:56.123456Z) in its stdout and stderr,
# for golden files of output that says when something happened
masked() {
	"$@" >"$SCRATCH/.mout" 2>"$SCRATCH/.merr"
	_mrc=$?
	_mask <"$SCRATCH/.mout"
	_mask <"$SCRATCH/.merr" >&2
	return $_mrc
}

_mask() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/TIME/g'
}

# is DESCRIPTION EXPECTED CMD [ARG ...]: passes when CMD's stdout is
# EXPECTED (a final newline aside)
is() {
	_desc=$1 _exp=$2
	shift 2
	_gotv=$("$@" 2>"$SCRATCH/.iserr")
	if [ "$_gotv" = "$_exp" ]; then
		_result 0 "$_desc"
	else
		printf '%s\n' "$_exp" | sed 's/^/# expected: /'
		printf '%s\n' "$_gotv" | sed 's/^/#      got: /'
		sed 's/^/# /' "$SCRATCH/.iserr" | head -5
		_result 1 "$_desc"
	fi
}

# unchanged DB COPY DESCRIPTION: same_db as a test of its own
unchanged() {
	if same_db "$1" "$2"; then
		_result 0 "$3"
	else
		diff -u "$SCRATCH/.b" "$SCRATCH/.a" | sed 's/^/# /' | head -20
		_result 1 "$3"
	fi
}

# wait_for_wal DB PID: wait (20 s at most) until the run PID has written
# a good part of its transaction into DB's write-ahead log, or has ended
wait_for_wal() {
	_i=0
	while [ $_i -lt 400 ]; do
		_size=$(stat -c %s "$1-wal" 2>/dev/null || echo 0)
		[ "$_size" -gt 2000000 ] && break
		kill -0 "$2" 2>/dev/null || break
		sleep 0.05
		_i=$((_i + 1))
	done
}

finish() {
	echo "1..$_n"
	[ "$_failed" = 0 ]
}

# see the header
CSV='
function csvsplit(line, f,    n, i, c, q, cur) {
	n = 0; cur = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ }
				else q = 0
			} else cur = cur c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = cur; cur = "" }
		else cur = cur c
	}
	f[++n] = cur
	return n
}'
