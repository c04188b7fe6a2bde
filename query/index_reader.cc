#include "query/index_reader.h"

#include <algorithm>
#include <iterator>
#include <thread>

#include "indexer/document.h"
#include "morgue/error.h"
#include "query/remote_nodes.h"
#include "storage/store.h"

namespace morgue {

IndexReader::IndexReader(IndexSettings settings, const Store& store)
    // Aliasing, owning nothing: the writer's store outlives the reader.
    : settings_(std::move(settings)), store_(std::shared_ptr<const Store>(), &store) {}

IndexReader::IndexReader(IndexSettings settings,
                         std::function<std::unique_ptr<const Store>()> open_store)
    : settings_(std::move(settings)),
      open_store_(std::move(open_store)),
      commits_(std::make_unique<const CommitCounter>(settings_.dir, /*writable=*/false)) {}

IndexReader::IndexReader(IndexSettings settings) : settings_(std::move(settings)) {}

IndexReader::~IndexReader() = default;

namespace {

// Idle snapshots kept for the next reads: as many as reads can run at once
// on this machine, within reason (each holds every shard's files open).
size_t MaxIdle() {
  static const size_t max_idle = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  return max_idle;
}

}  // namespace

void IndexReader::Open() const { Lease lease(*this, Checkout()); }

std::shared_ptr<const Store> IndexReader::LatestStore() const {
  if (settings_.cluster) {
    throw Error(ErrorCode::kInternal, "a cluster has no store of its own");
  }
  if (!open_store_) return store_;  // the writer's, always current
  // The store of a snapshot at the latest commit (checked out as a read's
  // is): it holds every article that commit has, and what a read that only
  // counted may have seen.
  Lease lease(*this, Checkout());
  return StoreFor(lease.snapshot().revisions);
}

const std::shared_ptr<const ArticleSource>& IndexReader::View::store() const {
  // Opened when first asked, after the snapshot's matching (most reads ask
  // for articles last): opening a store takes milliseconds, during which a
  // busy writer could discard the snapshot's revisions.
  if (!snapshot_.store) snapshot_.store = reader_.StoreFor(snapshot_.revisions);
  return snapshot_.store;
}

std::shared_ptr<const Store> IndexReader::StoreFor(
    const std::vector<Xapian::rev>& revisions) const {
  std::lock_guard<std::mutex> guard(store_mutex_);
  if (!open_store_) return store_;
  // Equal, not merely older: a repair's new shards start again at low
  // revisions.
  if (!store_ || revisions != store_covers_) {
    // Opened after the snapshot: it holds every article the snapshot has.
    store_ = open_store_();
    store_covers_ = revisions;
  }
  return store_;
}

void IndexReader::Invalidate() {
  std::vector<std::unique_ptr<Snapshot>> closing;  // closed outside the lock
  std::lock_guard<std::mutex> guard(mutex_);
  ++generation_;
  revisions_.clear();
  closing.swap(idle_);
}

bool IndexReader::Moved(Snapshot& snapshot) {
  try {
    // Reads each shard's version file: false when none has a newer commit.
    return snapshot.db.reopen();
  } catch (const Xapian::Error&) {
    return true;  // a fresh snapshot says what is wrong
  }
}

bool IndexReader::RetryDue(const Snapshot& snapshot) const {
  return !snapshot.missing.empty() && std::chrono::steady_clock::now() - snapshot.opened >=
                                          std::chrono::milliseconds(settings_.retry_missing_ms);
}

bool IndexReader::Current(Snapshot& snapshot, const std::optional<uint64_t>& commits) {
  if (commits) return snapshot.commits == commits;
  return !Moved(snapshot);
}

std::unique_ptr<IndexReader::Snapshot> IndexReader::Checkout() const {
  std::vector<std::unique_ptr<Snapshot>> stale;  // closed outside the lock
  // Before any snapshot is opened: a commit after it makes the next read
  // open another.
  // An odd count: a writer is committing; Xapian is asked (Current).
  std::optional<uint64_t> commits = commits_ ? commits_->Load() : std::nullopt;
  if (commits && *commits % 2 == 1) commits.reset();
  for (;;) {
    std::unique_ptr<Snapshot> snapshot;
    {
      std::lock_guard<std::mutex> guard(mutex_);
      while (!idle_.empty() && !snapshot) {
        std::unique_ptr<Snapshot> idle = std::move(idle_.back());
        idle_.pop_back();
        if (idle->generation == generation_) snapshot = std::move(idle);
        else stale.push_back(std::move(idle));
      }
    }
    if (!snapshot) break;
    // A writer's reader is told of every commit (Invalidate); a reader
    // without one learns of another process's commits here, so that a read
    // always starts on the latest commit. (Xapian alone would keep an idle
    // snapshot on its old revision until a second commit discards it.)
    if (settings_.cluster ? !RetryDue(*snapshot) && !Moved(*snapshot)
                          : !commits_ || Current(*snapshot, commits)) {
      return snapshot;
    }
    std::lock_guard<std::mutex> guard(mutex_);
    if (snapshot->generation == generation_) {
      ++generation_;
      stale.insert(stale.end(), std::make_move_iterator(idle_.begin()),
                   std::make_move_iterator(idle_.end()));
      idle_.clear();
    }
    stale.push_back(std::move(snapshot));
  }
  // Opening takes milliseconds: other reads go on meanwhile.
  std::unique_ptr<Snapshot> fresh = OpenSnapshot();
  fresh->commits = commits;
  std::lock_guard<std::mutex> guard(mutex_);
  if (fresh->revisions != revisions_) {
    // The index moved on since the current generation's snapshots were
    // opened (or none is): they end with their reads, and later reads see
    // at least this state.
    ++generation_;
    revisions_ = fresh->revisions;
    stale.insert(stale.end(), std::make_move_iterator(idle_.begin()),
                 std::make_move_iterator(idle_.end()));
    idle_.clear();
  }
  fresh->generation = generation_;
  return fresh;
}

void IndexReader::Return(std::unique_ptr<Snapshot> snapshot, bool keep) const {
  std::lock_guard<std::mutex> guard(mutex_);
  if (!keep) {
    // Xapian says the snapshot's revision is gone: so is every snapshot of
    // its generation.
    if (snapshot->generation == generation_) {
      ++generation_;
      revisions_.clear();
      idle_.clear();
    }
    return;
  }
  if (snapshot->generation == generation_ && idle_.size() < MaxIdle()) {
    idle_.push_back(std::move(snapshot));
  }
}

std::unique_ptr<IndexReader::Snapshot> IndexReader::OpenSnapshot() const {
  const std::string& dir = settings_.dir;
  // A writer committing twice while the shards are being opened discards
  // the revision being opened (DatabaseModifiedError): open again.
  for (int attempt = 0;; ++attempt) {
    try {
      auto fresh = std::make_unique<Snapshot>();
      if (settings_.cluster) {
        MissingNodes missing;
        fresh->opened = std::chrono::steady_clock::now();
        OpenClusterNodes(dir, *settings_.cluster, &fresh->db, &fresh->shards,
                         settings_.allow_partial ? &missing : nullptr);
        fresh->missing = std::move(missing.described);
        fresh->store =
            std::make_shared<NodeArticles>(dir, *settings_.cluster, std::move(missing.skipped));
        return fresh;
      }
      fresh->db = OpenShardsForReading(dir, settings_.shards, &fresh->shards);
      fresh->pair_words = MarkedPairWords(fresh->shards);
      for (const Xapian::Database& shard : fresh->shards) {
        fresh->revisions.push_back(shard.get_revision());
      }
      return fresh;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == 4) ThrowXapian(e, "cannot open the search index of " + dir);
    } catch (const Xapian::Error& e) {
      ThrowXapian(e,
                  "cannot open the search index of " + dir + DamagedShard(dir, settings_.shards));
    }
  }
}

ShardPool& IndexReader::Pool(size_t shards) const {
  std::call_once(pool_once_,
                 [&] { pool_ = std::make_unique<ShardPool>(ShardPool::WorkersFor(shards)); });
  return *pool_;
}

void IndexReader::Fail(const Xapian::Error& e, const char* what) const {
  if (settings_.cluster)
    ThrowRemote(e, std::string(what) + " in cluster " + settings_.dir, *settings_.cluster);
  // A damaged file rather than a query's own failure: say which shard.
  const std::string type = e.get_type();
  const bool damage = type == "DatabaseCorruptError" || type == "DatabaseError";
  ThrowXapian(e, std::string(what) + " in " + settings_.dir +
                     (damage ? DamagedShard(settings_.dir, settings_.shards, true) : ""));
}

void IndexReader::RefusePartial(const char* what, const std::vector<std::string>& missing) const {
  std::string nodes;
  for (const std::string& node : missing) nodes += (nodes.empty() ? "" : "; ") + node;
  throw Error(ErrorCode::kIO, std::string(what) + " in cluster " + settings_.dir +
                                  " needs every node, and some are missing: " + nodes)
      .WithFile(settings_.dir);
}

bool IndexReader::RetriesWithout(const Xapian::Error& e) const {
  return settings_.cluster && settings_.allow_partial && IsNodeDownOrSlow(e);
}

Searcher IndexReader::View::MakeSearcher() const {
  Snapshot& r = snapshot_;
  const IndexSettings& settings = reader_.settings_;
  // Older archives do not mark quotations outside the body (Manifest).
  if (!r.quotes_in_body) {
    r.quotes_in_body =
        settings.marks_quotes_outside_body && r.db.get_termfreq(kQuoteOutsideBodyTerm) == 0;
  }
  // Waking a thread costs tens of microseconds: worth it for long matches
  // only. The threads start with the first search that uses them.
  // A cluster's nodes match at once on their own machines.
  const bool large = !settings.cluster && r.db.get_doccount() >= settings.shards_at_once_from;
  ShardPool* pool = large ? &reader_.Pool(r.shards.size()) : nullptr;
  const bool parallel = pool != nullptr && pool->workers() > 0;
  // Values are never read through a remote node (a round trip each).
  ShardView view{&r.shards, parallel ? pool : nullptr, settings.cluster ? nullptr : &r.columns};
  if (settings.cluster) view.remote = &r.db;
  if (parallel) {
    if (!r.lanes) reader_.OpenLanes(r);
    if (!r.lanes->empty()) view.lanes = &*r.lanes;
  }
  const IndexReader& reader = reader_;
  return Searcher(
      r.db,
      [&reader, &r]() -> const ArticleSource& {
        if (!r.store) r.store = reader.StoreFor(r.revisions);
        return *r.store;
      },
      SearchContext{settings.language, *r.quotes_in_body, &r.stems, view, &r.pair_words,
                    settings.all_fields_terms, settings.cluster.has_value()});
}

void IndexReader::OpenLanes(Snapshot& r) const {
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

const DayTerms& IndexReader::View::Days() const {
  Snapshot& r = snapshot_;
  if (!r.days) {
    DayTerms days;
    for (auto it = r.db.allterms_begin("D"); it != r.db.allterms_end("D"); ++it) {
      days.emplace_back((*it).substr(1), it.get_termfreq());
    }
    r.days = std::move(days);
  }
  return *r.days;
}

const TermFrequencies& IndexReader::View::TermsByFrequency(const std::string& prefix) const {
  auto [it, added] = snapshot_.by_frequency.try_emplace(prefix);
  if (!added) return it->second;
  try {
    TermFrequencies& terms = it->second;
    for (auto t = snapshot_.db.allterms_begin(prefix); t != snapshot_.db.allterms_end(prefix);
         ++t) {
      terms.emplace_back((*t).substr(prefix.size()), t.get_termfreq());
    }
    std::stable_sort(terms.begin(), terms.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
  } catch (...) {
    snapshot_.by_frequency.erase(it);  // not cached half read
    throw;
  }
  return it->second;
}

}  // namespace morgue
