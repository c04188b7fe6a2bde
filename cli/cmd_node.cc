// morgue node (serve a cluster node) and morgue cluster (make a cluster
// directory): docs/distributed.md.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/cluster.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

namespace fs = std::filesystem;

// The node archive's shard directories, in shard order (the layout of
// docs/index-format.md: xapian/shard-0, shard-1, ...), after checking that
// `dir` is a cluster node.
std::vector<std::string> NodeShards(const std::string& dir) {
  // Opening a cluster contacts its nodes: one that lists itself (`ssh HOST
  // DIR`) would reach itself without end.
  if (IsClusterDirectory(dir)) {
    throw UsageError(dir + " is a cluster, not a node: serve each node's own archive " +
                     "(docs/distributed.md)");
  }
  const NodeInfo node = Archive::Open(dir, OpenMode::kReadOnly)->Node();
  if (node.nodes == 0 || node.node == 0) {
    throw UsageError(dir + " is not a cluster node (make one with `morgue index --archive DIR " +
                     "--node K/N`)");
  }
  std::vector<std::string> shards;
  for (unsigned i = 0;; ++i) {
    const fs::path shard = fs::path(dir) / "xapian" / ("shard-" + std::to_string(i));
    std::error_code ec;
    if (!fs::is_directory(shard, ec)) break;
    shards.push_back(shard.string());
  }
  if (shards.empty()) throw Error(ErrorCode::kCorruption, dir + " has no index shards");
  return shards;
}

// Replaces this process by `program` with `args`; returns only on failure.
[[noreturn]] void Exec(const std::string& program, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::vector<std::string> all{program};
  all.insert(all.end(), args.begin(), args.end());
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execvp(program.c_str(), argv.data());
  throw Error(ErrorCode::kIO, "cannot run " + program + ": " + std::strerror(errno) +
                                  " (install Debian's xapian-tools)");
}

}  // namespace

int RunNode(const std::vector<std::string>& args) {
  po::options_description options("morgue node options");
  std::string action, archive_dir, interface = "127.0.0.1";
  unsigned port = 0, idle_ms = 3600000, active_ms = 600000;
  options.add_options()("action", po::value(&action)->required(),
                        "serve | stdio")("archive,a", po::value(&archive_dir)->required(),
                                         "the node's archive directory")("port", po::value(&port),
                                                                         "serve: the TCP port")(
      "interface", po::value(&interface)->default_value(interface),
      "serve: the address to listen on (the protocol has no authentication: keep it on "
      "loopback or a private network)")("idle-timeout", po::value(&idle_ms)->default_value(idle_ms),
                                        "serve: ms a connection may stay idle")(
      "active-timeout", po::value(&active_ms)->default_value(active_ms),
      "ms one request may take (a large histogram or export takes long)");
  po::positional_options_description positional;
  positional.add("action", 1).add("archive", 1);
  po::variables_map vm;
  const char* usage =
      "morgue node serve --archive DIR --port P [--interface ADDR] | morgue node stdio DIR";
  if (!ParseArgs(args, usage, options, positional, &vm)) return kExitOk;
  if (idle_ms == 0 || active_ms == 0) throw UsageError("a timeout must be at least 1 ms");
  const std::vector<std::string> shards = NodeShards(archive_dir);
  if (action == "serve") {
    if (port == 0 || port > 65535) throw UsageError("--port must be 1 to 65535");
    std::vector<std::string> server_args{"--idle-timeout",   std::to_string(idle_ms),
                                         "--active-timeout", std::to_string(active_ms),
                                         "--port",           std::to_string(port),
                                         "--interface",      interface};
    server_args.insert(server_args.end(), shards.begin(), shards.end());
    Exec("xapian-tcpsrv", server_args);
  }
  if (action == "stdio") {
    // Speaks Xapian's remote protocol on stdin and stdout (ssh's form); its
    // one timeout is a request's.
    std::vector<std::string> server_args{"--timeout", std::to_string(active_ms)};
    server_args.insert(server_args.end(), shards.begin(), shards.end());
    Exec("xapian-progsrv", server_args);
  }
  throw UsageError("unknown action \"" + action + "\" (serve or stdio)");
}

int RunCluster(const std::vector<std::string>& args) {
  po::options_description options("morgue cluster options");
  std::string action, dir;
  ClusterOptions cluster;
  options.add_options()("action", po::value(&action)->required(),
                        "create")("dir", po::value(&dir)->required(),
                                  "the cluster directory to create")(
      "node", po::value(&cluster.nodes)->required(),
      "a node, in order, repeated: \"tcp HOST:PORT\" or \"ssh HOST PATH\"")(
      "timeout", po::value(&cluster.timeout_ms)->default_value(cluster.timeout_ms),
      "ms a node may take to answer")(
      "connect-timeout",
      po::value(&cluster.connect_timeout_ms)->default_value(cluster.connect_timeout_ms),
      "ms a node may take to accept a connection");
  po::positional_options_description positional;
  positional.add("action", 1).add("dir", 1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue cluster create DIR --node \"tcp HOST:PORT\"...", options, positional,
                 &vm)) {
    return kExitOk;
  }
  if (action != "create") throw UsageError("unknown action \"" + action + "\" (create)");
  CreateCluster(dir, cluster);
  TextPrinter().Write("cluster " + dir + " made of " + std::to_string(cluster.nodes.size()) +
                      " nodes; every read command takes --archive " + dir + "\n");
  return kExitOk;
}

}  // namespace morgue::cli
