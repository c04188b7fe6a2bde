// Archive::Repair: the index rebuilt from the store, the source of truth.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "archive/archive_impl.h"
#include "indexer/analysis.h"
#include "indexer/canonical.h"
#include "indexer/shards.h"
#include "indexer/xapian_error.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/codec.h"
#include "storage/commit_counter.h"
#include "storage/lock.h"
#include "storage/manifest.h"
#include "storage/store.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

constexpr size_t kRepairBatch = 1000;

// Puts the finished index `fresh` in place of `live` atomically (an exchange
// of the two directories); where the file system cannot exchange, two renames.
void SwapIn(const fs::path& fresh, const fs::path& live, const fs::path& work) {
  std::error_code ec;
  if (!fs::exists(live, ec)) {
    fs::rename(fresh, live, ec);
    if (ec) ThrowFs("cannot move the rebuilt index to " + live.string(), ec);
  } else if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, live.c_str(), RENAME_EXCHANGE) != 0) {
    fs::rename(live, work / "xapian.old", ec);
    if (!ec) fs::rename(fresh, live, ec);
    if (ec) ThrowFs("cannot replace " + live.string() + " by the rebuilt index", ec);
  }
  SyncDirectory(live.parent_path().string());
}

}  // namespace

RepairReport Archive::Repair(const std::string& dir, const ArchiveOptions& options) {
  auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(ErrorCode::kNotFound, "no archive at " + dir).WithFile(dir);
  Manifest manifest = Manifest::Read(dir);
  WriteLock lock(dir);
  std::unique_ptr<Store> store = Store::Open((fs::path(dir) / "store").string(), false, false);
  const fs::path work = fs::path(dir) / "xapian.repair";
  fs::remove_all(work, ec);  // what an interrupted repair left
  if (ec) ThrowFs("cannot clear " + work.string(), ec);

  RepairReport report;
  // An article stored before format 4 (IsLegacyArticle) is analysed again
  // (ReanalyzeLegacy: extracted entities and quotations found anew,
  // speakers canonical, entity forms folded as this morgue folds); one of
  // an older format that is not (a repair cut short wrote it already) gets
  // its entity forms made again (RecanonicalizeEntities). Changed articles
  // are written back, logged like any change, before they are indexed. A
  // crash midway leaves the old manifest (Open still refuses) and some
  // articles already rewritten; the next repair finds them current.
  const bool refold = manifest.version < kArchiveFormatVersion;
  // What this repair leaves on failure (a full disk) is removed, not left to
  // fill the disk until the next repair.
  struct RemoveOnFailure {
    const fs::path& work;
    bool done = false;
    ~RemoveOnFailure() {
      std::error_code ignored;
      if (!done) fs::remove_all(work, ignored);
    }
  } cleanup{work};
  uint64_t seq = 0;
  try {
    ShardWriter writer(work.string(), manifest.shards, /*create=*/true);
    writer.set_pairs_from(options.pairs_from);
    writer.set_all_fields(true);
    Manifest repaired = manifest;  // as the repair leaves it
    repaired.version = kArchiveFormatVersion;
    repaired.marks_quotes_outside_body = repaired.all_fields_terms = true;
    writer.set_identity(NodeIdentity(repaired));
    std::vector<Article> articles;
    std::vector<uint64_t> docids;
    std::vector<char> legacy;
    auto flush = [&] {
      StoreBatch rewritten;
      for (size_t i = 0; i < articles.size(); ++i) {
        if (legacy[i]) {
          ReanalyzeLegacy(articles[i]);
        } else if (!refold || !RecanonicalizeEntities(articles[i])) {
          continue;
        }
        std::string bytes;
        EncodeArticle(articles[i], &bytes);
        rewritten.puts.push_back(
            {docids[i], articles[i].source, articles[i].id, std::move(bytes), /*is_new=*/false});
      }
      if (!rewritten.puts.empty()) store->Apply(rewritten);
      std::vector<IndexOp> ops;
      for (size_t i = 0; i < articles.size(); ++i) ops.push_back({docids[i], &articles[i]});
      ops = QuarantineUnindexable(ops, *store);
      const std::vector<std::string> data = AttachArticleData(ops, manifest);
      writer.Apply(ops, 0);
      articles.clear();
      docids.clear();
      legacy.clear();
    };
    store->ForEachArticle([&](uint64_t docid, const std::string& bytes) {
      articles.push_back(DecodeArticle(bytes));  // kCorruption: the store itself is damaged
      docids.push_back(docid);
      legacy.push_back(IsLegacyArticle(bytes) ? 1 : 0);
      ++report.articles;
      if (articles.size() == kRepairBatch) flush();
    });
    flush();
    seq = store->last_seq();
    writer.Apply({}, seq);  // the rebuilt index holds the store's state at `seq`
  } catch (const Xapian::Error& e) {
    ThrowXapian(e, "cannot rebuild the search index of " + dir);
  }
  FollowArchivePermissions((work / "xapian").string(), dir);
  SwapIn(work / "xapian", fs::path(dir) / "xapian", work);
  CommitCounter(dir, /*writable=*/true).Bump();  // readers open the new shards
  cleanup.done = true;
  fs::remove_all(work, ec);
  store->TrimOps(seq);
  if (!manifest.marks_quotes_outside_body || !manifest.all_fields_terms ||
      manifest.version < kArchiveFormatVersion) {
    // Every document was just indexed by this version: the index now marks
    // quotations outside the body and folds as this morgue folds (after the
    // swap, so a crash before this line only leaves the old, safe setting,
    // and an older format that Open refuses until a repair finishes).
    manifest.marks_quotes_outside_body = true;
    manifest.all_fields_terms = true;
    manifest.Write(dir);  // as kArchiveFormatVersion
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace morgue
