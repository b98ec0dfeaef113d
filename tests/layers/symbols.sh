#!/bin/sh
# Each layer calls only the layers and libraries it may use: every function or variable a
# layer's archive needs from outside must come from itself, a layer it may use or a library
# its own ck_layer() names. Needs from the C runtime (libc, libm, the sanitizers) are fine.
# Usage: symbols.sh NM LIST   (LIST: "layer archive | archives it may use | libraries" lines)
set -eu
export LC_ALL=C
nm="$1"
list="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: >"$work/libs"

# Global symbols an archive or shared library defines, one per line, sorted.
defined() {
    case "$1" in
    *.a) "$nm" -P -g --defined-only "$1" 2>/dev/null ;;
    *) "$nm" -P -D --defined-only "$1" 2>/dev/null ;;
    esac | awk 'NF >= 2 && $2 != "U" && $2 ~ /^[A-Zi]$/ { sub(/@.*/, "", $1); print $1 }' |
        sort -u
}

# Who defines what: "symbol owner" lines for every layer and every library any layer names.
: >"$work/owners"
while read -r layer archive rest; do
    defined "$archive" >"$work/def.$layer"
    awk -v o="$layer/" '{ print $1, o }' "$work/def.$layer" >>"$work/owners"
    echo "$rest" | sed 's/.*|//' | tr ' ' '\n' | grep . >>"$work/libs" || true
done <"$list"
sort -u "$work/libs" -o "$work/libs"
while read -r lib; do
    defined "$lib" | awk -v o="$lib" '{ print $1, o }' >>"$work/owners"
done <"$work/libs"
sort -k1,1 "$work/owners" -o "$work/owners"

status=0
while read -r layer archive rest; do
    uses="$(echo "$rest" | sed 's/|[^|]*$//; s/|//')"
    own="$(echo "$rest" | sed 's/.*|//')"
    # Allowed: itself, the layers it uses, its own libraries.
    cat "$work/def.$layer" >"$work/allowed"
    for a in $uses; do defined "$a" >>"$work/allowed"; done
    for l in $own; do defined "$l" >>"$work/allowed"; done
    sort -u "$work/allowed" -o "$work/allowed"
    # What is left must be the C runtime (libc, libm, the sanitizers): nothing that another
    # layer or library defines.
    "$nm" -P -g -u "$archive" 2>/dev/null | awk '$2 == "U" { sub(/@.*/, "", $1); print $1 }' |
        sort -u | comm -23 - "$work/allowed" | join - "$work/owners" >"$work/wrong" || true
    while read -r sym owner; do
        echo "$layer/ calls $sym from $owner, which $layer/ may not use (see src/README.md)" >&2
        status=1
    done <"$work/wrong"
done <"$list"
[ "$status" -eq 0 ] && echo "every layer calls only the layers and libraries it may use"
exit "$status"
