#!/bin/sh
# Installs the Debian packages listed in the given files (default:
# tools/debian-packages.txt, what building and running Loket needs) that are
# missing. As root it runs apt-get; otherwise it prints the exact command and
# fails, so `make run` never half-works. With --test it also installs the
# test suite's packages (tools/debian-packages-test.txt) and Node.js + npm
# when no `npm` is on the PATH (the browser tests' playwright-core).
set -eu
here=$(dirname "$0")
lists="$here/debian-packages.txt"
node=""
if [ "${1:-}" = "--test" ]; then
    lists="$lists $here/debian-packages-test.txt"
    command -v npm >/dev/null 2>&1 || node="nodejs npm"
fi
missing=""
for p in $(cat $lists | grep -v '^#'); do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
missing="$missing${node:+ $node}"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "Installing missing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
else
    echo "Missing Debian packages:$missing"
    echo "Install them with:"
    echo "  sudo apt-get install -y$missing"
    exit 1
fi
