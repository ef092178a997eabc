#!/usr/bin/env bash
# Shared settings for the OneStop scripts. Sourced, not run.
set -euo pipefail

ONESTOP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo/src}
ONESTOP_DB=${ONESTOP_DB:-onestop}
ONESTOP_MODULES=${ONESTOP_MODULES:-onestop_base,onestop_workflow,onestop_portal,onestop_reports,onestop_hall,onestop_sync,onestop_digital}
ONESTOP_LANG=${ONESTOP_LANG:-vi_VN}
ONESTOP_CACHE=${ONESTOP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/onestop}
PYTHON=${PYTHON:-python3}
req_hash=$(cat "$ONESTOP_ROOT/requirements.txt" | sha1sum | cut -c1-10)
ONESTOP_VENV=${ONESTOP_VENV:-$ONESTOP_CACHE/venv-$req_hash}
ADDONS_PATH="$ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$ONESTOP_ROOT/addons"
ODOO_BIN=("$ONESTOP_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ONESTOP_ROOT/odoo.conf" --addons-path="$ADDONS_PATH")

say() { printf '\033[1m[onestop]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[onestop] %s\033[0m\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
