// A cluster's nodes without a server (morgue/cluster.h, docs/distributed.md):
// the partition rule, the cluster manifest, and what a node archive keeps
// through Add, repair, compaction, backup, salvage and `morgue index --node`.
#include <gtest/gtest.h>
#include <xapian.h>

#include <sys/wait.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "indexer/document.h"
#include "indexer/shards.h"
#include "morgue/archive.h"
#include "morgue/cluster.h"
#include "morgue/error.h"
#include "storage/cluster_manifest.h"
#include "storage/codec.h"
#include "storage/manifest.h"
#include "storage/store.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const std::vector<std::string> kWords = {"oil",  "gas",  "price", "rise",
                                         "fall", "opec", "said",  "market"};

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

// AddShare: a node numbers its articles by their place among all the
// articles given to every node, across batches and reopenings, so that a
// cluster's docids order articles as one archive's do (by when each was
// first added). One archive numbers a batch's articles by first appearance
// too. The oracle: the docids the store keeps, from the places given.
TEST(NodeArchiveTest, AddShareNumbersTheNodesArticlesByTheirPlaceAmongAll) {
  TempDir tmp;
  std::vector<Article> all = test::Stories(1, 90, kWords);
  ArchiveOptions options;
  options.node = 2;
  options.nodes = 3;
  const std::string dir = (tmp.path() / "n2").string();
  std::vector<Article> theirs;  // a batch of other nodes' articles only
  for (const Article& a : test::Stories(500, 540, kWords)) {
    if (NodeOf(a.source, a.id, 3) != 2) theirs.push_back(a);
  }
  // The place (from 1) of each of the node's articles in everything given.
  std::map<std::string, uint64_t> place;
  uint64_t given = 0;
  auto give = [&](Archive& node, const std::vector<Article>& batch) {
    for (const Article& a : batch) {
      ++given;
      if (NodeOf(a.source, a.id, 3) == 2) place.try_emplace(a.id, given);
    }
    const AddStats stats = node.AddShare(batch);
    uint64_t others = 0;
    for (const Article& a : batch) others += NodeOf(a.source, a.id, 3) != 2;
    EXPECT_EQ(stats.other_nodes, others);
  };
  {
    auto node = Archive::Open(dir, OpenMode::kCreate, options);
    give(*node, std::vector<Article>(all.begin(), all.begin() + 40));
    give(*node, theirs);  // nothing to write but the places taken
  }
  {
    // A new writer goes on from the places the last one took; an article
    // given twice in a batch keeps the place where it first stood, with the
    // content of the last.
    auto node = Archive::Open(dir, OpenMode::kReadWrite, options);
    std::vector<Article> batch(all.begin() + 40, all.end());
    size_t twice = 0;
    while (NodeOf(batch[twice].source, batch[twice].id, 3) != 2) ++twice;
    Article again = batch[twice];
    again.body = {"a later version"};
    batch.push_back(again);
    give(*node, batch);
    // Given again, an article keeps its place; every article read takes one.
    give(*node, std::vector<Article>(all.begin(), all.begin() + 10));
    EXPECT_EQ(node->Get(again.source + "/" + again.id)->body, again.body);
  }
  auto store = Store::Open((fs::path(dir) / "store").string(), /*read_only=*/true, false);
  ASSERT_GT(place.size(), 20u);
  EXPECT_EQ(store->ArticleCount(), place.size());
  for (const auto& [id, at] : place) EXPECT_EQ(store->FindDocid("wire", id), at) << id;
  EXPECT_EQ(store->last_docid(), given);

  // Plain Add: one archive numbers a batch by first appearance.
  const std::string plain = (tmp.path() / "plain").string();
  auto archive = Archive::Open(plain, OpenMode::kCreate);
  std::vector<Article> batch(all.begin(), all.begin() + 5);
  batch.push_back(batch[1]);
  batch.back().body = {"a later version"};
  archive->Add(batch);
  auto plain_store = Store::Open((fs::path(plain) / "store").string(), true, false);
  for (uint64_t i = 0; i < 5; ++i) {
    EXPECT_EQ(plain_store->FindDocid("wire", batch[i].id), i + 1) << batch[i].id;
  }
  EXPECT_EQ(archive->Get("wire/" + batch[1].id)->body, batch.back().body);
  // AddShare is a node's: one archive refuses it.
  try {
    archive->AddShare(batch);
    ADD_FAILURE() << "an archive of its own took AddShare";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("is not a cluster's node"), std::string::npos) << e.what();
  }
  // A node's refusal names the article by its place among all given.
  auto node = Archive::Open(dir, OpenMode::kReadWrite, options);
  std::vector<Article> bad(all.begin(), all.begin() + 30);
  size_t last_mine = bad.size() - 1;
  while (NodeOf(bad[last_mine].source, bad[last_mine].id, 3) != 2) --last_mine;
  bad[last_mine].topics = {std::string(kMaxNameBytes + 1, 'x')};
  const uint64_t docids =
      Store::Open((fs::path(dir) / "store").string(), true, false)->last_docid();
  try {
    node->AddShare(bad);
    ADD_FAILURE() << "a topic over its limit was taken";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.record(), last_mine + 1) << e.what();
  }
  // Refused whole: no place was taken.
  EXPECT_EQ(Store::Open((fs::path(dir) / "store").string(), true, false)->last_docid(), docids);
}

// Hostile batches for AddShare: an empty one, another node's article that
// no archive takes (every node refuses the batch alike, naming its place,
// and takes no place), and docids at Xapian's 32-bit limit: a node of 256
// stops at 2^32 / 256 - 1, one archive at 2^32 - 1, refusing the batch whole.
TEST(NodeArchiveTest, AddShareRefusesLikeEveryNodeAndStopsAtTheDocidLimit) {
  TempDir tmp;
  const std::string dir = (tmp.path() / "n1").string();
  ArchiveOptions options;
  options.node = 1;
  options.nodes = 256;
  std::vector<Article> mine, theirs;
  for (Article& a : test::Stories(1, 3000, kWords)) {
    (NodeOf(a.source, a.id, 256) == 1 ? mine : theirs).push_back(std::move(a));
  }
  ASSERT_GE(mine.size(), 3u);
  const std::string store_path = (fs::path(dir) / "store").string();
  auto last_docid = [&] { return Store::Open(store_path, true, false)->last_docid(); };
  {
    auto node = Archive::Open(dir, OpenMode::kCreate, options);
    const AddStats none = node->AddShare({});
    EXPECT_EQ(none.added + none.other_nodes, 0u);
    // Another node's article with a source holding a control character and
    // an id over its limit: refused here as on its own node.
    for (auto spoil : {+[](Article& a) { a.source = std::string("wi\x01re"); },
                       +[](Article& a) { a.id = std::string(kMaxIdBytes + 1, 'x'); }}) {
      std::vector<Article> batch = {mine[0], theirs[0], theirs[1]};
      spoil(batch[2]);
      try {
        node->AddShare(batch);
        ADD_FAILURE() << "a batch holding an article no archive takes was taken";
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_EQ(e.record(), 3u) << e.what();
      }
    }
    EXPECT_EQ(node->ArticleCount(), 0u);
  }
  EXPECT_EQ(last_docid(), 0u);  // no place taken by a refused batch
  const uint64_t limit = UINT32_MAX / 256;
  auto store_at = [&](const std::string& path, uint64_t last) {
    auto store = Store::Open(path, /*read_only=*/false, /*create=*/false);
    store->ReserveDocids(last + 1);
    store->Apply(StoreBatch{});
  };
  store_at(store_path, limit - 1);
  auto node = Archive::Open(dir, OpenMode::kReadWrite, options);
  EXPECT_EQ(node->AddShare({mine[1]}).added, 1u);  // docid `limit` itself
  EXPECT_EQ(last_docid(), limit);
  try {
    node->AddShare({theirs[0], mine[2]});
    ADD_FAILURE() << "a docid past " << limit << " was given";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find(std::to_string(limit) + ", the most a node of 256"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(node->ArticleCount(), 1u);
  EXPECT_EQ(last_docid(), limit);
  EXPECT_TRUE(node->Get("wire/" + mine[1].id).has_value());
  EXPECT_EQ(test::CountOf(*node, "id:wire/" + mine[1].id), 1u);

  // One archive: the last docid Xapian has is taken, the next refused.
  const std::string plain = (tmp.path() / "plain").string();
  Archive::Open(plain, OpenMode::kCreate).reset();
  store_at((fs::path(plain) / "store").string(), UINT32_MAX - 1);
  auto archive = Archive::Open(plain, OpenMode::kReadWrite);
  EXPECT_EQ(archive->Add({mine[0]}).added, 1u);
  EXPECT_EQ(test::CountOf(*archive, "id:wire/" + mine[0].id), 1u);  // searchable at 2^32 - 1
  try {
    archive->Add({mine[1], mine[2]});
    ADD_FAILURE() << "a docid past Xapian's last was given";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
  }
  EXPECT_EQ(archive->ArticleCount(), 1u);
  EXPECT_TRUE(archive->Get("wire/" + mine[0].id).has_value());
}

// `morgue index --node` killed (SIGKILL) at moments spread over its run,
// then run again to the end: the node checks clean after every kill and
// ends holding exactly its share, each article once, its docids within the
// places the whole input offers.
TEST(NodeArchiveTest, AKilledNodeIndexerLeavesAConsistentNodeAndFinishes) {
  TempDir tmp;
  const fs::path input = tmp.path() / "in.jsonl";
  std::set<std::string> share;  // the ids NodeOf gives node 1 of 2
  constexpr int kArticles = 15000;
  {
    std::ofstream out(input);
    for (int i = 0; i < kArticles; ++i) {
      const std::string id = "k" + std::to_string(i);
      out << "{\"id\": \"" << id << "\", \"source\": \"wire\", \"title\": \"Oil " << i
          << "\", \"text\": \"Crude oil rose " << i % 97 << " cents in Tokyo.\"}\n";
      if (NodeOf("wire", id, 2) == 1) share.insert(id);
    }
  }
  const std::string dir = (tmp.path() / "n1").string();
  const std::string index =
      "index --archive " + test::Quote(dir) + " --node 1/2 " + test::Quote(input.string());
  int killed = 0;
  for (const char* after : {"0.1", "0.25", "0.4", "0.55", "0.7", "0.85"}) {
    // (--foreground: timeout waits for morgue to be gone, its lock with it.)
    const int status = std::system(("timeout --foreground -s KILL " + std::string(after) + " " +
                                    test::Quote(MORGUE_BINARY) + " " + index + " >/dev/null 2>&1")
                                       .c_str());
    if (WIFEXITED(status) && WEXITSTATUS(status) == 137) ++killed;
    if (!fs::exists(fs::path(dir) / "MORGUE")) continue;  // killed while creating it
    const CheckReport report = Archive::Open(dir, OpenMode::kReadWrite)->Check();
    EXPECT_TRUE(report.ok()) << "after a kill at " << after << " s: " << report.problems[0];
  }
  const test::CommandResult done = test::RunMorgue(index);
  ASSERT_EQ(done.exit_code, 0) << done.err;
  auto node = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_TRUE(node->Check().ok());
  EXPECT_EQ(node->ArticleCount(), share.size());
  auto store = Store::Open((fs::path(dir) / "store").string(), true, false);
  std::set<std::string> held;
  store->ForEachId([&](const std::string& source, const std::string& id, uint64_t docid) {
    EXPECT_EQ(source, "wire");
    EXPECT_TRUE(held.insert(id).second) << id << " twice";
    EXPECT_LE(docid, store->last_docid()) << id;
  });
  EXPECT_EQ(held, share);
  // Every run read the whole input: the places run on past it.
  EXPECT_GE(store->last_docid(), uint64_t{kArticles});
  EXPECT_GT(killed, 0) << "no run was killed: nothing was tested";
  std::cout << "[          ] runs killed: " << killed << " of 6\n";
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

// A node's writer killed after its batch reached the store and before the
// index took it: the next writer's open replays the log, and the replayed
// documents hold their articles too (IndexOp::data on the CatchUp path);
// ids in other scripts, long and with slashes, go where NodeOf says.
TEST(NodeArchiveTest, ALogReplayedAfterACrashKeepsTheArticlesInTheDocuments) {
  TempDir tmp;
  const std::string dir = (tmp.path() / "node").string();
  ArchiveOptions options;
  options.node = 1;
  options.nodes = 1;
  Archive::Open(dir, OpenMode::kCreate, options);
  std::vector<Article> articles = test::Stories(1, 12, kWords);
  articles[0].id = "日本経済新聞/" + std::string(300, 'x');
  articles[1].source = "Ελληνικά";
  articles[2].id = "a/b/c";
  for (const Article& a : articles) ASSERT_EQ(NodeOf(a.source, a.id, 1), 1u);
  test::AddUnchecked(dir, articles);  // stored, logged, indexed only by the next open
  ExpectNodeHolds(dir, 1, 1, articles, "replayed");
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  for (const Article& a : articles) {
    ASSERT_TRUE(archive->Get(a.source + "/" + a.id).has_value()) << a.id;
  }
}

}  // namespace
}  // namespace morgue
