#!/usr/bin/env bash
# ruff, and pylint-odoo with OCA's mandatory checks. Prints nothing but findings; fails on any.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ONESTOP_ROOT"
rc=0
"$ONESTOP_VENV/bin/ruff" check --no-fix --quiet addons tests scripts || rc=1
"$ONESTOP_VENV/bin/pylint" --rcfile=.pylintrc-mandatory addons/* || rc=1
if [ $rc -eq 0 ]; then say "lint: clean"; else say "lint: findings above"; fi
exit $rc
