// A cluster (morgue/cluster.h, docs/distributed.md): nodes served by
// xapian-tcpsrv on loopback, read as one archive, answer as one archive
// holding the same articles answers. What a node is without a server:
// cluster_node_test.cc; read partially: cluster_partial_test.cc.
#include <algorithm>
#include <functional>
#include <set>
#include <sstream>

#include "cluster_fixture.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Every hit of `a` and `b` (both whole: limit >= total) in the same order,
// ties included (broken by docid: on each node the order in which the
// articles were first added, as in one archive), with the same scores.
// Scores that differ by floating-point rounding alone (Xapian sums a
// match's term weights in an order chosen from each database's own term
// frequencies: a node's may differ from the whole archive's in the last
// bit) are a run whose order is not defined: there the same hits in any
// order. Returns how many hits tie exactly with the one before and were
// checked in order (the queries' runs of ties are what tests it).
size_t ExpectSameRankedHits(const SearchResult& a, const SearchResult& b, bool by_date,
                            const std::string& what) {
  EXPECT_EQ(a.total, b.total) << what;
  EXPECT_EQ(a.hits.size(), a.total) << what << ": not every hit asked for";
  if (a.hits.size() != b.hits.size()) {
    ADD_FAILURE() << what << ": " << a.hits.size() << " hits against " << b.hits.size();
    return 0;
  }
  auto name = [](const Hit& h) { return h.source + "/" + h.id; };
  auto near = [](double x, double y) { return std::abs(x - y) <= 1e-12 * std::abs(x); };
  size_t ties = 0;
  for (size_t begin = 0; begin < a.hits.size();) {
    size_t end = begin + 1;
    bool exact = true;  // every score of the run the same, in `a` and in `b`
    while (end < a.hits.size() && (by_date ? a.hits[end].published == a.hits[begin].published
                                           : near(a.hits[end].score, a.hits[begin].score) ||
                                                 near(b.hits[end].score, b.hits[begin].score))) {
      exact = exact && a.hits[end].score == a.hits[begin].score &&
              b.hits[end].score == b.hits[begin].score;
      ++end;
    }
    std::multiset<std::string> ids_a, ids_b;
    for (size_t i = begin; i < end; ++i) {
      EXPECT_NEAR(a.hits[i].score, b.hits[i].score, 1e-9 * std::abs(a.hits[i].score))
          << what << ": hit " << i;
      if (by_date || exact) {
        EXPECT_EQ(name(a.hits[i]), name(b.hits[i]))
            << what << ": hit " << i << std::setprecision(17) << ", scores " << a.hits[i].score
            << " and " << b.hits[i].score;
      }
      ids_a.insert(name(a.hits[i]));
      ids_b.insert(name(b.hits[i]));
    }
    EXPECT_EQ(ids_a, ids_b) << what << ": hits " << begin << " to " << end - 1;
    if (by_date || exact) ties += end - begin - 1;
    begin = end;
  }
  return ties;
}

// The first articles of Reuters-21578 in one archive and in three nodes of
// one shard each (on one database Xapian stops a boolean match at the page:
// docs/distributed.md, "Nodes of one shard").
class ClusterReutersTest : public ClusterTest {
 protected:
  void SetUp() override {
    node_shards_ = 1;
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
      // A page further on (`--offset`: Xapian 1.4.22's MSet::fetch crashed
      // on it) holds the hits of the whole list at its place, and for an
      // unweighted query (a filter, a month, NOT of one: nodes of one shard
      // stop at the page) one archive's hits in the same order.
      request.limit = 7;
      request.offset = 3;
      const SearchResult pa = single->Search(request), pb = cluster->Search(request);
      EXPECT_EQ(pa.total, pb.total);
      ASSERT_EQ(pb.hits.size(), std::min<size_t>(7, b.hits.size() > 3 ? b.hits.size() - 3 : 0));
      for (size_t i = 0; i < pb.hits.size(); ++i) EXPECT_EQ(pb.hits[i].id, b.hits[i + 3].id) << i;
      if (!b.hits.empty() && b.hits[0].score == 0) {
        ASSERT_EQ(pa.hits.size(), pb.hits.size());
        for (size_t i = 0; i < pa.hits.size(); ++i) EXPECT_EQ(pa.hits[i].id, pb.hits[i].id) << i;
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
  size_t ties = 0, date_ties = 0;
  for (const std::string& q : queries) {
    SearchRequest request;
    request.query = q;
    request.limit = 1000;
    const SearchResult a = single->Search(request), b = cluster->Search(request);
    ties += ExpectSameRankedHits(a, b, false, q);
    EXPECT_EQ(cluster->Count(request), a.total) << q;
    for (SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
      request.sort = sort;
      date_ties += ExpectSameRankedHits(single->Search(request), cluster->Search(request), true,
                                        q + (sort == SortOrder::kNewest ? " newest" : " oldest"));
    }
  }
  // Runs of equal scores and of equal dates were there to be ordered.
  EXPECT_GT(ties, 100u);
  EXPECT_GT(date_ties, 100u);
  // stats: the whole cluster's, as one archive's; each node's articles as
  // NodeOf placed them.
  const ArchiveStats s = cluster->Stats(0), t = single->Stats(0);
  EXPECT_EQ(s.nodes, kNodes);
  EXPECT_EQ(s.articles, t.articles);
  EXPECT_EQ(s.undated, t.undated);
  EXPECT_EQ(s.first, t.first);
  EXPECT_EQ(s.last, t.last);
  for (auto list :
       {&ArchiveStats::top_sources, &ArchiveStats::top_sections, &ArchiveStats::top_persons,
        &ArchiveStats::top_orgs, &ArchiveStats::top_places}) {
    test::ExpectSameFacetValues(s.*list, t.*list);
  }
  std::vector<uint64_t> per_node(kNodes);
  for (const Article& a : articles_) ++per_node[NodeOf(a.source, a.id, kNodes) - 1];
  EXPECT_EQ(s.node_articles, per_node);
  EXPECT_EQ(s.store_bytes + s.total_bytes + s.quarantined + s.shards, 0u);
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

// A word written in several forms (rise, rises, rising: one stem) and a
// wildcard are unions of terms, which a cluster counts on its nodes
// (CountWithoutMatch: the largest list's frequency plus the others'
// documents that lack it), for a search whose page comes from a match that
// stops early as for Archive::Count. The forms overlap in some articles and
// not in others; the totals are those of a brute-force count over the
// articles, and of one archive.
class ClusterVariantsTest : public ClusterTest {
 protected:
  void SetUp() override {
    // Nodes of one shard: a batch is then one commit of one database (on a
    // node of two, xapian-tcpsrv can open one shard's commit before the
    // other's: docs/distributed.md, "A batch on a node of several shards").
    node_shards_ = 1;
    if (!HaveTcpServer()) GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian's xapian-tools)";
    articles_ = test::Stories(1, 300, kWords);
    for (size_t i = 0; i < articles_.size(); ++i) {
      if (i % 3 == 0) articles_[i].body[0] += " rises";
      if (i % 5 == 0) articles_[i].body[0] += " rising";
      if (i % 11 == 0) articles_[i].headline += " risen";
      if (i % 17 == 0) articles_[i].headline += " Rising";
      if (i % 4 == 0) articles_[i].body[0] += " москве";
      if (i % 7 == 0) articles_[i].body[0] += " москва";
    }
    Build();
  }

  // How many articles hold, in their headline or body, a word `match` takes.
  size_t BruteForce(const std::function<bool(const std::string&)>& match) const {
    size_t n = 0;
    for (const Article& a : articles_) {
      std::istringstream words(a.headline + " " + a.body[0]);
      std::string w;
      bool found = false;
      while (words >> w) {
        std::transform(w.begin(), w.end(), w.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        found = found || match(w);
      }
      n += found;
    }
    return n;
  }
};

TEST_F(ClusterVariantsTest, CountsAWordsFormsOnTheNodes) {
  auto single = Archive::Open(single_, OpenMode::kReadOnly);
  auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly);
  auto is = [](std::initializer_list<const char*> forms) {
    return [forms](const std::string& w) {
      return std::any_of(forms.begin(), forms.end(), [&](const char* f) { return w == f; });
    };
  };
  const std::vector<std::pair<std::string, size_t>> queries = {
      {"rise", BruteForce(is({"rise", "rises", "rising"}))},
      {"rising", BruteForce(is({"rise", "rises", "rising"}))},
      {"risen", BruteForce(is({"risen"}))},
      {"ris*", BruteForce([](const std::string& w) { return w.starts_with("ris"); })},
      {"rise OR risen", BruteForce(is({"rise", "rises", "rising", "risen"}))},
      // Non-Latin forms (one wildcard's union of two Cyrillic terms).
      {"моск*", BruteForce([](const std::string& w) { return w.starts_with("моск"); })},
  };
  for (const auto& [q, expected] : queries) {
    SearchRequest request;
    request.query = q;
    request.limit = 1000;
    const SearchResult a = single->Search(request), all = cluster->Search(request);
    EXPECT_EQ(a.total, expected) << q;
    EXPECT_EQ(all.total, expected) << q;
    EXPECT_EQ(cluster->Count(request), expected) << q;
    // The same articles (a union's scores differ between databases:
    // ClusterReutersTest.TheBenchMixAnswersAsOneArchive).
    std::multiset<std::string> ids_a, ids_b;
    for (const Hit& h : a.hits) ids_a.insert(h.id);
    for (const Hit& h : all.hits) ids_b.insert(h.id);
    EXPECT_EQ(ids_a, ids_b) << q;
    // The top page, counted apart, is the whole list's beginning.
    request.limit = 10;
    const SearchResult page = cluster->Search(request);
    EXPECT_EQ(page.total, expected) << q;
    EXPECT_TRUE(page.total_exact) << q;
    ASSERT_EQ(page.hits.size(), std::min<size_t>(10, expected)) << q;
    for (size_t i = 0; i < page.hits.size(); ++i) {
      EXPECT_EQ(page.hits[i].id, all.hits[i].id) << q << " hit " << i;
      EXPECT_EQ(page.hits[i].score, all.hits[i].score) << q << " hit " << i;
    }
  }
  // The forms overlap, so adding their frequencies would be wrong.
  EXPECT_LT(BruteForce(is({"rise", "rises", "rising"})),
            BruteForce(is({"rise"})) + BruteForce(is({"rises"})) + BruteForce(is({"rising"})));
}

// A node written while the cluster counts a union of forms: each count is
// one revision's. Each batch adds 3 articles holding only "rise" and 5
// holding only "rises" to node 1, so a count that took the forms'
// frequencies from one revision and the documents lacking the largest
// form from another would be off the steps of 8 (+3 or +5).
TEST_F(ClusterVariantsTest, CountsAreOneRevisionsWhileANodeIsWritten) {
  auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly);
  SearchRequest rise;
  rise.query = "rise";
  const uint64_t before = cluster->Count(rise);
  constexpr int kBatches = 8;
  std::vector<std::vector<Article>> batches(kBatches);
  for (int b = 0, n = 0; b < kBatches; ++b) {
    size_t only_rise = 0, only_rises = 0;
    while (only_rise < 3 || only_rises < 5) {
      Article a;
      a.source = "wire";
      a.id = "more-" + std::to_string(n++);
      if (NodeOf(a.source, a.id, kNodes) != 1) continue;
      const bool first = only_rise < 3;
      a.headline = "update";
      a.body = {first ? "the rise" : "the rises"};
      (first ? only_rise : only_rises)++;
      batches[b].push_back(std::move(a));
    }
  }
  std::atomic<bool> done{false};
  std::thread writer([&] {
    auto node = Archive::Open(nodes_[0], OpenMode::kReadWrite);
    for (const auto& batch : batches) node->Add(batch);
    done = true;
  });
  auto check = [&](uint64_t total, const char* what) {
    EXPECT_GE(total, before) << what;
    EXPECT_EQ((total - before) % 8, 0u) << what << ": " << total << " from " << before;
    EXPECT_LE(total, before + 8 * kBatches) << what;
  };
  // A read that a node's commits outran three times (the revision it read
  // discarded: Xapian's DatabaseModifiedError, seen under AddressSanitizer)
  // fails with that error; any other failure is one.
  size_t reads = 0, outrun = 0;
  while (!done) {
    try {
      check(cluster->Count(rise), "count");
      check(cluster->Search(rise).total, "search");
      ++reads;
    } catch (const Error& e) {
      if (std::string(e.what()).find("DatabaseModifiedError") == std::string::npos) {
        ADD_FAILURE() << "a read while the node was written: " << e.what();
        break;
      }
      ++outrun;
    }
  }
  writer.join();
  EXPECT_LT(outrun, reads + 3) << "most reads while the node was written failed";
  check(cluster->Count(rise), "count after");
  EXPECT_EQ(cluster->Count(rise), before + 8 * kBatches);
  EXPECT_EQ(cluster->Search(rise).total, before + 8 * kBatches);
}

// An export by date reads a window of whole days at a time
// (ArchiveOptions::export_window): a window of one article (every day
// alone, each holding more) and of a dozen (several days; the default, one
// window here, in AnswersAsOneArchive...) give one archive's articles in one
// archive's date order, the
// undated first (oldest) or last (newest), and the order of the cluster's
// own search; a caller stopping early gets the first articles.
TEST_F(ClusterTest, ExportsByDateAWindowOfDaysAtATime) {
  auto single = Archive::Open(single_, OpenMode::kReadOnly);
  for (uint64_t window : {uint64_t{1}, uint64_t{12}}) {
    ArchiveOptions options;
    options.export_window = window;
    auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly, options);
    for (const std::string& q : {std::string("oil"), std::string("NOT opec"), std::string()}) {
      for (SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
        SCOPED_TRACE("window " + std::to_string(window) + " query '" + q + "' sort " +
                     std::to_string(static_cast<int>(sort)));
        SearchRequest request;
        request.query = q;
        request.sort = sort;
        request.limit = 1000;
        std::vector<Article> a, b;
        const uint64_t passed_a =
            single->Export(request, [&](const Article& x) { return a.push_back(x), true; });
        const uint64_t passed_b =
            cluster->Export(request, [&](const Article& x) { return b.push_back(x), true; });
        EXPECT_EQ(passed_a, a.size());
        EXPECT_EQ(passed_b, b.size());
        ASSERT_EQ(a.size(), b.size());
        ASSERT_GT(b.size(), 20u);
        std::multiset<std::string> ids_a, ids_b;
        for (size_t i = 0; i < a.size(); ++i) {
          ids_a.insert(a[i].id);
          ids_b.insert(b[i].id);
          EXPECT_EQ(a[i].published, b[i].published) << i;
        }
        EXPECT_EQ(ids_a, ids_b);
        EXPECT_EQ(std::set<std::string>(ids_b.begin(), ids_b.end()).size(), b.size())
            << "an article passed twice";
        // The undated at one end.
        const bool oldest = sort == SortOrder::kOldest;
        EXPECT_FALSE(b[oldest ? 0 : b.size() - 1].published.has_value());
        EXPECT_TRUE(b[oldest ? b.size() - 1 : 0].published.has_value());
        if (!q.empty()) {  // a search needs a query; an export takes every article
          const SearchResult hits = cluster->Search(request);
          ASSERT_EQ(hits.hits.size(), b.size());
          for (size_t i = 0; i < b.size(); ++i) EXPECT_EQ(b[i].id, hits.hits[i].id) << i;
        }
        std::vector<std::string> first;
        EXPECT_EQ(cluster->Export(request,
                                  [&](const Article& x) {
                                    first.push_back(x.id);
                                    return first.size() < 7;
                                  }),
                  7u);
        for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i], b[i].id) << i;
      }
    }
  }
}

// A writer commits to a node (twice, so that Xapian may drop the revision
// the export reads) while an export by date passes its articles, a window
// of one day at a time: the export either finishes with every article of
// its snapshot once, or fails naming the change; never an article twice.
TEST_F(ClusterTest, AnExportByDateNeverPassesAnArticleTwiceWhileANodeIsWritten) {
  ArchiveOptions options;
  options.export_window = 1;
  auto cluster = Archive::Open(cluster_, OpenMode::kReadOnly, options);
  SearchRequest request;
  request.query = "oil";
  request.sort = SortOrder::kNewest;
  std::vector<Article> more = test::Stories(5001, 80, kWords, " oil");
  std::vector<Article> first_node;
  for (Article& a : more) {
    if (NodeOf(a.source, a.id, kNodes) == 1) first_node.push_back(std::move(a));
  }
  ASSERT_GT(first_node.size(), 4u);
  const size_t half = first_node.size() / 2;
  std::multiset<std::string> seen;
  bool written = false;
  try {
    cluster->Export(request, [&](const Article& a) {
      seen.insert(a.id);
      if (seen.size() == 5 && !written) {
        written = true;
        auto node = Archive::Open(nodes_[0], OpenMode::kReadWrite);
        node->Add(std::vector<Article>(first_node.begin(), first_node.begin() + half));
        node->Add(std::vector<Article>(first_node.begin() + half, first_node.end()));
      }
      return true;
    });
    EXPECT_TRUE(written);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIO) << e.what();
    EXPECT_NE(std::string(e.what()).find("during an export"), std::string::npos) << e.what();
  }
  for (const std::string& id : seen) EXPECT_EQ(seen.count(id), 1u) << id;
  // The next export sees the new articles.
  EXPECT_EQ(test::CountOf(*cluster, "oil"),
            cluster->Export(request, [](const Article&) { return true; }));
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

// What copies or rebuilds a node (repair, compact, backup, salvage) leaves
// the same node: a salvaged node that forgot it would hold no articles in
// its documents, take every article given to it, and be refused by its
// cluster.
TEST_F(ClusterTest, ANodeGoneWhileArticlesAreFetchedIsAnErrorNamingTheNodes) {
  ClusterManifest cluster = ClusterManifest::Read(cluster_);
  NodeArticles articles(cluster_, cluster);
  // Docids interleave the nodes: node 2's docid d is the cluster's
  // (d - 1) * 3 + 2.
  std::set<uint64_t> docids;
  Store::Open((fs::path(nodes_[1]) / "store").string(), true, false)
      ->ForEachId([&](const std::string&, const std::string&, uint64_t d) { docids.insert(d); });
  ASSERT_GE(docids.size(), 2u);
  auto merged = [](uint64_t d) { return (d - 1) * kNodes + 2; };
  ASSERT_TRUE(articles.GetArticles({merged(*docids.begin())})[0].has_value());
  servers_[1]->Stop();
  try {
    articles.GetArticles({merged(*std::next(docids.begin()))});
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
  const std::string dir = ShortTimeoutsCluster();
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
