// The archive through the public API: create, add, search, replace, delete,
// reopen, and the errors for things that are not archives.
#include "morgue/archive.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

Article Make(const std::string& id, const std::string& headline, const std::string& body, int year,
             int month, int day) {
  Article a;
  a.id = id;
  a.source = "test";
  a.headline = headline;
  a.body = {body};
  a.published = Timestamp::FromCivil(year, month, day, 12, 0, 0);
  return a;
}

std::vector<Article> Corpus() {
  return {Make("a", "OPEC agrees to cut output",
               "Oil ministers meeting in Vienna agreed to cut crude output.", 1987, 3, 1),
          Make("b", "Grain prices rise", "Wheat and corn prices rose on drought fears in Kansas.",
               1987, 3, 10),
          Make("c", "Central bank holds rates",
               "The central bank kept interest rates unchanged, citing oil prices.", 1987, 4, 2),
          Make("d", "Shipping delays", "Ports reported delays as crude tankers queued.", 1987, 5,
               20)};
}

uint64_t CountOf(const Archive& archive, const std::string& q) {
  SearchRequest r;
  r.query = q;
  return archive.Count(r);
}

// A new archive holding Corpus().
class CorpusArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
    archive->Add(Corpus());
  }
  test::TempDir dir;
  std::unique_ptr<Archive> archive;
};

TEST(ArchiveTest, AddsSearchesAndCountsExactly) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  AddStats stats = archive->Add(Corpus());
  EXPECT_EQ(stats.added, 4u);
  EXPECT_EQ(archive->ArticleCount(), 4u);
  EXPECT_EQ(CountOf(*archive, "crude"), 2u);
  EXPECT_EQ(CountOf(*archive, "\"interest rates\""), 1u);
  EXPECT_EQ(CountOf(*archive, "\"rates interest\""), 0u);

  SearchRequest r;
  r.query = "opec";
  SearchResult result = archive->Search(r);
  ASSERT_EQ(result.total, 1u);
  EXPECT_EQ(result.hits[0].id, "a");
  EXPECT_EQ(result.hits[0].source, "test");
  EXPECT_EQ(result.hits[0].headline, "OPEC agrees to cut output");
}

TEST_F(CorpusArchiveTest, PhrasesDoNotCrossTheHeadlineBodyBoundary) {
  // Headline of "b" ends with "rise", body starts with "Wheat".
  EXPECT_EQ(CountOf(*archive, "\"rise wheat\""), 0u);
  EXPECT_EQ(CountOf(*archive, "\"grain prices rise\""), 1u);
}

TEST_F(CorpusArchiveTest, DateRangesAreInclusiveByDay) {
  SearchRequest r;
  r.query = "prices";
  r.from = "1987-03-01";
  r.to = "1987-03-10";
  EXPECT_EQ(archive->Count(r), 1u);  // b, not c (April)
  r.to = "1987-04";
  EXPECT_EQ(archive->Count(r), 2u);
}

TEST(ArchiveTest, ReindexingReplacesAndIdenticalContentIsUnchanged) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  archive->Add(Corpus());
  AddStats again = archive->Add(Corpus());
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.unchanged, 4u);

  auto changed = Corpus();
  changed[0].headline = "OPEC fails to agree";
  changed[0].body = {"No deal on output in Geneva."};
  AddStats s = archive->Add({changed[0]});
  EXPECT_EQ(s.replaced, 1u);
  EXPECT_EQ(archive->ArticleCount(), 4u);
  EXPECT_EQ(CountOf(*archive, "vienna"), 0u);
  EXPECT_EQ(CountOf(*archive, "geneva"), 1u);
  EXPECT_EQ(CountOf(*archive, "opec"), 1u);
}

TEST_F(CorpusArchiveTest, DeleteRemovesFromStoreAndIndex) {
  EXPECT_TRUE(archive->Delete("test", "b"));
  EXPECT_FALSE(archive->Delete("test", "b"));
  EXPECT_EQ(archive->ArticleCount(), 3u);
  EXPECT_EQ(CountOf(*archive, "wheat"), 0u);
  EXPECT_FALSE(archive->Get("b").has_value());
}

TEST(ArchiveTest, ReopensReadOnlyWithEverything) {
  test::TempDir dir;
  {
    auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
    archive->Add(Corpus());
  }
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kReadOnly);
  EXPECT_EQ(archive->ArticleCount(), 4u);
  EXPECT_EQ(CountOf(*archive, "crude"), 2u);
  auto a = archive->Get("c");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->headline, "Central bank holds rates");
  EXPECT_TRUE(archive->Get("test/c").has_value());
  EXPECT_FALSE(archive->Get("zzz").has_value());
  EXPECT_THROW(archive->Add(Corpus()), Error);
}

TEST(ArchiveTest, RefusesWhatIsNotAnArchive) {
  test::TempDir dir;
  try {
    Archive::Open(dir / "missing", OpenMode::kReadOnly);
    FAIL() << "opened a missing archive";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
  std::filesystem::create_directories(dir / "plain");
  std::ofstream(dir / "plain/notes.txt") << "hello";
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite, OpenMode::kCreate}) {
    try {
      Archive::Open(dir / "plain", mode);
      FAIL() << "opened a plain directory";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kNotAnArchive);
      EXPECT_NE(std::string(e.what()).find("not a morgue archive"), std::string::npos);
    }
  }
  // Nothing was created inside it.
  EXPECT_FALSE(std::filesystem::exists(dir / "plain/store"));
}

TEST(ArchiveTest, RefusesAnUnknownFormatVersion) {
  test::TempDir dir;
  { Archive::Open(dir / "a.morgue", OpenMode::kCreate)->Add(Corpus()); }
  std::ofstream(dir / "a.morgue/MORGUE") << "morgue-archive 99\nshards=2\n";
  try {
    Archive::Open(dir / "a.morgue", OpenMode::kReadOnly);
    FAIL() << "opened a version 99 archive";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kVersion);
    EXPECT_NE(std::string(e.what()).find("version 99"), std::string::npos);
  }
}

TEST(ArchiveTest, ASecondWriterFailsAtOnceNamingTheHolder) {
  test::TempDir dir;
  auto writer = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  try {
    Archive::Open(dir / "a.morgue", OpenMode::kReadWrite);
    FAIL() << "two writers";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLocked);
    EXPECT_NE(std::string(e.what()).find("pid "), std::string::npos);
  }
  // Readers are welcome meanwhile.
  writer->Add(Corpus());
  auto reader = Archive::Open(dir / "a.morgue", OpenMode::kReadOnly);
  EXPECT_EQ(CountOf(*reader, "crude"), 2u);
}

TEST(ArchiveTest, RejectsArticlesWithoutIdOrSource) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  Article a;
  a.source = "x";
  EXPECT_THROW(archive->Add({a}), Error);
  EXPECT_EQ(archive->ArticleCount(), 0u);
}

TEST(ArchiveTest, CollapseGroupsWireCopies) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  auto corpus = Corpus();
  Article copy = corpus[0];  // the same story from another wire, other case and spacing
  copy.id = "a-copy";
  copy.headline = "OPEC AGREES TO CUT  OUTPUT";
  corpus.push_back(copy);
  archive->Add(corpus);
  SearchRequest r;
  r.query = "opec";
  EXPECT_EQ(archive->Search(r).total, 2u);
  r.collapse = true;
  SearchResult collapsed = archive->Search(r);
  EXPECT_EQ(collapsed.total, 2u);  // articles; groups counts the groups
  EXPECT_EQ(collapsed.groups, 1u);
  ASSERT_EQ(collapsed.hits.size(), 1u);
  EXPECT_EQ(collapsed.hits[0].group_size, 2u);
  EXPECT_EQ(archive->Count(r), 1u);
}

TEST_F(CorpusArchiveTest, SortsByDate) {
  SearchRequest r;
  r.query = "crude OR prices OR wheat";
  r.default_and = false;
  r.sort = SortOrder::kNewest;
  SearchResult newest = archive->Search(r);
  ASSERT_EQ(newest.hits.size(), 4u);
  EXPECT_EQ(newest.hits[0].id, "d");
  EXPECT_EQ(newest.hits[3].id, "a");
  r.sort = SortOrder::kOldest;
  EXPECT_EQ(archive->Search(r).hits[0].id, "a");
}

TEST(ArchiveTest, FiltersBuiltInCodeMatchTheQueryLanguage) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  auto corpus = Corpus();
  corpus[0].topics = {"crude"};
  corpus[0].entities = {{"Nippon", EntityKind::kPlace, "", EntityOrigin::kUser}};
  corpus[3].topics = {"crude", "ship"};
  corpus[1].topics = {"grain"};
  archive->Add(corpus);

  SearchRequest r;  // no query string: the filters alone
  r.filters = {{FacetField::kTopic, "CRUDE"}};
  EXPECT_EQ(archive->Count(r), 2u);
  r.filters.push_back({FacetField::kTopic, "grain"});  // same field: ORed
  EXPECT_EQ(archive->Count(r), 3u);
  r.filters.push_back({FacetField::kPlace, "NIPPON"});  // another field: ANDed
  EXPECT_EQ(archive->Count(r), 1u);
  SearchRequest q;
  q.query = "(topic:crude OR topic:grain) place:nippon";
  EXPECT_EQ(archive->Count(q), 1u);

  // With a query string, filters narrow it without changing scores.
  SearchRequest text;
  text.query = "crude";
  SearchResult plain = archive->Search(text);
  text.filters = {{FacetField::kTopic, "ship"}};
  SearchResult filtered = archive->Search(text);
  ASSERT_EQ(filtered.total, 1u);
  EXPECT_EQ(filtered.hits[0].id, "d");
  for (const auto& h : plain.hits) {
    if (h.id == "d") {
      EXPECT_DOUBLE_EQ(h.score, filtered.hits[0].score);
    }
  }
}

TEST_F(CorpusArchiveTest, BadQueriesAreSyntaxErrors) {
  for (const char* q : {"\"unbalanced", "(open", "bdy:crude"}) {
    try {
      CountOf(*archive, q);
      FAIL() << q;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax) << q;
    }
  }
}

// The parsed query of `q` as Search describes it (--explain).
std::string ParsedQueryOf(const Archive& archive, const std::string& q) {
  SearchRequest r;
  r.query = q;
  r.explain = true;
  return archive.Search(r).parsed_query;
}

TEST(ArchiveTest, QuotationsOutsideTheBodyStillMatchUnscopedWords) {
  // The default quote weight is 0: a quotation that is body text adds
  // nothing to its body words, and the quote field is then not searched for
  // unscoped words; one that is not (a reader may supply such quotations)
  // must still be found.
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  ASSERT_EQ(SearchRequest{}.ranking.quote_weight, 0.0);
  Article in = Make("in", "Minister speaks", "The minister said \"we will defend the peg\" today.",
                    1987, 3, 1);
  Article out = Make("out", "Reserves", "Nothing else is said here.", 1987, 3, 2);
  out.quotes = {{"zanzibarite reserves must grow", "a banker", 0, 0, "", QuoteOrigin::kSupplied}};
  archive->Add({in, out});
  EXPECT_EQ(CountOf(*archive, "zanzibarite"), 1u);
  EXPECT_EQ(CountOf(*archive, "\"zanzibarite reserves\""), 1u);
  EXPECT_EQ(CountOf(*archive, "quote:zanzibarite"), 1u);
  EXPECT_EQ(CountOf(*archive, "peg"), 1u);
  EXPECT_EQ(CountOf(*archive, "quote:peg"), 1u) << "the body's quotation is found and indexed";
  EXPECT_NE(ParsedQueryOf(*archive, "peg").find("XQ"), std::string::npos);

  ASSERT_TRUE(archive->Delete("test", "out"));
  EXPECT_EQ(CountOf(*archive, "zanzibarite"), 0u);
  EXPECT_EQ(CountOf(*archive, "peg"), 1u);
  EXPECT_EQ(CountOf(*archive, "quote:peg"), 1u);
  EXPECT_EQ(ParsedQueryOf(*archive, "peg").find("XQ"), std::string::npos)
      << "every quotation is body text now: " << ParsedQueryOf(*archive, "peg");
  SearchRequest weighted;
  weighted.query = "peg";
  weighted.explain = true;
  weighted.ranking.quote_weight = 0.5;
  EXPECT_NE(archive->Search(weighted).parsed_query.find("XQ"), std::string::npos);
}

TEST(ArchiveTest, StemExpansionsSeeWordsAddedSinceTheLastSearch) {
  // Expansions are cached per reader; a write must not leave them stale.
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  archive->Add({Make("a", "Policy", "A new pricing policy.", 1987, 3, 1)});
  EXPECT_EQ(CountOf(*archive, "price"), 1u);
  EXPECT_EQ(CountOf(*archive, "price"), 1u);
  archive->Add({Make("b", "Goods", "Goods priced in dollars.", 1987, 3, 2)});
  EXPECT_EQ(CountOf(*archive, "price"), 2u);
  archive.reset();
  auto reader = Archive::Open(dir / "a.morgue", OpenMode::kReadOnly);
  EXPECT_EQ(CountOf(*reader, "price"), 2u);
}

TEST_F(CorpusArchiveTest, FilterOnlySearchesScoreZeroInArticleOrder) {
  // Nothing adds weight: matches come in the order they were added, as
  // BM25 (which would give every one 0) orders them, and totals are exact.
  SearchRequest r;
  r.query = "date:1987-03..1987-05 -delays";
  SearchResult result = archive->Search(r);
  ASSERT_EQ(result.total, 3u);
  std::vector<std::string> ids;
  for (const Hit& h : result.hits) {
    ids.push_back(h.id);
    EXPECT_EQ(h.score, 0.0);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c"}));
  r.sort = SortOrder::kNewest;
  EXPECT_EQ(archive->Search(r).hits.front().id, "c");
}

TEST(ArchiveTest, FilterOnlyPagesAreTheFirstMatchesOfTheWholeArchive) {
  // Filter-only searches take their page from each shard's first matches;
  // pages must still be the archive's matches in docid order, across shards
  // (2, and 3 here) and offsets, with exact totals.
  for (unsigned shards : {2u, 3u}) {
    SCOPED_TRACE(shards);
    test::TempDir dir;
    ArchiveOptions options;
    options.shards = shards;
    auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate, options);
    std::vector<Article> articles;
    std::vector<std::string> tagged;
    for (int i = 0; i < 40; ++i) {
      Article a = Make("n" + std::to_string(i), "Item", "Text number " + std::to_string(i), 1987, 3,
                       1 + i % 28);
      if (i % 3 != 1) {
        a.topics = {"grain"};
        tagged.push_back(a.id);
      }
      articles.push_back(a);
    }
    archive->Add(articles);
    for (auto [offset, limit] : {std::pair<size_t, size_t>{0, 10}, {3, 5}, {20, 100}, {26, 10}}) {
      SearchRequest r;
      r.query = "topic:grain";
      r.offset = offset;
      r.limit = limit;
      SearchResult result = archive->Search(r);
      EXPECT_EQ(result.total, tagged.size());
      EXPECT_TRUE(result.total_exact);
      std::vector<std::string> ids;
      for (const Hit& h : result.hits) ids.push_back(h.id);
      std::vector<std::string> expected(
          tagged.begin() + static_cast<long>(std::min(offset, tagged.size())),
          tagged.begin() + static_cast<long>(std::min(offset + limit, tagged.size())));
      EXPECT_EQ(ids, expected) << "offset " << offset << " limit " << limit;
      r.explain = true;  // the general path
      std::vector<std::string> general;
      for (const Hit& h : archive->Search(r).hits) general.push_back(h.id);
      EXPECT_EQ(general, expected);
    }
  }
}

TEST(ArchiveTest, OpenDateRangesCountTheSameWhetherOrNotEveryArticleIsDated) {
  // Open ranges are closed at the archive's span; when every article is
  // dated they may become "all but the rest of the span". Either way an
  // undated article never matches a date range.
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  std::vector<Article> articles;
  for (int i = 0; i < 36; ++i) {
    articles.push_back(Make("m" + std::to_string(i), "Monthly report", "Prices were steady.",
                            1985 + i / 12, 1 + i % 12, 15));
  }
  archive->Add(articles);
  auto counts = [&archive] {
    return std::vector<uint64_t>{CountOf(*archive, "prices date:1986-02.."),
                                 CountOf(*archive, "prices date:..1986-02-14"),
                                 CountOf(*archive, "date:1985-03.."),
                                 CountOf(*archive, "prices date:1900.."),
                                 CountOf(*archive, "prices -date:1986-02..")};
  };
  EXPECT_EQ(counts(), (std::vector<uint64_t>{23, 13, 34, 36, 13}));
  SearchRequest r;
  r.query = "prices date:1986-02..";
  r.explain = true;
  EXPECT_NE(archive->Search(r).parsed_query.find("AND_NOT"), std::string::npos)
      << "every article dated, the rest of the span is shorter: "
      << archive->Search(r).parsed_query;

  Article undated = Make("undated", "Monthly report", "Prices were steady.", 1985, 1, 1);
  undated.published.reset();
  archive->Add({undated});
  EXPECT_EQ(counts(), (std::vector<uint64_t>{23, 13, 34, 36, 14}));
  EXPECT_EQ(archive->Search(r).parsed_query.find("AND_NOT"), std::string::npos);
}

}  // namespace
}  // namespace morgue
