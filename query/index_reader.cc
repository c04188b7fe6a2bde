#include "query/index_reader.h"

#include <algorithm>

#include "indexer/document.h"

namespace morgue {

IndexReader::IndexReader(IndexSettings settings, const Store& store)
    : settings_(std::move(settings)), store_(store) {}

IndexReader::~IndexReader() = default;

void IndexReader::Open() const {
  std::lock_guard<std::mutex> guard(mutex_);
  OpenLocked();
}

void IndexReader::Invalidate() {
  std::lock_guard<std::mutex> guard(mutex_);
  snapshot_.reset();
}

void IndexReader::OpenLocked() const {
  const std::string& dir = settings_.dir;
  // A writer committing twice while the shards are being opened discards
  // the revision being opened (DatabaseModifiedError): open again.
  for (int attempt = 0; !snapshot_; ++attempt) {
    try {
      auto fresh = std::make_unique<Snapshot>();
      fresh->db = OpenShardsForReading(dir, settings_.shards, &fresh->shards);
      fresh->pair_words = MarkedPairWords(fresh->shards);
      snapshot_ = std::move(fresh);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == 4) ThrowXapian(e, "cannot open the search index of " + dir);
    } catch (const Xapian::Error& e) {
      ThrowXapian(e,
                  "cannot open the search index of " + dir + DamagedShard(dir, settings_.shards));
    }
  }
}

void IndexReader::Fail(const Xapian::Error& e, const char* what) const {
  // A damaged file rather than a query's own failure: say which shard.
  const std::string type = e.get_type();
  const bool damage = type == "DatabaseCorruptError" || type == "DatabaseError";
  ThrowXapian(e, std::string(what) + " in " + settings_.dir +
                     (damage ? DamagedShard(settings_.dir, settings_.shards, true) : ""));
}

Searcher IndexReader::MakeSearcher() const {
  Snapshot& r = *snapshot_;  // Read opened it
  // Older archives do not mark quotations outside the body (Manifest).
  if (!r.quotes_in_body) {
    r.quotes_in_body =
        settings_.marks_quotes_outside_body && r.db.get_termfreq(kQuoteOutsideBodyTerm) == 0;
  }
  // Waking a thread costs tens of microseconds: worth it for long matches
  // only. The threads start with the first search that uses them.
  const bool large = r.db.get_doccount() >= settings_.shards_at_once_from;
  if (large && !pool_) pool_ = std::make_unique<ShardPool>(ShardPool::WorkersFor(r.shards.size()));
  const bool parallel = large && pool_->workers() > 0;
  ShardView view{&r.shards, parallel ? pool_.get() : nullptr, &r.columns};
  if (parallel) {
    if (!r.lanes) OpenLanes();
    if (!r.lanes->empty()) view.lanes = &*r.lanes;
  }
  return Searcher(r.db, store_,
                  SearchContext{settings_.language, *r.quotes_in_body, &r.stems, view,
                                &r.pair_words});
}

void IndexReader::OpenLanes() const {
  Snapshot& r = *snapshot_;
  r.lanes.emplace();
  std::vector<std::string> distinct;
  for (const Xapian::Database& shard : r.shards) distinct.push_back(shard.get_uuid());
  std::sort(distinct.begin(), distinct.end());
  if (std::adjacent_find(distinct.begin(), distinct.end()) != distinct.end())
    return;  // copied shards
  std::vector<Xapian::Database> lanes{r.db};
  for (size_t l = 1; l < pool_->workers() + 1; ++l) {
    std::vector<Xapian::Database> parts;
    Xapian::Database lane = OpenShardsForReading(settings_.dir, settings_.shards, &parts);
    for (size_t s = 0; s < parts.size(); ++s) {
      // A writer committed since the snapshot was opened: match one lane.
      if (parts[s].get_revision() != r.shards[s].get_revision()) return;
    }
    lanes.push_back(std::move(lane));
  }
  r.lanes = std::move(lanes);
}

const DayTerms& IndexReader::Days() const {
  Snapshot& r = *snapshot_;
  if (!r.days) {
    DayTerms days;
    for (auto it = r.db.allterms_begin("D"); it != r.db.allterms_end("D"); ++it) {
      days.emplace_back((*it).substr(1), it.get_termfreq());
    }
    r.days = std::move(days);
  }
  return *r.days;
}

}  // namespace morgue
