#!/bin/sh
# completion/arkit.bash: the options of every command from its usage, the
# words an option takes, ar-ledger's subcommands and setting keys,
# ar-report's reports; make install puts it where bash-completion looks.
. "$(dirname "$0")/lib.sh"

COMP=$HERE/../../completion/arkit.bash
# complete WORD...: what bash offers for the last word of the line
complete_line() {
	bash -c '. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_arkit; printf "%s\n" "${COMPREPLY[@]}" | sort' sh "$COMP" "$@"
}

ok 'the file is bash' bash -n "$COMP"
is 'ar-age --w' '--wide' complete_line ar-age --w
is 'ar-import --enc and its words' '--encoding' complete_line ar-import --enc
is 'ar-import --encoding c' 'cp1252' complete_line ar-import --encoding c
is 'ar-import -t' 'activities
applications
credits
customers
invoices
payments
targets' complete_line ar-import -t ''
is 'ar-statement --type' 'activity
confirmation
open-item
receipt' complete_line ar-statement --type ''
is 'ar-dun -f' 'eml
html
mbox
pdf
text' complete_line ar-dun -f ''
is 'ar-dun --post' '--post-charges' complete_line ar-dun --post
# (what other formats it has aside)
formats() { complete_line ar-statement -f '' | grep -E '^(csv|html|text)$'; }
is 'ar-statement -f' 'csv
html
text' formats
is 'ar-age --by' 'due
invoice' complete_line ar-age --by ''
is 'ar-age -f' 'csv
json
table
tsv' complete_line ar-age -f ''
is 'ar-apply --re' '--reason
--reference
--refund
--reverse' complete_line ar-apply --re
short_forms() {
	complete_line ar-writeoff --d
	complete_line ar-writeoff --f
	complete_line ar-writeoff --o
}
is 'ar-writeoff long forms of the short options, with its own' '--date
--db
--dry-run
--format
--older-than
--output' short_forms
is 'ar-ledger subcommands' 'backup
batches' complete_line ar-ledger ba
is 'ar-ledger after a subcommand: its words, not the list' '' \
	complete_line ar-ledger check ''
ar-ledger -q -d ar.db init
is 'ar-ledger set: the keys of the ledger' 'statement.date_format
statement.message' complete_line ar-ledger set statement.
is 'ar-report reports' 'customers' complete_line ar-report --as-of 2026-10-31 cu
is 'ar-credit subcommands' 'release
review' complete_line ar-credit re
is 'ar-dispute subcommands' 'note' complete_line ar-dispute no
is 'ar-note kinds' 'promise' complete_line ar-note C00001 pr

# installed under each command's name
make -s -C "$HERE/../.." install-completion DESTDIR="$SCRATCH/root" PREFIX=/usr \
	>/dev/null 2>&1
is 'make install puts it in bash-completion' \
	'ar-age
ar-apply
ar-credit
ar-dispute
ar-dun
ar-import
ar-ledger
ar-note
ar-report
ar-statement
ar-writeoff
arkit' ls root/usr/share/bash-completion/completions
ok 'the same file for every command' cmp "$COMP" \
	root/usr/share/bash-completion/completions/ar-age

finish
