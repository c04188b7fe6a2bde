// An archive's search index opened for reading: snapshots of its shards
// (opened as reads need them, dropped when a writer commits or the shards
// change under them) and the threads that match the shards at once. Every
// read of the index in query/ goes through IndexReader::Read.
//
// Thread safety: reads of one archive run at once, each on a snapshot of its
// own (a Xapian::Database serves one thread at a time): a read takes an idle
// snapshot or opens one, and gives it back for the next read. Snapshots
// follow the index: once a read has opened a newer revision, the older ones
// are dropped when their reads end, so a read never sees an older state
// than one that started after it saw a newer one. Invalidate may be called
// from any thread.
//
// The articles: a writer's reader reads the writer's own store, which is
// always current. A reader without a writer (an archive opened read-only,
// which another process may be writing) opens the store again after it
// opens a snapshot of newer revisions: a writer stores articles before it
// indexes them, so the store a snapshot reads holds every article its index
// has (a read-only RocksDB handle never sees later writes; without this a
// search found articles it could not show, and Get said they did not exist).
#ifndef MORGUE_QUERY_INDEX_READER_H_
#define MORGUE_QUERY_INDEX_READER_H_

#include <xapian.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "indexer/shards.h"
#include "indexer/word_pairs.h"
#include "indexer/xapian_error.h"
#include "query/searcher.h"
#include "query/shard_match.h"
#include "query/shard_pool.h"
#include "query/stem_expander.h"
#include "query/value_columns.h"
#include "storage/article_source.h"
#include "storage/cluster_manifest.h"
#include "storage/commit_counter.h"

namespace morgue {

class Store;

// What the reader knows of the archive (from its manifest and options).
struct IndexSettings {
  std::string dir;  // the archive's directory
  unsigned shards = 1;
  std::string language;  // the archive's language code
  // The archive marks quotations outside the body (Manifest).
  bool marks_quotes_outside_body = false;
  // ArchiveOptions::shards_at_once_from.
  uint64_t shards_at_once_from = 0;
  // Every document has all-fields terms (Manifest::all_fields_terms).
  bool all_fields_terms = false;
  // A cluster (docs/distributed.md): the nodes are read through Xapian's
  // remote backend, the articles from their documents' data; `dir` is the
  // cluster's directory, `shards` its number of nodes.
  std::optional<ClusterManifest> cluster;
  // A cluster read partially (ArchiveOptions::allow_partial): a node that
  // is down or slow is left out of the reads that can say so (Read with
  // `missing`), and tried again by the first read that starts
  // retry_missing_ms after it was last tried.
  bool allow_partial = false;
  unsigned retry_missing_ms = 5000;
  // ArchiveOptions::export_window (a cluster's exports in date order).
  uint64_t export_window = 100'000;
};

// The day terms ("D" + YYYYMMDD, without the D) and their frequencies, in order.
using DayTerms = std::vector<std::pair<std::string, uint64_t>>;
// Terms of one prefix (without it) and their document frequencies.
using TermFrequencies = std::vector<std::pair<std::string, uint64_t>>;

class IndexReader {
 public:
  // A writer's reader: `store` (the writer's, always current) must outlive
  // the reader. Opens nothing yet.
  IndexReader(IndexSettings settings, const Store& store);
  // A reader without a writer: open_store opens the store read-only as it
  // is now (throwing as Store::Open does); called after each snapshot of
  // newer revisions is opened. Opens nothing yet.
  IndexReader(IndexSettings settings, std::function<std::unique_ptr<const Store>()> open_store);
  // A cluster's reader (settings.cluster set): the nodes are opened at each
  // snapshot and asked at each read whether they have changed. Opens nothing yet.
  explicit IndexReader(IndexSettings settings);
  ~IndexReader();
  IndexReader(const IndexReader&) = delete;
  IndexReader& operator=(const IndexReader&) = delete;

  class View;

  // Runs fn(view) with a snapshot of the index open, `view` (an
  // IndexReader::View) giving its database, searchers and day terms; other
  // threads' reads run at once on snapshots of their own. When a writer
  // commits meanwhile (Xapian::DatabaseModifiedError), a fresh snapshot is
  // opened and fn runs again (three times at most). Xapian errors become
  // morgue::Error, their message "`what` in DIR", naming a damaged shard.
  template <typename Fn>
  auto Read(const char* what, Fn fn) const {
    return Read(what, std::move(fn), nullptr);
  }
  // The same, for a read that can say what it left out: a cluster read
  // partially (IndexSettings::allow_partial) sets *missing to the nodes left
  // out of the snapshot fn ran on ("node 2 (tcp 127.0.0.1:7002): <why>";
  // empty: none), and when a node fails during fn with a network fault, runs
  // fn once more on a snapshot opened anew (which leaves that node out if
  // it still fails). Read without `missing` (null) never answers from a
  // snapshot that leaves a node out: it throws Error(kIO) naming the node.
  template <typename Fn>
  auto Read(const char* what, Fn fn, std::vector<std::string>* missing) const;

  // Opens a snapshot now (throws as Read does), so that a damaged index is
  // reported when an archive is opened rather than at its first search.
  void Open() const;
  // Drops the snapshots: every read that starts from now on sees the latest
  // commit.
  void Invalidate();

  const IndexSettings& settings() const { return settings_; }
  // The store as of the latest commit: the writer's; for a reader without
  // one, the store of a snapshot at the latest commit (opened now when
  // there is none: throws as Read does). A read that shows articles uses
  // View::store, which matches its snapshot.
  std::shared_ptr<const Store> LatestStore() const;

 private:
  // What is learnt of one snapshot; replaced as a whole. Used by one read
  // at a time.
  struct Snapshot {
    Xapian::Database db;                   // the shards as one database
    std::vector<Xapian::Database> shards;  // the same revisions, one by one
    StemCache stems;                       // stem expansions made on db
    PairWords pair_words;                  // the shards' word-pair words (none: empty)
    ValueColumns columns;                  // value slots read whole
    // ShardView::lanes (once asked; empty when the shards could not be
    // opened again at the same revisions, or two have the same UUID).
    std::optional<std::vector<Xapian::Database>> lanes;
    std::optional<bool> quotes_in_body;  // no article has kQuoteOutsideBodyTerm (once asked)
    std::optional<DayTerms> days;        // once asked
    // View::TermsByFrequency, per prefix (once asked).
    std::map<std::string, TermFrequencies> by_frequency;
    std::vector<Xapian::rev> revisions;  // each shard's
    uint64_t generation = 0;             // IndexReader::generation_ when opened
    std::optional<uint64_t> commits;     // the commit counter before it was opened (if mapped)
    // Holds every article of these revisions (once asked; a cluster's: when opened).
    std::shared_ptr<const ArticleSource> store;
    // A cluster read partially: the nodes left out (none: all answered),
    // and when they were tried.
    std::vector<std::string> missing;
    std::chrono::steady_clock::time_point opened;
  };

  // A snapshot for one read, given back (Return) when the read ends, or
  // dropped when the index moved on under it.
  class Lease {
   public:
    Lease(const IndexReader& reader, std::unique_ptr<Snapshot> snapshot)
        : reader_(reader), snapshot_(std::move(snapshot)) {}
    ~Lease() { reader_.Return(std::move(snapshot_), keep_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Snapshot& snapshot() { return *snapshot_; }
    void Drop() { keep_ = false; }

   private:
    const IndexReader& reader_;
    std::unique_ptr<Snapshot> snapshot_;
    bool keep_ = true;
  };

  // An idle snapshot of the current generation still at the latest commit,
  // or a newly opened one.
  std::unique_ptr<Snapshot> Checkout() const;
  // True when a shard of `snapshot` has a newer commit (its database is
  // then moved on and the snapshot must be dropped): reads a file per shard.
  static bool Moved(Snapshot& snapshot);
  // A cluster read partially: true when `snapshot` leaves out nodes last
  // tried retry_missing_ms or more ago (they are tried again).
  bool RetryDue(const Snapshot& snapshot) const;
  // A reader without a writer: true when `snapshot` is still at the latest
  // commit: opened at the count `commits` of the commit counter, or (no
  // counter mapped) not Moved.
  static bool Current(Snapshot& snapshot, const std::optional<uint64_t>& commits);
  // Keeps `snapshot` for the next read when `keep` and it is of the current
  // generation (and fewer than kMaxIdle are kept); else closes it. A
  // snapshot not kept because the index moved on (Xapian's
  // DatabaseModifiedError) starts a new generation.
  void Return(std::unique_ptr<Snapshot> snapshot, bool keep) const;
  // Opens the shards at their latest revisions; no lock needed.
  std::unique_ptr<Snapshot> OpenSnapshot() const;
  // The store for a snapshot of `revisions` just opened: the latest one
  // when it was opened after a snapshot of these revisions, else one
  // opened now.
  std::shared_ptr<const Store> StoreFor(const std::vector<Xapian::rev>& revisions) const;
  // Opens snapshot.lanes (ShardView).
  void OpenLanes(Snapshot& snapshot) const;
  // The threads matching the shards at once (made once).
  ShardPool& Pool(size_t shards) const;
  // Turns a Xapian error of a read into morgue::Error.
  [[noreturn]] void Fail(const Xapian::Error& e, const char* what) const;
  // Throws Error(kIO) for a read that cannot say what it left out, of a
  // snapshot that leaves out the nodes `missing`.
  [[noreturn]] void RefusePartial(const char* what, const std::vector<std::string>& missing) const;
  // True when a read that failed with `e` runs again (a cluster read
  // partially, a node down or slow).
  bool RetriesWithout(const Xapian::Error& e) const;

  const IndexSettings settings_;
  // Empty for a writer's reader, whose store_ never changes.
  const std::function<std::unique_ptr<const Store>()> open_store_;
  // A reader without a writer: the archive's commit counter (nothing
  // mapped: a snapshot is checked with Moved instead). Null for a writer's.
  const std::unique_ptr<const CommitCounter> commits_;
  mutable std::mutex store_mutex_;  // guards store_, store_covers_; taken before mutex_
  mutable std::shared_ptr<const Store> store_;
  // Revisions of a snapshot opened before store_ was: store_ holds every
  // article of a snapshot of these revisions.
  mutable std::vector<Xapian::rev> store_covers_;
  mutable std::mutex mutex_;  // guards idle_, generation_, revisions_
  mutable std::vector<std::unique_ptr<Snapshot>> idle_;
  // Bumped by Invalidate, by a DatabaseModifiedError, when a snapshot
  // opens at newer revisions than revisions_ (the current generation's),
  // and (a reader without a writer) when an idle snapshot has been left
  // behind by a commit (Moved).
  mutable uint64_t generation_ = 0;
  mutable std::vector<Xapian::rev> revisions_;
  // Threads matching the shards at once (made by the first searcher that
  // uses them; none on a one-processor machine or a one-shard archive).
  mutable std::once_flag pool_once_;
  mutable std::unique_ptr<ShardPool> pool_;
};

// What one read sees: one snapshot of the index, used by this read alone.
class IndexReader::View {
 public:
  // The shards as one database.
  const Xapian::Database& db() const { return snapshot_.db; }
  // The same, each shard alone (on a cluster each node, in node order).
  const std::vector<Xapian::Database>& shards() const { return snapshot_.shards; }
  // The articles: a store holding every article of db (and perhaps newer
  // ones: an article deleted since db was opened is missing from it),
  // opened when first asked for. A caller reading articles after the read
  // ends keeps this alive.
  const std::shared_ptr<const ArticleSource>& store() const;
  // A searcher over the snapshot, matching the shards at once in an archive
  // of IndexSettings::shards_at_once_from articles or more.
  Searcher MakeSearcher() const;
  // The snapshot's day terms (read once per snapshot).
  const DayTerms& Days() const;
  // Every term starting with `prefix`, the prefix taken off, with its
  // document frequency (exact: the articles holding it), the most frequent
  // first, ties in term order; read once per snapshot and prefix (facets
  // over every article: query/facets.h).
  const TermFrequencies& TermsByFrequency(const std::string& prefix) const;
  const IndexSettings& settings() const { return reader_.settings_; }

 private:
  friend class IndexReader;
  View(const IndexReader& reader, Snapshot& snapshot) : reader_(reader), snapshot_(snapshot) {}
  const IndexReader& reader_;
  Snapshot& snapshot_;
};

template <typename Fn>
auto IndexReader::Read(const char* what, Fn fn, std::vector<std::string>* missing) const {
  bool retried = false;
  for (int attempt = 0;; ++attempt) {
    Lease lease(*this, Checkout());
    const std::vector<std::string>& left_out = lease.snapshot().missing;
    if (!left_out.empty() && !missing) RefusePartial(what, left_out);
    if (missing) *missing = left_out;
    try {
      return fn(View(*this, lease.snapshot()));
    } catch (const Xapian::DatabaseModifiedError& e) {
      lease.Drop();
      if (attempt == 2) ThrowXapian(e, what);
    } catch (const Xapian::Error& e) {
      // Once: a node that failed is left out when the snapshot opened anew
      // cannot reach it either.
      if (missing && !retried && RetriesWithout(e)) {
        retried = true;
        lease.Drop();
        continue;
      }
      Fail(e, what);
    }
  }
}

}  // namespace morgue

#endif  // MORGUE_QUERY_INDEX_READER_H_
