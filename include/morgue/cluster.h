// An archive split across machines, searched as one (docs/distributed.md).
// Each node is an ordinary archive holding the articles NodeOf gives it,
// created with ArchiveOptions::node / nodes and served read-only by Xapian's
// remote backend (`morgue node serve`, or xapian-tcpsrv / xapian-progsrv over
// its shards). A cluster directory lists the nodes; Archive::Open opens it
// read-only like an archive.
//
// Thread safety: NodeOf is thread-safe; CreateCluster writes files.
#ifndef MORGUE_CLUSTER_H_
#define MORGUE_CLUSTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "morgue/export.h"

namespace morgue {

// The largest number of nodes a cluster may have.
inline constexpr unsigned kMaxNodes = 256;

// The node (1 to `nodes`) that holds the article `source`/`id`: the 64-bit
// FNV-1a hash of the bytes of source, one zero byte and the bytes of id,
// modulo `nodes`, plus 1. Stable across versions and machines, so that an
// article and every later version of it go to one node (a router written in
// another language computes the same). Throws Error(kInvalidArgument) for
// `nodes` 0 or above kMaxNodes.
MORGUE_EXPORT unsigned NodeOf(std::string_view source, std::string_view id, unsigned nodes);

// What a cluster directory holds.
struct ClusterOptions {
  // The nodes in order, node k (1-based) at nodes[k - 1], each one of
  //   "tcp HOST:PORT"  a node served by `morgue node serve` or xapian-tcpsrv;
  //   "ssh HOST PATH"  the archive PATH on HOST, reached by running
  //                    `ssh HOST morgue node stdio PATH` (no daemon).
  // Every node must be reachable when the cluster is read.
  std::vector<std::string> nodes;
  // How long a node may take to answer one request, and to accept a
  // connection, in milliseconds (1 to 86,400,000).
  unsigned timeout_ms = 60000;
  unsigned connect_timeout_ms = 10000;
};

// Writes a new cluster directory `dir` (absent or empty): its manifest
// MORGUE-CLUSTER (docs/distributed.md), written atomically. Nothing is
// contacted. Throws Error(kInvalidArgument) for no node, more than
// kMaxNodes, a node address that is not one of the forms above, a bad
// timeout; kNotAnArchive when `dir` is not empty; kIO.
MORGUE_EXPORT void CreateCluster(const std::string& dir, const ClusterOptions& options);

// True when `dir` is a cluster directory (it holds the cluster manifest
// MORGUE-CLUSTER, a symbolic link counting). Nothing is read or contacted.
MORGUE_EXPORT bool IsClusterDirectory(const std::string& dir);

}  // namespace morgue

#endif  // MORGUE_CLUSTER_H_
