#!/bin/sh
# The public headers: each compiles alone, as C and as C++ (so each has
# what it needs and its extern "C" guard), warning-free, and none names a
# header outside the C library and arkit's own (no OpenSSL, SQLite, ...).
. "$(dirname "$0")/../cli/lib.sh"

INC=$(cd "$HERE/../../include" && pwd)
CC=${CC:-cc}
CXX=${CXX:-c++}

for h in "$INC"/ar.h "$INC"/ar/*.h; do
	name=${h#"$INC"/}
	printf '#include <%s>\n' "$name" >one.c
	ok "$name alone in C" $CC -std=c11 -pedantic -Wall -Wextra \
		-Wstrict-prototypes -Werror -I"$INC" -fsyntax-only one.c
	cp one.c one.cc
	ok "$name alone in C++" $CXX -std=c++11 -pedantic -Wall -Wextra \
		-Werror -I"$INC" -fsyntax-only one.cc
	if [ "$name" != ar.h ]; then
		is "$name has the extern \"C\" guard" 'extern "C" {' \
			grep -x 'extern "C" {' "$h"
	fi
	is "$name includes only <std*.h> and ar/" '' \
		sed -n -e '/^#[[:space:]]*include/{' \
		-e '/<std[a-z]*\.h>/d' -e '/"ar\/[a-z0-9_]*\.h"/d' -e p -e '}' "$h"
done

# the guard is seen by a C++ program that calls the library: the names
# it looks for are the C ones
cat >call.cc <<'END'
#include <ar.h>
int main() { return ar_strerror(AR_EBUSY) ? 0 : 1; }
END
ok 'C++ declarations are extern "C"' sh -c \
	"$CXX -std=c++11 -I'$INC' -c call.cc && nm call.o | grep -q ' U ar_strerror\$'"

finish
