// The inside of an Archive, shared by the files of archive/ that implement
// its methods. Not installed.
#ifndef MORGUE_ARCHIVE_ARCHIVE_IMPL_H_
#define MORGUE_ARCHIVE_ARCHIVE_IMPL_H_

#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "indexer/shards.h"
#include "morgue/archive.h"
#include "query/index_reader.h"
#include "storage/cluster_manifest.h"
#include "storage/commit_counter.h"
#include "storage/lock.h"
#include "storage/manifest.h"
#include "storage/store.h"

namespace morgue {

// Creates a complete, empty archive at `dir` (absent or an empty directory):
// built in a new directory beside it and renamed into place, so that `dir`
// either is a whole archive or is as it was; nothing of the user's is ever
// cleared. Returns false when `dir` was meanwhile filled by someone else
// (another process creating the same archive): the caller reads it then.
// Throws kInvalidArgument for a bad shard count or language, kIO.
bool CreateArchive(const std::string& dir, const ArchiveOptions& options);

// `ops` with every put of an article the index cannot take (IndexProblem)
// made a delete, after recording those articles as quarantined in `store`
// (durably): a logged operation that cannot be applied never stops the
// archive, and is never dropped silently (Check and Stats report it).
std::vector<IndexOp> QuarantineUnindexable(const std::vector<IndexOp>& ops, Store& store);

// For a cluster node (manifest.nodes > 0): each put of `ops` gets the
// article as stored for its document's data (IndexOp::data, pointing into
// the returned strings, which must outlive the ops' use). Otherwise nothing.
std::vector<std::string> AttachArticleData(std::vector<IndexOp>& ops, const Manifest& manifest);

// Throws Error(kIO) "`what`: `ec`'s message", naming `what` as the file.
[[noreturn]] void ThrowFs(const std::string& what, const std::error_code& ec);

// Hidden: internal to the library even though Archive is exported.
class __attribute__((visibility("hidden"))) Archive::Impl {
 public:
  std::string dir;
  ArchiveOptions options;  // as passed to Open (the performance fields count)
  Manifest manifest;
  std::unique_ptr<WriteLock> lock;
  std::unique_ptr<Store> store;
  std::unique_ptr<ShardWriter> writer;  // null: read-only
  // The writer's: bumped after every commit (storage/commit_counter.h).
  std::unique_ptr<CommitCounter> commits;
  // Searches read the index through this (made once the store is open).
  std::unique_ptr<IndexReader> index;
  // A cluster (docs/distributed.md): read-only, no store, no writer; the
  // manifest above is what its nodes share.
  std::optional<ClusterManifest> cluster;

  // Throws Error(kInvalidArgument) naming `what` on a cluster, which cannot
  // do it yet.
  void RequireLocal(const char* what) const;

  // Throws Error(kInvalidArgument) on a read-only archive.
  void RequireWritable() const;
  // Archive::Add after its checks of the articles (ArticleProblem): with
  // `analyse` false, the articles are stored and indexed as they are (they
  // were analysed when first added: Salvage), their entity forms made again
  // (RecanonicalizeEntities: an older morgue folded them otherwise).
  // With `node_places` (Archive::AddShare), articles[i] stood at
  // places[i] among `read` articles read by every node alike: a new one's
  // docid is the node's next plus that place, and the node's next moves on
  // by `read`.
  struct NodePlaces {
    const std::vector<uint64_t>* places;
    uint64_t read;
  };
  AddStats AddBatch(std::vector<Article>& articles, bool analyse,
                    std::optional<NodePlaces> node_places = std::nullopt);
  // Applies to Xapian every logged operation it has not seen yet.
  void CatchUp();
  // Writes `ops` to the shards, commits them with `seq`, trims the log.
  void ApplyToIndex(const std::vector<IndexOp>& ops, uint64_t seq);
  // After a write to the store alone (a saved query): readers in other
  // processes read the store anew at their next read (ShardWriter::MarkStoreChanged).
  void MarkStoreChanged();
};

// A cluster's Archive::Impl (Archive::Open of a directory with a cluster
// manifest): read-only (kInvalidArgument for another mode), its nodes
// opened and checked now (throws as OpenClusterNodes, query/remote_nodes.h).
std::unique_ptr<Archive::Impl> OpenClusterImpl(const std::string& dir, OpenMode mode,
                                               const ArchiveOptions& options);
// Archive::Get and ArticleCount on a cluster: by the unique terms of
// "source/id" (a bare id is kInvalidArgument), and the nodes' documents.
std::optional<Article> ClusterGet(const Archive::Impl& im, const std::string& id);
// The article `id` names on a cluster, as Store::Resolve names it (its
// docid the cluster's), or nullopt. Throws as ClusterGet does.
std::optional<StoredId> ClusterResolve(const Archive::Impl& im, const std::string& id);
uint64_t ClusterArticleCount(const Archive::Impl& im);

}  // namespace morgue

#endif  // MORGUE_ARCHIVE_ARCHIVE_IMPL_H_
