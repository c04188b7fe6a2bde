#include "query/remote_nodes.h"

#include <thread>

#include "indexer/shard_layout.h"
#include "indexer/shards.h"
#include "morgue/error.h"

namespace morgue {

namespace {

Xapian::Database OpenNode(const RemoteNode& node, const ClusterManifest& cluster) {
  if (node.kind == RemoteNode::Kind::kTcp) {
    // An IPv6 address is written in brackets ("tcp [::1]:7001"), which the
    // resolver does not take.
    const std::string& host = node.host;
    const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
    return Xapian::Remote::open(bracketed ? host.substr(1, host.size() - 2) : host, node.port,
                                cluster.timeout_ms, cluster.connect_timeout_ms);
  }
  // Xapian splits the arguments at spaces; ParseNodeAddress allows none in
  // the host or path, nor anything the node's shell would read.
  return Xapian::Remote::open("ssh",
                              "-o BatchMode=yes -- " + node.host + " morgue node stdio " +
                                  node.path,
                              cluster.timeout_ms);
}

std::string NodeName(size_t k, const RemoteNode& node) {
  return "node " + std::to_string(k + 1) + " (" + node.Address() + ")";
}

// Opens node k and reads what it says it is. A node that is down or slow
// gives nullopt and *down says why ("cannot be reached (...)"); any other
// fault is thrown as OpenClusterNodes says.
std::optional<Xapian::Database> OpenAndAsk(const std::string& dir, const ClusterManifest& cluster,
                                           size_t k, std::string* identity, std::string* down) {
  try {
    Xapian::Database node = OpenNode(cluster.nodes[k], cluster);
    *identity = node.get_metadata(kNodeKey);
    return node;
  } catch (const Xapian::NetworkTimeoutError& e) {
    // Connecting waits connect_timeout; its greeting, a request's timeout.
    *down = "did not answer in time (" + std::to_string(cluster.connect_timeout_ms) +
            " ms to connect, " + std::to_string(cluster.timeout_ms) + " ms to answer; " +
            e.get_description() + ")";
  } catch (const Xapian::NetworkError& e) {
    *down = "cannot be reached (" + e.get_description() + ")";
  } catch (const Xapian::Error& e) {
    const ErrorCode code = std::string(e.get_type()) == "DatabaseVersionError"
                               ? ErrorCode::kVersion
                               : ErrorCode::kCorruption;
    throw Error(code, "cluster " + dir + ": " + NodeName(k, cluster.nodes[k]) +
                          " cannot be opened (" + e.get_description() + ")")
        .WithFile(dir);
  }
  return std::nullopt;
}

// An empty database holding a left-out node's place.
Xapian::Database EmptyNode() {
  return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

}  // namespace

Manifest OpenClusterNodes(const std::string& dir, const ClusterManifest& cluster,
                          Xapian::Database* db, std::vector<Xapian::Database>* parts,
                          MissingNodes* missing, const std::vector<bool>* skip) {
  std::optional<Manifest> common;
  std::string first_name;
  Xapian::Database all;
  std::vector<Xapian::Database> nodes;
  MissingNodes left_out;
  left_out.skipped.assign(cluster.nodes.size(), false);
  // A node left out: an empty database keeps its place (and the others' docids).
  auto leave_out = [&](size_t k) {
    left_out.skipped[k] = true;
    Xapian::Database empty = EmptyNode();
    all.add_database(empty);
    nodes.push_back(std::move(empty));
  };
  for (size_t k = 0; k < cluster.nodes.size(); ++k) {
    const std::string name = NodeName(k, cluster.nodes[k]);
    if (skip && k < skip->size() && (*skip)[k]) {
      leave_out(k);
      continue;
    }
    std::string identity, down;
    std::optional<Xapian::Database> opened = OpenAndAsk(dir, cluster, k, &identity, &down);
    if (!opened) {
      if (!missing) {
        throw Error(ErrorCode::kIO, "cluster " + dir + ": " + name + " " + down).WithFile(dir);
      }
      left_out.described.push_back(name + ": " + down);
      leave_out(k);
      continue;
    }
    Xapian::Database node = std::move(*opened);
    std::optional<Manifest> said = ParseNodeIdentity(identity);
    if (!said) {
      throw Error(ErrorCode::kNotAnArchive,
                  "cluster " + dir + ": " + name +
                      " is not a morgue node (its index does not say which node it is; create "
                      "nodes with `morgue index --node K/N`)")
          .WithFile(dir);
    }
    if (said->version != kArchiveFormatVersion) {
      throw Error(ErrorCode::kVersion,
                  "cluster " + dir + ": " + name + " has archive format " +
                      std::to_string(said->version) + "; this morgue reads format " +
                      std::to_string(kArchiveFormatVersion) + " (repair the node)")
          .WithFile(dir);
    }
    if (said->node != k + 1 || said->nodes != cluster.nodes.size()) {
      throw Error(ErrorCode::kCorruption,
                  "cluster " + dir + ": " + name + " holds node " + std::to_string(said->node) +
                      " of " + std::to_string(said->nodes) + ", but the cluster lists it as node " +
                      std::to_string(k + 1) + " of " + std::to_string(cluster.nodes.size()) +
                      ": its articles would be counted wrongly")
          .WithFile(dir);
    }
    if (!common) {
      common = *said;
      first_name = name;
    } else if (said->language != common->language ||
               said->all_fields_terms != common->all_fields_terms ||
               said->marks_quotes_outside_body != common->marks_quotes_outside_body) {
      throw Error(ErrorCode::kCorruption, "cluster " + dir + ": " + name + " (" + identity +
                                              ") has other settings than " + first_name)
          .WithFile(dir);
    }
    all.add_database(node);
    nodes.push_back(std::move(node));
  }
  if (!common) {
    std::string why;
    for (const std::string& node : left_out.described) why += (why.empty() ? "" : "; ") + node;
    throw Error(ErrorCode::kIO, "cluster " + dir + ": no node answered (" + why + ")")
        .WithFile(dir);
  }
  *db = std::move(all);
  if (parts) *parts = std::move(nodes);
  if (missing) *missing = std::move(left_out);
  common->node = 0;
  return *common;
}

bool IsNodeDownOrSlow(const Xapian::Error& e) {
  // (Xapian::Error has no virtual functions: told apart by its type's name.)
  const std::string type = e.get_type();
  return type == "NetworkError" || type == "NetworkTimeoutError";
}

void ThrowRemote(const Xapian::Error& e, const std::string& what, const ClusterManifest& cluster) {
  const bool network = IsNodeDownOrSlow(e);
  std::string nodes;
  for (size_t k = 0; k < cluster.nodes.size(); ++k) {
    nodes += (k ? ", " : "") + std::to_string(k + 1) + ": " + cluster.nodes[k].Address();
  }
  throw Error(network ? ErrorCode::kIO : ErrorCode::kCorruption,
              what + ": " + e.get_description() +
                  (network
                       ? " (a node did not answer within " + std::to_string(cluster.timeout_ms) +
                             " ms or went away; nodes " + nodes + ")"
                       : ""));
}

void ThrowNoArticle(uint64_t docid) {
  throw Error(ErrorCode::kCorruption,
              "a cluster node's document " + std::to_string(docid) +
                  " holds no article (was the node made with `morgue index --node`?)");
}

std::vector<std::optional<std::string>> NodeArticles::GetArticles(
    const std::vector<uint64_t>& docids) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (nodes_.empty()) {
    // The nodes left out of the snapshot whose matches are read stay out:
    // an empty database holds each one's place.
    Xapian::Database all;
    std::vector<Xapian::Database> nodes;
    OpenClusterNodes(dir_, cluster_, &all, &nodes, nullptr, &skipped_);
    nodes_ = std::move(nodes);
  }
  // Each node's documents are read on a thread of their own, so that the
  // nodes' round trips overlap (one at a time on each connection: Xapian's
  // Database reads a remote document and waits for it).
  const ShardLayout layout{static_cast<unsigned>(nodes_.size())};
  std::vector<std::vector<size_t>> per_node(nodes_.size());
  for (size_t i = 0; i < docids.size(); ++i) per_node[layout.ShardOf(docids[i])].push_back(i);
  std::vector<std::optional<std::string>> out(docids.size());
  std::vector<std::optional<Xapian::Error>> failed(nodes_.size());
  std::vector<std::optional<uint64_t>> empty(nodes_.size());  // a document without an article
  auto read_node = [&](size_t k) {
    for (size_t i : per_node[k]) {
      try {
        const auto local = static_cast<Xapian::docid>(layout.LocalOf(docids[i]));
        std::string data = nodes_[k].get_document(local).get_data();
        if (data.empty()) {
          empty[k] = docids[i];
          return;
        }
        out[i] = std::move(data);
      } catch (const Xapian::DocNotFoundError&) {
        // deleted since the index was read: left empty
      } catch (const Xapian::Error& e) {
        failed[k].emplace(e);
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  size_t busy = 0;
  for (const auto& indexes : per_node) busy += indexes.empty() ? 0 : 1;
  for (size_t k = 0; k < nodes_.size(); ++k) {
    if (per_node[k].empty()) continue;
    if (busy > 1 && threads.size() + 1 < busy) threads.emplace_back(read_node, k);
    else read_node(k);
  }
  for (std::thread& t : threads) t.join();
  for (size_t k = 0; k < nodes_.size(); ++k) {
    if (failed[k]) {
      nodes_.clear();  // the next read connects again
      // Not left to escape as Xapian's: it is no std::exception, and an
      // export reads its articles outside IndexReader::Read.
      ThrowRemote(*failed[k], "cannot read the articles of cluster " + dir_, cluster_);
    }
    if (empty[k]) ThrowNoArticle(*empty[k]);
  }
  return out;
}

std::optional<std::string> NodeArticles::GetSavedQuery(const std::string& name) const {
  // Not "unknown saved query", which would send the user to look for it.
  throw Error(
      ErrorCode::kInvalidArgument,
      "saved queries (@" + name +
          ") are not available on a cluster yet: write the query out (docs/distributed.md)");
}

}  // namespace morgue
