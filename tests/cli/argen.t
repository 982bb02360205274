#!/bin/sh
# argen --day: one further business day of a generated data set, for the
# benchmark of the nightly run.  The same options give the same bytes; the
# day's documents are new numbers; its payments pay invoices the data set
# leaves open, so on a ledger of the data set with its cash applied they
# import cleanly and apply by their references.
. "$(dirname "$0")/lib.sh"

set -- --customers 200 --invoices 2000 --payments 1600 --credits 40 --activities 40
dayopts="--day 2026-11-02 --day-invoices 100 --day-payments 80 --day-credits 5"

ok "the data set" argen -o base "$@"
# shellcheck disable=SC2086 # dayopts: several options
ok "a day of it" argen -o day "$@" $dayopts
# shellcheck disable=SC2086
ok "the same day again" argen -o again "$@" $dayopts
is "the day: invoices, credit memos and payments, nothing else" \
	"credits.csv invoices.csv payments.csv" sh -c 'ls day | xargs echo'
for f in invoices credits payments; do
	ok "the same $f.csv twice" cmp day/$f.csv again/$f.csv
done
is "sizes as asked: 100 invoices, 5 credit memos, 80 payments" "100 5 80" \
	sh -c 'for f in invoices credits payments; do
		echo $(($(wc -l <day/$f.csv) - 1)); done | xargs echo'
# shellcheck disable=SC2086
ok "another seed, another day" sh -c "argen -o other -s 7 $* $dayopts &&
	! cmp -s day/payments.csv other/payments.csv"
# shellcheck disable=SC2086
ok "another date, another day" sh -c "argen -o later $* $dayopts --day 2026-11-03 &&
	! cmp -s day/invoices.csv later/invoices.csv"
exits "a day within the data set's period is a usage error" 2 \
	argen -o bad "$@" --day 2026-10-30
exits "--day-payments without --day is a usage error" 2 \
	argen -o bad "$@" --day-payments 5

# document numbers: new, each once
for f in invoices credits payments; do
	is "no number of the day's $f is one of the data set's" "" \
		sh -c "{ cut -d, -f1 base/$f.csv | sed 1d | sort -u
			cut -d, -f1 day/$f.csv | sed 1d | sort -u; } | sort | uniq -d"
	is "each number of the day's $f once" "" \
		sh -c "cut -d, -f1 day/$f.csv | sed 1d | sort | uniq -d"
done
is "the day's invoices are numbered after the data set's" \
	"INV-0002001 INV-0002100" sh -c 'cut -d, -f1 day/invoices.csv | sed -n "2p;\$p" | xargs echo'
is "everything of the day is dated the day" "2026-11-02" \
	sh -c 'cut -d, -f3 day/invoices.csv day/credits.csv day/payments.csv |
		grep -v _date | sort -u'

# a ledger of the data set with its cash applied, then the day
for f in customers invoices credits payments; do
	ar-import -q -d l.db -t $f base/$f.csv
done
ar-apply -q -d l.db --as-of 2026-10-31 >/dev/null
ok "the data set's ledger, its cash applied" test -s l.db
sqlite3 l.db "SELECT doc_no FROM open_items WHERE doc_type = 'invoice'" | sort >open.txt
# every invoice number the day's payments and credit memos name, written
# as the data set writes them (INV-0001234), each once
grep -ho 'INV-[0-9]\{7\}' day/payments.csv day/credits.csv | sort -u >named.txt
is "the day names invoices the ledger has open (all but a mistyped one or two)" "ok" \
	sh -c 'n=$(wc -l <named.txt); o=$(comm -12 named.txt open.txt | wc -l);
		echo "# $o of $n named invoices open" >&2
		[ "$n" -ge 60 ] && [ $((o * 100)) -ge $((n * 95)) ] && echo ok'
is "the credit memos name open invoices" "" \
	sh -c 'cut -d, -f6 day/credits.csv | sed 1d | sort | comm -23 - open.txt'
for f in invoices credits payments; do
	exits "the day's $f import" 0 ar-import -q -d l.db -t $f day/$f.csv
done
exits "the day's cash applies" 0 ar-apply -q -d l.db --as-of 2026-11-02 -o applied.csv
# applications of the day's payments (PMT-0001601 and after), by rule
awk -F, '$4 == "payment" && $5 >= "PMT-0001601" { print $5, $8 }' applied.csv |
	sort -u >day-rules.txt
is "every one of the 80 payments of the day applies" 80 \
	sh -c 'cut -d" " -f1 day-rules.txt | sort -u | wc -l'
is "at least 70 of them by reference" ok \
	sh -c 'n=$(grep -c " ref$" day-rules.txt); echo "# $n by reference" >&2
		[ "$n" -ge 70 ] && echo ok'
is "the credit memos apply to the invoices they name" 5 \
	sh -c "awk -F, '\$4 == \"credit_memo\" && \$8 == \"credit\"' applied.csv | wc -l"
ok "the ledger checks clean" ar-ledger -q -d l.db check

finish
