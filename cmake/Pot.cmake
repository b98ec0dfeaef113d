# Extract every string marked for translation in src/ into a gettext template.
#   cmake -DROOT=<source tree> -DOUT=<file.pot> -DVERSION=<x.y.z> -P cmake/Pot.cmake
# The `pot` target writes assets/po/classkiosk.pot with it; the test i18n.template writes a
# fresh one into the build tree and compares. The keywords are every function that takes a
# sentence for a person as a literal (src/README.md, "Adding a string"); "Nc" marks a context.
set(keywords
    _ N_ ngettext_cli:1,2 KT:2 KTC:2c,3 KTN:2,3 UT:2
    ck_lang_text:2 ck_lang_ntext:2,3 ck_lang_ptext:2c,3
    ck_msg_set:2 ck_msg_add:2 ck_msg_prepend:2 ck_msg_setn:2,3 ck_msg_addn:2,3
    ck_msg_phrase:3 CK_MSG_PHRASE:1
    ck_err_set:3 ck_err_setn:3,4 ck_err_prefix:2 ck_err_append:2
    ck_cli_usage_error:3 add_reason:3 problem:2 say:3 verdict:3
    # Phrases a sentence names its subject with ("reading the print job", "roster", "--day"):
    # the argument of these functions that is worded as a CK_MSG_PHRASE inside them.
    ck_store_prepare:4 ck_store_fail:4 ck_store_exec_stmt:3 ck_store_exec:3 exec:3
    ck_store_select_all:7 ck_store_id_of:5 ck_file_read:5 ck_file_read_secret:5
    ck_file_read_stream:5 ck_file_stage:6 ck_file_move:3 ck_file_write:5 ck_tz_parse_date:2
    ck_tz_parse_clock:3 ck_tz_parse_clock_span:3 ck_tz_parse_datetime:3 ck_app_reason:3
    ck_pdf_fonts_check_text:2 course_text:4 text_check:4)
# Which argument is a printf format, so translations are checked as one (msgfmt --check).
set(flags
    _:1:pass-c-format ngettext_cli:1:pass-c-format ngettext_cli:2:pass-c-format KT:2:pass-c-format UT:2:pass-c-format KTN:2:pass-c-format KTN:3:pass-c-format
    ck_lang_text:2:pass-c-format ck_lang_ntext:2:pass-c-format ck_lang_ntext:3:pass-c-format
    ck_msg_set:2:c-format ck_msg_add:2:c-format ck_msg_prepend:2:c-format
    ck_msg_setn:2:c-format ck_msg_setn:3:c-format ck_msg_addn:2:c-format
    ck_msg_addn:3:c-format ck_err_set:3:c-format ck_err_setn:3:c-format
    ck_err_setn:4:c-format ck_err_prefix:2:c-format ck_err_append:2:c-format ck_cli_usage_error:3:c-format
    add_reason:3:c-format problem:2:c-format say:3:c-format verdict:3:c-format)

file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/src/*.c" "${ROOT}/src/*.h")
list(SORT files)
set(args --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: --add-location=file
    --sort-by-file --package-name=classkiosk --package-version=${VERSION}
    --msgid-bugs-address=maintainers@users.noreply.h-seed-e241f410.example -k)
foreach(k IN LISTS keywords)
  list(APPEND args "--keyword=${k}")
endforeach()
foreach(f IN LISTS flags)
  list(APPEND args "--flag=${f}")
endforeach()
execute_process(COMMAND xgettext ${args} -o "${OUT}.tmp" ${files}
                WORKING_DIRECTORY "${ROOT}" RESULT_VARIABLE rc ERROR_VARIABLE warnings)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "xgettext failed:\n${warnings}")
endif()
if(warnings)
  message(WARNING "xgettext:\n${warnings}")
endif()
# The creation date would change the committed template at every run: left out.
file(READ "${OUT}.tmp" text)
string(REGEX REPLACE "\"POT-Creation-Date: [^\"]*\"\n" "" text "${text}")
string(REPLACE "Content-Type: text/plain; charset=CHARSET" "Content-Type: text/plain; charset=UTF-8"
       text "${text}")
file(WRITE "${OUT}" "${text}")
file(REMOVE "${OUT}.tmp")
