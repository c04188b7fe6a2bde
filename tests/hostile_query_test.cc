// Hostile queries against a small archive through the public API: huge and
// deeply nested queries, wildcards that match everything, absurd offsets and
// limits, bytes that are not text. Each gives a clear error or a bounded
// answer, never a crash.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

// More distinct "zq" words than a wildcard may expand to in each of the two
// shards (Xapian applies the expansion limit per shard).
constexpr int kArticles = 2500;

class HostileQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new test::TempDir();
    std::vector<Article> articles;
    for (int n = 0; n < kArticles; ++n) {
      Article a;
      a.id = "h" + std::to_string(n);
      a.source = "hostile";
      a.headline = "Market report " + std::to_string(n);
      a.body = {"oil prices and zq" + std::to_string(n) + " traders"};
      articles.push_back(std::move(a));
    }
    auto archive = Archive::Open(*tmp_ / "h.morgue", OpenMode::kCreate);
    archive->Add(std::move(articles));
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  void SetUp() override { archive_ = Archive::Open(*tmp_ / "h.morgue", OpenMode::kReadOnly); }

  // The error code a search for `query` throws (kInternal when none).
  ErrorCode SearchError(const std::string& query, std::string* message = nullptr) {
    SearchRequest r;
    r.query = query;
    try {
      archive_->Search(r);
    } catch (const Error& e) {
      if (message) *message = e.what();
      return e.code();
    }
    return ErrorCode::kInternal;
  }

  static test::TempDir* tmp_;
  std::unique_ptr<Archive> archive_;
};

test::TempDir* HostileQueryTest::tmp_ = nullptr;

TEST_F(HostileQueryTest, AMegabyteQueryIsALimitError) {
  std::string message;
  EXPECT_EQ(SearchError(std::string(1 << 20, 'x'), &message), ErrorCode::kLimit);
  EXPECT_NE(message.find("bytes"), std::string::npos) << message;
  std::string words;
  while (words.size() < (1 << 20)) words += "oil ";
  EXPECT_EQ(SearchError(words), ErrorCode::kLimit);
}

TEST_F(HostileQueryTest, TenThousandNestedParenthesesAreALimitError) {
  std::string message;
  // 10,000 deep is over the length limit before the depth limit.
  std::string deep = std::string(10000, '(') + "oil" + std::string(10000, ')');
  EXPECT_EQ(SearchError(deep, &message), ErrorCode::kLimit);
  deep = std::string(4000, '(') + "oil" + std::string(4000, ')');
  EXPECT_EQ(SearchError(deep, &message), ErrorCode::kLimit);
  EXPECT_NE(message.find("nests"), std::string::npos) << message;
  // Unbalanced: still a clear error, not a crash.
  EXPECT_NE(SearchError(std::string(5000, '(')), ErrorCode::kInternal);
  EXPECT_NE(SearchError(std::string(5000, ')')), ErrorCode::kInternal);
}

TEST_F(HostileQueryTest, ManyTermsJustUnderTheLengthLimitAnswer) {
  std::string query = "oil";
  for (int n = 0; query.size() < 9900; ++n) query += " OR zq" + std::to_string(n);
  SearchRequest r;
  r.query = query;
  EXPECT_EQ(archive_->Search(r).total, uint64_t{kArticles});
}

TEST_F(HostileQueryTest, ShortAndBareWildcardsAreSyntaxErrors) {
  std::string message;
  EXPECT_EQ(SearchError("a*", &message), ErrorCode::kQuerySyntax);
  EXPECT_NE(message.find("2 letters"), std::string::npos) << message;
  EXPECT_EQ(SearchError("*"), ErrorCode::kQuerySyntax);
  EXPECT_EQ(SearchError("**"), ErrorCode::kQuerySyntax);
  EXPECT_EQ(SearchError("headline:*"), ErrorCode::kQuerySyntax);
}

TEST_F(HostileQueryTest, AWildcardMatchingTooManyWordsIsALimitError) {
  std::string message;
  EXPECT_EQ(SearchError("zq*", &message), ErrorCode::kLimit);
  EXPECT_NE(message.find("wildcard"), std::string::npos) << message;
  SearchRequest r;
  r.query = "zq*";
  EXPECT_THROW(archive_->Count(r), Error);
  // A narrower one is fine: zq1, zq10..zq19, zq100..zq199, zq1000..zq1999.
  r.query = "zq1*";
  EXPECT_EQ(archive_->Count(r), 1u + 10u + 100u + 1000u);
}

// '?' and an inner '*' are expanded by morgue against each shard's words:
// exactly the words the pattern matches (an independent regex over the
// generated words is the oracle), with the same per-field, per-shard limit
// counted on the words matched.
TEST_F(HostileQueryTest, PatternWildcardsMatchExactlyAndKeepTheLimit) {
  struct Case {
    const char* query;
    const char* regex;
  };
  for (const Case& c : {Case{"zq?", "zq."}, Case{"zq??", "zq.."}, Case{"zq1*9", "zq1.*9"},
                        Case{"zq?0", "zq.0"}, Case{"zq*99", "zq.*99"}}) {
    SCOPED_TRACE(c.query);
    const std::regex re(c.regex);
    uint64_t oracle = 0;
    for (int n = 0; n < kArticles; ++n) oracle += std::regex_match("zq" + std::to_string(n), re);
    SearchRequest r;
    r.query = c.query;
    EXPECT_EQ(archive_->Count(r), oracle);
    r.time_limit_ms = 600000;
    EXPECT_EQ(archive_->Search(r).total, oracle);
  }
  // zq1??? holds 1,000 words (zq1000..zq1999), about half in each shard;
  // zq???? 1,500: more than 1,000 in a shard is refused, as zq* is.
  std::string message;
  EXPECT_EQ(SearchError("zq*?*?*?*", &message), ErrorCode::kLimit);
  EXPECT_NE(message.find("matches too many words"), std::string::npos) << message;
  SearchRequest r;
  r.query = "zq1???";
  EXPECT_EQ(archive_->Count(r), 1000u);
}

TEST_F(HostileQueryTest, AHugeOffsetGivesAnEmptyPage) {
  SearchRequest r;
  r.query = "oil";
  r.offset = 1000000000000ull;
  SearchResult result = archive_->Search(r);
  EXPECT_TRUE(result.hits.empty());
  EXPECT_EQ(result.total, uint64_t{kArticles});
  r.offset = UINT64_MAX;
  EXPECT_TRUE(archive_->Search(r).hits.empty());
}

TEST_F(HostileQueryTest, AHugeLimitIsCapped) {
  SearchRequest r;
  r.query = "oil";
  r.limit = 1000000000;
  r.snippets = false;
  SearchResult result = archive_->Search(r);
  EXPECT_EQ(result.hits.size(), size_t{kArticles});
  r.limit = UINT64_MAX;
  EXPECT_EQ(archive_->Search(r).hits.size(), size_t{kArticles});
}

TEST_F(HostileQueryTest, BytesThatAreNotTextNeverCrash) {
  for (const std::string& q :
       {std::string("oil\0prices", 10), std::string("\xff\xfe\xfd"), std::string("\xc3"),
        std::string("\"unclosed"), std::string("person:"), std::string("date:99999-99"),
        std::string("NEAR/999999999999 oil"), std::string(":::"), std::string("-"),
        std::string("oil NEAR/0 prices")}) {
    SearchRequest r;
    r.query = q;
    try {
      archive_->Search(r);
    } catch (const Error& e) {
      EXPECT_NE(e.code(), ErrorCode::kInternal) << e.what();
    }
  }
}

TEST_F(HostileQueryTest, ATimeLimitStillAnswers) {
  SearchRequest r;
  r.query = "oil OR prices OR traders";
  SearchResult full = archive_->Search(r);
  EXPECT_TRUE(full.total_exact);
  EXPECT_EQ(full.total, uint64_t{kArticles});
  // 1 ms: an answer (exact or flagged), or, when even preparing the query
  // took longer (a loaded machine), the documented error; never a wrong
  // total passed off as exact.
  r.time_limit_ms = 1;
  try {
    SearchResult limited = archive_->Search(r);
    EXPECT_LE(limited.hits.size(), 10u);
    if (limited.total_exact) {
      EXPECT_EQ(limited.total, full.total);
    }
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit) << e.what();
    EXPECT_NE(std::string(e.what()).find("to prepare"), std::string::npos) << e.what();
  }
}

TEST_F(HostileQueryTest, CliTakesHugeOffsetsAndATimeLimit) {
  std::string dir = test::Quote(*tmp_ / "h.morgue");
  auto r = test::RunMorgue("search --archive " + dir + " --offset 1000000000000 oil");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = test::RunMorgue("search --archive " + dir + " --time-limit 500 --limit 1000000000 oil");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The JSON answer says whether the total is exact; the text one says
  // "about" when a time limit made it an estimate.
  r = test::RunMorgue("search --archive " + dir + " --format json oil");
  EXPECT_NE(r.out.find("\"total_exact\": true"), std::string::npos) << r.out;
  // With 1 ms: an exact or flagged answer, or (preparing took longer) exit 2.
  r = test::RunMorgue("search --archive " + dir + " --format json --time-limit 1 oil OR prices");
  const bool exact = r.out.find("\"total_exact\": true") != std::string::npos;
  const bool unprepared = r.exit_code == 2 && r.err.find("to prepare") != std::string::npos;
  EXPECT_TRUE(exact || unprepared || r.out.find("\"total_exact\": false") != std::string::npos)
      << r.out << r.err;
  r = test::RunMorgue("search --archive " + dir + " --time-limit 1 oil OR prices");
  if (r.exit_code == 0) {
    EXPECT_EQ(r.out.rfind("about ", 0) == 0,
              r.out.find(" matching articles") != std::string::npos &&
                  r.out.find("estimate") != std::string::npos)
        << r.out;
  } else {
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("to prepare"), std::string::npos) << r.err;
  }
  // A wildcard matching too many words is a query to change: exit 2.
  r = test::RunMorgue("search --archive " + dir + " 'zq*'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("wildcard"), std::string::npos) << r.err;
}

// 1,000 wildcards ORed (zq0* .. zq999*), under the length limit.
std::string ThousandWildcards() {
  std::string query;
  for (int n = 0; n < 1000; ++n) query += (n ? " OR zq" : "zq") + std::to_string(n) + "*";
  return query;
}

TEST_F(HostileQueryTest, ATimeLimitCoversTheExpansionOfWildcards) {
  // Expanding 1,000 wildcards in 3 fields of 2 shards takes far longer than
  // 1 ms: a clear error, never a partial expansion answered as exact.
  SearchRequest r;
  r.query = ThousandWildcards();
  r.time_limit_ms = 1;
  try {
    SearchResult result = archive_->Search(r);
    ADD_FAILURE() << "answered " << result.total << (result.total_exact ? " (exact)" : "");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit) << e.what();
    EXPECT_NE(std::string(e.what()).find("longer than its time limit of 1 ms to prepare"),
              std::string::npos)
        << e.what();
  }
  // Without a limit, or with a generous one, the whole answer.
  r.time_limit_ms = 0;
  EXPECT_EQ(archive_->Search(r).total, uint64_t{kArticles});
  r.time_limit_ms = 600000;
  SearchResult generous = archive_->Search(r);
  EXPECT_EQ(generous.total, uint64_t{kArticles});
  EXPECT_TRUE(generous.total_exact);
  // Count ignores the time limit: exact, always.
  r.time_limit_ms = 1;
  EXPECT_EQ(archive_->Count(r), uint64_t{kArticles});
}

// morgue expands wildcards itself (reading the clock under a time limit),
// into the same terms in every shard: the weights are the whole archive's,
// with a time limit (one match over all shards) or without (a match per
// lane of shards). Xapian's OP_WILDCARD weighted each shard by its own
// expansion: "zq1*" ranked one shard's hits first.
TEST_F(HostileQueryTest, WildcardsAnswerTheSameWithAndWithoutATimeLimit) {
  for (const char* query :
       {"zq1*", "zq12* OR market", "headline:mark* zq2*", "prices -zq1*", "zq9999*"}) {
    SearchRequest r;
    r.query = query;
    r.limit = 20;
    SearchResult plain = archive_->Search(r);
    r.time_limit_ms = 600000;
    SearchResult timed = archive_->Search(r);
    EXPECT_EQ(timed.total, plain.total) << query;
    ASSERT_EQ(timed.hits.size(), plain.hits.size()) << query;
    for (size_t i = 0; i < plain.hits.size(); ++i) {
      EXPECT_EQ(timed.hits[i].id, plain.hits[i].id) << query << " hit " << i;
      EXPECT_NEAR(timed.hits[i].score, plain.hits[i].score, 1e-9) << query << " hit " << i;
    }
  }
  // The expansion limit is the same: per field and shard.
  std::string message;
  SearchRequest r;
  r.query = "zq*";
  r.time_limit_ms = 600000;
  try {
    archive_->Search(r);
    ADD_FAILURE() << "zq* answered";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find("matches too many words"), std::string::npos) << e.what();
  }
}

TEST_F(HostileQueryTest, CliTimeLimitErrorsExitTwo) {
  std::string dir = test::Quote(*tmp_ / "h.morgue");
  auto r = test::RunMorgue("search --archive " + dir + " --time-limit 1 " +
                           test::Quote(ThousandWildcards()));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("time limit of 1 ms"), std::string::npos) << r.err;
  r = test::RunMorgue("count --archive " + dir + " --time-limit 1 " +
                      test::Quote(ThousandWildcards()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::to_string(kArticles) + "\n");
}

}  // namespace
}  // namespace morgue
