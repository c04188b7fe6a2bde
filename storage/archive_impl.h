// The inside of an Archive, shared by the files that implement its methods
// (storage/archive.cc, query/*.cc). Not installed.
#ifndef MORGUE_STORAGE_ARCHIVE_IMPL_H_
#define MORGUE_STORAGE_ARCHIVE_IMPL_H_

#include <xapian.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "indexer/shards.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/searcher.h"
#include "query/shard_match.h"
#include "query/shard_pool.h"
#include "query/stem_expander.h"
#include "query/value_columns.h"
#include "storage/codec.h"
#include "storage/lock.h"
#include "storage/manifest.h"
#include "storage/store.h"

namespace morgue {

// Turns a Xapian exception into morgue's own error.
[[noreturn]] void ThrowXapian(const Xapian::Error& e, const std::string& context);

// " (index shard PATH is damaged; ...)" naming the first shard that cannot
// be opened on its own (with `deep`, also the first that fails Xapian's
// structure check: slow, for after a read failed), or "" when none does:
// error messages then say which part is damaged.
std::string DamagedShard(const std::string& dir, unsigned shards, bool deep = false);

// The number an environment variable holds, when it is set to one (the
// thresholds tests move: MORGUE_SHARDS_AT_ONCE_FROM, MORGUE_PAIRS_FROM).
std::optional<uint64_t> CountFromEnv(const char* name);

// Creates a complete, empty archive at `dir` (absent or an empty directory):
// built in a new directory beside it and renamed into place, so that `dir`
// either is a whole archive or is as it was; nothing of the user's is ever
// cleared. Returns false when `dir` was meanwhile filled by someone else
// (another process creating the same archive): the caller reads it then.
// Throws kInvalidArgument for a bad shard count or language, kIO.
bool CreateArchive(const std::string& dir, const ArchiveOptions& options);

// `ops` with every put of an article the index cannot take (IndexProblem)
// made a delete, after recording those articles as quarantined in `store`
// (durably): a logged operation that cannot be applied never stops the
// archive, and is never dropped silently (Check and Stats report it).
std::vector<IndexOp> QuarantineUnindexable(const std::vector<IndexOp>& ops, Store& store);

// Hidden: internal to the library even though Archive is exported.
class __attribute__((visibility("hidden"))) Archive::Impl {
 public:
  std::string dir;
  Manifest manifest;
  std::unique_ptr<WriteLock> lock;
  std::unique_ptr<Store> store;
  std::unique_ptr<ShardWriter> writer;

  // One snapshot of the shards for searching, and what is learnt from it;
  // replaced as a whole when a write or a newer revision needs a new one.
  struct Reader {
    Xapian::Database db;                    // the shards as one database
    std::vector<Xapian::Database> shards;   // the same revisions, one by one
    StemCache stems;                        // stem expansions made on db
    PairWords pair_words;                   // the shards' word-pair words (none: empty)
    ValueColumns columns;                   // value slots read whole
    // ShardView::lanes (once asked; empty when the shards could not be
    // opened again at the same revisions, or two have the same UUID).
    std::optional<std::vector<Xapian::Database>> lanes;
    std::optional<bool> quotes_in_body;     // no article has kQuoteOutsideBodyTerm (once asked)
    // The day terms ("D" + YYYYMMDD, without the D) and their frequencies, in order (once asked).
    std::optional<std::vector<std::pair<std::string, uint64_t>>> day_terms;
  };

  // Searches take this lock and ReadDb(): one reader per archive.
  mutable std::mutex read_mutex;
  mutable std::unique_ptr<Reader> reader;
  // Threads matching the shards at once (made by the first searcher of an
  // archive of ShardPool::kWorthFrom articles or more; none on a
  // one-processor machine or a one-shard archive).
  mutable std::unique_ptr<ShardPool> pool;
  // Archives of this many articles or more match their shards at once:
  // ShardPool::kWorthFrom, or MORGUE_SHARDS_AT_ONCE_FROM when the archive
  // was opened (0: always, e.g. in tests; a huge number: never).
  uint64_t at_once_from = ShardPool::kWorthFrom;

  // Throws Error(kInvalidArgument) on a read-only archive.
  void RequireWritable() const;
  // The shards opened for reading (lazily); call with read_mutex held.
  const Xapian::Database& ReadDb() const;
  // A searcher over the reader's database (ReadDb() first), with what it
  // should know of the archive; call with read_mutex held.
  Searcher MakeSearcher() const;
  // Opens r.lanes (ShardView); call with read_mutex held.
  void OpenLanes(Reader& r) const;
  // The reader's day terms (Reader::day_terms), read once; call with
  // read_mutex held, after ReadDb().
  const std::vector<std::pair<std::string, uint64_t>>& DayTerms() const;
  // Drops the reader so that the next search sees the latest commit.
  void InvalidateReader();
  // Archive::Add after its checks of the articles (ArticleProblem): with
  // `analyse` false, the articles are stored and indexed as they are (they
  // were analysed when first added: Salvage).
  AddStats AddBatch(std::vector<Article>& articles, bool analyse);
  // Indexes again every article whose source holds '/' or '%' (their unique
  // terms changed with format 2); for a format 1 archive opened writable.
  void ReindexEscapedSources();
  // Applies to Xapian every logged operation it has not seen yet.
  void CatchUp();
  // Writes `ops` to the shards, commits them with `seq`, trims the log.
  void ApplyToIndex(const std::vector<IndexOp>& ops, uint64_t seq);
};

// Runs fn(db) under the read lock, reopening the index and retrying when a
// writer committed meanwhile, and turning Xapian errors into morgue::Error.
template <typename Fn>
auto WithReader(const Archive::Impl& impl, const char* what, Fn fn) {
  std::lock_guard<std::mutex> guard(impl.read_mutex);
  for (int attempt = 0;; ++attempt) {
    try {
      return fn(impl.ReadDb());
    } catch (const Xapian::DatabaseModifiedError& e) {
      impl.reader.reset();
      if (attempt == 2) ThrowXapian(e, what);
    } catch (const Xapian::Error& e) {
      // A damaged file rather than a query's own failure: say which shard.
      const std::string type = e.get_type();
      const bool damage = type == "DatabaseCorruptError" || type == "DatabaseError";
      ThrowXapian(e, std::string(what) + " in " + impl.dir +
                         (damage ? DamagedShard(impl.dir, impl.manifest.shards, true) : ""));
    }
  }
}

}  // namespace morgue

#endif  // MORGUE_STORAGE_ARCHIVE_IMPL_H_
