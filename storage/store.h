// The RocksDB side of an archive: articles, the id map, counters and the
// operation log that lets the Xapian side catch up after a crash.
//
// Column families:
//   articles  docid (8-byte big-endian) -> EncodeArticle bytes
//   ids       id '\0' source            -> docid
//   oplog     seq (8-byte big-endian)   -> 'P' or 'D' + docid: put / delete
//   default   "next_docid", "next_seq", "count" -> 8-byte big-endian;
//             "quarantine" + docid (8-byte big-endian) -> "source/id" '\0' reason
#ifndef MORGUE_STORAGE_STORE_H_
#define MORGUE_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Logger;
class Status;
}  // namespace rocksdb

namespace morgue {

// RocksDB's diagnostic log for the store at `path`, for DBOptions::info_log
// of every RocksDB open: unlike RocksDB's own, it never aborts the process
// after a failed write (a full disk). A writer's log goes to `path`/LOG (the
// previous one kept as LOG.old; the directory is created if absent); a
// reader's nowhere, so that readers never rotate a writer's log away.
std::shared_ptr<rocksdb::Logger> NewStoreLogger(const std::string& path, bool writer);

// Opens a read-only snapshot of the store at `path` with its column families
// (default, articles, ids, oplog, in that order) for Check and Backup,
// logging nowhere. A writer's compaction may delete a table file between the
// snapshot's reading of the file list and its opening of the file: the open
// is tried again a few times before its status is returned.
rocksdb::Status OpenStoreSnapshot(const std::string& path,
                                  std::vector<rocksdb::ColumnFamilyHandle*>* cf, rocksdb::DB** db);

// Docids first..last (inclusive) whose articles could not be read: the block
// of the store that held them is damaged. Which of those docids held an
// article is unknown (docids of deleted articles are never reused).
struct LostRange {
  uint64_t first = 0;
  uint64_t last = 0;
  std::string reason;  // RocksDB's status, naming the table file and offset
};

// Calls fn(docid, bytes) for every readable article of the articles column
// family `cf` of `db`, in docid order, reading past damaged blocks: each
// stretch that cannot be read is passed to on_lost, and the scan goes on at
// the first readable docid after it (found by seeking, since a seek past a
// damaged block lands in the next one: one docid at a time, so that a
// readable block between two damaged ones is read). `last_docid` (and the
// last key) bound the search.
void ScanArticlesSalvaging(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, uint64_t last_docid,
                           const std::function<void(uint64_t, std::string_view)>& fn,
                           const std::function<void(const LostRange&)>& on_lost);

struct StoredId {
  std::string source;
  std::string id;
  uint64_t docid = 0;
};

// One operation of the log: an article put at docid, or deleted from it.
struct LogOp {
  uint64_t seq = 0;
  bool is_delete = false;
  uint64_t docid = 0;
};

// A stored article the index cannot take (written by an older morgue that
// did not check articles before logging them): kept in the store, not
// searchable, reported by Archive::Check and Stats until it is replaced or
// deleted.
struct QuarantineEntry {
  uint64_t docid = 0;
  std::string name;    // "source/id"
  std::string reason;  // why the index refuses it
};

// The quarantine entry a key and value of the default column family hold;
// nullopt for any other key.
std::optional<QuarantineEntry> ParseQuarantineEntry(std::string_view key, std::string_view value);

// Changes applied together, atomically and durably, by Store::Apply.
struct StoreBatch {
  struct Put {
    uint64_t docid;
    std::string source, id, bytes;
    bool is_new;
  };
  struct Del {
    uint64_t docid;
    std::string source, id;
  };
  std::vector<Put> puts;
  std::vector<Del> deletes;
};

class Store {
 public:
  // Opens (or, with create, creates) the RocksDB store at `path`.
  static std::unique_ptr<Store> Open(const std::string& path, bool read_only, bool create);
  ~Store();

  std::optional<uint64_t> FindDocid(const std::string& source, const std::string& id) const;
  // Every stored article with this id, whatever its source.
  std::vector<StoredId> FindById(const std::string& id) const;

  // The article named by `id`: "source/id", or a bare id that one source
  // uses. nullopt when there is none; Error(kInvalidArgument) naming the
  // candidates when several sources use the bare id.
  std::optional<StoredId> Resolve(const std::string& id) const;

  std::optional<std::string> GetArticle(uint64_t docid) const;
  // One MultiGet for a page of results; a missing docid gives nullopt.
  std::vector<std::optional<std::string>> GetArticles(const std::vector<uint64_t>& docids) const;
  // Calls fn(docid, bytes) for every article in docid order.
  void ForEachArticle(const std::function<void(uint64_t, const std::string&)>& fn) const;
  // The same, reading past damaged blocks (ScanArticlesSalvaging); returns
  // what could not be read.
  std::vector<LostRange> ForEachArticleSalvaging(
      const std::function<void(uint64_t, std::string_view)>& fn) const;
  // Every (source, id) of the id map whose docid lies in one of `ranges`,
  // with its docid (the names of articles lost in them), as far as the id
  // map itself can be read.
  std::vector<StoredId> IdsIn(const std::vector<LostRange>& ranges) const;
  // Calls fn(source, id, docid) for every entry of the id map.
  void ForEachId(const std::function<void(const std::string&, const std::string&, uint64_t)>& fn) const;
  // The highest docid ever allocated.
  uint64_t last_docid() const { return next_docid_ - 1; }

  // Allocates the next docid (writer only; made durable by the next Apply).
  uint64_t AllocateDocid();
  // Writes the batch and its log entries with one synced WriteBatch.
  // Returns the log sequence number of the last entry.
  uint64_t Apply(const StoreBatch& batch);
  // The log entries after `seq`, in order.
  std::vector<LogOp> OpsAfter(uint64_t seq) const;
  // Drops log entries up to and including `seq` (they are applied everywhere).
  void TrimOps(uint64_t seq);
  uint64_t last_seq() const { return next_seq_ - 1; }

  // Records `entries` durably (synced). Store::Apply clears an entry when
  // its docid is written or deleted again.
  void Quarantine(const std::vector<QuarantineEntry>& entries);
  // Every quarantined article, in docid order.
  std::vector<QuarantineEntry> Quarantined() const;

  uint64_t ArticleCount() const { return count_; }
  // Compacts every column family fully.
  void Compact();

 private:
  struct Handles;
  explicit Store(std::unique_ptr<Handles> h);
  std::unique_ptr<Handles> h_;
  uint64_t next_docid_ = 1;
  uint64_t next_seq_ = 1;
  uint64_t count_ = 0;
  std::set<uint64_t> quarantined_;  // docids of Quarantined()
};

}  // namespace morgue

#endif  // MORGUE_STORAGE_STORE_H_
