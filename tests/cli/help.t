#!/bin/sh
# Every command's --help: the usage, then one line per option it takes
# (short and long form, and its value), then the man page to read.  The
# lines come from the option tables the commands parse with, so every
# option the man page shows is there, and every one there is taken.
. "$(dirname "$0")/lib.sh"

MAN=$HERE/../../man

# man_options PAGE: the long options of a page's SYNOPSIS and OPTIONS
man_options() {
	awk '/^\.Sh (SYNOPSIS|OPTIONS)/ { on = 1; next } /^\.Sh/ { on = 0 } on' \
		"$1" | grep -oE 'Fl -[a-z][a-z0-9-]*' | sed 's/^Fl -//' | sort -u
}

# help_options CMD: the long options of the lines after the usage
help_options() {
	"$1" --help | awk '/^$/ { n++ } n >= 1' |
		grep -oE -- '^ *(-[a-zA-Z], )?--[a-z][a-z0-9-]*' |
		sed 's/.*--//' | sort -u
}

for exe in "$AR_BIN"/ar-*; do
	c=$(basename "$exe")
	exits "$c --help exits 0" 0 "$c" --help
	is "$c --help ends with the man page" "see $c(1)" \
		sh -c '"$1" --help | tail -n 1' sh "$c"
	is "$c -h is --help" "$("$c" --help)" "$c" -h
	help_options "$c" >"$SCRATCH/.h"
	missing=$(man_options "$MAN/$c.1" | comm -23 - "$SCRATCH/.h")
	is "$c --help lists every option of $c(1)" "" echo "$missing"
	# each option listed is one the command takes (a value given with
	# "=" or refused: either way no "unrecognized option")
	bad=
	for o in $(cat "$SCRATCH/.h"); do
		case $o in help|version) continue ;; esac
		"$c" "--$o=x" </dev/null >/dev/null 2>"$SCRATCH/.e"
		grep -q 'unrecognized option' "$SCRATCH/.e" && bad="$bad --$o"
	done
	is "$c takes every option its --help lists" "" echo "$bad"
done

# the whole of one, as it reads
golden age 0 ar-age --help

finish
