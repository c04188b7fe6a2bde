// Creating an archive: built beside its directory and renamed into place, or
// built inside an empty directory that cannot be replaced (archive_impl.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>

#include "archive/archive_impl.h"
#include "indexer/document.h"
#include "indexer/shards.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/manifest.h"
#include "storage/store.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

std::string NowIso() {
  auto now = std::chrono::system_clock::now();
  Timestamp t{std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count(),
              false};
  return t.ToIso8601();
}

// Builds the parts of a new, empty archive (store, shards, manifest last) in
// the new directory `work`.
void BuildArchiveParts(const std::string& work, const ArchiveOptions& options) {
  Manifest manifest;
  manifest.language = options.language;
  manifest.shards = options.shards;
  manifest.created = NowIso();
  manifest.marks_quotes_outside_body = true;
  manifest.all_fields_terms = true;
  manifest.node = options.node;
  manifest.nodes = options.nodes;
  Store::Open((fs::path(work) / "store").string(), /*read_only=*/false, /*create=*/true);
  try {
    ShardWriter writer(work, manifest.shards, /*create=*/true);
    writer.set_identity(NodeIdentity(manifest));
    writer.Apply({}, 0);
  } catch (const Xapian::Error& e) {
    ThrowXapian(e, "cannot create the search index in " + work);
  }
  manifest.Write(work);
}

[[noreturn]] void ThrowErrno(const std::string& what, const std::string& dir) {
  throw Error(ErrorCode::kIO, what + ": " + std::strerror(errno)).WithFile(dir);
}

// Where a directory cannot be made beside the empty directory `target` (a
// parent the user cannot write, ".", a mount point): the parts are built in
// `target`/.morgue-new and moved up, the manifest last, so that `target`
// is an archive only once it is whole (a creation killed midway leaves a
// directory that is not empty and not an archive: remove what is in it).
void CreateInPlace(const fs::path& target, const ArchiveOptions& options) {
  const fs::path work = target / ".morgue-new";
  if (::mkdir(work.c_str(), 0777) != 0) ThrowErrno("cannot create " + work.string(), target);
  const fs::file_status existing = fs::status(target);
  std::error_code ec;
  fs::permissions(work, existing.permissions() & fs::perms::mask, ec);
  try {
    BuildArchiveParts(work.string(), options);
  } catch (...) {
    fs::remove_all(work, ec);
    throw;
  }
  for (const char* part : {"store", "xapian", kManifestName}) {
    if (::rename((work / part).c_str(), (target / part).c_str()) != 0) {
      ThrowErrno("cannot move " + (work / part).string() + " into place", target);
    }
  }
  ::rmdir(work.c_str());
  SyncDirectory(target.string());
}

}  // namespace

bool CreateArchive(const std::string& dir, const ArchiveOptions& options) {
  if (options.shards == 0 || options.shards > 64) {
    throw Error(ErrorCode::kInvalidArgument, "shards must be between 1 and 64");
  }
  if (!options.language.empty() && options.language != "none" &&
      StemmerFor(options.language).empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "unknown language \"" + options.language +
                    "\" (a Xapian stemmer name such as \"en\" or \"english\", or \"none\")");
  }
  if (options.nodes > kMaxNodes || (options.nodes > 0 && options.node == 0) ||
      options.node > options.nodes) {
    throw Error(ErrorCode::kInvalidArgument,
                "a node is K of N nodes, 1 <= K <= N <= " + std::to_string(kMaxNodes) + " (got " +
                    std::to_string(options.node) + " of " + std::to_string(options.nodes) + ")");
  }
  fs::path target = fs::path(dir).lexically_normal();
  if (!target.has_filename()) target = target.parent_path();  // "a.morgue/"
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  const fs::file_status existing = fs::status(target, ec);
  const bool empty_dir = !ec && fs::is_directory(existing);
  fs::create_directories(parent, ec);
  if (ec)
    throw Error(ErrorCode::kIO, "cannot create " + parent.string() + ": " + ec.message())
        .WithFile(dir);
  // At most 64 bytes of the name: a name near the file system's 255 would
  // leave no room for the suffix.
  const std::string tmp =
      (parent / ("." + target.filename().string().substr(0, 64) + ".morgue-new-" +
                 std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}())))
          .string();
  const bool beside =
      target.filename() != "." && target.filename() != ".." && ::mkdir(tmp.c_str(), 0777) == 0;
  if (!beside) {
    if (!empty_dir) ThrowErrno("cannot create " + tmp + " to build the archive in", dir);
    CreateInPlace(target, options);
    return true;
  }
  try {
    // An empty directory given for the archive keeps its permissions.
    if (empty_dir) fs::permissions(tmp, existing.permissions() & fs::perms::mask, ec);
    BuildArchiveParts(tmp, options);
    // An empty directory is replaced by the archive in one rename; one that
    // is no longer empty makes it fail.
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
      const int error = errno;
      fs::remove_all(tmp, ec);
      if (error == EEXIST || error == ENOTEMPTY) return false;
      errno = error;
      // A mount point or a directory in use cannot be replaced: build in it.
      if (empty_dir && (error == EBUSY || error == EINVAL || error == EXDEV)) {
        CreateInPlace(target, options);
        return true;
      }
      ThrowErrno("cannot rename " + tmp + " to " + target.string(), dir);
    }
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
  SyncDirectory(parent.string());
  return true;
}

}  // namespace morgue
