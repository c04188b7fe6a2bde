// A cluster directory's manifest `MORGUE-CLUSTER` (docs/distributed.md):
// the nodes in order and the timeouts. Read strictly, as the archive
// manifest is: the first line "morgue-cluster 1", then "key=value" lines
// (timeout, connect_timeout once each, node once per node, in node order),
// then "checksum=crc32:XXXXXXXX" over every byte before it. Anything else is
// kCorruption naming the line.
#ifndef MORGUE_STORAGE_CLUSTER_MANIFEST_H_
#define MORGUE_STORAGE_CLUSTER_MANIFEST_H_

#include <string>
#include <string_view>
#include <vector>

#include "morgue/cluster.h"

namespace morgue {

inline constexpr char kClusterManifestName[] = "MORGUE-CLUSTER";

// One node's address (ClusterOptions::nodes).
struct RemoteNode {
  enum class Kind { kTcp, kSsh };
  Kind kind = Kind::kTcp;
  std::string host;
  unsigned port = 0;  // kTcp
  std::string path;   // kSsh: the archive's directory on host
  // As written: "tcp HOST:PORT" or "ssh HOST PATH".
  std::string Address() const;
};

// Parses a node address. Throws Error(kInvalidArgument) saying what is
// wrong: the forms are "tcp HOST:PORT" (port 1 to 65535) and "ssh HOST
// PATH", where HOST and PATH hold none of white space, quotes or the
// characters a shell treats specially and do not start with '-' (ssh hands
// the command line to a shell on the node).
RemoteNode ParseNodeAddress(std::string_view address);

struct ClusterManifest {
  std::vector<RemoteNode> nodes;
  unsigned timeout_ms = ClusterOptions{}.timeout_ms;
  unsigned connect_timeout_ms = ClusterOptions{}.connect_timeout_ms;

  // Reads `dir`/MORGUE-CLUSTER. Throws kNotAnArchive when there is none,
  // kVersion for another format, kCorruption naming the line, kIO.
  static ClusterManifest Read(const std::string& dir);
  // True when `dir` holds a cluster manifest (a symbolic link counts).
  static bool IsCluster(const std::string& dir);
  // The text Read reads.
  std::string Text() const;
};

}  // namespace morgue

#endif  // MORGUE_STORAGE_CLUSTER_MANIFEST_H_
