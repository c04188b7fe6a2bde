// Where a read of the index finds the articles it shows: the store
// (storage/store.h) of a local archive, or the documents' data of a
// cluster's nodes (query/remote_nodes.h). Internal header.
#ifndef MORGUE_STORAGE_ARTICLE_SOURCE_H_
#define MORGUE_STORAGE_ARTICLE_SOURCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace morgue {

class ArticleSource {
 public:
  virtual ~ArticleSource() = default;
  // The stored bytes (storage/codec.h) of each docid's article, in order;
  // nullopt for a docid without one.
  virtual std::vector<std::optional<std::string>> GetArticles(
      const std::vector<uint64_t>& docids) const = 0;
  // The text saved under `name` (Archive::SaveQuery), nullopt when none.
  virtual std::optional<std::string> GetSavedQuery(const std::string& name) const = 0;
};

}  // namespace morgue

#endif  // MORGUE_STORAGE_ARTICLE_SOURCE_H_
