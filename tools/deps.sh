#!/bin/sh
# deps.sh - install the Debian packages the build and the tests need.
# Does nothing when they are all there; installs them with apt-get when
# run as root; otherwise says what to install and fails.
set -u
pkgs="gcc make libc6-dev libsqlite3-dev libcsv-dev libxlsxwriter-dev
libcmocka-dev libssl-dev libxml2-dev pkg-config mandoc sqlite3 perl hyperfine time python3-openpyxl
libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils tzdata"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run 'make deps' as root, or: apt-get install$missing" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 &&
apt-get install -y -qq --no-install-recommends $missing >&2
