#!/usr/bin/env bash
# Run the addons' Odoo tests under faketime at instants where a suite relying on the wall clock
# would break (after hours on a Friday, a Sunday, the eve of Tết, the last minute of the year,
# the opening minute of a Monday), each on a fresh database installed at that instant; then the
# suite tests in tests/ and the linters once. Ends with "N passed, N failed" and exits non-zero
# on any failure or error.
#
# The clock starts at the instant and keeps running (faketime's "@" start-at form), so the
# server's timeouts work. Only the Odoo process is under faketime: the browser of the tours
# and PostgreSQL's now() keep the real time.
#
# ONESTOP_CLOCK_INSTANTS picks some of the instants, by index from 1: "1 2";
# ONESTOP_CLOCK_SUITE=0 leaves out the suite tests and the linters.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ONESTOP_ROOT/scripts/setup.sh"
command -v faketime >/dev/null \
    || die "faketime is missing: apt-get install faketime (make setup installs it as root)"

# Vietnam time (UTC+7), and why each instant.
INSTANTS=(
    "2026-12-04 19:50|Friday evening, after the office closed, before a weekend"
    "2026-12-06 10:00|Sunday morning"
    "2026-02-13 16:30|Friday 13 February 2026, the last office hour before Tết"
    "2026-12-31 23:59|the last minute of the year, before New Year's Day"
    "2026-12-07 07:00|Monday at 07:00, the office's opening minute"
)
SELECTED=${ONESTOP_CLOCK_INSTANTS:-$(seq -s ' ' 1 ${#INSTANTS[@]})}

TEST_DB=${ONESTOP_TEST_DB:-onestop_test}_clock
LOG_DIR=${ONESTOP_LOG_DIR:-$ONESTOP_ROOT/.test-logs}/clock
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log "$LOG_DIR"/*.xml
passed=0; failed=0
results=()

drop_db() {
    "$ONESTOP_VENV/bin/python" -c "import psycopg2; c=psycopg2.connect(dbname='postgres'); c.autocommit=True; c.cursor().execute('DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)')"
    rm -rf "${ONESTOP_CACHE}/filestore-$1"
}

# Warnings, errors and their tracebacks, test summaries (as scripts/test.sh shows them).
show_log() {
    awk '
        /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+ / {
            keep = ($4 ~ /WARNING|ERROR|CRITICAL/) || /tests when loading|post-tests in|Module .*: .* tests/
        }
        keep' "$1"
}

tags=$(echo "$ONESTOP_MODULES" | sed 's/\([^,]*\)/\/\1/g')
for i in $SELECTED; do
    IFS='|' read -r wall why <<<"${INSTANTS[$((i - 1))]}"
    utc=$(TZ=UTC date -d "TZ=\"Asia/Ho_Chi_Minh\" $wall" '+%Y-%m-%d %H:%M:%S')
    log="$LOG_DIR/odoo-tests-$i.log"
    say "[$i] Odoo tests at $wall in Vietnam ($utc UTC): $why"
    drop_db "$TEST_DB"
    set +e
    # The monotonic clock stays real, so that timed waits work; scripts/faketime/sitecustomize.py
    # mends time.sleep() for it. The tours' browser starts on the real clock
    # (scripts/faketime/bin/google-chrome).
    PYTHONPATH="$ONESTOP_ROOT/scripts/faketime${PYTHONPATH:+:$PYTHONPATH}" \
    PATH="$ONESTOP_ROOT/scripts/faketime/bin:$PATH" \
    TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$utc" \
        "${ODOO_BIN[@]}" -d "$TEST_DB" -i "$ONESTOP_MODULES" --load-language="$ONESTOP_LANG" \
        --data-dir="${ONESTOP_CACHE}/filestore-${TEST_DB}" --http-port="${ONESTOP_TEST_PORT:-8169}" \
        --gevent-port="${ONESTOP_TEST_GEVENT_PORT:-8172}" --max-cron-threads=0 --workers=0 \
        --test-enable --test-tags="$tags" --stop-after-init --log-level=info --logfile="$log"
    odoo_rc=$?
    set -e
    show_log "$log"
    summary=$(grep -Eo '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading' "$log" | tail -n1 || true)
    if [ -n "$summary" ]; then
        read -r f e t <<<"$(echo "$summary" | sed -E 's/([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/')"
        passed=$((passed + t - f - e)); failed=$((failed + f + e))
        if [ "$odoo_rc" -ne 0 ] && [ $((f + e)) -eq 0 ]; then
            say "Odoo exited with $odoo_rc although every test passed"; failed=$((failed + 1)); f=1
        fi
        # A tour whose browser did not start is skipped, not passed: it proved nothing here.
        no_browser=$(grep -Ec ' skipped .*([Cc]hrome|browser)' "$log" || true)
        if [ "$no_browser" -gt 0 ]; then
            say "$no_browser tours skipped: the browser did not start"
            passed=$((passed - no_browser)); failed=$((failed + no_browser)); f=$((f + no_browser))
        fi
        results+=("$wall: $((t - f - e)) passed, $((f + e)) failed")
    else
        say "Odoo did not run its tests (exit $odoo_rc): see $log"
        tail -n 40 "$log" || true
        failed=$((failed + 1))
        results+=("$wall: the tests did not run")
    fi
    say "[$i] ${results[-1]}"
done

if [ "${ONESTOP_CLOCK_SUITE:-1}" = 0 ]; then
    for r in "${results[@]}"; do say "$r"; done
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

# The suite tests in tests/, once, at the real time, on the last instant's database.
say "suite tests (tests/)"
set +e
ONESTOP_TEST_DB="$TEST_DB" ODOO_SRC="$ODOO_SRC" ONESTOP_VENV="$ONESTOP_VENV" \
    ONESTOP_DATA_DIR="${ONESTOP_CACHE}/filestore-${TEST_DB}" \
    ONESTOP_FAULT_TESTS="${ONESTOP_FAULT_TESTS:-1}" \
    "$ONESTOP_VENV/bin/python" -m pytest -q -p no:cacheprovider "$ONESTOP_ROOT/tests" \
    --junitxml="$LOG_DIR/suite.xml" ${ONESTOP_PYTEST_ARGS:-}
set -e
if [ -f "$LOG_DIR/suite.xml" ]; then
    read -r t f e s <<<"$("$ONESTOP_VENV/bin/python" - "$LOG_DIR/suite.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tot = lambda k: sum(int(s.get(k, 0)) for s in suites)
print(tot("tests"), tot("failures"), tot("errors"), tot("skipped"))
PY
)"
    passed=$((passed + t - f - e - s)); failed=$((failed + f + e))
    results+=("suite tests: $((t - f - e - s)) passed, $((f + e)) failed")
else
    say "pytest produced no report"; failed=$((failed + 1))
    results+=("suite tests: no report")
fi

say "lint"
if "$ONESTOP_ROOT/scripts/lint.sh"; then
    passed=$((passed + 1)); results+=("lint: passed")
else
    failed=$((failed + 1)); results+=("lint: failed")
fi

for r in "${results[@]}"; do say "$r"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
