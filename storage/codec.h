// Compact binary form of an Article, as stored in RocksDB.
#ifndef MORGUE_STORAGE_CODEC_H_
#define MORGUE_STORAGE_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "morgue/article.h"

namespace morgue {

// Appends the encoding of `article` to `out`.
void EncodeArticle(const Article& article, std::string* out);

// Decodes an article. Throws Error(kCorruption) on malformed input.
Article DecodeArticle(std::string_view bytes);

// Big-endian fixed 64-bit keys sort numerically in RocksDB.
std::string EncodeDocidKey(uint64_t docid);
uint64_t DecodeDocidKey(std::string_view key);  // throws kCorruption if not 8 bytes

}  // namespace morgue

#endif  // MORGUE_STORAGE_CODEC_H_
