// The RocksDB side of an archive: articles, the id map, counters and the
// operation log that lets the Xapian side catch up after a crash. Store is
// the only code that opens RocksDB; no RocksDB type leaves store.cc.
//
// Column families (StoreFamily):
//   articles  docid (8-byte big-endian) -> EncodeArticle bytes
//   ids       id '\0' source            -> docid
//   oplog     seq (8-byte big-endian)   -> 'P' or 'D' + docid: put / delete
//   default   "next_docid", "next_seq", "count" -> 8-byte big-endian;
//             "quarantine" + docid (8-byte big-endian) -> "source/id" '\0' reason
//             "savedquery/" + name -> the query text (Archive::SaveQuery)
#ifndef MORGUE_STORAGE_STORE_H_
#define MORGUE_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/article_source.h"

namespace morgue {

// The store's column families, in the order they are opened.
enum class StoreFamily { kMeta = 0, kArticles = 1, kIds = 2, kOplog = 3 };
// Their RocksDB names ("default" is kMeta), indexed by StoreFamily.
inline constexpr const char* kStoreFamilyNames[] = {"default", "articles", "ids", "oplog"};

// Docids first..last (inclusive) whose articles could not be read: the block
// of the store that held them is damaged. Which of those docids held an
// article is unknown (docids of deleted articles are never reused).
struct LostRange {
  uint64_t first = 0;
  uint64_t last = 0;
  std::string reason;  // RocksDB's status, naming the table file and offset
};

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

// The saved query (name, query text) a key and value of the default column
// family hold; nullopt for any other key.
std::optional<std::pair<std::string, std::string>> ParseSavedQueryEntry(std::string_view key,
                                                                        std::string_view value);

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

class Store : public ArticleSource {
 public:
  // Opens (or, with create, creates) the RocksDB store at `path`. Throws
  // Error(kCorruption) when a file of it is missing or damaged, kIO.
  static std::unique_ptr<Store> Open(const std::string& path, bool read_only, bool create);
  // Opens a read-only snapshot of the store at `path` for Check and Backup,
  // logging nowhere and trusting nothing: counters that cannot be read are
  // taken as 0, and the quarantine is not read. A writer's compaction may
  // delete a table file between the snapshot's reading of the file list and
  // its opening of the file: the open is tried again a few times. Throws
  // Error(kCorruption) or kIO "cannot open the article store PATH: <RocksDB's
  // status>" (the words of Backup's message before issue 16).
  static std::unique_ptr<Store> OpenSnapshot(const std::string& path);
  ~Store() override;

  std::optional<uint64_t> FindDocid(const std::string& source, const std::string& id) const;
  // Every stored article with this id, whatever its source.
  std::vector<StoredId> FindById(const std::string& id) const;

  // The article named by `id`: "source/id", or a bare id that one source
  // uses. nullopt when there is none; Error(kInvalidArgument) naming the
  // candidates when several sources use the bare id.
  std::optional<StoredId> Resolve(const std::string& id) const;

  std::optional<std::string> GetArticle(uint64_t docid) const;
  // One MultiGet for a page of results; a missing docid gives nullopt.
  std::vector<std::optional<std::string>> GetArticles(
      const std::vector<uint64_t>& docids) const override;
  // Calls fn(docid, bytes) for every article in docid order.
  void ForEachArticle(const std::function<void(uint64_t, const std::string&)>& fn) const;
  // The same, reading past damaged blocks: each stretch that cannot be read
  // is returned, and the scan goes on at the first readable docid after it
  // (found by seeking, since a seek past a damaged block lands in the next
  // one: one docid at a time, so that a readable block between two damaged
  // ones is read). last_docid() and the last key bound the search.
  std::vector<LostRange> ForEachArticleSalvaging(
      const std::function<void(uint64_t, std::string_view)>& fn) const;
  // Calls fn(key, value) for every entry of `family` in key order, for
  // Check. Returns "" when all was read, else RocksDB's status of the read
  // that failed (the scan stops there).
  std::string ScanFamily(StoreFamily family,
                         const std::function<void(std::string_view, std::string_view)>& fn) const;
  // RocksDB's verification of every table file's checksums: "" when they
  // hold, else its status naming the file.
  std::string VerifyChecksums() const;
  // Writes a copy of every column family to a new store at `to` (absent or
  // empty), synced before it returns: with a snapshot (OpenSnapshot), a
  // consistent copy of a store in use. Throws kIO, kCorruption.
  void CopyTo(const std::string& to) const;
  // Every (source, id) of the id map whose docid lies in one of `ranges`,
  // with its docid (the names of articles lost in them), as far as the id
  // map itself can be read.
  std::vector<StoredId> IdsIn(const std::vector<LostRange>& ranges) const;
  // Calls fn(source, id, docid) for every entry of the id map.
  void ForEachId(
      const std::function<void(const std::string&, const std::string&, uint64_t)>& fn) const;
  // The highest docid ever allocated.
  uint64_t last_docid() const { return next_docid_ - 1; }

  // Allocates the next docid (writer only; made durable by the next Apply).
  uint64_t AllocateDocid();
  // Makes the next docid at least `next` (writer only; made durable by the
  // next Apply): a cluster's node skips the docids of other nodes' articles.
  void ReserveDocids(uint64_t next);
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

  // Saved queries (Archive::SaveQuery): each write is one synced put or
  // delete of one key. DeleteSavedQuery returns false when there is none.
  void PutSavedQuery(const std::string& name, const std::string& query);
  bool DeleteSavedQuery(const std::string& name);
  std::optional<std::string> GetSavedQuery(const std::string& name) const override;
  // Every saved query (name, text), by name.
  std::vector<std::pair<std::string, std::string>> SavedQueries() const;
  uint64_t ArticleCount() const { return count_; }
  // Compacts every column family fully.
  void Compact();

 private:
  struct Handles;
  explicit Store(std::unique_ptr<Handles> h);
  // Reads the counters (next_docid, next_seq, count). `lenient`
  // (OpenSnapshot): a counter that cannot be read takes its start value.
  // Throws kCorruption for a writer whose docid or sequence counter is 0.
  void ReadCounters(bool lenient);
  std::unique_ptr<Handles> h_;
  uint64_t next_docid_ = 1;
  uint64_t next_seq_ = 1;
  uint64_t count_ = 0;
  std::set<uint64_t> quarantined_;  // docids of Quarantined()
};

}  // namespace morgue

#endif  // MORGUE_STORAGE_STORE_H_
