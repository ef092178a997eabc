#!/usr/bin/env bash
# Prepare everything the suite needs: system packages, the Odoo tree, a virtualenv, PostgreSQL.
# Idempotent: a second call only checks. Safe for a user who runs PostgreSQL already:
# standard PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD) or odoo.conf point at it.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

APT_PACKAGES=(postgresql postgresql-client libldap2-dev libsasl2-dev libpq-dev build-essential
              python3-dev python3-venv chromium wkhtmltopdf fonts-dejavu fonts-noto-core git
              faketime softhsm2)

install_system_packages() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if is_root && command -v apt-get >/dev/null; then
        say "installing system packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null || say "apt-get update failed; trying with the cached lists"
        apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    else
        say "missing system packages (install them as root): ${missing[*]}"
    fi
}

check_odoo_src() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
        say "No Odoo 18.0 source tree at ODOO_SRC=$ODOO_SRC."
        if git ls-remote --heads https://github.com/odoo/odoo.git 18.0 >/dev/null 2>&1; then
            say "cloning the upstream 18.0 branch into $ODOO_SRC (shallow)"
            mkdir -p "$(dirname "$ODOO_SRC")"
            git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$ODOO_SRC"
        else
            die "Get one with: git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git $ODOO_SRC
        (or set ODOO_SRC to an existing Odoo 18.0 checkout), then run this command again."
        fi
    fi
    grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py" \
        || die "$ODOO_SRC is not an Odoo 18.0 tree (see odoo/release.py)."
}

pip_quiet() {
    # pip's warnings about unreachable extra indexes say nothing about the install
    "$ONESTOP_VENV/bin/pip" --disable-pip-version-check -q "$@" 2> >(grep -v "^WARNING: Location" >&2)
}

make_venv() {
    if [ -x "$ONESTOP_VENV/bin/python" ] && [ -f "$ONESTOP_VENV/.complete" ]; then
        return 0
    fi
    say "creating the virtualenv $ONESTOP_VENV"
    rm -rf "$ONESTOP_VENV"
    mkdir -p "$(dirname "$ONESTOP_VENV")"
    "$PYTHON" -m venv "$ONESTOP_VENV"
    # Odoo's pinned packages build with setuptools < 70.
    pip_quiet install "setuptools<70" wheel
    pip_quiet install -r "$ONESTOP_ROOT/requirements.txt"
    touch "$ONESTOP_VENV/.complete"
}

pg_reachable() { "$ONESTOP_VENV/bin/python" - <<'PY' 2>/dev/null
import psycopg2
psycopg2.connect(dbname="postgres").close()
PY
}

start_postgres() {
    pg_reachable && return 0
    if ! is_root; then
        die "PostgreSQL is not reachable. Start it, or set PGHOST/PGPORT/PGUSER/PGPASSWORD to a server
        where your role may create databases."
    fi
    if [ -z "${PGHOST:-}" ] && command -v pg_lsclusters >/dev/null; then
        local cluster
        cluster=$(pg_lsclusters -h | head -n1 | awk '{print $1" "$2}')
        if [ -z "$cluster" ]; then
            say "creating a PostgreSQL cluster"
            pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n1)" main >/dev/null
            cluster=$(pg_lsclusters -h | head -n1 | awk '{print $1" "$2}')
        fi
        say "starting PostgreSQL $cluster"
        # shellcheck disable=SC2086
        pg_ctlcluster $cluster start 2>/dev/null || true
        for _ in $(seq 1 30); do
            su postgres -c "psql -Atqc 'select 1'" >/dev/null 2>&1 && break
            sleep 1
        done
        local role=${PGUSER:-$(id -un)}
        su postgres -c "psql -Atqc \"select 1 from pg_roles where rolname='$role'\"" | grep -q 1 \
            || su postgres -c "createuser --superuser '$role'"
    fi
    pg_reachable || die "PostgreSQL is still not reachable; check PG* variables."
}

install_system_packages
check_odoo_src
make_venv
start_postgres
say "environment ready: venv $ONESTOP_VENV, Odoo $ODOO_SRC"
