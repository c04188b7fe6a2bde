// Hostile input to the readers (issue "No input can poison an archive"):
// dates outside the years an archive takes, stray and unterminated CSV
// quotes, a cut Reuters file, gzip bombs, directories that cannot be read.
// Each test says what went wrong before its fix.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "morgue/error.h"
#include "morgue/reader.h"
#include "tests/test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::Collected;
using test::Read;

std::vector<std::string> Ids(const Collected& c) {
  std::vector<std::string> ids;
  for (const Article& a : c.articles) ids.push_back(a.id);
  return ids;
}

// ---- Dates outside the years 1000-2999 ---------------------------------------

// Before: 0001-01-01 and 9999-12-31 were stored as given and made
// `histogram --by day` build thousands of years of buckets.
TEST(ReaderHostileTest, ADateOutsideTheYearsLeavesTheArticleUndatedWithAWarning) {
  const std::string input =
      "{\"id\":\"a\",\"title\":\"t\",\"date\":\"0001-01-01\"}\n"
      "{\"id\":\"b\",\"title\":\"t\",\"date\":\"9999-12-31T23:59:59Z\"}\n"
      "{\"id\":\"c\",\"title\":\"t\",\"date\":\"0999-12-31\"}\n"
      "{\"id\":\"d\",\"title\":\"t\",\"date\":\"1000-01-01\"}\n"
      "{\"id\":\"e\",\"title\":\"t\",\"date\":\"2999-12-31T23:59:59Z\"}\n"
      "{\"id\":\"f\",\"title\":\"t\",\"date\":\"3000-01-01T00:00:00Z\"}\n"
      "{\"id\":\"g\",\"title\":\"t\",\"date\":-62135596800}\n"
      "{\"id\":\"h\",\"title\":\"t\",\"date\":\"Jan 1, 0999\"}\n";
  Collected c = Read("dates.jsonl", input);
  ASSERT_EQ(Ids(c), (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h"}));
  std::vector<std::string> dated;
  for (const Article& a : c.articles) {
    if (a.published) dated.push_back(a.id + " " + a.published->ToIso8601());
  }
  EXPECT_EQ(dated, (std::vector<std::string>{"d 1000-01-01", "e 2999-12-31T23:59:59Z"}));
  std::vector<std::string> issues;
  for (const ReadIssue& i : c.issues) {
    EXPECT_FALSE(i.skipped) << i.ToString();
    issues.push_back(i.ToString());
  }
  const std::string left = " is outside the years 1000-2999; the article is left undated";
  EXPECT_EQ(issues, (std::vector<std::string>{
                        "dates.jsonl:1: record 1: date 0001-01-01" + left,
                        "dates.jsonl:2: record 2: date 9999-12-31" + left,
                        "dates.jsonl:3: record 3: date 0999-12-31" + left,
                        "dates.jsonl:6: record 6: date 3000-01-01" + left,
                        "dates.jsonl:7: record 7: date 0001-01-01" + left,
                    }));
  // Written dates before year 1000 were never parsed ("Jan 1, 0999": undated
  // silently, as any date that cannot be read).
  EXPECT_FALSE(c.articles[7].published.has_value());
}

TEST(ReaderHostileTest, EveryFormatChecksTheDateRange) {
  const std::string left = " is outside the years 1000-2999; the article is left undated";
  Collected csv = Read("d.csv", "title,date\nOne,2020-01-01\nTwo,9999-12-31\n");
  ASSERT_EQ(csv.articles.size(), 2u);
  EXPECT_FALSE(csv.articles[1].published.has_value());
  ASSERT_EQ(csv.issues.size(), 1u);
  EXPECT_EQ(csv.issues[0].ToString(), "d.csv:3: record 2: date 9999-12-31" + left);

  Collected sgml = Read("d.sgm",
                        "<REUTERS NEWID=\"1\">\n<DATE>1-JAN-0001 00:00:00.00</DATE>\n"
                        "<TEXT><TITLE>OLD</TITLE></TEXT>\n</REUTERS>\n");
  ASSERT_EQ(sgml.articles.size(), 1u);
  EXPECT_FALSE(sgml.articles[0].published.has_value());
  ASSERT_EQ(sgml.issues.size(), 1u);
  EXPECT_EQ(sgml.issues[0].ToString(), "d.sgm:1: record 1: date 0001-01-01" + left);

  Collected text = Read("d.txt", "\nDec 31, 9999 - World\nHeadline\n\nBody.\n");
  ASSERT_EQ(text.articles.size(), 1u);
  EXPECT_FALSE(text.articles[0].published.has_value());
  ASSERT_EQ(text.issues.size(), 1u);
  EXPECT_EQ(text.issues[0].ToString(), "d.txt:2: record 1: date 9999-12-31" + left);

  // --strict stops there.
  ReadOptions strict;
  strict.strict = true;
  try {
    Read("d.csv", "title,date\nOne,2020-01-01\nTwo,9999-12-31\n", strict);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.record(), 2u);
    EXPECT_EQ(std::string(e.what()), "d.csv:3: record 2: date 9999-12-31" + left);
  }
}

}  // namespace
}  // namespace morgue
