#!/bin/sh
# Every catalogue compiles with msgfmt --check (formats match their msgid, the header is
# complete), holds every string of the template, and has no fuzzy entry (a guess msgmerge made,
# never shown). Until the translators have finished ("partial"), untranslated entries are only
# counted; with CK_I18N_REQUIRE_COMPLETE=ON ("complete") each one fails the test.
# Usage: catalogues.sh PO_DIR partial|complete LANG…
set -eu
po_dir="$1" mode="$2"
shift 2
status=0
for lang in "$@"; do
    po="$po_dir/$lang.po"
    if ! stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
        echo "$lang.po does not compile:" >&2
        echo "$stats" >&2
        status=1
        continue
    fi
    last=$(echo "$stats" | tail -n 1)
    echo "$lang: $last"
    if ! msgcmp --no-fuzzy-matching --use-untranslated --use-fuzzy "$po" "$po_dir/classkiosk.pot" 2>/dev/null; then
        echo "$lang.po lacks strings of the template: cmake --build BUILD --target po-update" >&2
        status=1
    fi
    case "$last" in
    *fuzzy*)
        echo "$lang.po has fuzzy entries: check each, fix its msgstr and remove the fuzzy flag" >&2
        status=1
        ;;
    esac
    case "$last" in
    *untranslated*)
        if [ "$mode" = complete ]; then
            echo "$lang.po has untranslated entries (CK_I18N_REQUIRE_COMPLETE is on)" >&2
            status=1
        fi
        ;;
    esac
done
exit "$status"
