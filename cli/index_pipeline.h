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
struct BatchLimits {
  size_t bytes = size_t{48} << 20;
  size_t articles = 20000;
};

// What a pipeline run did so far.
struct IndexTotals {
  uint64_t read = 0;      // articles read
  uint64_t skipped = 0;   // records the readers refused
  uint64_t added = 0, replaced = 0, unchanged = 0;  // as Archive::Add reports them
  uint64_t text_bytes = 0;  // bytes of headline and body text read
};

// Reads every path with `read_options` (ReadPath) into `archive` in batches;
// one batch is added while the next is read. Calls `on_progress` every 2000
// articles read and `on_issue` for every skipped record. On success every
// article read is committed and the totals say what happened. Throws what
// ReadPath and Archive::Add throw (morgue::Error); batches committed before
// the failure stay in the archive.
IndexTotals IndexPaths(Archive& archive, const std::vector<std::string>& paths,
                       const ReadOptions& read_options, const BatchLimits& limits,
                       const std::function<void(const IndexTotals&)>& on_progress,
                       const std::function<void(const ReadIssue&)>& on_issue);

// Bytes of the regular files under `path` (or of `path` itself when it is a
// file); 0 when it does not exist. Never throws.
uint64_t PathSize(const std::string& path);

}  // namespace morgue::cli

#endif  // MORGUE_CLI_INDEX_PIPELINE_H_
