#!/bin/sh
# Two ar-apply runs started together never apply the same money twice:
# many trials on the samples, each checked against a single run.
. "$(dirname "$0")/lib.sh"

SAMPLES=$HERE/../../samples
AR_BUSY_TIMEOUT=30
export AR_BUSY_TIMEOUT
for kind in customers invoices credits payments; do
	ar-import -q -d base.db -t "$kind" "$SAMPLES/$kind.csv"
done

# what one run alone applies: rows, and the money per currency
cp base.db one.db
ar-apply -q -d one.db --as-of 2026-10-31 >/dev/null
sums() {
	sqlite3 "$1" "SELECT d.currency, count(*), sum(a.amount) FROM application a
		JOIN document d ON d.id = a.credit_doc GROUP BY d.currency
		ORDER BY d.currency"
}
want=$(sums one.db)
ok "a single run applies something" test -n "$want"

trials=${APPLY_TRIALS:-20}
bad=0 both=0
i=0
while [ $i -lt $trials ]; do
	i=$((i + 1))
	cp base.db t.db
	ar-apply -q -d t.db --as-of 2026-10-31 >a.out 2>a.err &
	p1=$!
	ar-apply -q -d t.db --as-of 2026-10-31 >b.out 2>b.err &
	p2=$!
	wait $p1; s1=$?
	wait $p2; s2=$?
	if [ $s1 != 0 ] || [ $s2 != 0 ]; then
		echo "# trial $i: exit $s1 and $s2: $(cat a.err b.err)"
		bad=$((bad + 1))
		continue
	fi
	# one run applied everything, the other found nothing left
	ra=$(($(wc -l <a.out) - 1)) rb=$(($(wc -l <b.out) - 1))
	if [ $ra -gt 0 ] && [ $rb -gt 0 ]; then
		both=$((both + 1))
	fi
	got=$(sums t.db)
	if [ "$got" != "$want" ]; then
		echo "# trial $i: applied $got, want $want"
		bad=$((bad + 1))
	fi
	if ! ar-ledger -d t.db check >check.out 2>&1; then
		echo "# trial $i: $(cat check.out)"
		bad=$((bad + 1))
	fi
done
is "$trials trials: both runs succeed, the money applied once, check clean" 0 echo $bad
is "never do both runs apply something" 0 echo $both

finish
