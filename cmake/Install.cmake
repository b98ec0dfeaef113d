# Install rules for the data, the kiosk files and the docs, and the Debian package (CPack DEB).
# The program itself is installed by src/CMakeLists.txt. Paths are relative to the prefix, so
# `cmake --install` (prefix /usr/local) and the .deb (prefix /usr) lay out the same tree; the
# program finds its data in <bindir>/../share/classkiosk either way.

set(CK_KIOSK_DIR "${PROJECT_SOURCE_DIR}/kiosk")
# Installing or packaging uses what was built and never starts a build of its own, so a
# package made while the tests run cannot relink the binary they are running.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

# The translations' sources stay behind; their compiled catalogues go (cmake/I18n.cmake).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/assets/"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/classkiosk/assets" PATTERN "po" EXCLUDE)
# The fonts with their license (OFL.txt) and where they come from (README.md).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/fonts/"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/classkiosk/fonts")
install(FILES "${CK_KIOSK_DIR}/classkiosk.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
# Not CMAKE_INSTALL_LIBDIR: unit files live in lib/systemd/system on every architecture.
install(FILES "${CK_KIOSK_DIR}/classkiosk-kiosk.service" DESTINATION lib/systemd/system)
install(FILES "${CK_KIOSK_DIR}/classkiosk.desktop"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${CK_KIOSK_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# ---- Debian package: cpack -G DEB (or the `package` target) in a build folder ----
set(CK_DEB_MAINTAINER
    "classkiosk maintainers <maintainers@users.noreply.h-seed-e241f410.example>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME classkiosk)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${CK_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "classroom attendance and certificate station")
set(CPACK_PACKAGE_DESCRIPTION
    "A touchscreen kiosk for in-person certification courses: attendees check in and out,\n"
    "accept the license agreement and collect a PDF certificate whose signed QR code anyone\n"
    "can verify offline. The trainer runs the course from the classkiosk command line.\n"
    "The classkiosk-kiosk service runs the kiosk full screen under the cage compositor.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # classkiosk_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CK_DEB_MAINTAINER}")
# The libraries' packages come from dpkg-shlibdeps (dpkg-dev); the maintainer scripts need
# adduser, and locales to compile the five languages' UTF-8 locales (postinst); the certificate
# and the kiosk draw Chinese and Japanese names with fonts-droid-fallback, Korean ones with
# fonts-nanum (found through fontconfig). cage shows the kiosk and cups holds the printer
# queues, but a station may use another compositor or a CUPS server elsewhere, so they are
# recommended, not required.
# Debian 12's cage exits at start without Xwayland yet does not depend on it.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, locales, fonts-droid-fallback, fonts-nanum")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cage, xwayland, cups")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "sqlite3")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CK_KIOSK_DIR}/debian/postinst" "${CK_KIOSK_DIR}/debian/prerm"
    "${CK_KIOSK_DIR}/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
