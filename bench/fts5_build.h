// The SQLite FTS5 peer of `morgue bench index` (issue 20: indexing faster
// than FTS5): the same files read by the same readers (morgue::ReadPath)
// into an FTS5 table on disk (id UNINDEXED, headline, body; the `porter
// unicode61` tokenizer, as bench/ranking_fts5.h), every row in one
// transaction, SQLite's defaults otherwise (rollback journal, synchronous
// FULL: durable at COMMIT, as an archive's batch is). The table keeps the
// text (FTS5's default), as an archive keeps its articles. Never prints.
#ifndef MORGUE_BENCH_FTS5_BUILD_H_
#define MORGUE_BENCH_FTS5_BUILD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "morgue/reader.h"

namespace morgue::bench {

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

#endif  // MORGUE_BENCH_FTS5_BUILD_H_
