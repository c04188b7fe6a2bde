#include "indexer/shards.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <exception>
#include <filesystem>
#include <thread>

#include "indexer/document.h"
#include "indexer/shard_layout.h"
#include "morgue/error.h"

namespace morgue {

namespace fs = std::filesystem;

struct ShardWriter::Shard {
  Xapian::WritableDatabase db;
  uint64_t applied = 0;
};

std::string ShardPath(const std::string& archive_dir, unsigned shard) {
  return (fs::path(archive_dir) / "xapian" / ("shard-" + std::to_string(shard))).string();
}

namespace {

// A shard whose compaction was interrupted between its two renames (only
// where the file system cannot exchange directories) lives on as `.old`
// until the next writer puts it back.
std::string ReadableShardPath(const std::string& archive_dir, unsigned shard) {
  std::string path = ShardPath(archive_dir, shard);
  std::error_code ec;
  if (!fs::exists(path, ec) && fs::exists(path + ".old", ec)) return path + ".old";
  return path;
}

void SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// Makes a finished database directory durable: every file, then the directory.
void SyncTree(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    int fd = ::open(e.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    (void)::fsync(fd);
    ::close(fd);
  }
  SyncDirectory(dir);
}

[[noreturn]] void ThrowFs(const std::string& what, const std::error_code& ec) {
  throw Error(ErrorCode::kIO, what + ": " + ec.message());
}

// Puts back a shard left aside by an interrupted compaction and removes the
// leftovers (`.compact`: unfinished; `.old`: already replaced).
void RecoverShardDirectory(const std::string& path) {
  std::error_code ec;
  const std::string old = path + ".old", tmp = path + ".compact";
  if (!fs::exists(path, ec) && fs::exists(old, ec)) {
    fs::rename(old, path, ec);
    if (ec) ThrowFs("cannot restore " + path + " from " + old, ec);
  }
  fs::remove_all(old, ec);
  if (ec) ThrowFs("cannot remove " + old, ec);
  fs::remove_all(tmp, ec);
  if (ec) ThrowFs("cannot remove " + tmp, ec);
  SyncDirectory(fs::path(path).parent_path());
}

}  // namespace

std::string DamagedShard(const std::string& archive_dir, unsigned shards, bool deep) {
  for (unsigned i = 0; i < shards; ++i) {
    const std::string path = ShardPath(archive_dir, i);
    try {
      Xapian::Database db(path);
      (void)db.get_metadata(kAppliedKey);
      if (deep && Xapian::Database::check(path, Xapian::DBCHECK_SHORT_TREE, nullptr) != 0) {
        return " (index shard " + path + " is damaged; morgue repair rebuilds it)";
      }
    } catch (const Xapian::Error&) {
      return " (index shard " + path + " is damaged; morgue repair rebuilds it)";
    }
  }
  return "";
}

Xapian::Database OpenShardsForReading(const std::string& archive_dir, unsigned shards,
                                      std::vector<Xapian::Database>* parts_out) {
  // The writer commits the shards one after another: a reader opening in
  // between would see part of a batch. Retry until every shard has applied
  // the same log entry (a crashed writer may leave them uneven until the next
  // writer catches up: then give up waiting and use what is there).
  std::vector<Xapian::Database> parts(shards);
  for (int attempt = 0;; ++attempt) {
    std::string first_mark;
    bool even = true;
    for (unsigned i = 0; i < shards; ++i) {
      parts[i] = Xapian::Database(ReadableShardPath(archive_dir, i));
      std::string mark = parts[i].get_metadata(kAppliedKey);
      if (i == 0) first_mark = mark;
      else if (mark != first_mark) even = false;
    }
    if (even || attempt == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  Xapian::Database db;
  for (auto& part : parts) db.add_database(part);
  if (parts_out) *parts_out = std::move(parts);
  return db;
}

ShardWriter::ShardWriter(const std::string& archive_dir, unsigned shards, bool create)
    : dir_(archive_dir) {
  if (create) fs::create_directories(fs::path(archive_dir) / "xapian");
  for (unsigned i = 0; i < shards; ++i) {
    RecoverShardDirectory(ShardPath(archive_dir, i));
    auto shard = std::make_unique<Shard>();
    shard->db = Xapian::WritableDatabase(ShardPath(archive_dir, i),
                                         create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
    std::string mark = shard->db.get_metadata(kAppliedKey);
    shard->applied = mark.empty() ? 0 : std::stoull(mark);
    shards_.push_back(std::move(shard));
  }
}

ShardWriter::~ShardWriter() {
  for (auto& s : shards_) {
    try {
      s->db.close();
    } catch (const Xapian::Error&) {
      // Uncommitted changes are dropped; the operation log replays them.
    }
  }
}

uint64_t ShardWriter::applied() const {
  uint64_t low = UINT64_MAX;
  for (const auto& s : shards_) low = std::min(low, s->applied);
  return shards_.empty() ? 0 : low;
}

void ShardWriter::PreparePairs() {
  if (pair_words_.empty()) {
    std::vector<Xapian::Database> dbs;
    uint64_t articles = 0;
    for (const auto& s : shards_) {
      dbs.push_back(s->db);
      articles += s->db.get_doccount();
    }
    // A shard may have committed its mark while another did not (a crash
    // between their commits): every shard takes the same words.
    pair_words_ = MarkedPairWords(dbs);
    if (pair_words_.empty() && articles > 0 && articles >= pairs_from_) {
      pair_words_ = ChoosePairWords(dbs);
    }
    if (pair_words_.empty()) return;
  }
  for (const auto& s : shards_) {
    std::optional<PairsMark> mark = ParsePairsMark(s->db.get_metadata(kPairsKey));
    if (mark && mark->words == pair_words_) continue;
    // Documents written from now on carry the pairs; an older docid
    // rewritten now does too, which the mark does not need to know.
    s->db.set_metadata(kPairsKey, FormatPairsMark({s->db.get_lastdocid() + 1, pair_words_}));
  }
}

void ShardWriter::MarkStoreChanged() {
  Xapian::WritableDatabase& db = shards_.front()->db;
  const std::string old = db.get_metadata(kStoreChangedKey);
  uint64_t count = 0;
  std::from_chars(old.data(), old.data() + old.size(), count);  // anything else: 0
  db.set_metadata(kStoreChangedKey, std::to_string(count + 1));
  db.commit();
}

void ShardWriter::Apply(const std::vector<IndexOp>& ops, uint64_t seq) {
  const unsigned n = static_cast<unsigned>(shards_.size());
  const ShardLayout layout{n};
  PreparePairs();
  std::vector<std::exception_ptr> errors(n);
  auto work = [&](unsigned shard_index) {
    Shard& shard = *shards_[shard_index];
    // A transaction: after a failure the shard drops what this call wrote,
    // so that the next Apply (the log replayed) starts from its last commit.
    bool open = false;
    try {
      shard.db.begin_transaction(/*flushed=*/true);  // committed by commit_transaction
      open = true;
      DocumentBuilder builder(all_fields_);
      for (const IndexOp& op : ops) {
        if (layout.ShardOf(op.docid) != shard_index) continue;
        const auto local = static_cast<Xapian::docid>(layout.LocalOf(op.docid));
        if (op.article) {
          Xapian::Document doc = builder.Build(*op.article);
          AddPairTerms(doc, pair_words_);
          if (op.data) doc.set_data(*op.data);
          shard.db.replace_document(local, doc);
        } else {
          try {
            shard.db.delete_document(local);
          } catch (const Xapian::DocNotFoundError&) {
            // Already gone: replaying the log is idempotent.
          }
        }
      }
      shard.db.set_metadata(kAppliedKey, std::to_string(seq));
      if (shard_index == 0 && !identity_.empty() && shard.db.get_metadata(kNodeKey) != identity_) {
        shard.db.set_metadata(kNodeKey, identity_);
      }
      open = false;  // ended by commit_transaction, even when it fails
      shard.db.commit_transaction();
      shard.applied = seq;
    } catch (...) {
      errors[shard_index] = std::current_exception();
      try {
        // A failed commit_transaction has ended the transaction but leaves
        // its changes pending (a later commit, or closing, would write them):
        // an empty unflushed transaction cancelled drops them too.
        if (!open) shard.db.begin_transaction(/*flushed=*/false);
        shard.db.cancel_transaction();
      } catch (const Xapian::Error&) {
        // Nothing more to undo: the shard keeps its last commit.
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n; ++i) threads.emplace_back(work, i);
  work(0);
  for (auto& t : threads) t.join();
  for (auto& e : errors) {
    if (!e) continue;
    try {
      std::rethrow_exception(e);
    } catch (const Xapian::Error& x) {
      throw Error(ErrorCode::kIO,
                  "cannot write search index in " + dir_ + ": " + x.get_description());
    }
  }
}

void ShardWriter::Compact() {
  for (unsigned i = 0; i < shards_.size(); ++i) {
    const std::string path = ShardPath(dir_, i);
    const std::string tmp = path + ".compact", old = path + ".old";
    std::error_code ec;
    fs::remove_all(tmp, ec);
    if (ec) ThrowFs("cannot remove " + tmp, ec);
    // Keep the docids: they are morgue's docids (renumbering would close the
    // gap left by deleted leading documents).
    // 16 KiB blocks, measured on Reuters-21578 against 8 / 32 / 64 KiB:
    // archive 59.75 MB (60.17 / 59.67 / 59.80) and query CPU as low as with
    // 8 KiB, ~20% below 64 KiB: a posting list opened reads its B-tree blocks
    // whole (docs/performance-log.md, "Archive size").
    shards_[i]->db.compact(tmp, Xapian::DBCOMPACT_MULTIPASS | Xapian::DBCOMPACT_NO_RENUMBER, 16384);
    shards_[i]->db.close();
    SyncTree(tmp);
    // Swap the directories atomically so that the shard path always holds a
    // complete database, for readers and after a crash alike.
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0) {
      SyncDirectory(fs::path(path).parent_path());
      fs::remove_all(tmp, ec);
    } else {
      // No exchange on this file system: two renames, recovered on open.
      fs::rename(path, old, ec);
      if (!ec) fs::rename(tmp, path, ec);
      if (ec) ThrowFs("cannot replace " + path + " by its compacted copy", ec);
      SyncDirectory(fs::path(path).parent_path());
      fs::remove_all(old, ec);
    }
    shards_[i]->db = Xapian::WritableDatabase(path, Xapian::DB_OPEN);
  }
}

}  // namespace morgue
