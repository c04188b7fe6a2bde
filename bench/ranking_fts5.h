// The SQLite FTS5 peer of the ranking evaluation (docs/ranking.md): the same
// documents in an in-memory FTS5 table (headline and body columns, the
// `porter unicode61` tokenizer) ranked by FTS5's bm25() (k1 1.2, b 0.75,
// column weights 1), for the same words ANDed or ORed.
#ifndef MORGUE_BENCH_RANKING_FTS5_H_
#define MORGUE_BENCH_RANKING_FTS5_H_

#include <memory>
#include <string>
#include <vector>

#include "morgue/article.h"

namespace morgue::bench {

class Fts5Index {
 public:
  // Builds the table from `documents` (headline; body paragraphs joined).
  // Throws Error(kIO) naming SQLite's message when SQLite fails (e.g. a
  // library built without FTS5).
  explicit Fts5Index(const std::vector<Article>& documents);
  ~Fts5Index();
  Fts5Index(const Fts5Index&) = delete;
  Fts5Index& operator=(const Fts5Index&) = delete;

  // The ids of the best `limit` documents for `words` (QueryWords), ANDed
  // (`all`) or ORed, best first (ties by rowid, i.e. document order). Every
  // word is a quoted FTS5 string, so no word is read as syntax. No words: none.
  std::vector<std::string> Search(const std::vector<std::string>& words, bool all,
                                  size_t limit) const;

 private:
  struct Db;
  std::unique_ptr<Db> db_;
};

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_RANKING_FTS5_H_
