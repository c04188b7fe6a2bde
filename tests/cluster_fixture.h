// The fixture of the cluster tests (cluster_test.cc, cluster_partial_test.cc):
// xapian-tcpsrv serving a node's shards on loopback, and one archive and three
// served nodes holding the same articles.
#ifndef MORGUE_TESTS_CLUSTER_FIXTURE_H_
#define MORGUE_TESTS_CLUSTER_FIXTURE_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <thread>

#include "bench/query_mix.h"
#include "indexer/document.h"
#include "indexer/shards.h"
#include "morgue/archive.h"
#include "morgue/cluster.h"
#include "morgue/error.h"
#include "morgue/reader.h"
#include "morgue/research.h"
#include "query/remote_nodes.h"
#include "same_answers.h"
#include "storage/cluster_manifest.h"
#include "storage/codec.h"
#include "storage/manifest.h"
#include "storage/store.h"
#include "test_util.h"

extern char** environ;

namespace morgue {

// xapian-tcpsrv serving shards on a loopback port, stopped with the object.
class TcpServer {
 public:
  explicit TcpServer(std::vector<std::string> shards) : shards_(std::move(shards)) { Start(); }
  ~TcpServer() { Stop(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;
  unsigned port() const { return port_; }
  std::string address() const { return "tcp 127.0.0.1:" + std::to_string(port_); }

  void Stop() {
    if (pid_ <= 0) return;
    // The server and the processes it forked for each connection (its
    // process group): a node down. It does not end on SIGTERM.
    ::kill(-pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
  }

  // Stops the server and its connections without closing them (SIGSTOP), or
  // lets them go on: a node that hangs.
  void Pause(bool paused) { ::kill(-pid_, paused ? SIGSTOP : SIGCONT); }

  // Starts the server on a free port (the same one after Stop, if it can).
  void Start() {
    for (int attempt = 0; attempt < 20; ++attempt) {
      if (port_ == 0 || attempt > 0) port_ = FreePort();
      std::vector<std::string> args{"xapian-tcpsrv", "--port",         std::to_string(port_),
                                    "--interface",   "127.0.0.1",      "--active-timeout",
                                    "60000",         "--idle-timeout", "60000"};
      args.insert(args.end(), shards_.begin(), shards_.end());
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      posix_spawn_file_actions_t actions;
      posix_spawn_file_actions_init(&actions);
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
      posix_spawnattr_t attributes;
      posix_spawnattr_init(&attributes);
      posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
      posix_spawnattr_setpgroup(&attributes, 0);
      const int spawned =
          posix_spawnp(&pid_, "xapian-tcpsrv", &actions, &attributes, argv.data(), environ);
      posix_spawnattr_destroy(&attributes);
      posix_spawn_file_actions_destroy(&actions);
      if (spawned != 0) throw std::runtime_error("cannot run xapian-tcpsrv");
      if (WaitListening()) return;
      Stop();
    }
    throw std::runtime_error("xapian-tcpsrv did not start");
  }

 private:
  static unsigned FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
  }

  // True once the server accepts connections; false when it died.
  bool WaitListening() const {
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) return false;
      const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(port_));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      ::close(fd);
      if (up) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::vector<std::string> shards_;
  unsigned port_ = 0;
  pid_t pid_ = 0;
};

inline bool HaveTcpServer() { return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0; }

inline std::vector<std::string> ShardDirs(const std::string& archive, unsigned shards) {
  std::vector<std::string> out;
  for (unsigned s = 0; s < shards; ++s) out.push_back(ShardPath(archive, s));
  return out;
}

inline const std::vector<std::string> kWords = {"oil",  "gas",  "price", "rise",
                                                "fall", "opec", "said",  "market"};

// One archive and three nodes holding the same articles, the nodes served.
class ClusterTest : public ::testing::Test {
 protected:
  static constexpr unsigned kNodes = 3;

  void SetUp() override {
    if (!HaveTcpServer()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian's xapian-tools)";
    articles_ = test::Stories(1, 420, kWords);
    // Words that few articles have, so that some scores are unique.
    for (size_t i = 0; i < articles_.size(); i += 13) articles_[i].body[0] += " refinery strike";
    Build();
  }

  // One archive and kNodes nodes of articles_, the nodes served on loopback.
  void Build() {
    single_ = (tmp_.path() / "single.morgue").string();
    Archive::Open(single_, OpenMode::kCreate)->Add(articles_);
    for (unsigned k = 1; k <= kNodes; ++k) {
      ArchiveOptions options;
      options.node = k;
      options.nodes = kNodes;
      options.shards = node_shards_;
      const std::string dir = (tmp_.path() / ("node" + std::to_string(k))).string();
      // Each node given every article, in batches cut otherwise than the
      // archive's (one), keeps its share (AddShare, as `morgue index --node`).
      auto node = Archive::Open(dir, OpenMode::kCreate, options);
      const size_t third = articles_.size() / 3;
      node->AddShare(std::vector<Article>(articles_.begin(), articles_.begin() + third));
      node->AddShare(std::vector<Article>(articles_.begin() + third, articles_.end()));
      nodes_.push_back(dir);
      servers_.push_back(std::make_unique<TcpServer>(ShardDirs(dir, node_shards_)));
    }
    cluster_ = (tmp_.path() / "cluster").string();
    ClusterOptions options;
    for (const auto& server : servers_) options.nodes.push_back(server->address());
    options.timeout_ms = 20000;
    options.connect_timeout_ms = 5000;
    CreateCluster(cluster_, options);
  }

  // Another cluster of the same nodes, with timeouts short enough for a
  // test to wait for: 400 ms to connect, 1,200 ms to answer.
  std::string ShortTimeoutsCluster() {
    ClusterOptions options;
    for (const auto& server : servers_) options.nodes.push_back(server->address());
    options.timeout_ms = 1200;
    options.connect_timeout_ms = 400;
    const std::string dir = (tmp_.path() / "hanging").string();
    CreateCluster(dir, options);
    return dir;
  }

  test::TempDir tmp_;
  unsigned node_shards_ = 2;  // each node's shards (Build)
  std::vector<Article> articles_;
  std::string single_, cluster_;
  std::vector<std::string> nodes_;
  std::vector<std::unique_ptr<TcpServer>> servers_;
};

}  // namespace morgue

#endif  // MORGUE_TESTS_CLUSTER_FIXTURE_H_
