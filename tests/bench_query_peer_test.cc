// `morgue bench query`'s broad class (chosen from the archive), its plain
// Xapian peer (bench/xapian_peer.h) and --concurrency, on a small archive of
// generated stories. The peer and morgue are both checked against brute
// force over the stored articles; results under concurrency against the
// same. Never a time.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "bench/query_benchmark.h"
#include "bench/query_mix.h"
#include "bench/xapian_peer.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

using bench::BenchQuery;
using bench::XapianPeer;

const std::vector<std::string> kPeerWords = {"oil",  "wheat", "bank", "coffee",
                                             "gold", "tin",   "zinc", "yen"};

// 60 stories tagged with places: kenya on every third, new zealand on every
// fifth, peru on one, moskva (Cyrillic) on every fourth.
std::vector<Article> PeerStories() {
  std::vector<Article> articles = test::Stories(1, 60, kPeerWords);
  for (size_t i = 0; i < articles.size(); ++i) {
    auto tag = [&](const std::string& name) {
      Entity e;
      e.name = name;
      e.kind = EntityKind::kPlace;
      e.origin = EntityOrigin::kTagged;
      articles[i].entities.push_back(e);
    };
    if (i % 3 == 0) tag("Kenya");
    if (i % 5 == 0) tag("New Zealand");
    if (i % 4 == 0) tag("Москва");
    if (i == 7) tag("Peru");
  }
  return articles;
}

class BenchQueryPeerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    Archive::Open(*dir_ / "a.morgue", OpenMode::kCreate)->Add(PeerStories());
    archive_ = Archive::Open(*dir_ / "a.morgue", OpenMode::kReadOnly).release();
    archive_->Export(SearchRequest{}, [](const Article& a) {
      stored_.push_back(a);
      return true;
    });
  }
  static void TearDownTestSuite() {
    delete archive_;
    delete dir_;
    stored_.clear();
  }
  static std::string dir() { return *dir_ / "a.morgue"; }

  // Brute force over the stored articles.
  static uint64_t Oracle(const std::function<bool(const Article&)>& match) {
    return static_cast<uint64_t>(std::count_if(stored_.begin(), stored_.end(), match));
  }
  static bool HasPlace(const Article& a, const std::string& canonical) {
    return std::any_of(a.entities.begin(), a.entities.end(), [&](const Entity& e) {
      return e.kind == EntityKind::kPlace && e.canonical == canonical;
    });
  }
  static bool HasWord(const Article& a, const std::string& w) {
    std::istringstream in(a.headline + " " + a.BodyText());
    std::string t;
    while (in >> t) {
      if (t == w) return true;
    }
    return false;
  }
  // The article's day as YYYYMMDD, "" when undated.
  static std::string Day(const Article& a) {
    if (!a.published) return "";
    std::string iso = a.published->ToIso8601();  // 1987-03-05T00:00:00Z
    return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
  }

  static test::TempDir* dir_;
  static Archive* archive_;
  static std::vector<Article> stored_;
};
test::TempDir* BenchQueryPeerTest::dir_ = nullptr;
Archive* BenchQueryPeerTest::archive_ = nullptr;
std::vector<Article> BenchQueryPeerTest::stored_;

TEST_F(BenchQueryPeerTest, PlainXapianAndMorgueBothFindWhatTheStoredArticlesSay) {
  ASSERT_EQ(stored_.size(), 60u);
  const std::vector<std::pair<std::string, std::function<bool(const Article&)>>> cases = {
      {"place:kenya", [](const Article& a) { return HasPlace(a, "kenya"); }},
      {"place:\"new zealand\"", [](const Article& a) { return HasPlace(a, "new zealand"); }},
      {"NOT place:kenya", [](const Article& a) { return !HasPlace(a, "kenya"); }},
      {"topic:grain",
       [](const Article& a) {
         return std::find(a.topics.begin(), a.topics.end(), "grain") != a.topics.end();
       }},
      {"date:1987", [](const Article& a) { return Day(a).substr(0, 4) == "1987"; }},
      {"date:1987-03", [](const Article& a) { return Day(a).substr(0, 6) == "198703"; }},
      {"date:1987-03-04", [](const Article& a) { return Day(a) == "19870304"; }},
      {"date:1987-03-01..1987-04-15",
       [](const Article& a) { return Day(a) >= "19870301" && Day(a) <= "19870415"; }},
      {"date:1987-02..1987-04",
       [](const Article& a) { return Day(a) >= "19870201" && Day(a) <= "19870430"; }},
      {"date:..1987-02-28",
       [](const Article& a) { return !Day(a).empty() && Day(a) <= "19870228"; }},
      {"date:1987-11..", [](const Article& a) { return Day(a) >= "19871101"; }},
      {"oil", [](const Article& a) { return HasWord(a, "oil"); }},
      {"oil wheat", [](const Article& a) { return HasWord(a, "oil") && HasWord(a, "wheat"); }},
      {"oil OR zinc", [](const Article& a) { return HasWord(a, "oil") || HasWord(a, "zinc"); }},
      {"gold -tin", [](const Article& a) { return HasWord(a, "gold") && !HasWord(a, "tin"); }},
  };
  XapianPeer peer(dir());
  for (const auto& [query, match] : cases) {
    uint64_t expected = Oracle(match);
    EXPECT_EQ(peer.Search(query, 1000), expected) << query;
    EXPECT_EQ(test::CountOf(*archive_, query), expected) << query;
    EXPECT_EQ(peer.Search(query), std::min<uint64_t>(10, expected)) << query << ": the top 10";
  }
}

TEST_F(BenchQueryPeerTest, BroadQueriesAreChosenFromTheArchive) {
  std::vector<std::string> broad = bench::BroadQueryTexts(*archive_);
  ASSERT_FALSE(broad.empty());
  EXPECT_EQ(broad[0], "place:\"kenya\"") << "the largest place first";
  std::set<std::string> texts(broad.begin(), broad.end());
  EXPECT_TRUE(texts.count("NOT place:\"peru\"")) << "NOT of the smallest place";
  for (const auto& w : kPeerWords) EXPECT_TRUE(texts.count(w)) << w << ": a frequent body word";
  // The largest month, found by brute force, as a month and as its days.
  std::map<std::string, int> months;
  for (const auto& a : stored_) {
    if (!Day(a).empty()) ++months[Day(a).substr(0, 6)];
  }
  auto largest = std::max_element(months.begin(), months.end(),
                                  [](const auto& a, const auto& b) { return a.second < b.second; });
  ASSERT_NE(largest, months.end());
  std::string m = largest->first.substr(0, 4) + "-" + largest->first.substr(4);
  EXPECT_TRUE(texts.count("date:" + m)) << m;
  // Every broad query is broad: it matches, the same articles for morgue and plain Xapian.
  XapianPeer peer(dir());
  for (const auto& text : broad) {
    uint64_t count = test::CountOf(*archive_, text);
    EXPECT_GT(count, 0u) << text;
    EXPECT_EQ(peer.Search(text, 1000), count) << text;
  }
  // Non-Latin values are chosen and searched like any other: the Cyrillic
  // place (its canonical form as stored) is the second largest.
  std::string moskva;
  for (const auto& e : stored_[0].entities) {
    if (e.name == "Москва") moskva = e.canonical;
  }
  ASSERT_FALSE(moskva.empty());
  EXPECT_EQ(broad[1], "place:\"" + moskva + "\"");
}

TEST_F(BenchQueryPeerTest, AnEmptyArchiveHasNoBroadQueries) {
  test::TempDir empty;
  Archive::Open(empty / "e.morgue", OpenMode::kCreate);
  auto archive = Archive::Open(empty / "e.morgue", OpenMode::kReadOnly);
  EXPECT_TRUE(bench::BroadQueryTexts(*archive).empty());
  auto queries = bench::ParseBenchQueries("free\toil\nbroad\t@archive\n", "mix");
  bench::ExpandArchiveQueries(*archive, &queries);
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(queries[0].text, "oil");
}

TEST_F(BenchQueryPeerTest, ConcurrentRunsGiveTheResultsOfTheStoredArticles) {
  auto queries = bench::ParseBenchQueries(
      "entity\tplace:kenya\nentity\tplace:peru\nfree\toil wheat\nbroad\t@archive\n"
      "facets:place\t\n",
      "mix");
  bench::ExpandArchiveQueries(*archive_, &queries);
  bench::QueryBenchmarkOptions options;
  options.repeat = 2;
  options.concurrency = 4;
  options.peer_archive_dir = dir();
  bench::QueryBenchmarkResult r = bench::RunQueryBenchmark(*archive_, queries, options);
  EXPECT_EQ(r.concurrency, 4u);
  EXPECT_TRUE(r.peer_skipped.empty());
  EXPECT_GT(r.search_qps, 0);
  EXPECT_GT(r.peer_search_qps, 0);
  XapianPeer counter(dir());
  std::map<std::string, uint64_t> expected;  // top-10 hits per class, from full counts
  for (const auto& q : queries) {
    if (q.cls != "facets") expected[q.cls] += std::min<uint64_t>(10, counter.Search(q.text, 1000));
  }
  std::set<std::string> seen;
  for (const auto& c : r.classes) {
    seen.insert(c.name);
    EXPECT_EQ(c.runs, 4u * 2u * c.queries) << c.name;
    if (c.name == "facets") {
      EXPECT_FALSE(c.peer) << "the peer runs searches only";
      EXPECT_EQ(c.results, 4u) << "kenya, new zealand, moskva, peru";
      continue;
    }
    if (c.name == "mix") continue;
    ASSERT_TRUE(c.peer) << c.name;
    EXPECT_EQ(c.results, expected[c.name]) << c.name;
    EXPECT_EQ(c.peer->results, expected[c.name]) << c.name;
    EXPECT_EQ(c.peer->runs, c.runs) << c.name;
  }
  EXPECT_EQ(seen, (std::set<std::string>{"entity", "free", "broad", "facets", "mix"}));
}

// --compare-archive: a second archive runs every class in the same rounds.
// The same articles in 3 shards give every class's results of the first
// archive; half of them give others, which the command says.
TEST_F(BenchQueryPeerTest, AComparedArchiveRunsEveryClassInTheSameRounds) {
  ArchiveOptions three;
  three.shards = 3;
  Archive::Open(*dir_ / "b.morgue", OpenMode::kCreate, three)->Add(PeerStories());
  auto same = Archive::Open(*dir_ / "b.morgue", OpenMode::kReadOnly);
  auto queries = bench::ParseBenchQueries(
      "entity\tplace:kenya\nfree\toil wheat\nbroad\t@archive\nfacets:place\t\n"
      "histogram:month\t\nexport\tplace:kenya\n",
      "mix");
  bench::ExpandArchiveQueries(*archive_, &queries);
  bench::QueryBenchmarkOptions options;
  options.repeat = 3;
  options.concurrency = 2;
  options.peer_archive_dir = dir();
  options.compare = same.get();
  bench::QueryBenchmarkResult r = bench::RunQueryBenchmark(*archive_, queries, options);
  EXPECT_GT(r.compared_search_qps, 0);
  std::set<std::string> seen;
  for (const auto& c : r.classes) {
    seen.insert(c.name);
    ASSERT_TRUE(c.compared) << c.name;
    EXPECT_EQ(c.compared->runs, c.runs) << c.name;
    EXPECT_EQ(c.runs, 2u * 3u * c.queries) << c.name;
    EXPECT_EQ(c.compared->results, c.results) << c.name;
    EXPECT_GT(c.results, 0u) << c.name;
  }
  EXPECT_EQ(seen, (std::set<std::string>{"entity", "free", "broad", "facets", "histogram", "export",
                                         "mix"}));

  std::vector<Article> half = PeerStories();
  half.resize(half.size() / 2);
  Archive::Open(*dir_ / "half.morgue", OpenMode::kCreate)->Add(half);
  const std::string file = *dir_ / "compare.tsv";
  std::ofstream(file) << "entity\tplace:kenya\nfree\toil\nexport\tplace:kenya\n";
  const std::string base = "bench query --archive " + test::Quote(dir()) + " --queries " +
                           test::Quote(file) + " --repeat 1 --no-peer --compare-archive ";
  auto json = test::RunMorgue(base + test::Quote(*dir_ / "half.morgue") + " --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["compared_articles"], half.size());
  for (const auto& c : j["classes"]) {
    ASSERT_TRUE(c.contains("compared")) << c.dump();
    EXPECT_EQ(c["compared"]["runs"], c["runs"]) << c.dump();
    if (c["class"] == "export") {
      EXPECT_EQ(c["results"].get<uint64_t>(),
                Oracle([](const Article& a) { return HasPlace(a, "kenya"); }));
      // Kenya is on every third story (PeerStories), the first half's too.
      EXPECT_EQ(c["compared"]["results"].get<uint64_t>(), (half.size() + 2) / 3);
    }
  }
  auto text = test::RunMorgue(base + test::Quote(*dir_ / "half.morgue"));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("export: the compared archive gave other results"), std::string::npos)
      << text.out;
  auto itself = test::RunMorgue(base + test::Quote(dir()));
  ASSERT_EQ(itself.exit_code, 0) << itself.err;
  EXPECT_EQ(itself.out.find("other results"), std::string::npos) << itself.out;
  auto missing = test::RunMorgue(base + test::Quote(*dir_ / "no-such.morgue"));
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("no-such.morgue"), std::string::npos) << missing.err;
  // A file, and an empty value (not "no comparison"): refused, naming what.
  auto a_file = test::RunMorgue(base + test::Quote(file));
  EXPECT_NE(a_file.exit_code, 0);
  EXPECT_NE(a_file.err.find("not a morgue archive"), std::string::npos) << a_file.err;
  auto empty = test::RunMorgue(base + "''");
  EXPECT_EQ(empty.exit_code, 2) << empty.err;
  EXPECT_NE(empty.err.find("--compare-archive"), std::string::npos) << empty.err;
}

TEST_F(BenchQueryPeerTest, RefusesBadConcurrencyAndNamesWhatThePeerCannotRun) {
  auto queries =
      bench::ParseBenchQueries("date\tdate:[1987-03-01 TO 1987-03-15]\nfree\toil\n", "mix.tsv");
  bench::QueryBenchmarkOptions options;
  options.repeat = 1;
  for (unsigned bad : {0u, bench::kMaxConcurrency + 1}) {
    options.concurrency = bad;
    try {
      bench::RunQueryBenchmark(*archive_, queries, options);
      ADD_FAILURE() << "concurrency " << bad << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_NE(std::string(e.what()).find("--concurrency"), std::string::npos) << e.what();
    }
  }
  options.concurrency = 2;
  options.peer_archive_dir = dir();
  bench::QueryBenchmarkResult r = bench::RunQueryBenchmark(*archive_, queries, options);
  ASSERT_EQ(r.peer_skipped.size(), 1u);
  EXPECT_EQ(r.peer_skipped[0].rfind("mix.tsv:1: ", 0), 0u) << r.peer_skipped[0];
  EXPECT_EQ(r.classes[0].peer->runs, 0u) << "left out of the peer's numbers";
  EXPECT_EQ(r.classes[0].runs, 2u) << "morgue still ran it";
  EXPECT_EQ(r.classes[1].peer->runs, 2u);

  try {
    XapianPeer none(*dir_ / "no-such.morgue");
    ADD_FAILURE() << "a missing archive opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotAnArchive) << e.what();
  }
  XapianPeer peer(dir());
  for (const char* bad : {"date:1987-3x", "date:..", "date:abcd..1987"}) {
    try {
      peer.Search(bad);
      ADD_FAILURE() << bad << " parsed";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax) << bad << ": " << e.what();
    }
  }
  EXPECT_THROW(bench::ParseBenchQueries("facets:place\t@archive\n", "m"), Error);
}

TEST_F(BenchQueryPeerTest, TheCommandTakesConcurrencyAndListsTheBroadQueries) {
  const std::string file = *dir_ / "q.tsv";
  std::ofstream(file) << "entity\tplace:kenya\nbroad\t@archive\nfacets:place\t\n";
  auto r = test::RunMorgue("bench query --archive " + test::Quote(dir()) + " --queries " +
                           test::Quote(file) + " --repeat 1 --concurrency 3 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["concurrency"], 3);
  EXPECT_GT(j["xapian_search_qps"].get<double>(), 0);
  for (const auto& c : j["classes"]) {
    EXPECT_EQ(c["runs"].get<size_t>(), 3 * c["queries"].get<size_t>()) << c.dump();
    EXPECT_EQ(c.contains("xapian"), c["class"] != "facets") << c.dump();
  }
  auto list = test::RunMorgue("bench query --list --archive " + test::Quote(dir()) + " --queries " +
                              test::Quote(file));
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out.find("@archive"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("broad\tplace:\"kenya\"\n"), std::string::npos) << list.out;
  for (const char* bad : {"0", "257", "-4", "four", ""}) {
    auto b = test::RunMorgue("bench query --archive " + test::Quote(dir()) + " --queries " +
                             test::Quote(file) + " --concurrency '" + bad + "'");
    EXPECT_EQ(b.exit_code, 2) << bad << ": " << b.err;
    EXPECT_NE(b.err.find("concurrency"), std::string::npos) << bad << ": " << b.err;
  }
  auto plain = test::RunMorgue("bench query --archive " + test::Quote(dir()) + " --queries " +
                               test::Quote(file) + " --repeat 1 --no-peer --format json");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const nlohmann::json report = nlohmann::json::parse(plain.out);
  for (const auto& c : report["classes"]) EXPECT_FALSE(c.contains("xapian"));
}

}  // namespace
}  // namespace morgue
