"""Runs a libFuzzer binary for a bounded time (LOKET_FUZZ_SECONDS, default
30) seeded from a corpus directory, and reports one TAP line: ok when it
finished without a crash, leak, timeout or sanitizer report."""
import os
import shutil
import subprocess
import sys
import tempfile

binary, seeds = sys.argv[1], sys.argv[2]
seconds = int(os.environ.get('LOKET_FUZZ_SECONDS', '30'))
work = tempfile.mkdtemp(prefix='loket-fuzz-')
try:
    env = dict(os.environ)
    env.pop('ASAN_OPTIONS', None)  # libFuzzer sets what it needs
    p = subprocess.run([binary, '-max_total_time=%d' % seconds, '-timeout=10',
                        '-rss_limit_mb=2048', '-max_len=262144', '-print_final_stats=1',
                        '-artifact_prefix=' + work + '/', work, seeds],
                       capture_output=True, text=True, errors='replace', env=env,
                       timeout=seconds + 120)
    log = p.stdout + p.stderr
    runs = [l for l in log.splitlines() if l.startswith('stat::number_of_executed_units')]
    crashed = p.returncode != 0 or 'ERROR: ' in log or 'runtime error:' in log
    print('1..1')
    if crashed:
        print('not ok 1 - fuzz %s for %ds' % (os.path.basename(binary), seconds))
        for l in log.splitlines()[-60:]:
            print('#   ' + l)
        sys.exit(1)
    print('ok 1 - fuzz %s for %ds without a crash (%s)' % (
        os.path.basename(binary), seconds, runs[0].split(':')[-1].strip() + ' runs'
        if runs else 'runs unknown'))
finally:
    shutil.rmtree(work, ignore_errors=True)
