// A cluster (morgue/cluster.h, docs/distributed.md): nodes served by
// xapian-tcpsrv on loopback, read as one archive, answer as one archive
// holding the same articles answers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <xapian.h>

#include <fcntl.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
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
#include "test_util.h"

extern char** environ;

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// FNV-1a 64 as published (http://www.isthe.com/chongo/tech/comp/fnv/),
// written apart from NodeOf as the oracle.
uint64_t Fnv1a64(const std::string& bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

TEST(NodeOfTest, IsFnv1aOfSourceZeroIdModuloTheNodes) {
  // The published test vectors, so that the oracle itself is right.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
  std::map<unsigned, int> per_node;
  for (int i = 0; i < 8000; ++i) {
    const std::string source = i % 3 ? "wire" : "日本経済新聞";
    const std::string id = std::to_string(i * 7919);
    for (unsigned nodes : {1u, 2u, 3u, 7u, kMaxNodes}) {
      const unsigned expected =
          static_cast<unsigned>(Fnv1a64(source + std::string(1, '\0') + id) % nodes) + 1;
      ASSERT_EQ(NodeOf(source, id, nodes), expected) << source << "/" << id << " of " << nodes;
    }
    ++per_node[NodeOf(source, id, 4)];
  }
  ASSERT_EQ(per_node.size(), 4u);
  for (const auto& [node, n] : per_node) EXPECT_NEAR(n, 2000, 200) << "node " << node;
  for (unsigned bad : {0u, kMaxNodes + 1}) {
    try {
      NodeOf("wire", "1", bad);
      ADD_FAILURE() << bad << " nodes accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    }
  }
}

TEST(ClusterManifestTest, WritesReadsAndRefusesHostileAddresses) {
  TempDir tmp;
  const std::string dir = (tmp.path() / "c").string();
  ClusterOptions options;
  options.nodes = {"tcp 127.0.0.1:7001", "tcp node-2.example:65535", "ssh host-3 /srv/morgue/n3"};
  options.timeout_ms = 120000;
  CreateCluster(dir, options);
  const ClusterManifest m = ClusterManifest::Read(dir);
  ASSERT_EQ(m.nodes.size(), 3u);
  EXPECT_EQ(m.nodes[0].Address(), "tcp 127.0.0.1:7001");
  EXPECT_EQ(m.nodes[1].port, 65535u);
  EXPECT_EQ(m.nodes[2].kind, RemoteNode::Kind::kSsh);
  EXPECT_EQ(m.nodes[2].path, "/srv/morgue/n3");
  EXPECT_EQ(m.timeout_ms, 120000u);
  EXPECT_EQ(m.connect_timeout_ms, ClusterOptions{}.connect_timeout_ms);
  // A cluster directory is not made twice, nor over files.
  EXPECT_THROW(CreateCluster(dir, options), Error);

  for (const std::string bad :
       {"tcp 127.0.0.1", "tcp 127.0.0.1:0", "tcp 127.0.0.1:65536", "tcp :80", "tcp a b:80",
        "udp 127.0.0.1:80", "ssh host", "ssh -oProxyCommand=x /p", "ssh host /p;rm -rf /",
        "ssh host $(reboot)", "ssh host /p\n", "ssh host -p", "ssh host /p q", "",
        "tcp 127.0.0.1:80 ", "ssh h\xff /p"}) {
    ClusterOptions hostile;
    hostile.nodes = {bad};
    try {
      CreateCluster((tmp.path() / "hostile").string(), hostile);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << bad;
      EXPECT_NE(std::string(e.what()).find("tcp HOST:PORT"), std::string::npos) << e.what();
    }
  }
  EXPECT_FALSE(fs::exists(tmp.path() / "hostile" / kClusterManifestName));
  ClusterOptions none;
  EXPECT_THROW(CreateCluster((tmp.path() / "none").string(), none), Error);
  ClusterOptions zero = options;
  zero.timeout_ms = 0;
  EXPECT_THROW(CreateCluster((tmp.path() / "zero").string(), zero), Error);

  // A changed byte is found by the checksum, naming the line.
  const fs::path file = fs::path(dir) / kClusterManifestName;
  std::string text = test::ReadFile(file.string());
  text.replace(text.find("7001"), 4, "7002");
  { std::ofstream(file, std::ios::trunc) << text; }
  try {
    ClusterManifest::Read(dir);
    ADD_FAILURE() << "a changed manifest was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption);
    EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
  }
  { std::ofstream(file, std::ios::trunc) << "morgue-cluster 2\n"; }
  try {
    ClusterManifest::Read(dir);
    ADD_FAILURE() << "a newer format was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kVersion);
  }
}

TEST(NodeArchiveTest, RefusesOtherNodesArticlesAndKeepsEachArticleInItsDocument) {
  TempDir tmp;
  const std::string dir = (tmp.path() / "n2").string();
  ArchiveOptions options;
  options.node = 2;
  options.nodes = 3;
  options.shards = 2;
  std::vector<Article> mine, theirs;
  for (Article& a :
       test::Stories(1, 60, {"oil", "gas", "price", "rise", "fall", "opec", "say", "market"})) {
    (NodeOf(a.source, a.id, 3) == 2 ? mine : theirs).push_back(std::move(a));
  }
  ASSERT_FALSE(mine.empty());
  ASSERT_FALSE(theirs.empty());
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate, options);
    EXPECT_EQ(archive->Node().node, 2u);
    EXPECT_EQ(archive->Node().nodes, 3u);
    std::vector<Article> mixed = mine;
    mixed.insert(mixed.begin() + 1, theirs[0]);
    try {
      archive->Add(mixed);
      ADD_FAILURE() << "an article of another node was added";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(e.record(), 2u);
      EXPECT_NE(std::string(e.what()).find("belongs to node"), std::string::npos) << e.what();
    }
    EXPECT_EQ(archive->ArticleCount(), 0u);  // nothing of the refused batch
    archive->Add(mine);
  }
  EXPECT_EQ(Manifest::Read(dir).node, 2u);
  // The manifest is fixed at creation: another node number is not taken.
  EXPECT_EQ(Archive::Open(dir, OpenMode::kReadOnly)->Node().node, 2u);

  // Each document holds its article as stored; the first shard says what
  // the node is.
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  std::vector<Xapian::Database> shards;
  Xapian::Database db = OpenShardsForReading(dir, 2, &shards);
  std::optional<Manifest> identity = ParseNodeIdentity(shards[0].get_metadata(kNodeKey));
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->node, 2u);
  EXPECT_EQ(identity->nodes, 3u);
  EXPECT_EQ(identity->version, kArchiveFormatVersion);
  EXPECT_EQ(db.get_doccount(), mine.size());
  for (const Article& a : mine) {
    const std::string term = UniqueTerm(a.source, a.id);
    ASSERT_NE(db.postlist_begin(term), db.postlist_end(term)) << a.id;
    const Article in_doc = DecodeArticle(db.get_document(*db.postlist_begin(term)).get_data());
    const std::optional<Article> stored = archive->Get(a.source + "/" + a.id);
    ASSERT_TRUE(stored.has_value());
    std::string x, y;
    EncodeArticle(in_doc, &x);
    EncodeArticle(*stored, &y);
    EXPECT_EQ(x, y) << a.id;
  }
  // An archive of its own says nothing of nodes, and its documents hold no data.
  const std::string plain = (tmp.path() / "plain").string();
  Archive::Open(plain, OpenMode::kCreate)
      ->Add(test::Stories(1, 5, {"a", "b", "c", "d", "e", "f", "g", "h"}));
  EXPECT_EQ(OpenShardsForReading(plain, 2).get_metadata(kNodeKey), "");
  EXPECT_EQ(OpenShardsForReading(plain, 2).get_document(1).get_data(), "");
}

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

bool HaveTcpServer() { return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0; }

std::vector<std::string> ShardDirs(const std::string& archive, unsigned shards) {
  std::vector<std::string> out;
  for (unsigned s = 0; s < shards; ++s) out.push_back(ShardPath(archive, s));
  return out;
}

const std::vector<std::string> kWords = {"oil",  "gas",  "price", "rise",
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
      const std::string dir = (tmp_.path() / ("node" + std::to_string(k))).string();
      std::vector<Article> mine;
      for (const Article& a : articles_) {
        if (NodeOf(a.source, a.id, kNodes) == k) mine.push_back(a);
      }
      // In two batches, as an indexer would.
      auto node = Archive::Open(dir, OpenMode::kCreate, options);
      const size_t half = mine.size() / 2;
      node->Add(std::vector<Article>(mine.begin(), mine.begin() + half));
      node->Add(std::vector<Article>(mine.begin() + half, mine.end()));
      nodes_.push_back(dir);
      servers_.push_back(std::make_unique<TcpServer>(ShardDirs(dir, 2)));
    }
    cluster_ = (tmp_.path() / "cluster").string();
    ClusterOptions options;
    for (const auto& server : servers_) options.nodes.push_back(server->address());
    options.timeout_ms = 20000;
    options.connect_timeout_ms = 5000;
    CreateCluster(cluster_, options);
  }

  TempDir tmp_;
  std::vector<Article> articles_;
  std::string single_, cluster_;
  std::vector<std::string> nodes_;
  std::vector<std::unique_ptr<TcpServer>> servers_;
};

// Every hit of `a` and `b` (both whole: limit >= total) in the same order
// but for the order within a run of equal keys (scores, or dates), where
// the ids are the same set: ties are broken by docid, and a cluster's
// docids are not one archive's.
void ExpectSameRankedHits(const SearchResult& a, const SearchResult& b, bool by_date,
                          const std::string& what) {
  ASSERT_EQ(a.total, b.total) << what;
  ASSERT_EQ(a.hits.size(), b.hits.size()) << what;
  ASSERT_EQ(a.hits.size(), a.total) << what << ": not every hit asked for";
  auto key = [by_date](const Hit& h) {
    return by_date ? (h.published ? h.published->ToIso8601() : "") : std::to_string(h.score);
  };
  size_t begin = 0;
  while (begin < a.hits.size()) {
    size_t end = begin;
    std::multiset<std::string> ids_a, ids_b;
    while (end < a.hits.size() && key(a.hits[end]) == key(a.hits[begin])) {
      EXPECT_EQ(key(b.hits[end]), key(a.hits[begin])) << what << ": hit " << end;
      if (!by_date) {
        EXPECT_NEAR(a.hits[end].score, b.hits[end].score, 1e-9 * std::abs(a.hits[end].score))
            << what << ": hit " << end;
      }
      ids_a.insert(a.hits[end].source + "/" + a.hits[end].id);
      ids_b.insert(b.hits[end].source + "/" + b.hits[end].id);
      ++end;
    }
    EXPECT_EQ(ids_a, ids_b) << what << ": hits " << begin << " to " << end - 1;
    begin = end;
  }
}

// The first articles of Reuters-21578 in one archive and in three nodes.
class ClusterReutersTest : public ClusterTest {
 protected:
  void SetUp() override {
    if (!HaveTcpServer()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian's xapian-tools)";
    const std::string corpus = test::SharedCorpusDir();
    if (corpus.empty()) GTEST_SKIP() << "../shared/corpus is absent: Reuters-21578 not at hand";
    ReadPath(
        corpus + "/reuters21578.jsonl", {},
        [&](Article&& a) {
          if (articles_.size() < 2000) articles_.push_back(std::move(a));
        },
        [](const ReadIssue&) {});
    Build();
  }
};

// Every query of `morgue bench query`'s default mix, the broad ones chosen
// from the archive included: the same totals, hits (ties aside), facets,
// histograms and exports.
TEST_F(ClusterReutersTest, TheBenchMixAnswersAsOneArchive) {
  auto single = Archive::Open(single_, OpenMode::kReadOnly);
  auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly);
  std::vector<bench::BenchQuery> mix =
      bench::ParseBenchQueries(bench::DefaultBenchQueries(), "the default mix");
  bench::ExpandArchiveQueries(*single, &mix);
  ASSERT_GT(mix.size(), 50u);
  for (const bench::BenchQuery& q : mix) {
    SCOPED_TRACE(q.cls + " " + q.param + " " + q.text);
    SearchRequest request;
    request.query = q.text;
    if (q.cls == "facets") {
      test::ExpectSameFacets(single->Facets(request, ParseFacetField(q.param), 20),
                             cluster->Facets(request, ParseFacetField(q.param), 20));
    } else if (q.cls == "histogram") {
      test::ExpectSameHistogram(single->Histogram(request, ParseInterval(q.param)),
                                cluster->Histogram(request, ParseInterval(q.param)));
    } else if (q.cls == "export") {
      std::multiset<std::string> a, b;
      single->Export(request, [&](const Article& x) { return a.insert(x.id), true; });
      cluster->Export(request, [&](const Article& x) { return b.insert(x.id), true; });
      EXPECT_EQ(a, b);
    } else {
      request.limit = 2000;
      const SearchResult a = single->Search(request), b = cluster->Search(request);
      // Xapian estimates an OP_SYNONYM's frequency (a wildcard; a word with
      // several stem variants) in each database from the terms it holds:
      // such scores differ by up to ~0.1 % with the spread of the articles,
      // between one archive of 2 shards and one of 6 as between one archive
      // and a cluster (docs/distributed.md). The articles are the same,
      // each scored alike within 0.5 %.
      ASSERT_EQ(a.total, b.total);
      ASSERT_EQ(a.hits.size(), b.hits.size());
      std::map<std::string, double> scores;
      for (const Hit& h : a.hits) scores[h.source + "/" + h.id] = h.score;
      for (const Hit& h : b.hits) {
        const auto it = scores.find(h.source + "/" + h.id);
        ASSERT_NE(it, scores.end()) << h.id;
        EXPECT_NEAR(h.score, it->second, 5e-3 * it->second) << h.id;
      }
    }
  }
}

TEST_F(ClusterTest, AnswersAsOneArchiveHoldingTheSameArticles) {
  auto single = Archive::Open(single_, OpenMode::kReadOnly);
  auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly);
  EXPECT_EQ(cluster->ArticleCount(), articles_.size());
  EXPECT_EQ(cluster->Node().nodes, kNodes);
  const std::vector<std::string> queries = {"oil",
                                            "said",
                                            "oil price",
                                            "\"oil price\"",
                                            "opec OR gas",
                                            "oil -gas",
                                            "NOT opec",
                                            "refinery strike",
                                            "price date:1987-03",
                                            "date:1987-01..1987-06 market",
                                            "topic:crude",
                                            "topic:crude AND NOT topic:grain",
                                            "headline:rise",
                                            "rise NEAR/2 fall",
                                            "pric*",
                                            "\"said market\" OR refinery",
                                            "nosuchword",
                                            "source:wire",
                                            "market rises"};
  for (const std::string& q : queries) {
    SearchRequest request;
    request.query = q;
    request.limit = 1000;
    const SearchResult a = single->Search(request), b = cluster->Search(request);
    ExpectSameRankedHits(a, b, false, q);
    EXPECT_EQ(cluster->Count(request), a.total) << q;
    for (SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
      request.sort = sort;
      ExpectSameRankedHits(single->Search(request), cluster->Search(request), true,
                           q + (sort == SortOrder::kNewest ? " newest" : " oldest"));
    }
  }
  // Facets and histograms are counted on the nodes: exactly one archive's.
  for (const std::string& q : {std::string(), std::string("oil"), std::string("NOT opec"),
                               std::string("topic:crude OR refinery"), std::string("nosuchword")}) {
    SearchRequest request;
    request.query = q;
    for (FacetField by : {FacetField::kTopic, FacetField::kSource}) {
      SCOPED_TRACE(q + " facets " + FacetFieldName(by));
      test::ExpectSameFacets(single->Facets(request, by, 0), cluster->Facets(request, by, 0));
      test::ExpectSameFacets(single->Facets(request, by, 2), cluster->Facets(request, by, 2));
    }
    for (Interval by : {Interval::kDay, Interval::kMonth, Interval::kYear}) {
      SCOPED_TRACE(q + " histogram");
      test::ExpectSameHistogram(single->Histogram(request, by), cluster->Histogram(request, by));
    }
    request.from = "1987-02-01";
    request.to = "1987-05-31";
    SCOPED_TRACE(q + " histogram within dates");
    test::ExpectSameHistogram(single->Histogram(request, Interval::kWeek),
                              cluster->Histogram(request, Interval::kWeek));
  }
  {
    SearchRequest oil, gas;
    oil.query = "oil";
    gas.query = "gas -oil";
    const auto a = single->HistogramsSideBySide({oil, gas}, Interval::kMonth);
    const auto b = cluster->HistogramsSideBySide({oil, gas}, Interval::kMonth);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) test::ExpectSameHistogram(a[i], b[i]);
  }

  // Export: every article, in the order the same search gives them; by
  // date, the dates in the same order as one archive's export.
  for (const std::string& q : {std::string("oil"), std::string("topic:crude -gas"),
                               std::string("refinery OR opec"), std::string("NOT opec")}) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
      SCOPED_TRACE("export " + q + " sort " + std::to_string(static_cast<int>(sort)));
      SearchRequest request;
      request.query = q;
      request.sort = sort;
      request.limit = 1000;
      std::vector<Article> a, b;
      single->Export(request, [&](const Article& x) { return a.push_back(x), true; });
      cluster->Export(request, [&](const Article& x) { return b.push_back(x), true; });
      ASSERT_EQ(a.size(), b.size());
      std::multiset<std::string> ids_a, ids_b;
      for (const Article& x : a) ids_a.insert(x.id);
      for (const Article& x : b) ids_b.insert(x.id);
      EXPECT_EQ(ids_a, ids_b);
      const SearchResult hits = cluster->Search(request);
      ASSERT_EQ(hits.hits.size(), b.size());
      for (size_t i = 0; i < b.size(); ++i) {
        EXPECT_EQ(b[i].id, hits.hits[i].id) << i;
        if (sort != SortOrder::kRelevance) {
          EXPECT_EQ(a[i].published, b[i].published) << i;
        }
      }
    }
  }
  // Keywords in context: every line of one archive (the order within ties
  // aside: the lines follow the export's order).
  for (const std::string& q : {std::string("oil"), std::string("\"oil price\" OR refinery")}) {
    SearchRequest request;
    request.query = q;
    std::multiset<std::string> a, b;
    auto line_of = [](const KwicLine& l) {
      return l.source + "/" + l.id + " " + l.field + " " + std::to_string(l.paragraph) + " " +
             std::to_string(l.offset) + " " + l.left + "|" + l.match + "|" + l.right;
    };
    single->Kwic(request, {}, [&](const KwicLine& l) { return a.insert(line_of(l)), true; });
    cluster->Kwic(request, {}, [&](const KwicLine& l) { return b.insert(line_of(l)), true; });
    EXPECT_EQ(a, b) << q;
    EXPECT_FALSE(a.empty()) << q;
  }

  // Stopped early by the caller.
  {
    SearchRequest request;
    request.query = "oil";
    size_t seen = 0;
    EXPECT_EQ(cluster->Export(request, [&](const Article&) { return ++seen < 3; }), 3u);
  }

  // Snippets and headlines come from the nodes' documents.
  SearchRequest request;
  request.query = "refinery";
  request.limit = 1000;
  const SearchResult a = single->Search(request), b = cluster->Search(request);
  std::map<std::string, std::pair<std::string, std::string>> shown;
  for (const Hit& h : a.hits) shown[h.id] = {h.headline, h.snippet};
  for (const Hit& h : b.hits) {
    EXPECT_EQ(shown[h.id].first, h.headline) << h.id;
    EXPECT_EQ(shown[h.id].second, h.snippet) << h.id;
  }
  // More like this: the same articles, scored alike.
  for (const char* id : {"wire/1", "wire/14", "wire/200"}) {
    SearchRequest like;
    like.limit = 1000;
    const SearchResult x = single->Similar(id, like), y = cluster->Similar(id, like);
    ExpectSameRankedHits(x, y, false, std::string("similar ") + id);
  }
  for (const char* id : {"wire/1", "wire/14", "wire/420", "wire/421"}) {
    const std::optional<Article> x = single->Get(id), y = cluster->Get(id);
    ASSERT_EQ(x.has_value(), y.has_value()) << id;
    if (!x) continue;
    std::string ex, ey;
    EncodeArticle(*x, &ex);
    EncodeArticle(*y, &ey);
    EXPECT_EQ(ex, ey) << id;
  }
}

// An export fetches its articles after its match, while other threads read
// the same Archive (Python's export iterator, morgue serve): each must get
// whole answers (the fetches once shared a snapshot's remote connections).
TEST_F(ClusterTest, ExportsWhileOtherThreadsSearch) {
  auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly);
  SearchRequest oil, gas;
  oil.query = "oil";
  gas.query = "gas";
  gas.limit = 50;
  std::multiset<std::string> expected;
  cluster->Export(oil, [&](const Article& a) { return expected.insert(a.id), true; });
  const SearchResult gas_hits = cluster->Search(gas);
  ASSERT_FALSE(expected.empty());
  std::atomic<bool> done{false};
  std::atomic<int> wrong{0};
  std::thread searcher([&] {
    while (!done) {
      const SearchResult r = cluster->Search(gas);
      if (r.total != gas_hits.total || r.hits.size() != gas_hits.hits.size()) ++wrong;
    }
  });
  for (int round = 0; round < 5; ++round) {
    std::multiset<std::string> got;
    cluster->Export(oil, [&](const Article& a) {
      std::this_thread::yield();
      return got.insert(a.id), true;
    });
    EXPECT_EQ(got, expected) << "round " << round;
  }
  done = true;
  searcher.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(ClusterTest, SaysWhatItCannotDoAndIsReadOnly) {
  auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly);
  auto expect_refused = [](const std::function<void()>& fn, const std::string& words) {
    try {
      fn();
      ADD_FAILURE() << "not refused: " << words;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  SearchRequest request;
  request.query = "oil";
  expect_refused([&] { cluster->Terms(request); }, "cluster");
  expect_refused([&] { cluster->Stats(); }, "cluster");
  expect_refused([&] { cluster->Add(test::Stories(1000, 1, kWords)); }, "read-only");
  expect_refused([&] { cluster->Get("14"); }, "SOURCE/ID");
  SearchRequest collapse = request;
  collapse.collapse = true;
  expect_refused([&] { cluster->Search(collapse); }, "cluster");
  expect_refused([&] { cluster->Similar("wire/1", collapse); }, "cluster");
  SearchRequest random = request;
  random.sort = SortOrder::kRandom;
  expect_refused([&] { cluster->Search(random); }, "cluster");
  expect_refused([&] { cluster->Export(random, [](const Article&) { return true; }); }, "cluster");
  // A time limit is Xapian's own on a cluster; generous, it changes nothing.
  SearchRequest limited = request;
  limited.time_limit_ms = 60000;
  request.limit = limited.limit = 1000;
  const SearchResult within = cluster->Search(limited);
  EXPECT_TRUE(within.total_exact);
  EXPECT_EQ(within.total, cluster->Count(request));
  EXPECT_EQ(within.hits.size(), cluster->Search(request).hits.size());
  expect_refused([&] { Archive::Open(cluster_, OpenMode::kReadWrite); }, "read-only");
  EXPECT_TRUE(cluster->SavedQueries().empty());
  // Not "unknown saved query", as if it might be found.
  SearchRequest saved;
  saved.query = "@mine AND oil";
  expect_refused([&] { cluster->Search(saved); },
                 "saved queries (@mine) are not available on a cluster");
  expect_refused([&] { cluster->Count(saved); }, "on a cluster");
}

TEST_F(ClusterTest, SeesANodesNewArticlesAtTheNextRead) {
  auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly);
  const uint64_t before = test::CountOf(*cluster, "oil");
  std::vector<Article> more = test::Stories(1001, 60, kWords, " oil");
  std::vector<Article> first_node;
  for (Article& a : more) {
    if (NodeOf(a.source, a.id, kNodes) == 1) first_node.push_back(std::move(a));
  }
  ASSERT_FALSE(first_node.empty());
  ArchiveOptions options;
  Archive::Open(nodes_[0], OpenMode::kReadWrite, options)->Add(first_node);
  EXPECT_EQ(test::CountOf(*cluster, "oil"), before + first_node.size());
  EXPECT_EQ(cluster->ArticleCount(), articles_.size() + first_node.size());
}

// The ssh form (`ssh HOST PATH`) with a stand-in `ssh` first on PATH that
// checks the options morgue gives it and runs the command on this machine:
// `morgue node stdio PATH` speaking Xapian's protocol on the pipe.
TEST_F(ClusterTest, ReachesANodeOverSsh) {
  const fs::path bin = tmp_.path() / "bin";
  fs::create_directories(bin);
  const fs::path log = tmp_.path() / "ssh.log";
  {
    std::ofstream ssh(bin / "ssh");
    ssh << "#!/bin/sh\n"
        << "echo \"$@\" >> " << log.string() << "\n"
        << "[ \"$1\" = -o ] && [ \"$2\" = BatchMode=yes ] && [ \"$3\" = -- ] || exit 97\n"
        << "[ \"$4\" = node-2.example ] && [ \"$5\" = morgue ] || exit 98\n"
        << "shift 5\n"
        << "exec " << MORGUE_BINARY << " \"$@\"\n";
  }
  fs::permissions(bin / "ssh", fs::perms::owner_all);
  const std::string old_path = test::Env("PATH");
  ::setenv("PATH", (bin.string() + ":" + old_path).c_str(), 1);
  ClusterOptions options;
  options.nodes = {servers_[0]->address(), "ssh node-2.example " + nodes_[1],
                   servers_[2]->address()};
  const std::string dir = (tmp_.path() / "over-ssh").string();
  CreateCluster(dir, options);
  uint64_t over_ssh = 0, all_tcp = 0;
  try {
    over_ssh = test::CountOf(*Archive::Open(dir, OpenMode::kReadOnly), "oil OR gas");
  } catch (...) {
    ::setenv("PATH", old_path.c_str(), 1);
    throw;
  }
  ::setenv("PATH", old_path.c_str(), 1);
  all_tcp = test::CountOf(*Archive::Open(cluster_, OpenMode::kReadOnly), "oil OR gas");
  EXPECT_EQ(over_ssh, all_tcp);
  EXPECT_GT(over_ssh, 0u);
  EXPECT_NE(test::ReadFile(log.string())
                .find("-o BatchMode=yes -- node-2.example morgue node stdio " + nodes_[1]),
            std::string::npos);
}

TEST_F(ClusterTest, NamesANodeThatIsDownOrInTheWrongPlace) {
  {
    auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly);
    servers_[1]->Stop();
    try {
      test::CountOf(*cluster, "oil");
      ADD_FAILURE() << "a cluster with a node down answered";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kIO) << e.what();
      EXPECT_NE(std::string(e.what()).find(std::to_string(servers_[1]->port())), std::string::npos)
          << e.what();
    }
    try {
      Archive::Open(cluster_, OpenMode::kReadOnly);
      ADD_FAILURE() << "a cluster with a node down opened";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kIO) << e.what();
      EXPECT_NE(std::string(e.what()).find("node 2 ("), std::string::npos) << e.what();
    }
    servers_[1]->Start();
  }
  // Nodes listed in another order would count articles of one node as
  // another's: refused, naming the node.
  ClusterOptions swapped;
  swapped.nodes = {servers_[1]->address(), servers_[0]->address(), servers_[2]->address()};
  const std::string wrong = (tmp_.path() / "swapped").string();
  CreateCluster(wrong, swapped);
  try {
    Archive::Open(wrong, OpenMode::kReadOnly);
    ADD_FAILURE() << "a cluster of swapped nodes opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption) << e.what();
    EXPECT_NE(std::string(e.what()).find("holds node 2 of 3"), std::string::npos) << e.what();
  }
  // An archive that is not a node is not taken for one.
  TcpServer plain(ShardDirs(single_, 2));
  ClusterOptions with_plain;
  with_plain.nodes = {servers_[0]->address(), plain.address(), servers_[2]->address()};
  const std::string mixed = (tmp_.path() / "mixed").string();
  CreateCluster(mixed, with_plain);
  try {
    Archive::Open(mixed, OpenMode::kReadOnly);
    ADD_FAILURE() << "a cluster with a plain archive opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotAnArchive) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a morgue node"), std::string::npos) << e.what();
  }
  // Nothing listens: the connection is refused within the timeout.
  ClusterOptions nobody;
  const unsigned port = servers_[2]->port();
  servers_[2]->Stop();
  nobody.nodes = {"tcp 127.0.0.1:" + std::to_string(port)};
  nobody.connect_timeout_ms = 2000;
  const std::string empty = (tmp_.path() / "nobody").string();
  CreateCluster(empty, nobody);
  try {
    Archive::Open(empty, OpenMode::kReadOnly);
    ADD_FAILURE() << "a cluster of no server opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIO) << e.what();
    EXPECT_NE(std::string(e.what()).find("node 1 (tcp 127.0.0.1:"), std::string::npos) << e.what();
  }
}

// The node's identity and its documents' articles, as a cluster reads them
// through a node's shards: `dir` is node `node` of `nodes` holding exactly
// `articles` (the oracle: the articles given to it).
void ExpectNodeHolds(const std::string& dir, unsigned node, unsigned nodes,
                     const std::vector<Article>& articles, const std::string& what) {
  std::vector<Xapian::Database> shards;
  Xapian::Database db = OpenShardsForReading(dir, 2, &shards);
  std::optional<Manifest> identity = ParseNodeIdentity(shards[0].get_metadata(kNodeKey));
  ASSERT_TRUE(identity.has_value()) << what << ": the node no longer says what it is";
  EXPECT_EQ(identity->node, node) << what;
  EXPECT_EQ(identity->nodes, nodes) << what;
  EXPECT_EQ(Manifest::Read(dir).node, node) << what;
  EXPECT_EQ(Manifest::Read(dir).nodes, nodes) << what;
  ASSERT_EQ(db.get_doccount(), articles.size()) << what;
  for (const Article& a : articles) {
    const std::string term = UniqueTerm(a.source, a.id);
    ASSERT_NE(db.postlist_begin(term), db.postlist_end(term)) << what << ": " << a.id;
    const std::string data = db.get_document(*db.postlist_begin(term)).get_data();
    ASSERT_FALSE(data.empty()) << what << ": " << a.id << " holds no article";
    EXPECT_EQ(DecodeArticle(data).id, a.id) << what;
  }
}

// What copies or rebuilds a node (repair, compact, backup, salvage) leaves
// the same node: a salvaged node that forgot it would hold no articles in
// its documents, take every article given to it, and be refused by its
// cluster.
TEST(NodeArchiveTest, RepairCompactBackupAndSalvageKeepTheNodeAndItsArticles) {
  TempDir tmp;
  const std::string dir = (tmp.path() / "n2").string();
  ArchiveOptions options;
  options.node = 2;
  options.nodes = 3;
  std::vector<Article> mine, theirs;
  for (Article& a : test::Stories(1, 60, kWords)) {
    (NodeOf(a.source, a.id, 3) == 2 ? mine : theirs).push_back(std::move(a));
  }
  ASSERT_FALSE(mine.empty());
  ASSERT_FALSE(theirs.empty());
  Archive::Open(dir, OpenMode::kCreate, options)->Add(mine);
  ExpectNodeHolds(dir, 2, 3, mine, "made");
  Archive::Repair(dir);
  ExpectNodeHolds(dir, 2, 3, mine, "repaired");
  Archive::Open(dir, OpenMode::kReadWrite)->Compact();
  ExpectNodeHolds(dir, 2, 3, mine, "compacted");
  const std::string backup = (tmp.path() / "backup").string();
  Archive::Open(dir, OpenMode::kReadOnly)->Backup(backup);
  ExpectNodeHolds(backup, 2, 3, mine, "backed up");
  const std::string salvaged = (tmp.path() / "salvaged").string();
  Archive::Salvage(dir, salvaged);
  ExpectNodeHolds(salvaged, 2, 3, mine, "salvaged");
  EXPECT_EQ(Archive::Open(salvaged, OpenMode::kReadOnly)->Node().node, 2u);
  try {
    Archive::Open(salvaged, OpenMode::kReadWrite)->Add({theirs[0]});
    ADD_FAILURE() << "the salvaged node took another node's article";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
  }
}

// A directory with both manifests would be read as the cluster and its
// node's own articles never seen (and the node could not be written):
// refused, saying why.
TEST(NodeArchiveTest, ADirectoryHoldingAnArchiveAndAClusterIsRefused) {
  TempDir tmp;
  const std::string node = (tmp.path() / "n1").string(), cluster = (tmp.path() / "c").string();
  ArchiveOptions options;
  options.node = 1;
  options.nodes = 1;
  Archive::Open(node, OpenMode::kCreate, options)->Add(test::Stories(1, 5, kWords));
  ClusterOptions listed;
  listed.nodes = {"tcp 127.0.0.1:9"};
  CreateCluster(cluster, listed);
  EXPECT_TRUE(IsClusterDirectory(cluster));
  EXPECT_FALSE(IsClusterDirectory(node));
  fs::copy_file(fs::path(cluster) / kClusterManifestName, fs::path(node) / kClusterManifestName);
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    try {
      Archive::Open(node, mode);
      ADD_FAILURE() << "a directory with both manifests opened";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kNotAnArchive) << e.what();
      EXPECT_NE(std::string(e.what()).find("both"), std::string::npos) << e.what();
    }
  }
  // morgue node refuses it, and a cluster, before contacting anything: a
  // cluster listing itself (`ssh HOST DIR`) would reach itself without end.
  for (const std::string& dir : {node, cluster}) {
    const test::CommandResult r = test::RunMorgue("node stdio " + test::Quote(dir));
    EXPECT_EQ(r.exit_code, 2) << dir << ": " << r.err;
    EXPECT_FALSE(r.err.empty()) << dir;
  }
  EXPECT_NE(
      test::RunMorgue("node stdio " + test::Quote(cluster)).err.find("is a cluster, not a node"),
      std::string::npos);
}

// `morgue index --node` takes K/N exactly: nothing else is read as some
// node (a number wrapped by the parser, 1/4294967297, was node 1 of 1,
// which takes every article).
TEST(NodeArchiveTest, IndexTakesOnlyAWellFormedNode) {
  TempDir tmp;
  const fs::path input = tmp.path() / "in.jsonl";
  {
    std::ofstream out(input);
    out << "{\"id\": 1, \"title\": \"Oil\", \"text\": \"Oil rose.\"}\n";
  }
  int n = 0;
  for (const std::string bad :
       {"0/0", "3/2", "1/300", "1/2x", " 1/2", "1/4294967297", "4294967297/1", "1/", "/2", "1//2",
        "1/2/3", "+1/2", "-1/2", "", "1", "0/3", "\xff/2", "1/257"}) {
    const std::string dir = (tmp.path() / ("a" + std::to_string(n++))).string();
    const test::CommandResult r =
        test::RunMorgue("index --archive " + test::Quote(dir) + " --node " + test::Quote(bad) +
                        " " + test::Quote(input.string()));
    EXPECT_EQ(r.exit_code, 2) << "--node \"" << bad << "\": " << r.err;
    EXPECT_NE(r.err.find("--node must be K/N"), std::string::npos) << bad << ": " << r.err;
    EXPECT_FALSE(fs::exists(dir)) << "--node \"" << bad << "\" made an archive";
  }
  const std::string ok = (tmp.path() / "ok").string();
  const test::CommandResult r = test::RunMorgue("index --archive " + test::Quote(ok) +
                                                " --node 256/256 " + test::Quote(input.string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Manifest::Read(ok).nodes, 256u);
  // An archive of its own is not made a node.
  const std::string plain = (tmp.path() / "plain").string();
  ASSERT_EQ(test::RunMorgue("index --archive " + test::Quote(plain) + " " +
                            test::Quote(input.string()))
                .exit_code,
            0);
  const test::CommandResult again = test::RunMorgue("index --archive " + test::Quote(plain) +
                                                    " --node 1/2 " + test::Quote(input.string()));
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_NE(again.err.find("not a cluster node"), std::string::npos) << again.err;
  // A node indexed without --node is told which it is, before reading
  // anything (Add would refuse another node's article midway).
  const test::CommandResult bare =
      test::RunMorgue("index --archive " + test::Quote(ok) + " " + test::Quote(input.string()));
  EXPECT_EQ(bare.exit_code, 2) << bare.err;
  EXPECT_NE(bare.err.find("is node 256/256 of a cluster: index it with --node 256/256"),
            std::string::npos)
      << bare.err;
}

// A node that goes away while an export fetches its pages (after the match,
// outside the read) is morgue's error naming the nodes, not Xapian's
// exception escaping (no std::exception: the CLI would abort).
TEST_F(ClusterTest, ANodeGoneWhileArticlesAreFetchedIsAnErrorNamingTheNodes) {
  ClusterManifest cluster = ClusterManifest::Read(cluster_);
  NodeArticles articles(cluster_, cluster);
  // Docids interleave the nodes: 2 and 5 are node 2's first two documents.
  ASSERT_TRUE(articles.GetArticles({2})[0].has_value());
  servers_[1]->Stop();
  try {
    articles.GetArticles({5});
    ADD_FAILURE() << "an article was read from a node that is down";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIO) << e.what();
    EXPECT_NE(std::string(e.what()).find("2: " + servers_[1]->address()), std::string::npos)
        << e.what();
  }
}

// A node that hangs (its server stopped) fails the open within the
// timeouts, naming the node and both timeouts (the greeting waits the
// answer timeout, not the connect one); an IPv6 node written in brackets is
// reached as an address, not looked up as a host name.
TEST_F(ClusterTest, NamesAHangingNodeAndTakesBracketedIpv6Addresses) {
  ClusterOptions options;
  options.nodes = {servers_[0]->address(), servers_[1]->address(), servers_[2]->address()};
  options.timeout_ms = 1200;
  options.connect_timeout_ms = 400;
  const std::string dir = (tmp_.path() / "hanging").string();
  CreateCluster(dir, options);
  servers_[1]->Pause(true);
  try {
    Archive::Open(dir, OpenMode::kReadOnly);
    ADD_FAILURE() << "a cluster with a hanging node opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIO) << e.what();
    EXPECT_NE(std::string(e.what()).find("node 2 (" + servers_[1]->address() +
                                         ") did not answer in time (400 ms to connect, 1200 ms "
                                         "to answer"),
              std::string::npos)
        << e.what();
  }
  servers_[1]->Pause(false);
  EXPECT_GT(test::CountOf(*Archive::Open(dir, OpenMode::kReadOnly), "oil"), 0u);

  ClusterOptions v6;
  v6.nodes = {"tcp [::1]:" + std::to_string(servers_[0]->port())};  // no one serves ::1
  v6.connect_timeout_ms = 2000;
  const std::string v6_dir = (tmp_.path() / "v6").string();
  CreateCluster(v6_dir, v6);
  try {
    Archive::Open(v6_dir, OpenMode::kReadOnly);
    ADD_FAILURE() << "a node no one serves opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIO) << e.what();
    // Given to the resolver as "::1" (a machine without IPv6 then says so).
    EXPECT_EQ(std::string(e.what()).find("host [::1]"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("node 1 (tcp [::1]:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace morgue
