// SQLite FTS5 beside morgue: one table (id unindexed, headline and body
// columns, the `porter unicode61` tokenizer, the text kept), written in one
// transaction with SQLite's defaults otherwise (a rollback journal,
// synchronous FULL: durable at COMMIT, as an archive's batch is).
//  - Fts5Index, the peer of the ranking evaluation (docs/ranking.md): the
//    same documents in memory, ranked by FTS5's bm25() (k1 1.2, b 0.75,
//    column weights 1), for the same words ANDed or ORed.
//  - BuildFts5File, the peer of `morgue bench index --fts5` (issue 20:
//    indexing faster than FTS5): the same files read by the same readers
//    (morgue::ReadPath) into a table on disk.
#ifndef MORGUE_BENCH_RANKING_FTS5_H_
#define MORGUE_BENCH_RANKING_FTS5_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "morgue/article.h"
#include "morgue/reader.h"

namespace morgue::bench {

class Fts5Index {
 public:
  struct Db;

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
  std::unique_ptr<Db> db_;
};

struct Fts5Build {
  uint64_t rows = 0;     // articles inserted (counted by SQLite after the commit)
  uint64_t skipped = 0;  // records the readers refused (not their warnings)
  uint64_t bytes = 0;    // the database file after the commit
};

// Reads `paths` with `options` and builds the table in a new database file
// `db_path`. Throws Error(kInvalidArgument) when db_path exists, Error(kIO)
// naming SQLite's message when SQLite fails (a library without FTS5, a
// full disk), and what ReadPath throws.
Fts5Build BuildFts5File(const std::vector<std::string>& paths, const ReadOptions& options,
                        const std::string& db_path);

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_RANKING_FTS5_H_
