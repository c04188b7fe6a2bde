// A cluster's nodes opened through Xapian's remote backend
// (docs/distributed.md), and the articles their documents hold. Internal
// header.
#ifndef MORGUE_QUERY_REMOTE_NODES_H_
#define MORGUE_QUERY_REMOTE_NODES_H_

#include <xapian.h>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/article_source.h"
#include "storage/cluster_manifest.h"
#include "storage/manifest.h"

namespace morgue {

// What OpenClusterNodes leaves out (ArchiveOptions::allow_partial).
struct MissingNodes {
  // In node order, "node 2 (tcp 127.0.0.1:7002): <why>": the nodes that
  // could not be reached or did not answer within the timeouts.
  std::vector<std::string> described;
  // skipped[k]: node k + 1 is left out (its place held by an empty database).
  std::vector<bool> skipped;
};

// Opens every node of `cluster` (`db`: all as one database, in node order;
// `parts`: each alone) and checks that node k says it is node k of as many
// nodes as the cluster lists, all of one format and the same settings.
// Returns what they share (node 0 of N). Throws Error: kIO naming the node
// that cannot be reached or does not answer within the timeouts,
// kNotAnArchive naming a node that is not a morgue node, kVersion for a
// node of another format or another Xapian remote protocol, kCorruption for
// a node in the wrong place or with other settings.
//
// With `missing` (a partial read): a node that cannot be reached or does not
// answer in time is left out instead, described in `missing`, and an empty
// database holds its place (so that the other nodes' docids stay what they
// are with every node); every other fault is thrown as above, and so is kIO
// when no node answers. With `skip`: the nodes skip[k] says are left out
// without being contacted (the others are opened as without `missing`).
Manifest OpenClusterNodes(const std::string& dir, const ClusterManifest& cluster,
                          Xapian::Database* db, std::vector<Xapian::Database>* parts,
                          MissingNodes* missing = nullptr, const std::vector<bool>* skip = nullptr);

// True for Xapian's error of a node that is down, unreachable or slow
// (what a partial read leaves out), false for one that answers wrongly.
bool IsNodeDownOrSlow(const Xapian::Error& e);

// Turns a Xapian error of a read of a cluster into morgue::Error, naming
// the cluster's nodes (Xapian's message names the address that failed).
[[noreturn]] void ThrowRemote(const Xapian::Error& e, const std::string& what,
                              const ClusterManifest& cluster);

// Throws Error(kCorruption): the cluster's document `docid` holds no article
// (its node was not made with `morgue index --node`).
[[noreturn]] void ThrowNoArticle(uint64_t docid);

// The articles of a cluster: each document's data is the article as its
// node stored it (ArchiveOptions::node). One round trip per article, the
// nodes read at once (a thread each).
//
// Thread-safe: it reads through connections of its own, opened at its first
// read (a read of a snapshot may be followed by an export's fetches on
// another thread, after the snapshot went back to serve other reads: a
// remote database serves one thread at a time). Its connections may be at
// newer revisions than the snapshot's: an article deleted since is missing.
class NodeArticles : public ArticleSource {
 public:
  // The articles of the cluster `dir` described by `cluster`, but for the
  // nodes `skipped` leaves out (MissingNodes::skipped: those of the
  // snapshot whose matches it reads; empty: none).
  NodeArticles(std::string dir, ClusterManifest cluster, std::vector<bool> skipped = {})
      : dir_(std::move(dir)), cluster_(std::move(cluster)), skipped_(std::move(skipped)) {}
  // Throws Error as ThrowRemote, naming the nodes, when a node fails (also
  // outside a read: an export fetches its pages after the match).
  std::vector<std::optional<std::string>> GetArticles(
      const std::vector<uint64_t>& docids) const override;
  // A cluster has no saved queries: throws Error(kInvalidArgument) saying so.
  std::optional<std::string> GetSavedQuery(const std::string& name) const override;

 private:
  std::string dir_;
  ClusterManifest cluster_;
  std::vector<bool> skipped_;
  mutable std::mutex mutex_;                     // guards nodes_ and each read through them
  mutable std::vector<Xapian::Database> nodes_;  // each node alone, in node order
};

}  // namespace morgue

#endif  // MORGUE_QUERY_REMOTE_NODES_H_
