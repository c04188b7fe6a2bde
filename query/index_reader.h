// An archive's search index opened for reading: one snapshot of its shards
// (opened at the first read, dropped when a writer commits or the shards
// change under it) and the threads that match the shards at once. Every
// read of the index in query/ goes through IndexReader::Read.
//
// Thread safety: Read takes the reader's lock, so reads of one archive run
// one at a time (each is a few hundred microseconds to a few milliseconds);
// Invalidate may be called from any thread.
#ifndef MORGUE_QUERY_INDEX_READER_H_
#define MORGUE_QUERY_INDEX_READER_H_

#include <xapian.h>

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
};

// The day terms ("D" + YYYYMMDD, without the D) and their frequencies, in order.
using DayTerms = std::vector<std::pair<std::string, uint64_t>>;

class IndexReader {
 public:
  // `store` must outlive the reader. Opens nothing yet.
  IndexReader(IndexSettings settings, const Store& store);
  ~IndexReader();
  IndexReader(const IndexReader&) = delete;
  IndexReader& operator=(const IndexReader&) = delete;

  // Runs fn(*this) under the lock, with the snapshot open: inside it, db(),
  // MakeSearcher() and the other accessors below may be used. When a writer
  // commits meanwhile (Xapian::DatabaseModifiedError), the snapshot is opened
  // again and fn runs again (three times at most). Xapian errors become
  // morgue::Error, their message "`what` in DIR", naming a damaged shard.
  template <typename Fn>
  auto Read(const char* what, Fn fn) const;

  // Opens the snapshot now (throws as Read does), so that a damaged index is
  // reported when an archive is opened rather than at its first search.
  void Open() const;
  // Drops the snapshot: the next read sees the latest commit.
  void Invalidate();

  // ---- Inside Read only.

  // The shards as one database.
  const Xapian::Database& db() const { return snapshot_->db; }
  // A searcher over the snapshot, matching the shards at once in an archive
  // of IndexSettings::shards_at_once_from articles or more.
  Searcher MakeSearcher() const;
  // The snapshot's day terms (read once per snapshot).
  const DayTerms& Days() const;

  const IndexSettings& settings() const { return settings_; }

 private:
  // What is learnt of one snapshot; replaced as a whole.
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
  };

  // Opens the snapshot when there is none; call with mutex_ held.
  void OpenLocked() const;
  // Opens snapshot_->lanes (ShardView); call with mutex_ held.
  void OpenLanes() const;
  // Turns a Xapian error of a read into morgue::Error.
  [[noreturn]] void Fail(const Xapian::Error& e, const char* what) const;

  const IndexSettings settings_;
  const Store& store_;
  mutable std::mutex mutex_;
  mutable std::unique_ptr<Snapshot> snapshot_;
  // Threads matching the shards at once (made by the first searcher that
  // uses them; none on a one-processor machine or a one-shard archive).
  mutable std::unique_ptr<ShardPool> pool_;
};

template <typename Fn>
auto IndexReader::Read(const char* what, Fn fn) const {
  std::lock_guard<std::mutex> guard(mutex_);
  for (int attempt = 0;; ++attempt) {
    try {
      OpenLocked();
      return fn(*this);
    } catch (const Xapian::DatabaseModifiedError& e) {
      snapshot_.reset();
      if (attempt == 2) ThrowXapian(e, what);
    } catch (const Xapian::Error& e) {
      Fail(e, what);
    }
  }
}

}  // namespace morgue

#endif  // MORGUE_QUERY_INDEX_READER_H_
