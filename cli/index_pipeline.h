// The indexing pipeline shared by `morgue index` and `morgue bench index`:
// read files, cut the articles into batches, and Archive::Add each batch while
// the next one is read.
#ifndef MORGUE_CLI_INDEX_PIPELINE_H_
#define MORGUE_CLI_INDEX_PIPELINE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/reader.h"

namespace morgue::cli {

// When a batch is committed: after this many bytes of text or articles.
// Small batches keep Xapian's in-memory inverter small and cache-friendly and
// let reading overlap indexing sooner: on Reuters-21578, 2,000 articles per
// batch index in 3.9 s and 115 MB peak, 20,000 in 5.7 s and 440 MB.
//
// In a large archive each commit rewrites and syncs a B-tree block for most
// of the words of its batch, wherever they lie (~280 MB per shard at 1M
// articles), and waiting for those writes costs more than a larger inverter:
// 20,000 articles onto 1M took 11.3 s in batches of 2,000 and 8.3 s in
// batches of 8,000 (docs/performance.md). With `grow`, batches grow with the
// archive: one article per 12 already in it, up to four times the limits.
struct BatchLimits {
  size_t bytes = size_t{8} << 20;
  size_t articles = 2000;
  bool grow = true;

  // The limits for an archive of `articles_in_archive` articles.
  BatchLimits For(uint64_t articles_in_archive) const;
};

// What a pipeline run did so far.
struct IndexTotals {
  uint64_t read = 0;      // articles read
  uint64_t skipped = 0;   // records the readers refused
  uint64_t warnings = 0;  // articles read with a warning (ReadIssue::skipped false)
  uint64_t added = 0, replaced = 0, unchanged = 0, superseded = 0;  // as Archive::Add reports them
  // Articles of other nodes, left out of a cluster's node (AddStats::other_nodes).
  uint64_t other_nodes = 0;
  // Articles committed: each read article is one of these five.
  uint64_t committed() const { return added + replaced + unchanged + superseded + other_nodes; }
  uint64_t text_bytes = 0;               // bytes of headline and body text read
  uint64_t paths_done = 0;               // paths (files or directories) read completely
  uint64_t path_bytes_done = 0;          // their size on disk
  uint64_t text_bytes_at_path_done = 0;  // text_bytes when the last one was done
};

// Reads every path with `read_options` (ReadPath) into `archive` in batches;
// one batch is added while the next is read. Calls `on_progress` every 2000
// articles read, after each path and after each batch committed (the added,
// replaced and unchanged counts then cover every committed article), and
// `on_issue` for every issue (skipped records and warnings). On success every
// article read is committed and the totals say what happened. Throws what
// ReadPath and Archive::Add throw (morgue::Error); batches committed before
// the failure stay in the archive. When a reader throws (an issue with
// read_options.strict, a path that vanished), every article read before it
// is committed first, and `on_progress` reports the committed counts.
// With `mine` (a cluster's node), every article read goes to
// Archive::AddShare, those `mine` refuses as their source and id alone (the
// node numbers its own by their place among all); the limits count the
// node's own.
IndexTotals IndexPaths(Archive& archive, const std::vector<std::string>& paths,
                       const ReadOptions& read_options, const BatchLimits& limits,
                       const std::function<void(const IndexTotals&)>& on_progress,
                       const std::function<void(const ReadIssue&)>& on_issue,
                       const std::function<bool(const Article&)>& mine = nullptr);

// Bytes of the regular files under `path` (or of `path` itself when it is a
// file); 0 when it does not exist. Never throws.
uint64_t PathSize(const std::string& path);

}  // namespace morgue::cli

#endif  // MORGUE_CLI_INDEX_PIPELINE_H_
