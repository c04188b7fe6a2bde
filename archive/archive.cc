#include "morgue/archive.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "archive/archive_impl.h"
#include "indexer/analysis.h"
#include "indexer/canonical.h"
#include "indexer/document.h"
#include "indexer/shards.h"
#include "indexer/xapian_error.h"
#include "morgue/cluster.h"
#include "morgue/error.h"
#include "storage/codec.h"
#include "storage/lock.h"
#include "storage/manifest.h"
#include "storage/store.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

// Runs fn(i) for i in [0, n) on all cores.
template <typename Fn>
void ParallelFor(size_t n, Fn fn) {
  unsigned workers = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(), 8));
  if (n < 64 || workers == 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::vector<std::thread> threads;
  std::exception_ptr error;
  std::mutex error_mutex;
  for (unsigned w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (size_t i = w; i < n; i += workers) fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    });
  }
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

// What the index reader of an archive needs to know.
IndexSettings SettingsOf(const Archive::Impl& im) {
  return IndexSettings{im.dir,
                       im.manifest.shards,
                       im.manifest.language,
                       im.manifest.marks_quotes_outside_body,
                       im.options.shards_at_once_from,
                       im.manifest.all_fields_terms,
                       std::nullopt};
}

}  // namespace

[[noreturn]] void ThrowFs(const std::string& what, const std::error_code& ec) {
  throw Error(ErrorCode::kIO, what + ": " + ec.message()).WithFile(what);
}

void Archive::Impl::RequireWritable() const {
  if (cluster) {
    throw Error(ErrorCode::kInvalidArgument,
                "cluster " + dir + " is read-only: write to its nodes (docs/distributed.md)");
  }
  if (!writer) throw Error(ErrorCode::kInvalidArgument, "archive " + dir + " is open read-only");
}

void Archive::Impl::MarkStoreChanged() {
  CommitCounter::Window committing(*commits);
  try {
    writer->MarkStoreChanged();
  } catch (const Xapian::Error& e) {
    ThrowXapian(e, "cannot write the search index of " + dir);
  }
}

void Archive::Impl::CatchUp() {
  std::vector<LogOp> ops = store->OpsAfter(writer->applied());
  if (ops.empty()) return;
  std::vector<uint64_t> put_ids;
  for (const auto& op : ops) {
    if (!op.is_delete) put_ids.push_back(op.docid);
  }
  auto stored = store->GetArticles(put_ids);
  std::vector<Article> articles;
  articles.reserve(stored.size());
  std::map<uint64_t, size_t> index_of;
  for (size_t i = 0; i < stored.size(); ++i) {
    if (!stored[i]) continue;  // deleted by a later operation
    index_of[put_ids[i]] = articles.size();
    articles.push_back(DecodeArticle(*stored[i]));
  }
  std::vector<IndexOp> index_ops;
  for (const auto& op : ops) {
    auto it = index_of.find(op.docid);
    index_ops.push_back(
        {op.docid, op.is_delete || it == index_of.end() ? nullptr : &articles[it->second]});
  }
  ApplyToIndex(index_ops, ops.back().seq);
}

std::vector<std::string> AttachArticleData(std::vector<IndexOp>& ops, const Manifest& manifest) {
  std::vector<std::string> data;
  if (manifest.nodes == 0) return data;
  data.resize(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    if (!ops[i].article) continue;
    EncodeArticle(*ops[i].article, &data[i]);
    ops[i].data = &data[i];
  }
  return data;
}

std::vector<IndexOp> QuarantineUnindexable(const std::vector<IndexOp>& ops, Store& store) {
  std::vector<IndexOp> out = ops;
  std::vector<QuarantineEntry> entries;
  for (IndexOp& op : out) {
    if (!op.article) continue;
    std::string problem = IndexProblem(*op.article);
    if (problem.empty()) continue;
    entries.push_back({op.docid, op.article->source + "/" + op.article->id, std::move(problem)});
    op.article = nullptr;  // not searchable: no older version either
  }
  if (!entries.empty()) store.Quarantine(entries);
  return out;
}

void Archive::Impl::ApplyToIndex(const std::vector<IndexOp>& logged, uint64_t seq) {
  // Validated before logging; what an older morgue logged may not be.
  std::vector<IndexOp> ops = QuarantineUnindexable(logged, *store);
  const std::vector<std::string> data = AttachArticleData(ops, manifest);
  {
    // The shards commit one by one: readers in other processes see the count
    // odd meanwhile and ask Xapian whether their snapshot is the latest.
    CommitCounter::Window committing(*commits);
    try {
      writer->Apply(ops, seq);
    } catch (const Xapian::Error& e) {
      ThrowXapian(e, "cannot write the search index of " + dir);
    }
  }
  store->TrimOps(seq);
  index->Invalidate();
}

Archive::Archive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Archive::~Archive() = default;

std::unique_ptr<Archive> Archive::Open(const std::string& dir, OpenMode mode,
                                       const ArchiveOptions& options) {
  std::error_code ec;
  if (ClusterManifest::IsCluster(dir)) {
    // Read as either, the answers would be the other's.
    if (fs::exists(fs::symlink_status(fs::path(dir) / kManifestName, ec))) {
      throw Error(ErrorCode::kNotAnArchive,
                  dir + " holds both an archive manifest (" + kManifestName +
                      ") and a cluster manifest (" + kClusterManifestName +
                      "); remove the one that does not belong (docs/distributed.md)")
          .WithFile(dir);
    }
    return std::unique_ptr<Archive>(new Archive(OpenClusterImpl(dir, mode, options)));
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  const fs::file_status status = fs::status(dir, ec);
  const bool exists = fs::exists(status);
  if (exists && !fs::is_directory(status)) {
    throw Error(ErrorCode::kNotAnArchive, dir + " is a file, not a morgue archive").WithFile(dir);
  }
  // A directory is an archive exactly when it has a manifest.
  const bool has_manifest =
      exists && fs::exists(fs::symlink_status(fs::path(dir) / kManifestName, ec));
  if (!has_manifest) {
    if (mode != OpenMode::kCreate) {
      if (!exists) throw Error(ErrorCode::kNotFound, "no archive at " + dir).WithFile(dir);
      Manifest::Read(dir);  // throws kNotAnArchive
    }
    if (exists && !fs::is_empty(dir, ec)) {
      throw Error(ErrorCode::kNotAnArchive,
                  dir + " is not empty and not a morgue archive (it has no " + kManifestName +
                      " manifest); choose a new or empty directory")
          .WithFile(dir);
    }
    if (!CreateArchive(dir, options) && !fs::exists(fs::path(dir) / kManifestName, ec)) {
      throw Error(ErrorCode::kNotAnArchive,
                  dir + " was filled by another program while the archive was being created")
          .WithFile(dir);
    }
  }
  impl->manifest = Manifest::Read(dir);
  if (impl->manifest.version < kOldestOpenableFormat) {
    // Format 3 named speakers by their raw attributions ("Energy Secretary
    // John Herrington", never "he" resolved); formats 1 and 2 also folded
    // case and accents only in Latin text. Either way its answers would be
    // silently wrong. Nothing is opened or written; repair re-analyses it.
    const std::string why =
        impl->manifest.version >= 3
            ? "whose quotations name speakers by their raw attribution (\"Energy Secretary "
              "John Herrington\", not \"John Herrington\") and whose entities an older "
              "extractor found, so speaker: and person: filters would miss articles"
            : "whose index folds case and accents only in Latin text, so searches "
              "would miss articles";
    throw Error(ErrorCode::kVersion,
                "archive " + dir + " was made by an older morgue (format version " +
                    std::to_string(impl->manifest.version) + "), " + why +
                    "; run `morgue repair --archive " + dir +
                    "` to re-analyse its stored articles and rebuild its index (format " +
                    std::to_string(kArchiveFormatVersion) + ")")
        .WithFile(dir);
  }

  std::string store_path = (fs::path(dir) / "store").string();
  if (mode == OpenMode::kReadOnly) {
    // The reader opens the store after each newer snapshot of the index
    // (IndexReader): a read-only store never sees later writes.
    impl->index = std::make_unique<IndexReader>(SettingsOf(*impl), [store_path] {
      return std::unique_ptr<const Store>(
          Store::Open(store_path, /*read_only=*/true, /*create=*/false));
    });
    // The index and the store are opened now, not at the first search: a
    // missing or damaged shard or store is reported by Open.
    impl->index->Open();
    impl->index->LatestStore();
  } else {
    impl->lock = std::make_unique<WriteLock>(dir);
    // What an interrupted repair left (the lock is ours: no repair runs).
    fs::remove_all(fs::path(dir) / "xapian.repair", ec);
    impl->store = Store::Open(store_path, false, false);
    impl->index = std::make_unique<IndexReader>(SettingsOf(*impl), *impl->store);
    try {
      impl->writer = std::make_unique<ShardWriter>(dir, impl->manifest.shards, false);
      impl->writer->set_pairs_from(options.pairs_from);
      impl->writer->set_all_fields(impl->manifest.all_fields_terms);
      impl->writer->set_identity(NodeIdentity(impl->manifest));
    } catch (const Xapian::Error& e) {
      ThrowXapian(e, "cannot open the search index of " + dir +
                         DamagedShard(dir, impl->manifest.shards));
    }
    impl->commits = std::make_unique<CommitCounter>(dir, /*writable=*/true);
    impl->CatchUp();
    // Whatever an earlier writer committed without bumping (killed between
    // the two): readers look again.
    impl->commits->Recover();
  }
  return std::unique_ptr<Archive>(new Archive(std::move(impl)));
}

namespace {

// The highest docid an archive may use: Xapian's are 32-bit, and a cluster
// of N nodes gives docid d of node k the docid (d - 1) * N + k.
uint64_t DocidLimit(unsigned nodes) { return nodes == 0 ? UINT32_MAX : UINT32_MAX / nodes; }

// Refuses the batch, naming the first article that ArticleProblem refuses.
void CheckArticles(const std::vector<Article>& articles) {
  for (size_t i = 0; i < articles.size(); ++i) {
    if (std::string problem = ArticleProblem(articles[i]); !problem.empty()) {
      throw Error(ErrorCode::kInvalidArgument,
                  "article " + std::to_string(i + 1) + " of the batch cannot be added: " + problem)
          .WithRecord(i + 1);
    }
  }
}

}  // namespace

AddStats Archive::Add(std::vector<Article> articles) {
  Impl& im = *impl_;
  im.RequireWritable();
  // Nothing is logged before every article is known to fit every layer
  // below: a logged article the index refuses would stop every later write.
  CheckArticles(articles);
  if (im.manifest.nodes > 0) {
    // An article on two nodes would be counted twice by the cluster.
    for (size_t i = 0; i < articles.size(); ++i) {
      const unsigned node = NodeOf(articles[i].source, articles[i].id, im.manifest.nodes);
      if (node == im.manifest.node) continue;
      throw Error(ErrorCode::kInvalidArgument,
                  "article " + std::to_string(i + 1) + " of the batch (" + articles[i].source +
                      "/" + articles[i].id + ") belongs to node " + std::to_string(node) + " of " +
                      std::to_string(im.manifest.nodes) + ", and archive " + im.dir + " is node " +
                      std::to_string(im.manifest.node) + " (docs/distributed.md)")
          .WithRecord(i + 1);
    }
  }
  return im.AddBatch(articles, /*analyse=*/true);
}

AddStats Archive::AddShare(std::vector<Article> articles) {
  Impl& im = *impl_;
  im.RequireWritable();
  if (im.manifest.nodes == 0) {
    throw Error(ErrorCode::kInvalidArgument,
                "archive " + im.dir +
                    " is not a cluster's node: AddShare adds a node's share of the articles "
                    "(docs/distributed.md); Add adds them all");
  }
  // Every article, the other nodes' too: every node given the batch then
  // takes it or refuses it alike (one refusing what the others took would
  // leave the cluster holding part of it).
  CheckArticles(articles);
  std::vector<Article> mine;
  std::vector<uint64_t> places;
  for (size_t i = 0; i < articles.size(); ++i) {
    if (NodeOf(articles[i].source, articles[i].id, im.manifest.nodes) != im.manifest.node) continue;
    places.push_back(i);
    mine.push_back(std::move(articles[i]));
  }
  AddStats stats = im.AddBatch(mine, /*analyse=*/true, Impl::NodePlaces{&places, articles.size()});
  stats.other_nodes = articles.size() - mine.size();
  return stats;
}

AddStats Archive::Impl::AddBatch(std::vector<Article>& articles, bool analyse,
                                 std::optional<NodePlaces> node_places) {
  Impl& im = *this;
  im.CatchUp();  // a failed earlier Apply is finished first

  // Within a batch, the last article with a given source and id wins; a new
  // one takes its docid where the first stands: docids follow the order in
  // which articles were first added, however the input was cut into
  // batches (ties are ordered by docid: docs/distributed.md).
  std::map<std::pair<std::string, std::string>, std::pair<size_t, size_t>> seen;  // first, last
  for (size_t i = 0; i < articles.size(); ++i) {
    auto [it, inserted] = seen.try_emplace({articles[i].source, articles[i].id}, i, i);
    if (!inserted) it->second.second = i;
  }
  struct Kept {
    size_t first;  // where the article first stands in the batch
    size_t last;   // the one that wins
  };
  std::vector<Kept> keep;
  keep.reserve(seen.size());
  for (const auto& [key, at] : seen) keep.push_back({at.first, at.second});
  std::sort(keep.begin(), keep.end(),
            [](const Kept& a, const Kept& b) { return a.first < b.first; });

  std::vector<std::string> encoded(keep.size());
  std::vector<std::string> problems(keep.size());
  ParallelFor(keep.size(), [&](size_t k) {
    // Analysed by an older morgue (salvage): its entity forms are made again.
    Article& a = articles[keep[k].last];
    if (analyse) Analyze(a);
    else RecanonicalizeEntities(a);
    problems[k] = IndexProblem(a);
    EncodeArticle(a, &encoded[k]);
  });
  // The first refused article of the batch is named.
  std::optional<size_t> refused;
  for (size_t k = 0; k < keep.size(); ++k) {
    if (!problems[k].empty() && (!refused || keep[k].last < keep[*refused].last)) refused = k;
  }
  if (refused) {
    const size_t i = keep[*refused].last;
    const uint64_t record = (node_places ? (*node_places->places)[i] : i) + 1;
    throw Error(ErrorCode::kInvalidArgument,
                "article " + std::to_string(record) +
                    " of the batch cannot be indexed: " + problems[*refused])
        .WithRecord(record);
  }

  // A node numbers its articles by their place among all the articles read
  // (every node's), so that the cluster's docids order them as one archive's.
  const uint64_t base = im.store->last_docid() + 1;
  const uint64_t next = node_places ? base + node_places->read : base;
  const uint64_t docid_limit = DocidLimit(im.manifest.nodes);
  auto refuse_past_limit = [&] {
    throw Error(ErrorCode::kLimit,
                "archive " + im.dir + " cannot number more articles: its docids would pass " +
                    std::to_string(docid_limit) +
                    (im.manifest.nodes > 0
                         ? ", the most a node of " + std::to_string(im.manifest.nodes) +
                               " can use (Xapian's docids are 32-bit, and a cluster's "
                               "interleave its nodes'; docs/distributed.md)"
                         : " (Xapian's docids are 32-bit)"));
  };
  if (next - 1 > docid_limit) refuse_past_limit();

  AddStats stats;
  stats.superseded = articles.size() - keep.size();
  StoreBatch batch;
  std::vector<IndexOp> ops;
  for (size_t k = 0; k < keep.size(); ++k) {
    const Article& a = articles[keep[k].last];
    std::optional<uint64_t> existing = im.store->FindDocid(a.source, a.id);
    uint64_t docid;
    if (existing) {
      std::optional<std::string> old = im.store->GetArticle(*existing);
      if (old && *old == encoded[k]) {
        ++stats.unchanged;
        continue;
      }
      ++stats.replaced;
      docid = *existing;
    } else {
      ++stats.added;
      if (node_places) {
        docid = base + (*node_places->places)[keep[k].first];
      } else {
        if (im.store->last_docid() >= docid_limit) refuse_past_limit();
        docid = im.store->AllocateDocid();
      }
    }
    batch.puts.push_back({docid, a.source, a.id, std::move(encoded[k]), !existing});
    ops.push_back({docid, &a});
  }
  if (node_places) im.store->ReserveDocids(next);
  if (ops.empty()) {
    // Nothing to write but a node's count of what it read: kept for its
    // next batch (a synced write of the counters alone, no log entry).
    if (node_places && next != base) im.store->Apply(StoreBatch{});
    return stats;
  }
  uint64_t seq = im.store->Apply(batch);
  im.ApplyToIndex(ops, seq);
  return stats;
}

bool Archive::Delete(const std::string& source, const std::string& id) {
  Impl& im = *impl_;
  im.RequireWritable();
  im.CatchUp();
  std::optional<uint64_t> docid = im.store->FindDocid(source, id);
  if (!docid) return false;
  StoreBatch batch;
  batch.deletes.push_back({*docid, source, id});
  uint64_t seq = im.store->Apply(batch);
  im.ApplyToIndex({{*docid, nullptr}}, seq);
  return true;
}

std::optional<Article> Archive::Get(const std::string& id) const {
  if (impl_->cluster) return ClusterGet(*impl_, id);
  const std::shared_ptr<const Store> store = impl_->index->LatestStore();
  std::optional<StoredId> found = store->Resolve(id);
  if (!found) return std::nullopt;
  std::optional<std::string> bytes = store->GetArticle(found->docid);
  if (!bytes) return std::nullopt;
  return DecodeArticle(*bytes);
}

uint64_t Archive::ArticleCount() const {
  if (impl_->cluster) return ClusterArticleCount(*impl_);
  return impl_->index->LatestStore()->ArticleCount();
}

NodeInfo Archive::Node() const { return {impl_->manifest.node, impl_->manifest.nodes}; }

const std::string& Archive::dir() const { return impl_->dir; }

}  // namespace morgue
