#!/bin/sh
# The committed template (assets/po/classkiosk.pot) against one extracted from src/ now: a
# string marked in the code but missing from the template never reaches a translator, and one
# in the template that the code no longer has is work for nothing. Either fails this test.
# Usage: template.sh CMAKE SOURCE_DIR FRESH.pot VERSION
set -eu
cmake="$1" root="$2" fresh="$3" version="$4"
committed="$root/assets/po/classkiosk.pot"
"$cmake" -DROOT="$root" -DOUT="$fresh" -DVERSION="$version" -P "$root/cmake/Pot.cmake"
status=0
# The entry (its msgctxt and msgid) holding each "FILE:LINE: … not defined" msgcmp reported.
show() {
    grep "not defined" "$1" | while IFS=: read -r file line rest; do
        awk -v at="$line" 'NF == 0 { if (NR >= at) exit; entry = ""; next }
            /^msg(ctxt|id)/ || /^"/ { entry = entry "  " $0 "\n" } END { printf "%s", entry }' \
            "$file"
    done
}
# msgcmp DEF REF: every msgid of REF must be in DEF, exactly (no fuzzy matching).
if ! msgcmp --no-fuzzy-matching --use-untranslated "$committed" "$fresh" 2>"$fresh.missing"; then
    echo "strings marked in src/ that assets/po/classkiosk.pot lacks:" >&2
    show "$fresh.missing" >&2
    status=1
fi
if ! msgcmp --no-fuzzy-matching --use-untranslated "$fresh" "$committed" 2>"$fresh.stale"; then
    echo "strings in assets/po/classkiosk.pot that src/ no longer has:" >&2
    show "$fresh.stale" >&2
    status=1
fi
if [ "$status" -ne 0 ]; then
    echo "regenerate the template: cmake --build BUILD --target pot, then merge it into the" \
        "catalogues: cmake --build BUILD --target po-update (see src/README.md)" >&2
    exit 1
fi
echo "the template holds every string marked in src/ ($(grep -c '^msgid ' "$committed") msgids with the header)"
