// Archive::Repair (the index rebuilt from the store) and Archive::Backup (a
// consistent copy of an archive in use); Archive::Salvage is in archive_salvage.cc.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "indexer/shards.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/archive_impl.h"
#include "storage/codec.h"
#include "storage/lock.h"
#include "storage/manifest.h"
#include "storage/store.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

constexpr size_t kRepairBatch = 1000;
const char* const kCfNames[] = {"default", "articles", "ids", "oplog"};

[[noreturn]] void ThrowFs(const std::string& what, const std::error_code& ec) {
  throw Error(ErrorCode::kIO, what + ": " + ec.message()).WithFile(what);
}

void CheckRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return;
  throw Error(s.IsCorruption() ? ErrorCode::kCorruption : ErrorCode::kIO, what + ": " + s.ToString());
}

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

// Copies every column family of the store at `from` (a read-only snapshot)
// into a new store at `to`.
void CopyStore(const std::string& from, const std::string& to) {
  std::vector<rocksdb::ColumnFamilyHandle*> src_cf, dst_cf;
  rocksdb::DB* src = nullptr;
  rocksdb::Status s = OpenStoreSnapshot(from, &src_cf, &src);
  CheckRocks(s, "cannot open the article store " + from);
  std::unique_ptr<rocksdb::DB> src_db(src);

  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.info_log = NewStoreLogger(to, /*writer=*/true);  // never aborts on a full disk
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kCfNames) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  rocksdb::DB* dst = nullptr;
  s = rocksdb::DB::Open(options, to, cfs, &dst_cf, &dst);
  std::unique_ptr<rocksdb::DB> dst_db(dst);
  auto release = [&] {
    for (auto* h : src_cf) src_db->DestroyColumnFamilyHandle(h);
    if (dst_db) {
      for (auto* h : dst_cf) dst_db->DestroyColumnFamilyHandle(h);
    }
  };
  try {
    CheckRocks(s, "cannot create the store copy " + to);
    for (size_t c = 0; c < src_cf.size(); ++c) {
      std::unique_ptr<rocksdb::Iterator> it(src_db->NewIterator(rocksdb::ReadOptions(), src_cf[c]));
      rocksdb::WriteBatch batch;
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        CheckRocks(batch.Put(dst_cf[c], it->key(), it->value()), "cannot copy " + from);
        if (batch.GetDataSize() > (4 << 20)) {
          CheckRocks(dst_db->Write(rocksdb::WriteOptions(), &batch), "cannot write " + to);
          batch.Clear();
        }
      }
      CheckRocks(it->status(), "cannot read the article store " + from);
      CheckRocks(dst_db->Write(rocksdb::WriteOptions(), &batch), "cannot write " + to);
    }
    rocksdb::FlushOptions flush;
    CheckRocks(dst_db->Flush(flush, dst_cf), "cannot write " + to);
    CheckRocks(dst_db->SyncWAL(), "cannot sync " + to);
  } catch (...) {
    release();
    throw;
  }
  release();
}

}  // namespace

RepairReport Archive::Repair(const std::string& dir) {
  auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(ErrorCode::kNotFound, "no archive at " + dir).WithFile(dir);
  Manifest manifest = Manifest::Read(dir);
  WriteLock lock(dir);
  std::unique_ptr<Store> store = Store::Open((fs::path(dir) / "store").string(), false, false);
  const fs::path work = fs::path(dir) / "xapian.repair";
  fs::remove_all(work, ec);  // what an interrupted repair left
  if (ec) ThrowFs("cannot clear " + work.string(), ec);

  RepairReport report;
  const uint64_t seq = store->last_seq();
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
  try {
    ShardWriter writer(work.string(), manifest.shards, /*create=*/true);
    if (auto n = CountFromEnv("MORGUE_PAIRS_FROM")) writer.set_pairs_from(*n);
    std::vector<Article> articles;
    std::vector<uint64_t> docids;
    auto flush = [&] {
      std::vector<IndexOp> ops;
      for (size_t i = 0; i < articles.size(); ++i) ops.push_back({docids[i], &articles[i]});
      writer.Apply(QuarantineUnindexable(ops, *store), 0);
      articles.clear();
      docids.clear();
    };
    store->ForEachArticle([&](uint64_t docid, const std::string& bytes) {
      articles.push_back(DecodeArticle(bytes));  // kCorruption: the store itself is damaged
      docids.push_back(docid);
      ++report.articles;
      if (articles.size() == kRepairBatch) flush();
    });
    flush();
    writer.Apply({}, seq);  // the rebuilt index holds the store's state at `seq`
  } catch (const Xapian::Error& e) {
    ThrowXapian(e, "cannot rebuild the search index of " + dir);
  }
  FollowArchivePermissions((work / "xapian").string(), dir);
  SwapIn(work / "xapian", fs::path(dir) / "xapian", work);
  cleanup.done = true;
  fs::remove_all(work, ec);
  store->TrimOps(seq);
  if (!manifest.marks_quotes_outside_body) {
    // Every document was just indexed by this version: the index now marks
    // quotations outside the body (after the swap, so a crash before this
    // line only leaves the old, safe setting).
    manifest.marks_quotes_outside_body = true;
    manifest.Write(dir);
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

void Archive::Backup(const std::string& dest) const {
  const Impl& im = *impl_;
  std::error_code ec;
  if (fs::exists(dest, ec) && !fs::is_empty(dest, ec)) {
    throw Error(ErrorCode::kInvalidArgument, "backup destination " + dest + " is not empty")
        .WithFile(dest);
  }
  fs::create_directories(fs::path(dest) / "xapian", ec);
  if (ec) ThrowFs("cannot create " + dest, ec);
  // The copy is readable by exactly whom the archive is: its directory at
  // once, every file in it once written.
  FollowArchivePermissions(dest, im.dir);

  // 1. The index first, each shard from a read snapshot: it can then only be
  // behind the store copied next, which the operation log (or a rebuild)
  // makes good; an index ahead of its store could not be repaired.
  for (unsigned shard = 0; shard < im.manifest.shards; ++shard) {
    const std::string to = ShardPath(dest, shard);
    for (int attempt = 0;; ++attempt) {
      try {
        Xapian::Database db(ShardPath(im.dir, shard));
        db.compact(to, Xapian::DBCOMPACT_NO_RENUMBER);
        break;
      } catch (const Xapian::DatabaseModifiedError& e) {
        fs::remove_all(to, ec);
        if (attempt == 4) ThrowXapian(e, "cannot copy the search index of " + im.dir);
      } catch (const Xapian::Error& e) {
        ThrowXapian(e, "cannot copy the search index of " + im.dir + " to " + dest);
      }
    }
  }
  // 2. A snapshot of the store.
  CopyStore((fs::path(im.dir) / "store").string(), (fs::path(dest) / "store").string());
  // 3. The manifest last: without it the copy is never taken for an archive.
  im.manifest.Write(dest);

  // 4. Bring the copy's index up to its store: replay the log, or rebuild
  // when a writer trimmed log entries the copied index still needed.
  bool gap = false;
  try {
    std::unique_ptr<Store> store = Store::Open((fs::path(dest) / "store").string(), true, false);
    ShardWriter writer(dest, im.manifest.shards, false);
    uint64_t applied = writer.applied();
    std::vector<LogOp> ops = store->OpsAfter(applied);
    gap = applied < store->last_seq() && (ops.empty() || ops.front().seq != applied + 1);
  } catch (const Xapian::Error& e) {
    ThrowXapian(e, "cannot open the copied index in " + dest);
  }
  if (gap) {
    Repair(dest);
  } else {
    Open(dest, OpenMode::kReadWrite);  // catches up and closes
  }
  FollowArchivePermissions(dest, im.dir);
}

}  // namespace morgue
