// The RocksDB side of an archive: articles, the id map, counters and the
// operation log that lets the Xapian side catch up after a crash.
//
// Column families:
//   articles  docid (8-byte big-endian) -> EncodeArticle bytes
//   ids       id '\0' source            -> docid
//   oplog     seq (8-byte big-endian)   -> 'P' or 'D' + docid: put / delete
//   default   "next_docid", "next_seq", "count" -> 8-byte big-endian
#ifndef MORGUE_STORAGE_STORE_H_
#define MORGUE_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rocksdb {
class Logger;
}  // namespace rocksdb

namespace morgue {

// RocksDB's diagnostic log for the store at `path`, for DBOptions::info_log
// of every RocksDB open: unlike RocksDB's own, it never aborts the process
// after a failed write (a full disk). A writer's log goes to `path`/LOG (the
// previous one kept as LOG.old; the directory is created if absent); a
// reader's nowhere, so that readers never rotate a writer's log away.
std::shared_ptr<rocksdb::Logger> NewStoreLogger(const std::string& path, bool writer);

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

  uint64_t ArticleCount() const { return count_; }
  // Total bytes of the store's files.
  uint64_t DiskSize() const;
  // Compacts every column family fully.
  void Compact();

 private:
  struct Handles;
  explicit Store(std::unique_ptr<Handles> h);
  std::unique_ptr<Handles> h_;
  uint64_t next_docid_ = 1;
  uint64_t next_seq_ = 1;
  uint64_t count_ = 0;
};

}  // namespace morgue

#endif  // MORGUE_STORAGE_STORE_H_
