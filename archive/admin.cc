// Archive administration: statistics and compaction.
#include "archive/archive_impl.h"

#include <algorithm>
#include <filesystem>

#include "indexer/shards.h"
#include "indexer/xapian_error.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/index_stats.h"
#include "storage/manifest.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

uint64_t TreeSize(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::error_code file_ec;
    if (it->is_regular_file(file_ec)) {
      uint64_t size = it->file_size(file_ec);
      if (!file_ec) total += size;
    }
  }
  return total;
}

}  // namespace

ArchiveStats Archive::Stats(size_t top) const {
  const Impl& im = *impl_;
  ArchiveStats stats;
  stats.format_version = im.manifest.version;
  stats.language = im.manifest.language;
  if (im.cluster) {
    // What the nodes hold, from their indexes; their stores and sizes are theirs.
    SummariseIndex(*im.index, top, &stats);
    return stats;
  }
  stats.shards = im.manifest.shards;
  const std::shared_ptr<const Store> store = im.index->LatestStore();
  stats.articles = store->ArticleCount();
  stats.quarantined = store->Quarantined().size();
  SummariseIndex(*im.index, top, &stats);
  stats.store_bytes = TreeSize(fs::path(im.dir) / "store");
  stats.index_bytes = TreeSize(fs::path(im.dir) / "xapian");
  stats.total_bytes = TreeSize(im.dir);
  return stats;
}

void Archive::Compact() {
  Impl& im = *impl_;
  im.RequireWritable();
  im.CatchUp();
  im.store->Compact();
  {
    CommitCounter::Window committing(*im.commits);  // the shards are replaced one by one
    try {
      im.writer->Compact();
    } catch (const Xapian::Error& e) {
      ThrowXapian(e, "cannot compact the search index of " + im.dir);
    }
  }
  im.index->Invalidate();
  FollowArchivePermissions((fs::path(im.dir) / "xapian").string(), im.dir);
}

}  // namespace morgue
