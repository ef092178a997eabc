#!/usr/bin/env bash
# Run every test: the addons' Odoo tests (TransactionCase, HttpCase, tours in headless Chromium)
# on a fresh database, the suite tests in tests/, and the linters. Ends with "N passed, N failed"
# and exits non-zero on any failure or error.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ONESTOP_ROOT/scripts/setup.sh"

TEST_DB=${ONESTOP_TEST_DB:-onestop_test}
LOG_DIR=${ONESTOP_LOG_DIR:-$ONESTOP_ROOT/.test-logs}
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log "$LOG_DIR"/*.xml
passed=0; failed=0

# Lines worth showing from an Odoo log: warnings, errors and their tracebacks, test summaries.
show_log() {
    awk '
        /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+ / {
            keep = ($4 ~ /WARNING|ERROR|CRITICAL/) || /tests when loading|post-tests in|Module .*: .* tests/
        }
        keep' "$1"
}

# 1. Odoo tests of the four addons, on a fresh database with Vietnamese and demo data.
say "Odoo tests on a fresh database $TEST_DB"
"$ONESTOP_VENV/bin/python" -c "import psycopg2; c=psycopg2.connect(dbname='postgres'); c.autocommit=True; c.cursor().execute('DROP DATABASE IF EXISTS \"$TEST_DB\" WITH (FORCE)')"
rm -rf "${ONESTOP_CACHE}/filestore-${TEST_DB}"
tags=$(echo "$ONESTOP_MODULES" | sed 's/\([^,]*\)/\/\1/g')
set +e
"${ODOO_BIN[@]}" -d "$TEST_DB" -i "$ONESTOP_MODULES" --load-language="$ONESTOP_LANG" \
    --data-dir="${ONESTOP_CACHE}/filestore-${TEST_DB}" --http-port="${ONESTOP_TEST_PORT:-8169}" \
    --gevent-port="${ONESTOP_TEST_GEVENT_PORT:-8172}" --max-cron-threads=0 --workers=0 \
    --test-enable --test-tags="$tags" --stop-after-init --log-level=info \
    --logfile="$LOG_DIR/odoo-tests.log"
odoo_rc=$?
set -e
show_log "$LOG_DIR/odoo-tests.log"
summary=$(grep -Eo '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading' "$LOG_DIR/odoo-tests.log" | tail -n1 || true)
if [ -n "$summary" ]; then
    read -r f e t <<<"$(echo "$summary" | sed -E 's/([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/')"
    passed=$((passed + t - f - e)); failed=$((failed + f + e))
    say "Odoo tests: $((t - f - e)) passed, $((f + e)) failed"
    # An error logged outside any test (a failed install, a broken view) fails the run too.
    if [ "$odoo_rc" -ne 0 ] && [ $((f + e)) -eq 0 ]; then
        say "Odoo exited with $odoo_rc although every test passed"; failed=$((failed + 1))
    fi
else
    say "Odoo did not run its tests (exit $odoo_rc): see $LOG_DIR/odoo-tests.log"
    tail -n 40 "$LOG_DIR/odoo-tests.log" || true
    failed=$((failed + 1))
fi

# 2. Suite tests (tests/), run by pytest against the same environment.
say "suite tests (tests/)"
set +e
# The security suite's fault tests (a worker killed, PostgreSQL restarted in a cluster of
# their own) run here too: ONESTOP_FAULT_TESTS=1.
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
else
    say "pytest produced no report"; failed=$((failed + 1))
fi

# 3. Lint: ruff and pylint-odoo with OCA's mandatory checks.
say "lint"
if "$ONESTOP_ROOT/scripts/lint.sh"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
