#include "storage/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/table_properties.h>
#include <rocksdb/write_batch.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>

#include "morgue/error.h"
#include "storage/codec.h"
#include "storage/dictionary.h"

namespace morgue {

namespace {

constexpr int kMeta = static_cast<int>(StoreFamily::kMeta);
constexpr int kArticles = static_cast<int>(StoreFamily::kArticles);
constexpr int kIds = static_cast<int>(StoreFamily::kIds);
constexpr int kOplog = static_cast<int>(StoreFamily::kOplog);
constexpr int kFamilies = static_cast<int>(std::size(kStoreFamilyNames));

void Check(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return;
  ErrorCode code = s.IsCorruption() ? ErrorCode::kCorruption
                   : s.IsIOError()  ? ErrorCode::kIO
                                    : ErrorCode::kInternal;
  throw Error(code, what + ": " + s.ToString());
}

std::string IdKey(const std::string& source, const std::string& id) {
  std::string key = id;
  key.push_back('\0');
  key += source;
  return key;
}

constexpr std::string_view kQuarantinePrefix = "quarantine";

constexpr std::string_view kSavedQueryPrefix = "savedquery/";

std::string QuarantineKey(uint64_t docid) {
  return std::string(kQuarantinePrefix) + EncodeDocidKey(docid);
}

// Uncompressed blocks shared by every column family of every store the
// process opens: a page of search results is then read without
// decompressing the blocks again.
std::shared_ptr<rocksdb::Cache> BlockCache() {
  static std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(128 << 20);
  return cache;
}

// RocksDB's diagnostic log for the store at a path, for DBOptions::info_log
// of every RocksDB open (NewStoreLogger). RocksDB's own file logger
// asserts (abort()) when it is written again after a failed write, and
// Debian's librocksdb keeps its assertions: on a full disk the log's next
// line killed the process, so `morgue index` died instead of reporting the
// write that failed. This one writes with stdio and ignores its own write
// errors: the log is only for diagnosis.
class StoreLogger : public rocksdb::Logger {
 public:
  StoreLogger(const std::string& store_path, bool writer)
      : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {
    if (!writer) return;
    std::string path = store_path + "/LOG";
    std::error_code ec;
    std::filesystem::create_directories(store_path, ec);
    std::filesystem::rename(path, path + ".old", ec);
    // Never through a link planted at LOG (it would be truncated).
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) file_ = ::fdopen(fd, "w");
    if (fd >= 0 && !file_) ::close(fd);
  }
  ~StoreLogger() override {
    if (file_) std::fclose(file_);
  }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (!file_) return;
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ ", &tm);
    std::lock_guard<std::mutex> lock(mutex_);
    std::fputs(stamp, file_);
    std::vfprintf(file_, format, ap);
    std::fputc('\n', file_);
    std::fflush(file_);
  }

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
};

// A writer's log goes to `path`/LOG (the previous one kept as LOG.old; the
// directory is created if absent); a reader's nowhere, so that readers never
// rotate a writer's log away.
std::shared_ptr<rocksdb::Logger> NewStoreLogger(const std::string& path, bool writer) {
  return std::make_shared<StoreLogger>(path, writer);
}

rocksdb::ColumnFamilyOptions CfOptions(int cf) {
  rocksdb::ColumnFamilyOptions o;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = BlockCache();
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  if (cf == kArticles) {
    t.block_size = 64 * 1024;  // whole articles: larger blocks compress better
    // A lookup scans a block's entries from the restart point before the
    // key, and with ~3 KB articles every entry is a cache miss: restart
    // every 4 entries instead of 16.
    t.block_restart_interval = 4;
    o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
    o.write_buffer_size = 32 << 20;
    // Compact() switches to kCompactedArticles for its run only.
  }
  return o;
}

// Compacted articles: ZSTD level 19 with a dictionary trained on 11 MB of
// the data, since news text repeats (bylines, datelines, boilerplate) across
// articles; 64 to 512 KiB after the size of the articles
// (storage/dictionary.h). Only Store::Compact uses it. Background
// compactions while indexing keep plain ZSTD: with a dictionary each one
// holds a whole output file (64 MiB) uncompressed to sample it, and level 19
// took as much CPU as half of the indexing itself at 1M articles.
std::string CompactedArticles(uint64_t dictionary_bytes) {
  return "{enabled=true;level=19;max_dict_bytes=" + std::to_string(dictionary_bytes) +
         ";zstd_max_train_bytes=11468800}";
}
constexpr char kLoadingArticles[] =
    "{enabled=false;level=32767;max_dict_bytes=0;zstd_max_train_bytes=0}";

// The articles' bytes uncompressed (the keys and values of every table file,
// and the memtables), whatever their compression now: compacting again
// picks the same dictionary.
uint64_t UncompressedArticleBytes(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                                  const std::string& path) {
  rocksdb::TablePropertiesCollection tables;
  Check(db->GetPropertiesOfAllTables(cf, &tables), "cannot read the tables of " + path);
  uint64_t bytes = 0;
  for (const auto& [file, props] : tables) bytes += props->raw_key_size + props->raw_value_size;
  uint64_t in_memory = 0;
  if (db->GetIntProperty(cf, "rocksdb.cur-size-all-mem-tables", &in_memory)) bytes += in_memory;
  return bytes;
}

// A read-only open of the store at `path` with its column families (in
// StoreFamily order), logging nowhere, tried again a few times (Store::OpenSnapshot).
rocksdb::Status OpenSnapshotDb(const std::string& path,
                               std::vector<rocksdb::ColumnFamilyHandle*>* cf, rocksdb::DB** db) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kStoreFamilyNames) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  rocksdb::DBOptions options;
  options.info_log_level = rocksdb::InfoLogLevel::FATAL_LEVEL;
  options.info_log = NewStoreLogger(path, /*writer=*/false);
  rocksdb::Status s;
  for (int attempt = 0; attempt < 10; ++attempt) {
    cf->clear();
    s = rocksdb::DB::OpenForReadOnly(options, path, cfs, cf, db);
    if (s.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return s;
}

// Calls fn(docid, bytes) for every readable article of the articles column
// family `cf` of `db`, in docid order, reading past damaged blocks
// (Store::ForEachArticleSalvaging); `last_docid` (and the last key) bound the
// search.
void ScanArticlesSalvaging(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, uint64_t last_docid,
                           const std::function<void(uint64_t, std::string_view)>& fn,
                           const std::function<void(const LostRange&)>& on_lost) {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  // The first docid >= target that can be read, or nullopt when a read at
  // target fails (`status` says why) or nothing follows (`status` ok).
  auto first_from = [&](uint64_t target, rocksdb::Status* status) -> std::optional<uint64_t> {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, cf));
    it->Seek(EncodeDocidKey(target));
    *status = it->status();
    if (!it->Valid() || it->key().size() != 8) return std::nullopt;
    return DecodeDocidKey(it->key().ToStringView());
  };
  {
    // The counter may be stale or unreadable: the last key bounds it too.
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, cf));
    it->SeekToLast();
    if (it->Valid() && it->key().size() == 8) {
      last_docid = std::max(last_docid, DecodeDocidKey(it->key().ToStringView()));
    } else if (!it->status().ok()) {
      last_docid = std::max<uint64_t>(last_docid, uint64_t{1} << 62);
    }
  }
  // Seeks one docid at a time past a damaged block (a seek lands in the
  // block holding the first key at or after its target, so the first seek
  // that reads is the first readable article: readable blocks between two
  // damaged ones are not skipped); past this many, by doubling steps.
  constexpr uint64_t kSingleSteps = 65536;
  uint64_t from = 0;
  for (;;) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, cf));
    uint64_t last_read = from == 0 ? 0 : from - 1;
    for (it->Seek(EncodeDocidKey(from)); it->Valid(); it->Next()) {
      if (it->key().size() != 8) continue;
      last_read = DecodeDocidKey(it->key().ToStringView());
      fn(last_read, it->value().ToStringView());
    }
    if (it->status().ok()) return;
    const std::string reason = it->status().ToString();
    rocksdb::Status s;
    std::optional<uint64_t> next;
    uint64_t bad = last_read, good = 0;
    for (uint64_t step = 1; step != 0; step = step < kSingleSteps ? step + 1 : step * 2) {
      const uint64_t target = last_read + step;
      if (target > last_docid || target <= last_read) break;  // nothing readable follows
      next = first_from(target, &s);
      if (s.ok()) {
        good = target;
        break;
      }
      bad = target;
    }
    if (good == 0) {
      on_lost({last_read + 1, std::max(last_read + 1, last_docid), reason});
      return;
    }
    // After doubling steps, the first target that reads lies in (bad, good].
    while (good - bad > 1) {
      const uint64_t mid = bad + (good - bad) / 2;
      std::optional<uint64_t> at = first_from(mid, &s);
      if (s.ok()) {
        good = mid;
        next = at;
      } else {
        bad = mid;
      }
    }
    on_lost({last_read + 1, next ? *next - 1 : std::max(last_read + 1, last_docid), reason});
    if (!next) return;
    from = *next;
  }
}

}  // namespace

struct Store::Handles {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cf;
  std::string path;
  bool read_only = true;
  ~Handles() {
    if (!db) return;
    if (!read_only) {
      // Leave the data in compressed table files rather than in the log:
      // readers then open without replaying it. Durability never depends on
      // this (every batch was already synced to the log).
      (void)db->Flush(rocksdb::FlushOptions(), cf);
    }
    for (auto* h : cf) db->DestroyColumnFamilyHandle(h);
    db->Close();
  }
};

Store::Store(std::unique_ptr<Handles> h) : h_(std::move(h)) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::Open(const std::string& path, bool read_only, bool create) {
  rocksdb::DBOptions options;
  options.create_if_missing = create;
  options.create_missing_column_families = create;
  options.error_if_exists = false;
  options.track_and_verify_wals_in_manifest = false;
  options.max_background_jobs = 2;
  // All memtables together, whatever the number of column families: with
  // RocksDB's per-family default (64 MiB, two of them) a large load held
  // hundreds of MiB.
  options.db_write_buffer_size = 32 << 20;
  std::error_code ec;
  if (!create && !std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec)) {
    // Without CURRENT RocksDB cannot find its MANIFEST (and calls that an
    // invalid argument, which was reported as an internal error): part of
    // the store is gone.
    throw Error(ErrorCode::kCorruption,
                "cannot open article store " + path + ": its CURRENT file is missing");
  }
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.info_log = NewStoreLogger(path, !read_only);
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (int i = 0; i < kFamilies; ++i) cfs.emplace_back(kStoreFamilyNames[i], CfOptions(i));

  auto h = std::make_unique<Handles>();
  h->path = path;
  h->read_only = read_only;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s;
  for (int attempt = 0;; ++attempt) {
    h->cf.clear();
    s = read_only ? rocksdb::DB::OpenForReadOnly(options, path, cfs, &h->cf, &db)
                  : rocksdb::DB::Open(options, path, cfs, &h->cf, &db);
    // A writer may delete a log or table file between a reader's reading of
    // the file list and its opening of the file: look again.
    if (s.ok() || !read_only || attempt == 9 || !(s.IsPathNotFound() || s.IsIOError())) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!create && s.IsPathNotFound()) {
    // The MANIFEST CURRENT names, or the directory, gone: damage, not a
    // passing I/O fault, and never a reason to start an empty store.
    throw Error(ErrorCode::kCorruption,
                "cannot open article store " + path + ": a file of it is missing: " + s.ToString());
  }
  Check(s, "cannot open article store " + path);
  h->db.reset(db);

  std::unique_ptr<Store> store(new Store(std::move(h)));
  store->ReadCounters(/*lenient=*/false);
  for (const QuarantineEntry& e : store->Quarantined()) store->quarantined_.insert(e.docid);
  return store;
}

std::unique_ptr<Store> Store::OpenSnapshot(const std::string& path) {
  auto h = std::make_unique<Handles>();
  h->path = path;
  h->read_only = true;
  rocksdb::DB* db = nullptr;
  // The words Backup said before OpenSnapshot (Check takes them off again).
  Check(OpenSnapshotDb(path, &h->cf, &db), "cannot open the article store " + path);
  h->db.reset(db);
  std::unique_ptr<Store> store(new Store(std::move(h)));
  store->ReadCounters(/*lenient=*/true);
  return store;
}

void Store::ReadCounters(bool lenient) {
  auto read = [&](const char* key, uint64_t start) {
    std::string v;
    rocksdb::Status st = h_->db->Get(rocksdb::ReadOptions(), h_->cf[kMeta], key, &v);
    if (st.IsNotFound()) return start;
    if (lenient) return st.ok() && v.size() == 8 ? DecodeDocidKey(v) : start;
    Check(st, "cannot read store metadata");
    return DecodeDocidKey(v);  // kCorruption when not 8 bytes
  };
  next_docid_ = read("next_docid", 1);
  next_seq_ = read("next_seq", 1);
  count_ = read("count", 0);
  // Docids and log sequence numbers start at 1: a counter of 0 is damage.
  // A writer would hand out docid or sequence number 0 and then overwrite
  // what 1 holds: refused. A reader takes it as "none allocated", so that
  // last_docid() and last_seq() say 0 rather than wrapping round to 2^64 - 1
  // (Check compares the index's applied mark with last_seq()).
  if (next_docid_ != 0 && next_seq_ != 0) return;
  if (!lenient && !h_->read_only) {
    throw Error(ErrorCode::kCorruption,
                "cannot open article store " + h_->path + " for writing: its " +
                    (next_docid_ == 0 ? "docid" : "sequence") +
                    " counter is 0, which no store writes (damaged); morgue repair --salvage NEW "
                    "copies every readable article to a new archive");
  }
  next_docid_ = std::max<uint64_t>(next_docid_, 1);
  next_seq_ = std::max<uint64_t>(next_seq_, 1);
}

std::optional<uint64_t> Store::FindDocid(const std::string& source, const std::string& id) const {
  std::string v;
  rocksdb::Status s = h_->db->Get(rocksdb::ReadOptions(), h_->cf[kIds], IdKey(source, id), &v);
  if (s.IsNotFound()) return std::nullopt;
  Check(s, "cannot read id map");
  return DecodeDocidKey(v);
}

std::vector<StoredId> Store::FindById(const std::string& id) const {
  std::vector<StoredId> out;
  std::string prefix = id;
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it(h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf[kIds]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    StoredId sid;
    sid.id = id;
    sid.source = it->key().ToString().substr(prefix.size());
    sid.docid = DecodeDocidKey(it->value().ToStringView());
    out.push_back(std::move(sid));
  }
  Check(it->status(), "cannot read id map");
  return out;
}

std::optional<StoredId> Store::Resolve(const std::string& id) const {
  // A bare id, or "source/id" with the source ending at any of the slashes
  // (a source may hold one): every reading that names an article counts.
  std::vector<StoredId> found = FindById(id);
  for (size_t slash = id.find('/'); slash != std::string::npos; slash = id.find('/', slash + 1)) {
    StoredId s{id.substr(0, slash), id.substr(slash + 1), 0};
    if (auto docid = FindDocid(s.source, s.id)) {
      s.docid = *docid;
      found.push_back(std::move(s));
    }
  }
  if (found.size() > 1) {
    std::string names;
    for (const auto& f : found) names += (names.empty() ? "" : ", ") + f.source + "/" + f.id;
    throw Error(ErrorCode::kInvalidArgument, "id " + id + " names several articles: " + names);
  }
  if (found.size() == 1) return found[0];
  return std::nullopt;
}

std::optional<std::string> Store::GetArticle(uint64_t docid) const {
  std::string v;
  rocksdb::Status s =
      h_->db->Get(rocksdb::ReadOptions(), h_->cf[kArticles], EncodeDocidKey(docid), &v);
  if (s.IsNotFound()) return std::nullopt;
  Check(s, "cannot read article");
  return v;
}

std::vector<std::optional<std::string>> Store::GetArticles(
    const std::vector<uint64_t>& docids) const {
  std::vector<std::string> keys;
  keys.reserve(docids.size());
  for (uint64_t d : docids) keys.push_back(EncodeDocidKey(d));
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  h_->db->MultiGet(rocksdb::ReadOptions(), h_->cf[kArticles], slices.size(), slices.data(),
                   values.data(), statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    Check(statuses[i], "cannot read article");
    out[i] = values[i].ToString();
  }
  return out;
}

void Store::ForEachArticle(const std::function<void(uint64_t, const std::string&)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(h_->db->NewIterator(ro, h_->cf[kArticles]));
  std::string value;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    value.assign(it->value().data(), it->value().size());
    fn(DecodeDocidKey(it->key().ToStringView()), value);
  }
  Check(it->status(), "cannot read articles");
}

std::vector<LostRange> Store::ForEachArticleSalvaging(
    const std::function<void(uint64_t, std::string_view)>& fn) const {
  std::vector<LostRange> lost;
  ScanArticlesSalvaging(h_->db.get(), h_->cf[kArticles], last_docid(), fn,
                        [&](const LostRange& r) { lost.push_back(r); });
  return lost;
}

std::string Store::ScanFamily(
    StoreFamily family, const std::function<void(std::string_view, std::string_view)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(
      h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf[static_cast<int>(family)]));
  for (it->SeekToFirst(); it->Valid(); it->Next())
    fn(it->key().ToStringView(), it->value().ToStringView());
  return it->status().ok() ? "" : it->status().ToString();
}

std::string Store::VerifyChecksums() const {
  rocksdb::Status s = h_->db->VerifyChecksum();
  return s.ok() ? "" : s.ToString();
}

void Store::CopyTo(const std::string& to) const {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.info_log = NewStoreLogger(to, /*writer=*/true);  // never aborts on a full disk
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (int i = 0; i < kFamilies; ++i) cfs.emplace_back(kStoreFamilyNames[i], CfOptions(i));
  std::vector<rocksdb::ColumnFamilyHandle*> dst_cf;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, to, cfs, &dst_cf, &raw);
  std::unique_ptr<rocksdb::DB> dst(raw);
  struct Release {
    std::unique_ptr<rocksdb::DB>& db;
    std::vector<rocksdb::ColumnFamilyHandle*>& cf;
    ~Release() {
      if (!db) return;
      for (auto* h : cf) db->DestroyColumnFamilyHandle(h);
    }
  } release{dst, dst_cf};
  Check(s, "cannot create the store copy " + to);
  for (size_t c = 0; c < h_->cf.size(); ++c) {
    std::unique_ptr<rocksdb::Iterator> it(h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf[c]));
    rocksdb::WriteBatch batch;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      Check(batch.Put(dst_cf[c], it->key(), it->value()), "cannot copy " + h_->path);
      if (batch.GetDataSize() > (4 << 20)) {
        Check(dst->Write(rocksdb::WriteOptions(), &batch), "cannot write " + to);
        batch.Clear();
      }
    }
    Check(it->status(), "cannot read the article store " + h_->path);
    Check(dst->Write(rocksdb::WriteOptions(), &batch), "cannot write " + to);
  }
  Check(dst->Flush(rocksdb::FlushOptions(), dst_cf), "cannot write " + to);
  Check(dst->SyncWAL(), "cannot sync " + to);
}

void Store::ForEachId(
    const std::function<void(const std::string&, const std::string&, uint64_t)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf[kIds]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string key = it->key().ToString();
    const size_t nul = key.find('\0');
    if (nul == std::string::npos || it->value().size() != 8) continue;
    fn(key.substr(nul + 1), key.substr(0, nul), DecodeDocidKey(it->value().ToStringView()));
  }
  Check(it->status(), "cannot read id map");
}

std::vector<StoredId> Store::IdsIn(const std::vector<LostRange>& ranges) const {
  std::vector<StoredId> out;
  if (ranges.empty()) return out;
  ForEachId([&](const std::string& source, const std::string& id, uint64_t docid) {
    for (const LostRange& r : ranges) {
      if (docid >= r.first && docid <= r.last) {
        out.push_back({source, id, docid});
        break;
      }
    }
  });
  std::sort(out.begin(), out.end(),
            [](const StoredId& a, const StoredId& b) { return a.docid < b.docid; });
  return out;
}

uint64_t Store::AllocateDocid() { return next_docid_++; }

void Store::ReserveDocids(uint64_t next) { next_docid_ = std::max(next_docid_, next); }

uint64_t Store::Apply(const StoreBatch& batch) {
  rocksdb::WriteBatch wb;
  uint64_t seq = next_seq_;
  uint64_t count = count_;
  auto log = [&](char type, uint64_t docid) {
    std::string op(1, type);
    op += EncodeDocidKey(docid);
    Check(wb.Put(h_->cf[kOplog], EncodeDocidKey(seq++), op), "cannot build batch");
  };
  for (const auto& d : batch.deletes) {
    Check(wb.Delete(h_->cf[kArticles], EncodeDocidKey(d.docid)), "cannot build batch");
    if (quarantined_.count(d.docid)) {
      Check(wb.Delete(h_->cf[kMeta], QuarantineKey(d.docid)), "cannot build batch");
    }
    Check(wb.Delete(h_->cf[kIds], IdKey(d.source, d.id)), "cannot build batch");
    log('D', d.docid);
    --count;
  }
  for (const auto& p : batch.puts) {
    Check(wb.Put(h_->cf[kArticles], EncodeDocidKey(p.docid), p.bytes), "cannot build batch");
    if (quarantined_.count(p.docid)) {
      Check(wb.Delete(h_->cf[kMeta], QuarantineKey(p.docid)), "cannot build batch");
    }
    if (p.is_new) {
      Check(wb.Put(h_->cf[kIds], IdKey(p.source, p.id), EncodeDocidKey(p.docid)),
            "cannot build batch");
      ++count;
    }
    log('P', p.docid);
  }
  Check(wb.Put(h_->cf[kMeta], "next_docid", EncodeDocidKey(next_docid_)), "cannot build batch");
  Check(wb.Put(h_->cf[kMeta], "next_seq", EncodeDocidKey(seq)), "cannot build batch");
  Check(wb.Put(h_->cf[kMeta], "count", EncodeDocidKey(count)), "cannot build batch");
  rocksdb::WriteOptions wo;
  wo.sync = true;
  Check(h_->db->Write(wo, &wb), "cannot write to article store " + h_->path);
  next_seq_ = seq;
  count_ = count;
  for (const auto& d : batch.deletes) quarantined_.erase(d.docid);
  for (const auto& p : batch.puts) quarantined_.erase(p.docid);
  return seq - 1;
}

std::vector<LogOp> Store::OpsAfter(uint64_t seq) const {
  std::vector<LogOp> ops;
  std::unique_ptr<rocksdb::Iterator> it(
      h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf[kOplog]));
  for (it->Seek(EncodeDocidKey(seq + 1)); it->Valid(); it->Next()) {
    auto v = it->value().ToStringView();
    if (v.size() != 9 || (v[0] != 'P' && v[0] != 'D')) {
      throw Error(ErrorCode::kCorruption, "malformed operation log entry in " + h_->path);
    }
    ops.push_back(
        {DecodeDocidKey(it->key().ToStringView()), v[0] == 'D', DecodeDocidKey(v.substr(1))});
  }
  Check(it->status(), "cannot read operation log");
  return ops;
}

void Store::TrimOps(uint64_t seq) {
  rocksdb::WriteOptions wo;
  Check(h_->db->DeleteRange(wo, h_->cf[kOplog], EncodeDocidKey(0), EncodeDocidKey(seq + 1)),
        "cannot trim operation log");
}

std::optional<QuarantineEntry> ParseQuarantineEntry(std::string_view key, std::string_view value) {
  if (!key.starts_with(kQuarantinePrefix) || key.size() != kQuarantinePrefix.size() + 8) {
    return std::nullopt;
  }
  QuarantineEntry e;
  e.docid = DecodeDocidKey(key.substr(kQuarantinePrefix.size()));
  size_t nul = value.find('\0');
  e.name = std::string(value.substr(0, nul));
  if (nul != std::string_view::npos) e.reason = std::string(value.substr(nul + 1));
  return e;
}

void Store::Quarantine(const std::vector<QuarantineEntry>& entries) {
  rocksdb::WriteBatch wb;
  for (const QuarantineEntry& e : entries) {
    Check(wb.Put(h_->cf[kMeta], QuarantineKey(e.docid), e.name + '\0' + e.reason),
          "cannot build batch");
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  Check(h_->db->Write(wo, &wb), "cannot write to article store " + h_->path);
  for (const QuarantineEntry& e : entries) quarantined_.insert(e.docid);
}

std::optional<std::pair<std::string, std::string>> ParseSavedQueryEntry(std::string_view key,
                                                                        std::string_view value) {
  if (!key.starts_with(kSavedQueryPrefix) || key.size() == kSavedQueryPrefix.size()) {
    return std::nullopt;
  }
  return std::make_pair(std::string(key.substr(kSavedQueryPrefix.size())), std::string(value));
}

void Store::PutSavedQuery(const std::string& name, const std::string& query) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  Check(h_->db->Put(wo, h_->cf[kMeta], std::string(kSavedQueryPrefix) + name, query),
        "cannot write to article store " + h_->path);
}

bool Store::DeleteSavedQuery(const std::string& name) {
  if (!GetSavedQuery(name)) return false;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  Check(h_->db->Delete(wo, h_->cf[kMeta], std::string(kSavedQueryPrefix) + name),
        "cannot write to article store " + h_->path);
  return true;
}

std::optional<std::string> Store::GetSavedQuery(const std::string& name) const {
  std::string value;
  rocksdb::Status st = h_->db->Get(rocksdb::ReadOptions(), h_->cf[kMeta],
                                   std::string(kSavedQueryPrefix) + name, &value);
  if (st.IsNotFound()) return std::nullopt;
  Check(st, "cannot read the saved queries of " + h_->path);
  return value;
}

std::vector<std::pair<std::string, std::string>> Store::SavedQueries() const {
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf[kMeta]));
  const rocksdb::Slice prefix(kSavedQueryPrefix.data(), kSavedQueryPrefix.size());
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (auto e = ParseSavedQueryEntry(it->key().ToStringView(), it->value().ToStringView())) {
      out.push_back(std::move(*e));
    }
  }
  Check(it->status(), "cannot read the saved queries of " + h_->path);
  return out;
}

std::vector<QuarantineEntry> Store::Quarantined() const {
  std::vector<QuarantineEntry> out;
  std::unique_ptr<rocksdb::Iterator> it(h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf[kMeta]));
  const rocksdb::Slice prefix(kQuarantinePrefix.data(), kQuarantinePrefix.size());
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::optional<QuarantineEntry> e =
        ParseQuarantineEntry(it->key().ToStringView(), it->value().ToStringView());
    if (!e) throw Error(ErrorCode::kCorruption, "a malformed quarantine entry in " + h_->path);
    out.push_back(std::move(*e));
  }
  Check(it->status(), "cannot read the quarantine of " + h_->path);
  return out;
}

void Store::Compact() {
  auto set_articles = [&](const std::string& compression) {
    Check(h_->db->SetOptions(h_->cf[kArticles], {{"bottommost_compression_opts", compression}}),
          "cannot set the compression of " + h_->path);
  };
  const uint64_t raw = UncompressedArticleBytes(h_->db.get(), h_->cf[kArticles], h_->path);
  set_articles(CompactedArticles(CompactedDictionaryBytes(raw)));
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* cf : h_->cf) Check(h_->db->CompactRange(o, cf, nullptr, nullptr), "cannot compact");
  set_articles(kLoadingArticles);
}

}  // namespace morgue
