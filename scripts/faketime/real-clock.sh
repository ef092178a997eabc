# Sourced by the wrappers in bin/: scripts/test-clock.sh puts bin/ first in the PATH of the Odoo
# process it runs under faketime, and each wrapper runs its program on the real clock instead.
# `exec_real NAME... -- ARGS...` runs the first NAME found in the PATH outside bin/ (however the
# PATH names bin/), or fails with 127.
unset LD_PRELOAD FAKETIME FAKETIME_SHARED FAKETIME_DONT_FAKE_MONOTONIC
wrappers=$(cd "${0%/*}" && pwd)

find_real() {
    old_ifs=$IFS; IFS=:
    for dir in $PATH; do
        [ -n "$dir" ] && [ "$(cd "$dir" 2>/dev/null && pwd)" != "$wrappers" ] || continue
        [ -x "$dir/$1" ] && { IFS=$old_ifs; echo "$dir/$1"; return 0; }
    done
    IFS=$old_ifs; return 1
}

exec_real() {
    names=
    while [ "$#" -gt 0 ] && [ "$1" != -- ]; do names="$names $1"; shift; done
    [ "$#" -gt 0 ] && shift
    for name in $names; do
        real=$(find_real "$name") && exec "$real" "$@"
    done
    echo "${0##*/}: none of$names in PATH" >&2
    exit 127
}
