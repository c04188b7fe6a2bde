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

// How much of an article to decode.
enum class ArticleParts {
  kAll,
  // Everything up to the captions (ids, dates, headline, body, quotes,
  // captions): what a search hit and its snippet need. Entities, topics and
  // language keep their defaults, and the bytes after the captions are not
  // checked.
  kText,
};

// Decodes an article. Throws Error(kCorruption) on malformed input.
Article DecodeArticle(std::string_view bytes, ArticleParts parts = ArticleParts::kAll);

// True when `bytes` were encoded by a morgue before archive format 4: its
// quotations carry no attribution or origin, and its extracted entities and
// speakers come from an older analysis (repair and salvage re-analyse it:
// ReanalyzeLegacy, indexer/analysis.h).
bool IsLegacyArticle(std::string_view bytes);

// Big-endian fixed 64-bit keys sort numerically in RocksDB.
std::string EncodeDocidKey(uint64_t docid);
uint64_t DecodeDocidKey(std::string_view key);  // throws kCorruption if not 8 bytes

}  // namespace morgue

#endif  // MORGUE_STORAGE_CODEC_H_
