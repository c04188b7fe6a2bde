// Archive::Backup: a consistent copy of an archive in use.
#include <xapian.h>

#include <filesystem>

#include "archive/archive_impl.h"
#include "indexer/shards.h"
#include "indexer/xapian_error.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/manifest.h"
#include "storage/store.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {}  // namespace

void Archive::Backup(const std::string& dest) const {
  const Impl& im = *impl_;
  im.RequireLocal("backup");
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
  Store::OpenSnapshot((fs::path(im.dir) / "store").string())
      ->CopyTo((fs::path(dest) / "store").string());
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
    Repair(dest, im.options);
  } else {
    Open(dest, OpenMode::kReadWrite, im.options);  // catches up and closes
  }
  FollowArchivePermissions(dest, im.dir);
}

}  // namespace morgue
