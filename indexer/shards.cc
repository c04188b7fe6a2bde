#include "indexer/shards.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <thread>

#include "indexer/document.h"
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

Xapian::Database OpenShardsForReading(const std::string& archive_dir, unsigned shards) {
  Xapian::Database db;
  for (unsigned i = 0; i < shards; ++i) db.add_database(Xapian::Database(ShardPath(archive_dir, i)));
  return db;
}

ShardWriter::ShardWriter(const std::string& archive_dir, unsigned shards,
                         const std::string& language, bool create)
    : dir_(archive_dir), language_(language) {
  if (create) fs::create_directories(fs::path(archive_dir) / "xapian");
  for (unsigned i = 0; i < shards; ++i) {
    auto shard = std::make_unique<Shard>();
    shard->db = Xapian::WritableDatabase(
        ShardPath(archive_dir, i), create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
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

void ShardWriter::Apply(const std::vector<IndexOp>& ops, uint64_t seq) {
  const unsigned n = static_cast<unsigned>(shards_.size());
  std::vector<std::exception_ptr> errors(n);
  auto work = [&](unsigned shard_index) {
    try {
      Shard& shard = *shards_[shard_index];
      DocumentBuilder builder;
      for (const IndexOp& op : ops) {
        if ((op.docid - 1) % n != shard_index) continue;
        Xapian::docid local = static_cast<Xapian::docid>((op.docid - 1) / n + 1);
        if (op.article) {
          shard.db.replace_document(local, builder.Build(*op.article));
        } else {
          try {
            shard.db.delete_document(local);
          } catch (const Xapian::DocNotFoundError&) {
            // Already gone: replaying the log is idempotent.
          }
        }
      }
      shard.db.set_metadata(kAppliedKey, std::to_string(seq));
      shard.db.commit();
      shard.applied = seq;
    } catch (...) {
      errors[shard_index] = std::current_exception();
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
      throw Error(ErrorCode::kIO, "cannot write search index in " + dir_ + ": " + x.get_description());
    }
  }
}

uint64_t ShardWriter::DiskSize() const {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(dir_) / "xapian", ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

void ShardWriter::Compact() {
  for (unsigned i = 0; i < shards_.size(); ++i) {
    std::string path = ShardPath(dir_, i);
    std::string tmp = path + ".compact";
    fs::remove_all(tmp);
    shards_[i]->db.compact(tmp, Xapian::DBCOMPACT_MULTIPASS);
    shards_[i]->db.close();
    std::string old = path + ".old";
    fs::remove_all(old);
    fs::rename(path, old);
    fs::rename(tmp, path);
    fs::remove_all(old);
    shards_[i]->db = Xapian::WritableDatabase(path, Xapian::DB_OPEN);
  }
}

}  // namespace morgue
