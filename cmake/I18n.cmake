# Translations: the template assets/po/classkiosk.pot (committed; the `pot` target regenerates
# it from src/), one catalogue per language assets/po/<lang>.po (`po-update` merges a new
# template into them), compiled with msgfmt --check at build time into <build>/locale/<lang>/
# LC_MESSAGES/classkiosk.mo and installed with the data (share/classkiosk/locale). English is
# the source language and has no catalogue.
find_program(CK_XGETTEXT xgettext REQUIRED)
find_program(CK_MSGFMT msgfmt REQUIRED)
find_program(CK_MSGMERGE msgmerge REQUIRED)
set(CK_LANGS de fr es pt_BR)
set(CK_PO_DIR "${PROJECT_SOURCE_DIR}/assets/po")
set(CK_LOCALE_DIR "${PROJECT_BINARY_DIR}/locale")
# Every catalogue must be complete (i18n.catalogues); OFF only for a work in progress whose
# translations are still being written.
option(CK_I18N_REQUIRE_COMPLETE "Fail i18n.catalogues on any untranslated entry" ON)

set(mo_files)
foreach(lang IN LISTS CK_LANGS)
  set(mo "${CK_LOCALE_DIR}/${lang}/LC_MESSAGES/classkiosk.mo")
  add_custom_command(OUTPUT "${mo}"
                     COMMAND ${CMAKE_COMMAND} -E make_directory "${CK_LOCALE_DIR}/${lang}/LC_MESSAGES"
                     COMMAND ${CK_MSGFMT} --check -o "${mo}" "${CK_PO_DIR}/${lang}.po"
                     DEPENDS "${CK_PO_DIR}/${lang}.po"
                     COMMENT "Compiling the ${lang} catalogue"
                     VERBATIM)
  list(APPEND mo_files "${mo}")
endforeach()
add_custom_target(ck_catalogues ALL DEPENDS ${mo_files})

add_custom_target(pot
                  COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR}
                          -DOUT=${CK_PO_DIR}/classkiosk.pot -DVERSION=${PROJECT_VERSION}
                          -P ${PROJECT_SOURCE_DIR}/cmake/Pot.cmake
                  COMMENT "Extracting the strings of src/ into assets/po/classkiosk.pot"
                  VERBATIM)
# No fuzzy matching: a changed string comes back untranslated (counted by i18n.catalogues) rather
# than with a guess that fails the test until a translator reviews it.
set(merges)
foreach(lang IN LISTS CK_LANGS)
  list(APPEND merges COMMAND ${CK_MSGMERGE} --quiet --update --backup=none --no-fuzzy-matching
       --add-location=file "${CK_PO_DIR}/${lang}.po" "${CK_PO_DIR}/classkiosk.pot")
endforeach()
add_custom_target(po-update ${merges}
                  COMMENT "Merging assets/po/classkiosk.pot into each language's catalogue"
                  VERBATIM)

install(DIRECTORY "${CK_LOCALE_DIR}/" DESTINATION "${CMAKE_INSTALL_DATADIR}/classkiosk/locale")
