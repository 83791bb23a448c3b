#!/usr/bin/env python3
"""Counts every test case meson ran, from the TAP each test printed.

usage: count_tests.py BUILD_DIR...
Reads BUILD_DIR/meson-logs/testlog.json (and every testlog-*.json beside
it: the api and browser suites' second runs on PostgreSQL,
tests/pg/api_on_pg.sh and browser_on_pg.sh), counts "ok" and "not ok" TAP lines
per test (a test that failed or timed out without printing "not ok" counts
as one failure) and prints one line: "N passed, N failed". Exit status 1 when
anything failed or nothing ran."""
import glob
import json
import re
import sys

OK = re.compile(r'^ok\b')
NOT_OK = re.compile(r'^not ok\b')


def count(build):
    p, f, s = count_log(build + '/meson-logs/testlog.json')
    # the second runs on PostgreSQL: testlog-pg.json, testlog-pg-browser.json
    for extra in sorted(glob.glob(build + '/meson-logs/testlog-*.json')):
        p2, f2, s2 = count_log(extra)
        p, f, s = p + p2, f + f2, s + s2
    return p, f, s


def count_log(path, required=True):
    passed = failed = skipped = 0
    try:
        log = open(path, encoding='utf-8')
    except OSError:
        if not required:
            raise FileNotFoundError(path)
        print('no test log %s' % path, file=sys.stderr)
        return 0, 1, 0
    with log:
        for line in log:
            t = json.loads(line)
            p = f = 0
            for out in (t.get('stdout') or '').splitlines():
                out = out.strip()
                if NOT_OK.match(out):
                    if '# TODO' not in out:
                        f += 1
                elif OK.match(out):
                    if '# SKIP' in out.upper():
                        skipped += 1
                    else:
                        p += 1
            if t.get('result') in ('FAIL', 'TIMEOUT', 'ERROR', 'UNEXPECTEDPASS') and f == 0:
                f = 1
                print('%s: %s without a failing TAP line' % (t.get('name'), t.get('result')),
                      file=sys.stderr)
            if p == 0 and f == 0 and t.get('result') == 'OK':
                p = 1  # a plain exit-status test
            passed += p
            failed += f
    return passed, failed, skipped


def main():
    passed = failed = skipped = 0
    for build in sys.argv[1:]:
        p, f, s = count(build)
        passed, failed, skipped = passed + p, failed + f, skipped + s
    if skipped:
        print('(%d skipped)' % skipped)
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed or not passed else 0)


if __name__ == '__main__':
    main()
