# upgrade.sh - what the tests of 'ar-ledger upgrade' from each earlier
# version share; sourced after lib.sh by upgrade.t (version 1) and
# upgrade-v2.t (version 2).

# stamp CMD [ARG ...]: CMD with its exit status, the time in the names of
# backups (v1-20261206T194728) written STAMP
stamp() {
	"$@" >"$SCRATCH/.sout" 2>"$SCRATCH/.serr"
	_src=$?
	sed -E 's/v([0-9]+)-[0-9]{8}T[0-9]{6}/v\1-STAMP/g' "$SCRATCH/.sout"
	sed -E 's/v([0-9]+)-[0-9]{8}T[0-9]{6}/v\1-STAMP/g' "$SCRATCH/.serr" >&2
	return $_src
}

# shape DB: the tables, views, triggers and indexes of a ledger, with the
# columns of every table and view, and its identity
shape() {
	sqlite3 "$1" "SELECT type, name, tbl_name FROM sqlite_master
		ORDER BY type, name;
	SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value,
		p.pk, p.hidden FROM sqlite_master m, pragma_table_xinfo(m.name) p
		WHERE m.type IN ('table', 'view') ORDER BY m.name, p.cid;
	SELECT name, sql FROM sqlite_master WHERE type IN ('view', 'trigger',
		'index') ORDER BY name;
	PRAGMA user_version; PRAGMA application_id; PRAGMA journal_mode;"
}

# rows_of OLD DB: the rows of DB in the tables and columns of the ledger
# OLD, in the order of their columns
rows_of() {
	for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE
	    type = 'table' ORDER BY name"); do
		cols=$(sqlite3 "$1" "SELECT group_concat('\"' || name || '\"')
			FROM pragma_table_info('$t')")
		echo ".print -- $t"
		echo "SELECT $cols FROM \"$t\" ORDER BY $cols;"
	done | sqlite3 "$2"
}

# csv_prefix GOLDEN OUT: a csv report may gain columns at the end (the
# contract keeps those it has in their order): OUT with every record cut
# to as many fields as the header of GOLDEN has (quoted fields, commas
# and line breaks in them included), when GOLDEN is csv
csv_prefix() {
	head -1 "$1" | grep -q '^[a-z_]*,' || return 0
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys
def records(t):
    # (start, [offsets of the commas outside quotes], end) per record
    out, start, commas, q = [], 0, [], False
    for i, ch in enumerate(t):
        if ch == '"':
            q = not q
        elif not q and ch == ',':
            commas.append(i)
        elif not q and ch == '\n':
            out.append((start, commas, i))
            start, commas = i + 1, []
    return out
golden = open(sys.argv[1], encoding="utf-8", newline="").read()
want = records(golden)[0][1].__len__() if golden else 0
text = open(sys.argv[2], encoding="utf-8", newline="").read()
cut = "".join(text[s:(c[want] if len(c) > want else e)] + "\n"
              for s, c, e in records(text))
open(sys.argv[2], "w", encoding="utf-8", newline="").write(cut)
PY
}

# reports VERSION DB: runs every report of data/ledger-vVERSION.reports on
# DB and prints one TAP-like line per report: ok when it printed what the
# commands of that version printed (golden/upgrade-vVERSION/NAME.out, .err),
# the columns a csv report gained since left out
reports() {
	_v=$1
	_db=$2
	grep -v '^#' "$DATA/ledger-v$_v.reports" | while read -r name cmd; do
		set -- $cmd
		c=$1
		shift
		$c -d "$_db" "$@" </dev/null >"$SCRATCH/.rout" 2>"$SCRATCH/.rerr"
		rc=$?
		want_err=$HERE/golden/upgrade-v$_v/$name.err
		[ -f "$want_err" ] || want_err=/dev/null
		want_out=$HERE/golden/upgrade-v$_v/$name.out
		[ -f "$want_out" ] || want_out=/dev/null
		csv_prefix "$want_out" "$SCRATCH/.rout"
		if [ $rc = 0 ] && cmp -s "$want_out" "$SCRATCH/.rout" &&
		    cmp -s "$want_err" "$SCRATCH/.rerr"; then
			echo "ok $name"
		else
			echo "not ok $name"
			diff -u "$want_out" "$SCRATCH/.rout" |
				head -20 | sed 's/^/# /'
		fi
	done
}

# reasons_mapped DB COPY: COPY is DB with what version 3 does to the
# disputes of earlier ledgers: a reason that is no code of the default
# dispute.reasons becomes 'other' (the word goes to the new text column,
# which rows_of of the old ledger does not show)
reasons_mapped() {
	cp "$1" "$2"
	sqlite3 "$2" "DROP TRIGGER dispute_append_only;
		UPDATE dispute SET reason = 'other' WHERE reason NOT IN
		('pricing', 'quantity', 'damaged', 'not_received',
		'duplicate_billing', 'tax', 'terms', 'service', 'other')"
}
