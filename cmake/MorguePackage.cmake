# Installs morgue as a package other builds find:
#   <prefix>/lib/libmorgue.{a,so}           the library (static unless BUILD_SHARED_LIBS)
#   <prefix>/include/morgue/*.h             the public headers, and only those
#   <prefix>/lib/cmake/morgue/              find_package(morgue) -> morgue::morgue
#   <prefix>/lib/pkgconfig/morgue.pc        pkg-config --cflags --libs [--static] morgue
# Every installed file locates the others relative to itself, so
# `cmake --install <build> --prefix <anywhere>` gives a working package.
# Include after the morgue target is defined.
include(CMakePackageConfigHelpers)

set(MORGUE_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/morgue")
set(MORGUE_PKGCONFIG_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")

install(TARGETS morgue EXPORT morgueTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/morgue
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(EXPORT morgueTargets
  NAMESPACE morgue::
  FILE morgueTargets.cmake
  DESTINATION ${MORGUE_CMAKE_DIR})

# morgueConfig.cmake finds the dependencies a static libmorgue needs at link
# time (none for a shared one) before it imports morgue::morgue.
if(BUILD_SHARED_LIBS)
  set(MORGUE_SHARED ON)
else()
  set(MORGUE_SHARED OFF)
endif()
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/morgueConfig.cmake.in
  ${PROJECT_BINARY_DIR}/morgueConfig.cmake
  INSTALL_DESTINATION ${MORGUE_CMAKE_DIR})
# 0.x releases: only the same minor version is compatible.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/morgueConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/morgueConfig.cmake
  ${PROJECT_BINARY_DIR}/morgueConfigVersion.cmake
  DESTINATION ${MORGUE_CMAKE_DIR})

# morgue.pc names its prefix relative to its own directory (${pcfiledir}).
foreach(_morgue_dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_morgue_dir}}")
    set(MORGUE_PC_${_morgue_dir} "${CMAKE_INSTALL_${_morgue_dir}}")
  else()
    set(MORGUE_PC_${_morgue_dir} "\${prefix}/${CMAKE_INSTALL_${_morgue_dir}}")
  endif()
endforeach()
file(RELATIVE_PATH MORGUE_PC_PREFIX "/prefix/${MORGUE_PKGCONFIG_DIR}" "/prefix")
string(REGEX REPLACE "/$" "" MORGUE_PC_PREFIX "${MORGUE_PC_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/morgue.pc.in ${PROJECT_BINARY_DIR}/morgue.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/morgue.pc DESTINATION ${MORGUE_PKGCONFIG_DIR})
