#!/usr/bin/env bash
# Benchmarks (tests/bench/README.md): N generated dossiers beside N project.task rows, the
# seven measures of docs/performance.md, the table printed and written under .bench/.
#
#   make bench                      # 200,000 dossiers
#   BENCH_N=1000000 make bench      # one million (about 30 minutes of generation)
#   BENCH_FRESH=1 make bench        # drop the database and generate again
#
# Extra arguments go to tests/bench/run.py (e.g. `bash scripts/bench.sh --repeat 9`).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ONESTOP_ROOT/scripts/setup.sh"

BENCH_N=${BENCH_N:-200000}
BENCH_DB=${BENCH_DB:-os_bench_${BENCH_N}}
BENCH_DATA_DIR=${BENCH_DATA_DIR:-$ONESTOP_CACHE/filestore-bench}
BENCH_MODULES="$ONESTOP_MODULES,project"
export ONESTOP_VENV ODOO_SRC

# What the database holds: "ready" (the addons and the generated data for BENCH_N),
# "installed" (the addons, no data yet), "other" (anything else) or "none".
state=$("$ONESTOP_VENV/bin/python" - "$BENCH_DB" "$BENCH_MODULES" "$BENCH_N" <<'PY' 2>/dev/null || echo none
import json, sys, psycopg2
db, modules, n = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
try:
    cn = psycopg2.connect(dbname=db)
except psycopg2.OperationalError:
    print("none"); sys.exit()
cr = cn.cursor()
cr.execute("SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)",
           [modules])
if cr.fetchone()[0] != len(modules):
    print("other"); sys.exit()
cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'onestop.bench.generated'")
row = cr.fetchone()
if not row:
    print("installed")
else:
    print("ready" if json.loads(row[0]).get("n") == n else "other")
PY
)
if [ -n "${BENCH_FRESH:-}" ] || [ "$state" = other ]; then
    say "dropping $BENCH_DB to start afresh"
    "$ONESTOP_VENV/bin/python" -c "import psycopg2; c=psycopg2.connect(dbname='postgres'); c.autocommit=True; c.cursor().execute('DROP DATABASE IF EXISTS \"$BENCH_DB\" WITH (FORCE)')"
    rm -rf "$BENCH_DATA_DIR/filestore/$BENCH_DB"
    state=none
fi
if [ "$state" = none ]; then
    say "creating $BENCH_DB: the four addons and project, Vietnamese, no demo data"
    "${ODOO_BIN[@]}" -d "$BENCH_DB" -i "$BENCH_MODULES" --without-demo=all \
        --load-language="$ONESTOP_LANG" --data-dir="$BENCH_DATA_DIR" --max-cron-threads=0 \
        --http-port="${BENCH_INSTALL_PORT:-8579}" --gevent-port="${BENCH_INSTALL_GEVENT_PORT:-8578}" \
        --stop-after-init --log-level=warn
elif [ "$state" = ready ]; then
    say "reusing $BENCH_DB and its $BENCH_N generated dossiers"
fi
# The hall (onestop_hall): kiosks and counters at once for a simulated day, on a small
# database of its own (BENCH_HALL=0 skips it; BENCH_HALL_TICKETS, default 1500).
if [ "${BENCH_HALL:-1}" = 1 ]; then
    HALL_DB=${BENCH_DB}_hall
    if ! "$ONESTOP_VENV/bin/python" -c "import psycopg2; psycopg2.connect(dbname='$HALL_DB')" 2>/dev/null; then
        say "creating $HALL_DB for the hall's benchmark"
        "${ODOO_BIN[@]}" -d "$HALL_DB" -i "$ONESTOP_MODULES" --without-demo=all \
            --load-language="$ONESTOP_LANG" --data-dir="$BENCH_DATA_DIR" --max-cron-threads=0 \
            --http-port="${BENCH_INSTALL_PORT:-8579}" --gevent-port="${BENCH_INSTALL_GEVENT_PORT:-8578}" \
            --stop-after-init --log-level=warn
    fi
    mkdir -p "$ONESTOP_ROOT/.bench"
    # A day compressed into BENCH_HALL_DAY seconds (the target: every call on the screen
    # within 1 s, p95), then the same tickets as fast as the server answers (what breaks).
    say "the hall: ${BENCH_HALL_TICKETS:-1500} tickets over ${BENCH_HALL_DAY:-300} s (paced)"
    "$ONESTOP_VENV/bin/python" "$ONESTOP_ROOT/tests/bench/hall_load.py" --db "$HALL_DB" \
        --tickets "${BENCH_HALL_TICKETS:-1500}" --day-seconds "${BENCH_HALL_DAY:-300}" \
        --output "$ONESTOP_ROOT/.bench/hall.json"
    say "the hall: ${BENCH_HALL_TICKETS:-1500} tickets as fast as answered (saturated)"
    "$ONESTOP_VENV/bin/python" "$ONESTOP_ROOT/tests/bench/hall_load.py" --db "$HALL_DB" \
        --tickets "${BENCH_HALL_TICKETS:-1500}" --output "$ONESTOP_ROOT/.bench/hall-saturated.json"
fi
exec "$ONESTOP_VENV/bin/python" "$ONESTOP_ROOT/tests/bench/run.py" --db "$BENCH_DB" \
    --n "$BENCH_N" --data-dir "$BENCH_DATA_DIR" "$@"
