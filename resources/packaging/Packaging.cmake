# Installation and the Debian package (included from the top-level CMakeLists.txt).
#
#   cmake --install build --prefix /usr     # or: (cd build && cpack -G DEB) -> build/kmw_*.deb
#
# <prefix>/bin/kmw, kmw-cli; <prefix>/lib/kmw/libkmw_torch_module.so (found relative to
# the programs, core/torch/TorchLoader.cpp); the desktop entry, icon and AppStream
# metainfo; the demo repository in <prefix>/share/kmw/demo-repo; the copyright file.
# Rule packs, translations and the Keras 3 API data are Qt resources inside the programs.
include(GNUInstallDirs)

install(TARGETS kmw kmw-cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT kmw)
install(FILES "${CMAKE_CURRENT_LIST_DIR}/org.kmw.workbench.desktop"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/applications" COMPONENT kmw)
install(FILES "${CMAKE_CURRENT_LIST_DIR}/org.kmw.workbench.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo" COMPONENT kmw)
install(FILES "${CMAKE_CURRENT_LIST_DIR}/org.kmw.workbench.svg"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps" COMPONENT kmw)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/resources/demo-repo/"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/kmw/demo-repo" COMPONENT kmw)

# Debian's copyright file: ours, and the tree-sitter-python grammar compiled into the
# programs (MIT; its LICENSE comes with the npm package, scripts/setup.sh).
file(READ "${TREE_SITTER_PYTHON_DIR}/LICENSE" KMW_GRAMMAR_LICENSE)
string(REGEX REPLACE "\n$" "" KMW_GRAMMAR_LICENSE "${KMW_GRAMMAR_LICENSE}")
string(REGEX REPLACE "\n\n" "\n.\n" KMW_GRAMMAR_LICENSE "${KMW_GRAMMAR_LICENSE}")
string(REGEX REPLACE "\n" "\n " KMW_GRAMMAR_LICENSE " ${KMW_GRAMMAR_LICENSE}")
configure_file("${CMAKE_CURRENT_LIST_DIR}/copyright.in" "${PROJECT_BINARY_DIR}/copyright" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/copyright"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/kmw" COMPONENT kmw)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kmw)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "Keras Migration Workbench developers <kmw@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Migrate tf.keras notebooks to Keras 3 on PyTorch, and to plain PyTorch")
set(CPACK_PACKAGE_DESCRIPTION "The Keras Migration Workbench scans a folder of Jupyter notebooks and
Python files written for TensorFlow 2 / tf.keras, shows each suggested rewrite
to Keras 3 (PyTorch backend) or plain PyTorch for review, saves notebooks
byte for byte, and smoke-trains the migrated model with LibTorch.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY kmw)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg-shlibdeps reads the module's libtorch dependency too; libblas.so.3 is taken by
# OpenBLAS (libtorch's BLAS calls are slow with the reference implementation).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread | libopenblas0")
# `verify` and `run-compare` run the user's Python with their frameworks.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
