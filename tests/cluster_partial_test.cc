// A cluster read partially (ArchiveOptions::allow_partial, `--allow-partial`,
// docs/distributed.md): a node down, stopped, hanging or misplaced, against
// an archive holding only the other nodes' articles. The fixture:
// cluster_fixture.h.
#include "cluster_fixture.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// The answers of a cluster read partially (ArchiveOptions::allow_partial)
// with node 2 left out, against those of an archive holding only the
// articles NodeOf places on the other nodes, and the mark on each.
class PartialClusterTest : public ClusterTest {
 protected:
  // An archive of the articles of every node but node `left_out`, given in
  // the same order (so ties are ordered alike).
  std::unique_ptr<Archive> WithoutNode(unsigned left_out) {
    std::vector<Article> kept;
    for (const Article& a : articles_) {
      if (NodeOf(a.source, a.id, kNodes) != left_out) kept.push_back(a);
    }
    const std::string dir = (tmp_.path() / ("without" + std::to_string(left_out))).string();
    Archive::Open(dir, OpenMode::kCreate)->Add(kept);
    return Archive::Open(dir, OpenMode::kReadOnly);
  }

  static std::unique_ptr<Archive> OpenPartial(const std::string& dir, unsigned retry_ms) {
    ArchiveOptions options;
    options.allow_partial = true;
    options.retry_missing_ms = retry_ms;
    return Archive::Open(dir, OpenMode::kReadOnly, options);
  }

  // The one node `missing` should name: node 2 and its address.
  void ExpectNode2(const std::vector<std::string>& missing, const std::string& what) {
    ASSERT_EQ(missing.size(), 1u) << what;
    EXPECT_EQ(missing[0].rfind("node 2 (" + servers_[1]->address() + "): ", 0), 0u)
        << what << ": " << missing[0];
  }

  // Every partial answer of `cluster` equals `oracle`'s and is marked with node 2.
  void ExpectAnswersOf(const Archive& cluster, const Archive& oracle) {
    const std::vector<std::string> queries = {"oil", "gas OR opec", "refinery strike",
                                              "topic:crude", "NOT refinery"};
    for (const std::string& q : queries) {
      SCOPED_TRACE(q);
      SearchRequest request;
      request.query = q;
      request.limit = articles_.size();
      std::vector<std::string> missing;
      const uint64_t count = cluster.Count(request, &missing);
      EXPECT_EQ(count, oracle.Count(request));
      ExpectNode2(missing, "count");

      const SearchResult got = cluster.Search(request);
      const SearchResult want = oracle.Search(request);
      ExpectNode2(got.missing_nodes, "search");
      EXPECT_TRUE(want.missing_nodes.empty());
      EXPECT_EQ(got.total, want.total);
      std::multiset<std::string> got_ids, want_ids;
      for (const Hit& h : got.hits) got_ids.insert(h.id);
      for (const Hit& h : want.hits) want_ids.insert(h.id);
      EXPECT_EQ(got_ids, want_ids);

      const FacetResult facets = cluster.Facets(request, FacetField::kTopic, 0);
      const FacetResult facets_want = oracle.Facets(request, FacetField::kTopic, 0);
      ExpectNode2(facets.missing_nodes, "facets");
      EXPECT_EQ(facets.total, facets_want.total);
      ASSERT_EQ(facets.values.size(), facets_want.values.size());
      for (size_t i = 0; i < facets.values.size(); ++i) {
        EXPECT_EQ(facets.values[i].value, facets_want.values[i].value);
        EXPECT_EQ(facets.values[i].count, facets_want.values[i].count);
      }

      const HistogramResult histogram = cluster.Histogram(request, Interval::kMonth);
      const HistogramResult histogram_want = oracle.Histogram(request, Interval::kMonth);
      ExpectNode2(histogram.missing_nodes, "histogram");
      EXPECT_EQ(histogram.total, histogram_want.total);
      EXPECT_EQ(histogram.undated, histogram_want.undated);
      ASSERT_EQ(histogram.bins.size(), histogram_want.bins.size());
      for (size_t i = 0; i < histogram.bins.size(); ++i) {
        EXPECT_EQ(histogram.bins[i].label, histogram_want.bins[i].label);
        EXPECT_EQ(histogram.bins[i].count, histogram_want.bins[i].count);
        EXPECT_EQ(histogram.bins[i].all, histogram_want.bins[i].all);
      }
      for (const HistogramResult& side : cluster.HistogramsSideBySide({request}, Interval::kYear)) {
        ExpectNode2(side.missing_nodes, "histograms side by side");
      }
      for (const FacetResult& side : cluster.FacetsSideBySide({request}, FacetField::kTopic, 3)) {
        ExpectNode2(side.missing_nodes, "facets side by side");
      }

      request.sort = SortOrder::kNewest;
      std::vector<std::string> exported, exported_want;
      missing.clear();
      cluster.Export(
          request,
          [&](const Article& a) {
            // The mark is known before the first article.
            EXPECT_EQ(missing.size(), 1u);
            exported.push_back(a.id);
            return true;
          },
          &missing);
      ExpectNode2(missing, "export");
      oracle.Export(request, [&](const Article& a) {
        exported_want.push_back(a.id);
        return true;
      });
      EXPECT_EQ(std::multiset<std::string>(exported.begin(), exported.end()),
                std::multiset<std::string>(exported_want.begin(), exported_want.end()));
    }
    // A read that has no place for the mark fails naming the node.
    try {
      test::CountOf(cluster, "oil");
      ADD_FAILURE() << "a count without a place for the missing nodes answered";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kIO) << e.what();
      EXPECT_NE(std::string(e.what()).find("node 2 (" + servers_[1]->address() + ")"),
                std::string::npos)
          << e.what();
    }
    // An article is shown from its node; one that may be on the missing
    // node is no answer.
    for (const Article& a : articles_) {
      const std::string name = a.source + "/" + a.id;
      if (NodeOf(a.source, a.id, kNodes) == 2) {
        EXPECT_THROW(cluster.Get(name), Error) << name;
      } else {
        std::optional<Article> got = cluster.Get(name);
        ASSERT_TRUE(got.has_value()) << name;
        EXPECT_EQ(got->headline, a.headline);
      }
      if (a.id == articles_[5].id) break;  // a few of each
    }
  }
};

TEST_F(PartialClusterTest, LeavesOutANodeDownAtOpenAndMarksEveryAnswer) {
  std::unique_ptr<Archive> oracle = WithoutNode(2);
  const unsigned port = servers_[1]->port();
  servers_[1]->Stop();
  EXPECT_THROW(Archive::Open(cluster_, OpenMode::kReadOnly), Error);  // not asked: no answer
  {
    std::unique_ptr<Archive> cluster = OpenPartial(cluster_, 600000);
    ExpectAnswersOf(*cluster, *oracle);
  }
  // Back: a reader that tries again at every read uses it, unmarked.
  std::unique_ptr<Archive> cluster = OpenPartial(cluster_, 0);
  servers_[1]->Start();
  if (servers_[1]->port() != port) GTEST_SKIP() << "the node came back on another port";
  SearchRequest request;
  request.query = "oil";
  std::vector<std::string> missing{"not set"};
  EXPECT_EQ(cluster->Count(request, &missing),
            test::CountOf(*Archive::Open(single_, OpenMode::kReadOnly), "oil"));
  EXPECT_TRUE(missing.empty());
  EXPECT_TRUE(cluster->Search(request).missing_nodes.empty());
}

TEST_F(PartialClusterTest, LeavesOutANodeStoppedAfterOpen) {
  std::unique_ptr<Archive> oracle = WithoutNode(2);
  std::unique_ptr<Archive> cluster = OpenPartial(cluster_, 600000);
  SearchRequest request;
  request.query = "oil";
  std::vector<std::string> missing{"not set"};
  const uint64_t whole = cluster->Count(request, &missing);
  EXPECT_TRUE(missing.empty());
  EXPECT_EQ(whole, test::CountOf(*Archive::Open(single_, OpenMode::kReadOnly), "oil"));
  servers_[1]->Stop();
  ExpectAnswersOf(*cluster, *oracle);
}

// A node that hangs (its server stopped) is left out within the timeouts.
TEST_F(PartialClusterTest, LeavesOutAHangingNodeWithinTheTimeouts) {
  const std::string dir = ShortTimeoutsCluster();
  std::unique_ptr<Archive> oracle = WithoutNode(2);
  servers_[1]->Pause(true);
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Archive> cluster = OpenPartial(dir, 600000);
  SearchRequest request;
  request.query = "oil";
  std::vector<std::string> missing;
  const uint64_t count = cluster->Count(request, &missing);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  servers_[1]->Pause(false);
  EXPECT_EQ(count, oracle->Count(request));
  ExpectNode2(missing, "count");
  if (!missing.empty()) {
    EXPECT_NE(missing[0].find("did not answer in time"), std::string::npos) << missing[0];
  }
  // The open waits the answer timeout once, the first read opens its own
  // snapshot and waits it again: well under 3 timeouts with the rest.
  EXPECT_LT(seconds, 3 * 1.2 + 1.0);
}

// No node answers: an error even when partial answers are asked for.
TEST_F(PartialClusterTest, NoNodeAnsweringIsAnError) {
  for (auto& server : servers_) server->Stop();
  try {
    OpenPartial(cluster_, 0);
    ADD_FAILURE() << "a cluster of no node answering opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIO) << e.what();
    EXPECT_NE(std::string(e.what()).find("no node answered"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("node 3 ("), std::string::npos) << e.what();
  }
}

// A node in the wrong place is not "down": refused with partial answers too.
TEST_F(PartialClusterTest, ANodeInTheWrongPlaceIsStillRefused) {
  ClusterOptions swapped;
  swapped.nodes = {servers_[1]->address(), servers_[0]->address(), servers_[2]->address()};
  const std::string wrong = (tmp_.path() / "swapped").string();
  CreateCluster(wrong, swapped);
  try {
    OpenPartial(wrong, 0);
    ADD_FAILURE() << "a cluster of swapped nodes opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption) << e.what();
  }
}

// The CLI marks a partial answer in every format and exits 3; without
// --allow-partial, exit 1 naming the node.
TEST_F(PartialClusterTest, TheCommandsMarkAPartialAnswerInEveryFormat) {
  std::unique_ptr<Archive> oracle = WithoutNode(2);
  const uint64_t want = test::CountOf(*oracle, "oil");
  const unsigned port = servers_[1]->port();
  servers_[1]->Stop();
  const std::string archive = " --archive " + test::Quote(cluster_) + " ";
  const std::string node2 = "node 2 (" + servers_[1]->address() + "): ";

  test::CommandResult strict = test::RunMorgue("count" + archive + "oil");
  EXPECT_EQ(strict.exit_code, 1) << strict.err;
  EXPECT_NE(strict.err.find("node 2 ("), std::string::npos) << strict.err;

  test::CommandResult count = test::RunMorgue("count" + archive + "--allow-partial oil");
  EXPECT_EQ(count.exit_code, 3) << count.err;
  EXPECT_EQ(count.out, std::to_string(want) + "\n");
  EXPECT_NE(count.err.find(node2), std::string::npos) << count.err;

  test::CommandResult json =
      test::RunMorgue("search" + archive + "--allow-partial --format json -n 0 oil");
  EXPECT_EQ(json.exit_code, 3) << json.err;
  const nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc.value("partial", false), true) << json.out;
  ASSERT_EQ(doc["missing_nodes"].size(), 1u) << json.out;
  EXPECT_EQ(doc["missing_nodes"][0].get<std::string>().rfind(node2, 0), 0u) << json.out;
  EXPECT_EQ(doc["total"].get<uint64_t>(), want);

  test::CommandResult text = test::RunMorgue("facets" + archive + "--allow-partial --by topic oil");
  EXPECT_EQ(text.exit_code, 3) << text.err;
  EXPECT_NE(text.out.find("PARTIAL: left out 1 cluster node"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(node2), std::string::npos) << text.out;

  test::CommandResult csv =
      test::RunMorgue("export" + archive + "--allow-partial --format csv oil");
  EXPECT_EQ(csv.exit_code, 3) << csv.err;
  EXPECT_NE(csv.err.find("partial answer"), std::string::npos) << csv.err;
  EXPECT_NE(csv.err.find(node2), std::string::npos) << csv.err;
  size_t records = 0;
  for (size_t at = csv.out.find("\r\n"); at != std::string::npos; at = csv.out.find("\r\n", at + 2))
    ++records;
  EXPECT_EQ(records, want + 1);  // the header, then one record an article (no newline in a cell)

  // Every node answering: exit 0 and no mark.
  servers_[1]->Start();
  if (servers_[1]->port() == port) {
    test::CommandResult whole =
        test::RunMorgue("search" + archive + "--allow-partial --format json -n 0 oil");
    EXPECT_EQ(whole.exit_code, 0) << whole.err;
    EXPECT_FALSE(nlohmann::json::parse(whole.out).contains("partial")) << whole.out;
  }
}

}  // namespace
}  // namespace morgue
