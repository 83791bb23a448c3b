#!/bin/sh
# Builds loket_*.deb into DIR (default build-deb) with dpkg-buildpackage,
# from a copy of the checkout's files so the build leaves nothing in it.
# DEB_VERSION=V writes V into the copy's debian/changelog (the package test
# builds an older release this way); LOKET_MIGRATIONS_UPTO=N is passed on to
# debian/rules.
set -eu
out=${1:-build-deb}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
src="$out/src"
rm -rf "$src"
mkdir -p "$src"
cd "$top"
git ls-files -co --exclude-standard -z | grep -zv '^tests/browser/node_modules/' |
    xargs -0 tar -cf - | tar -xf - -C "$src"
if [ -n "${DEB_VERSION:-}" ]; then
    sed -i "1s/(.*)/($DEB_VERSION)/" "$src/debian/changelog"
fi
cd "$src"
dpkg-buildpackage -us -uc -b ${DPKG_BUILDPACKAGE_OPTS:-}
ls "$out"/loket_*.deb
