// libFuzzer target: Fold, FoldCollapse and FoldEntityText (indexer/fold.h,
// indexer/canonical.h) on arbitrary bytes. They never throw; invalid UTF-8 is
// read as Latin-1, so the result is always valid UTF-8 and folding is
// idempotent: Fold(Fold(x)) == Fold(x). Anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "indexer/canonical.h"
#include "indexer/fold.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string folded = morgue::Fold(text);
  if (morgue::Fold(folded) != folded) std::abort();
  // Valid UTF-8: every character decodes as itself, no byte read as Latin-1.
  for (size_t i = 0; i < folded.size();) {
    char32_t cp = 0;
    const size_t len = morgue::DecodeChar(folded, i, cp);
    if (len == 1 && static_cast<unsigned char>(folded[i]) >= 0x80) std::abort();
    i += len;
  }
  (void)morgue::FoldCollapse(text);
  (void)morgue::FoldEntityText(text);
  return 0;
}
