// A cluster's nodes opened through Xapian's remote backend
// (docs/distributed.md), and the articles their documents hold. Internal
// header.
#ifndef MORGUE_QUERY_REMOTE_NODES_H_
#define MORGUE_QUERY_REMOTE_NODES_H_

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "storage/article_source.h"
#include "storage/cluster_manifest.h"
#include "storage/manifest.h"

namespace morgue {

// Opens every node of `cluster` (`db`: all as one database, in node order;
// `parts`: each alone) and checks that node k says it is node k of as many
// nodes as the cluster lists, all of one format and the same settings.
// Returns what they share (node 0 of N). Throws Error: kIO naming the node
// that cannot be reached or does not answer within the timeouts,
// kNotAnArchive naming a node that is not a morgue node, kVersion for a
// node of another format or another Xapian remote protocol, kCorruption for
// a node in the wrong place or with other settings.
Manifest OpenClusterNodes(const std::string& dir, const ClusterManifest& cluster,
                          Xapian::Database* db, std::vector<Xapian::Database>* parts);

// Turns a Xapian error of a read of a cluster into morgue::Error, naming
// the cluster's nodes (Xapian's message names the address that failed).
[[noreturn]] void ThrowRemote(const Xapian::Error& e, const std::string& what,
                              const ClusterManifest& cluster);

// The articles of a cluster: each document's data is the article as its
// node stored it (ArchiveOptions::node). One round trip per article.
class NodeArticles : public ArticleSource {
 public:
  // `db`: the nodes of the cluster `dir` described by `cluster`.
  NodeArticles(Xapian::Database db, std::string dir, ClusterManifest cluster)
      : db_(std::move(db)), dir_(std::move(dir)), cluster_(std::move(cluster)) {}
  // Throws Error as ThrowRemote, naming the nodes, when a node fails (also
  // outside a read: an export fetches its pages after the match).
  std::vector<std::optional<std::string>> GetArticles(
      const std::vector<uint64_t>& docids) const override;
  // A cluster has no saved queries: throws Error(kInvalidArgument) saying so.
  std::optional<std::string> GetSavedQuery(const std::string& name) const override;

 private:
  Xapian::Database db_;
  std::string dir_;
  ClusterManifest cluster_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_REMOTE_NODES_H_
