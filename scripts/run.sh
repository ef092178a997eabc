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
case "$installed" in
    all) say "reusing database $ONESTOP_DB" ;;
    partial)
        say "installing the missing OneStop addons in $ONESTOP_DB"
        "${ODOO_BIN[@]}" -d "$ONESTOP_DB" -i "$ONESTOP_MODULES" --stop-after-init ;;
    *)
        say "creating database $ONESTOP_DB (addons, Vietnamese, demo data): a few minutes"
        "${ODOO_BIN[@]}" -d "$ONESTOP_DB" -i "$ONESTOP_MODULES" --load-language="$ONESTOP_LANG" \
            --stop-after-init ;;
esac
say "serving http://localhost:8069 (database $ONESTOP_DB; log in as admin/admin or a demo user)"
exec "${ODOO_BIN[@]}" -d "$ONESTOP_DB" --db-filter="^${ONESTOP_DB}\$" "$@"
