// The size of the ZSTD dictionary that Store::Compact trains for the
// articles it compresses. A dictionary pays off only in a store large enough
// to amortise it (each table file holds a copy): on Reuters-21578 (22.0 MB of
// articles uncompressed) 512 KiB gives the smallest store (6.85 MB; 112 KiB
// 7.16, 256 KiB 6.93, 1 MiB 6.91, 2 MiB 7.40), on its first 2,000 articles
// (2.1 MB) 64 KiB (775 KB; 32 KiB 779, 112 KiB 788, 512 KiB 1,003): about a
// 32nd of the uncompressed bytes, up to 512 KiB (larger was not measured
// to help; docs/performance-log.md, "Archive size: where the bytes go").
#ifndef MORGUE_STORAGE_DICTIONARY_H_
#define MORGUE_STORAGE_DICTIONARY_H_

#include <algorithm>
#include <cstdint>

namespace morgue {

inline constexpr uint64_t kMinDictionaryBytes = 64 * 1024;
inline constexpr uint64_t kMaxDictionaryBytes = 512 * 1024;

// The dictionary for `uncompressed_bytes` of articles (their keys and values
// as written): a 32nd of them, at least 64 KiB and at most 512 KiB.
constexpr uint64_t CompactedDictionaryBytes(uint64_t uncompressed_bytes) {
  return std::clamp<uint64_t>(uncompressed_bytes / 32, kMinDictionaryBytes, kMaxDictionaryBytes);
}

}  // namespace morgue

#endif  // MORGUE_STORAGE_DICTIONARY_H_
