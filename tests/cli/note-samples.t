#!/bin/sh
# The worklist and the day's list offer no call that ar-note would
# refuse, over the samples: the nightly job and samples/notes.sh (where
# C00022 asks for no calls and the consumer C00023 agrees a plan), then
# on the samples' last day and three weeks later (C00023's first
# instalment broken, and a conversation with her three days before):
# every row with a phone is a call ar-note -n records, every row without
# one a call it refuses.
. "$(dirname "$0")/lib.sh"

SAMPLES=$HERE/../../samples
AR_DB=$SCRATCH/ar.db
AR_AS_OF=2026-10-31
AR_OUT=$SCRATCH/out
export AR_DB AR_AS_OF AR_OUT
ok 'init' ar-ledger -q init
ok 'company zone' ar-ledger set company.timezone America/Los_Angeles
ok 'the nightly job' sh -c "sh '$SAMPLES/nightly.sh' '$SAMPLES' >/dev/null 2>&1"
# C00040 broke two promises for INV-0000846; the other five were kept
is 'the promises of the samples evaluated' '7|5|2' sqlite3 ar.db \
	"SELECT count(*), sum(status = 'kept'), sum(status = 'broken')
	FROM promise_status"
ok 'a collector'"'"'s Friday' sh -c "sh '$SAMPLES/notes.sh' >/dev/null"
ok 'a conversation with the consumer on 2026-11-17' ar-note -q C00023 call \
	--at 2026-11-17T18:00Z --outcome reached -o /dev/null

# calls D: check every worklist and --due row of day D at 19:00Z (11:00
# or 12:00 in Los Angeles)
calls() {
	d=$1 at=$1T19:00Z bad=0 n=0
	ar-report --as-of "$d" -f csv worklist >wl.csv
	ar-note --due --as-of "$d" --at "$at" -f csv >due.csv
	{
		awk "$CSV"'NR > 1 { csvsplit($0, f); print f[2], (f[4] == "" ? 1 : 0) }' wl.csv
		awk "$CSV"'NR > 1 { csvsplit($0, f); print f[3], (f[9] == "yes" ? 0 : 1) }' due.csv
	} >rows
	while read -r id want; do
		n=$((n + 1))
		ar-note -n -q "$id" call --at "$at" -o /dev/null 2>/dev/null
		got=$?
		if [ "$got" != "$want" ]; then
			echo "# $d: $id: ar-note call exits $got, the lists say $want"
			bad=$((bad + 1))
		fi
	done <rows
	[ "$n" -gt 5 ] && [ "$bad" = 0 ]
}

ok '2026-10-31: no call offered that ar-note refuses, none refused offered' calls 2026-10-31
is '2026-10-31: C00022 by e-mail or letter only, no phone' \
	',follow-up due 2026-10-31; oldest item 248 days past due; last contact 1 day ago; e-mail or letter only' \
	awk "$CSV"'{ csvsplit($0, f) } f[2] == "C00022" { print f[4] "," f[12] }' wl.csv
is '2026-10-31: cease (C00010) not listed' 0 grep -c C00010 wl.csv
ok '2026-11-20: the same' calls 2026-11-20
is '2026-11-20: C00023 not called until 7 days after the conversation' \
	',broken promise 2026-11-15; oldest item 12 days past due; last contact 3 days ago; consumer: calls may resume 2026-11-24' \
	awk "$CSV"'{ csvsplit($0, f) } f[2] == "C00023" { print f[4] "," f[12] }' wl.csv
is '2026-11-20: C00023 on the day'"'"'s list, no call' \
	'promise_broken,,calls may resume 2026-11-24' \
	awk "$CSV"'{ csvsplit($0, f) } f[3] == "C00023" { print f[2] "," f[6] "," f[9] }' due.csv
finish
