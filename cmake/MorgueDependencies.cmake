# Every dependency comes from a Debian package (see scripts/setup).
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
# libcrypto's SHA-256 names articles whose id is too long for a Xapian term.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(RocksDB CONFIG REQUIRED)
find_package(xapian CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(Boost REQUIRED COMPONENTS program_options)
# ICU folds text for matching (indexer/fold.h): normalisation and full case
# folding, which Xapian::Unicode lacks.
find_package(ICU REQUIRED COMPONENTS uc i18n)

# Xapian's CMake config only sets variables; wrap them in a target.
if(NOT TARGET morgue_xapian)
  add_library(morgue_xapian INTERFACE)
  target_include_directories(morgue_xapian SYSTEM INTERFACE ${XAPIAN_INCLUDE_DIR})
  target_link_libraries(morgue_xapian INTERFACE ${XAPIAN_LIBRARIES})
endif()

set(MORGUE_ISO_CODES_DIR "/usr/share/iso-codes/json" CACHE PATH
  "Debian iso-codes JSON data, read at build time for the place gazetteer")
