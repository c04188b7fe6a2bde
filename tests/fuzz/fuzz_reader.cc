// libFuzzer target: one reader (MORGUE_FUZZ_FORMAT, set by tests/fuzz/CMakeLists.txt)
// over arbitrary bytes through morgue::ReadBuffer, the entry point every file
// goes through. A reader must turn any bytes into articles and issues: an
// exception (strict is off), a crash, a leak or undefined behaviour is a bug.
// The articles read are also run through the analysis, as `morgue index` does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "indexer/analysis.h"
#include "morgue/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  morgue::ReadOptions options;
  options.format = morgue::MORGUE_FUZZ_FORMAT;
  options.max_record_bytes = 1 << 16;  // small limits reach the limit paths
  options.max_file_bytes = 1 << 20;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  morgue::ReadBuffer(
      MORGUE_FUZZ_FILE_NAME, bytes, options,
      [](morgue::Article&& article) { morgue::Analyze(article); },
      [](const morgue::ReadIssue& issue) { (void)issue.ToString(); });
  return 0;
}
