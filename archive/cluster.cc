// A cluster (morgue/cluster.h): its manifest, the partition rule, and an
// Archive that reads the nodes through Xapian's remote backend.
#include "morgue/cluster.h"

#include <filesystem>

#include "archive/archive_impl.h"
#include "indexer/document.h"
#include "morgue/error.h"
#include "query/remote_nodes.h"
#include "storage/cluster_manifest.h"
#include "storage/codec.h"
#include "storage/manifest.h"

namespace morgue {

namespace fs = std::filesystem;

unsigned NodeOf(std::string_view source, std::string_view id, unsigned nodes) {
  if (nodes == 0 || nodes > kMaxNodes) {
    throw Error(ErrorCode::kInvalidArgument, "a cluster has 1 to " + std::to_string(kMaxNodes) +
                                                 " nodes, not " + std::to_string(nodes));
  }
  uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bits
  auto mix = [&hash](unsigned char c) {
    hash ^= c;
    hash *= 1099511628211ULL;
  };
  for (char c : source) mix(static_cast<unsigned char>(c));
  mix(0);
  for (char c : id) mix(static_cast<unsigned char>(c));
  return static_cast<unsigned>(hash % nodes) + 1;
}

void CreateCluster(const std::string& dir, const ClusterOptions& options) {
  if (options.nodes.empty()) throw Error(ErrorCode::kInvalidArgument, "a cluster needs a node");
  if (options.nodes.size() > kMaxNodes) {
    throw Error(ErrorCode::kInvalidArgument,
                "a cluster has at most " + std::to_string(kMaxNodes) + " nodes");
  }
  for (unsigned ms : {options.timeout_ms, options.connect_timeout_ms}) {
    if (ms == 0 || ms > 86400000) {
      throw Error(ErrorCode::kInvalidArgument, "a timeout must be 1 to 86400000 ms");
    }
  }
  ClusterManifest manifest;
  for (const std::string& node : options.nodes) manifest.nodes.push_back(ParseNodeAddress(node));
  manifest.timeout_ms = options.timeout_ms;
  manifest.connect_timeout_ms = options.connect_timeout_ms;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec)) &&
      !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec))) {
    throw Error(ErrorCode::kNotAnArchive,
                dir + " exists and is not an empty directory; choose a new one for the cluster")
        .WithFile(dir);
  }
  fs::create_directories(dir, ec);
  if (ec) ThrowFs("cannot create " + dir, ec);
  WriteFileAtomically((fs::path(dir) / kClusterManifestName).string(), manifest.Text());
}

bool IsClusterDirectory(const std::string& dir) { return ClusterManifest::IsCluster(dir); }

std::unique_ptr<Archive::Impl> OpenClusterImpl(const std::string& dir, OpenMode mode,
                                               const ArchiveOptions& options) {
  if (mode != OpenMode::kReadOnly) {
    throw Error(ErrorCode::kInvalidArgument,
                "cluster " + dir +
                    " is read-only: add articles to its nodes (`morgue index --archive NODE "
                    "--node K/N`, docs/distributed.md)")
        .WithFile(dir);
  }
  auto impl = std::make_unique<Archive::Impl>();
  impl->dir = dir;
  impl->options = options;
  impl->cluster = ClusterManifest::Read(dir);
  // Every node reached and checked now (a node down or misplaced is named
  // by Open), and what they share: their language, how they are indexed.
  // The first read opens its own snapshot of them.
  // With allow_partial a node down is left out here too (the first read
  // tries it again).
  Xapian::Database probe;
  MissingNodes missing;
  impl->manifest = OpenClusterNodes(dir, *impl->cluster, &probe, nullptr,
                                    options.allow_partial ? &missing : nullptr);
  IndexSettings settings{dir,
                         static_cast<unsigned>(impl->cluster->nodes.size()),
                         impl->manifest.language,
                         impl->manifest.marks_quotes_outside_body,
                         UINT64_MAX,
                         impl->manifest.all_fields_terms,
                         impl->cluster,
                         options.allow_partial,
                         options.retry_missing_ms,
                         options.export_window};
  impl->index = std::make_unique<IndexReader>(std::move(settings));
  return impl;
}

void Archive::Impl::RequireLocal(const char* what) const {
  if (!cluster) return;
  throw Error(ErrorCode::kInvalidArgument, std::string(what) +
                                               " is not available on a cluster yet (" + dir +
                                               "; docs/distributed.md lists what is)");
}

namespace {

// The article `id` names on a cluster and its docid there, read from its
// document (nullopt: none). A bare id is kInvalidArgument.
std::optional<std::pair<Article, uint64_t>> ClusterFind(const Archive::Impl& im,
                                                        const std::string& id) {
  // An article found is whole wherever the others are; one not found may
  // be on a node left out, which is no answer.
  std::vector<std::string> missing;
  std::optional<std::pair<Article, uint64_t>> found = im.index->Read(
      "show",
      [&](const IndexReader::View& r) -> std::optional<std::pair<Article, uint64_t>> {
        std::vector<uint64_t> found;
        for (const std::string& term : UniqueTermsOf(id)) {
          for (auto it = r.db().postlist_begin(term); it != r.db().postlist_end(term); ++it) {
            found.push_back(*it);
          }
        }
        if (found.size() > 1) {
          throw Error(ErrorCode::kInvalidArgument,
                      "id " + id + " names several articles of the cluster");
        }
        if (found.empty()) {
          if (id.find('/') == std::string::npos) {
            throw Error(ErrorCode::kInvalidArgument,
                        "on a cluster an article is named SOURCE/ID, not by its id alone (" + id +
                            ")");
          }
          return std::nullopt;
        }
        std::vector<std::optional<std::string>> bytes = r.store()->GetArticles(found);
        if (!bytes[0]) return std::nullopt;
        return std::make_pair(DecodeArticle(*bytes[0]), found[0]);
      },
      &missing);
  if (!found && !missing.empty()) {
    std::string nodes;
    for (const std::string& node : missing) nodes += (nodes.empty() ? "" : "; ") + node;
    throw Error(ErrorCode::kIO, "article " + id + " is not on the nodes of cluster " + im.dir +
                                    " that answered, and may be on one missing: " + nodes)
        .WithFile(im.dir);
  }
  return found;
}

}  // namespace

std::optional<Article> ClusterGet(const Archive::Impl& im, const std::string& id) {
  std::optional<std::pair<Article, uint64_t>> found = ClusterFind(im, id);
  if (!found) return std::nullopt;
  return std::move(found->first);
}

std::optional<StoredId> ClusterResolve(const Archive::Impl& im, const std::string& id) {
  std::optional<std::pair<Article, uint64_t>> found = ClusterFind(im, id);
  if (!found) return std::nullopt;
  return StoredId{found->first.source, found->first.id, found->second};
}

uint64_t ClusterArticleCount(const Archive::Impl& im) {
  return im.index->Read("count", [](const IndexReader::View& r) -> uint64_t {
    return r.db().get_doccount();
  });
}

}  // namespace morgue
