#!/usr/bin/env bash
# Serve the suite: Odoo on http://localhost:8069 with the four addons, Vietnamese and demo data.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ONESTOP_ROOT/scripts/setup.sh"

installed=$("$ONESTOP_VENV/bin/python" - "$ONESTOP_DB" "$ONESTOP_MODULES" <<'PY' 2>/dev/null || true
import sys, psycopg2
db, modules = sys.argv[1], sys.argv[2].split(",")
try:
    cn = psycopg2.connect(dbname=db)
except psycopg2.OperationalError:
    print("nodb"); sys.exit()
cr = cn.cursor()
cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)", [modules])
print("all" if len(cr.fetchall()) == len(modules) else "partial")
PY
)
source_hash=$(cd "$ONESTOP_ROOT/addons" && find . -type f -not -path "*/__pycache__/*" -print0 \
    | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16)
stored_hash() {
    "$ONESTOP_VENV/bin/python" - "$ONESTOP_DB" <<'PY' 2>/dev/null || true
import sys, psycopg2
cr = psycopg2.connect(dbname=sys.argv[1]).cursor()
cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'onestop.source_hash'")
row = cr.fetchone()
print(row[0] if row else "")
PY
}
store_hash() {
    "$ONESTOP_VENV/bin/python" - "$ONESTOP_DB" "$source_hash" <<'PY'
import sys, psycopg2
cn = psycopg2.connect(dbname=sys.argv[1])
cr = cn.cursor()
cr.execute("DELETE FROM ir_config_parameter WHERE key = 'onestop.source_hash'")
cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('onestop.source_hash', %s)",
           [sys.argv[2]])
cn.commit()
PY
}

case "$installed" in
    all)
        if [ "$(stored_hash)" = "$source_hash" ]; then
            say "reusing database $ONESTOP_DB"
        else
            say "the addons changed since $ONESTOP_DB was last served: updating them"
            "${ODOO_BIN[@]}" -d "$ONESTOP_DB" -u "$ONESTOP_MODULES" --stop-after-init
        fi ;;
    partial)
        say "installing the missing OneStop addons in $ONESTOP_DB"
        "${ODOO_BIN[@]}" -d "$ONESTOP_DB" -i "$ONESTOP_MODULES" --stop-after-init ;;
    *)
        say "creating database $ONESTOP_DB (addons, Vietnamese, demo data): a few minutes"
        "${ODOO_BIN[@]}" -d "$ONESTOP_DB" -i "$ONESTOP_MODULES" --load-language="$ONESTOP_LANG" \
            --stop-after-init ;;
esac
store_hash
# ONESTOP_FAKE_DVCQG=1: the fake national portal (tests/fake_dvcqg) beside Odoo, its catalogue
# holding the database's procedures, and the demo endpoint pointed at it.
if [ "${ONESTOP_FAKE_DVCQG:-0}" = 1 ]; then
    fake_port=${ONESTOP_FAKE_DVCQG_PORT:-8099}
    "$ONESTOP_VENV/bin/python" "$ONESTOP_ROOT/tests/fake_dvcqg/server.py" --port "$fake_port" \
        --catalogue-db "$ONESTOP_DB" &
    "$ONESTOP_VENV/bin/python" - "$ONESTOP_DB" "$fake_port" <<'PY'
import sys, psycopg2
cn = psycopg2.connect(dbname=sys.argv[1])
cr = cn.cursor()
cr.execute("UPDATE onestop_sync_endpoint SET active = true, url = %s, down_until = NULL "
           "WHERE id IN (SELECT res_id FROM ir_model_data WHERE module = 'onestop_sync' "
           "AND name = 'endpoint_fake_dvcqg')", ["http://127.0.0.1:%s" % sys.argv[2]])
cn.commit()
PY
    say "fake national portal on http://127.0.0.1:$fake_port (National portal → Endpoints)"
fi
say "serving http://localhost:8069 (database $ONESTOP_DB; log in as admin/admin or a demo user)"
exec "${ODOO_BIN[@]}" -d "$ONESTOP_DB" --db-filter="^${ONESTOP_DB}\$" "$@"
