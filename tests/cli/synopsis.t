#!/bin/sh
# Every command's usage text (the head of its --help) says what the
# SYNOPSIS of its man page says: the same words in the same order, lines
# broken anywhere, and "a|b" as mandoc may set it, "a | b".
. "$(dirname "$0")/lib.sh"

MAN=$HERE/../../man

# words WORD...: the text of stdin on one line, single spaces, "|" bare
words() {
	tr -s ' \t\n' '   ' | sed -e 's/^ //' -e 's/ $//' -e 's/ | /|/g'
}

# usage CMD: the usage lines of CMD --help, "usage: " taken off
usage() {
	"$1" --help | awk 'NR == 1 { sub(/^usage: /, ""); print; next }
		/^[ \t]/ { print; next } { exit }' | words
}

# synopsis PAGE: the SYNOPSIS section of a man page, set as plain text
synopsis() {
	mandoc -T ascii -O width=1000 "$1" | sed 's/.\x08//g' |
		awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' | words
}

for exe in "$AR_BIN"/ar-*; do
	c=$(basename "$exe")
	if [ ! -f "$MAN/$c.1" ]; then
		_result 1 "$c has a man page"
		continue
	fi
	syn=$(synopsis "$MAN/$c.1")
	case $syn in
	"$c "*) _result 0 "$c(1) has a SYNOPSIS" ;;
	*) echo "# SYNOPSIS: '$syn'"; _result 1 "$c(1) has a SYNOPSIS" ;;
	esac
	is "$c: usage is the SYNOPSIS of $c(1)" "$syn" usage "$c"
done

finish
