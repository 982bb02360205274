#!/bin/sh
# examples/age-total.c built the way a user of the library builds it:
# against an installed copy (make check installs into a DESTDIR), with
# pkg-config, shared and static, then run on the small ledger of age.t.
# Also: libar.so.0 has its soname and exports only ar_ names.
#
# AR_DESTDIR is the install root, AR_PKGCONFIGDIR where ar.pc lies under
# it; AR_SANFLAGS the sanitizer flags of the build (the example must be
# built with them to load a sanitized library).
#
# The figures, worked out in age.t from tests/cli/data/age-*.csv: as of
# 2026-03-31 the ledger holds USD 1,655.00 + 925.00 + 170.00 = 2,750.00
# and EUR 100.00 + 2,250.00 = 2,350.00, in five rows (A100, A200, A300
# in USD; A300, E400 in EUR).
. "$(dirname "$0")/../cli/lib.sh"

: "${AR_DESTDIR:?set AR_DESTDIR to the install root (make check does)}"
: "${AR_PKGCONFIGDIR:?set AR_PKGCONFIGDIR (make check does)}"
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
PKG_CONFIG_PATH=$AR_DESTDIR$AR_PKGCONFIGDIR
PKG_CONFIG_SYSROOT_DIR=$AR_DESTDIR
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
SRC=$HERE/../../examples/age-total.c
DATA=$HERE/../cli/data

is 'pkg-config knows ar' 0.1.0 $PKG_CONFIG --modversion ar
LIBDIR=$($PKG_CONFIG --libs-only-L ar | sed 's/^-L\([^ ]*\).*/\1/')
is 'its -L is the library in the install' "$AR_DESTDIR" \
	sh -c "ls '$LIBDIR/libar.so.0' '$LIBDIR/libar.a' >/dev/null && echo '$AR_DESTDIR'"

# shared: the -lar of pkg-config --libs
ok 'builds against libar.so' sh -c "$CC -std=c11 -Wall -Wextra -Werror \
	${AR_SANFLAGS:-} -o age-total '$SRC' \$($PKG_CONFIG --cflags --libs ar)"
is 'needs libar.so.0' 'libar.so.0' sh -c \
	"readelf -d age-total | sed -n 's/.*NEEDED.*\\[\\(libar[^]]*\\)\\]/\\1/p'"

# static: libar.a with what pkg-config --static adds for it
ok 'builds against libar.a' sh -c "$CC -std=c11 -Wall -Wextra -Werror \
	${AR_SANFLAGS:-} -o age-total-static '$SRC' \$($PKG_CONFIG --cflags ar) \
	\$($PKG_CONFIG --static --libs ar | sed 's/-lar /-Wl,-Bstatic -lar -Wl,-Bdynamic /')"
is 'does not need libar.so' '' sh -c \
	"readelf -d age-total-static | grep 'NEEDED.*libar'"

is 'soname libar.so.0' 'libar.so.0' sh -c \
	"readelf -d '$LIBDIR/libar.so.0' | sed -n 's/.*SONAME.*\\[\\(.*\\)\\]/\\1/p'"
is 'exports only ar_ names' '' sh -c \
	"nm -D --defined-only '$LIBDIR/libar.so.0' | awk '{ print \$3 }' | grep -v '^ar_[a-zA-Z0-9]'"
ok 'exports the public functions' sh -c \
	"nm -D --defined-only '$LIBDIR/libar.so.0' | grep -q ' T ar_age_summary\$'"

ok 'init' ar-ledger -d x.db init
for t in customers invoices payments credits applications activities; do
	ok "import $t" ar-import -q -d x.db -t $t "$DATA/age-$t.csv"
done

for exe in age-total age-total-static; do
	is "$exe on 2026-03-31" 'USD 2750.00
EUR 2350.00
5 rows, proved' env LD_LIBRARY_PATH="$LIBDIR" ./$exe x.db 2026-03-31
done
# the balance column of an ar-age csv, added up per currency
balances() {
	awk "$CSV"'
	NR > 1 { n = csvsplit($0, f); s[f[3]] += f[n - 4] }
	END { for (c in s) printf "%s %.2f\n", c, s[c] }' "$1" | sort
}
ar-age -d x.db --as-of 2026-03-31 >age.csv
is 'the same as the balances of ar-age' 'EUR 2350.00
USD 2750.00' balances age.csv
exits 'a missing ledger' 4 env LD_LIBRARY_PATH="$LIBDIR" ./age-total nothing.db
exits 'a bad date' 2 env LD_LIBRARY_PATH="$LIBDIR" ./age-total x.db 2026-02-30

finish
