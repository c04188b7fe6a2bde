// The CSV reader: RFC 4180 details, column mapping, bad rows, Wikinews.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "morgue/reader.h"
#include "tests/test_util.h"

namespace morgue {
namespace {

using test::Collected;
using test::Read;

TEST(ReaderCsvTest, ReadsQuotedMultiLineFieldsAndCrlf) {
  const std::string input = "url,date,title,text,Tags\r\n"
                            "https://x.test/1,2019-01-04,\"Pelosi, again\",\"Friday\xC2\xA0\n\n\n"
                            "She said \"\"yes\"\".\r\n\r\nEnd.\",politics; congress\r\n"
                            "https://x.test/2,2019-01-05,Second,Body two,\r\n";
  Collected c = Read("wiki.csv", input);
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_TRUE(c.issues.empty());
  const Article& a = c.articles[0];
  EXPECT_EQ(a.id, "https://x.test/1");
  EXPECT_EQ(a.url, "https://x.test/1");
  EXPECT_EQ(a.headline, "Pelosi, again");
  EXPECT_EQ(a.body, (std::vector<std::string>{"Friday", "She said \"yes\".", "End."}));
  EXPECT_EQ(a.published->ToIso8601(), "2019-01-04");
  EXPECT_EQ(a.topics, (std::vector<std::string>{"politics", "congress"}));
  EXPECT_EQ(a.source, "wiki");
  EXPECT_EQ(c.articles[1].headline, "Second");
}

TEST(ReaderCsvTest, BadRowsAreIssuesWithTheirLine) {
  const std::string input = "id,title,text\n"
                            "a,One,\"Body\nover two lines\"\n"
                            "b,Missing a column\n"
                            "c,Three,Body three\n"
                            "d,,\n"
                            "e,Five,\"unterminated\n";
  Collected c = Read("rows.csv", input);
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].id, "a");
  EXPECT_EQ(c.articles[1].id, "c");
  ASSERT_EQ(c.issues.size(), 3u);
  EXPECT_EQ(c.issues[0].line, 4u);
  EXPECT_EQ(c.issues[0].record, 2u);
  EXPECT_EQ(c.issues[0].reason, "row has 2 columns, the header has 3");
  EXPECT_EQ(c.issues[1].line, 6u);
  EXPECT_EQ(c.issues[1].reason, "record has neither a title nor text");
  EXPECT_EQ(c.issues[2].line, 7u);
  EXPECT_EQ(c.issues[2].reason,
            "unterminated quoted field: it runs to the end of the file; line 7 skipped, no "
            "well-formed row follows");
}

TEST(ReaderCsvTest, HeaderWithoutTitleOrTextIsAFileIssue) {
  Collected c = Read("numbers.csv", "a,b\n1,2\n");
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_NE(c.issues[0].reason.find("no title or text column"), std::string::npos);
}

TEST(ReaderCsvTest, IdFallsBackToStemAndRow) {
  Collected c = Read("plain.csv", "title\nFirst\nSecond\n");
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[1].id, "plain-2");
}

// Counts CSV records independently: newlines outside quotes after the header.
size_t CountCsvRecords(const std::string& bytes) {
  size_t records = 0;
  bool quoted = false, content = false;
  for (char ch : bytes) {
    if (ch == '"') quoted = !quoted;
    if (ch == '\n' && !quoted) {
      records += content;
      content = false;
    } else if (ch != '\r') {
      content = true;
    }
  }
  return records + content - 1;  // minus the header
}

TEST(ReaderCsvTest, ReadsAllWikinewsRows) {
  std::string corpus = test::SharedCorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus (../shared/corpus) not found";
  std::string dir = corpus + "/wikinews-en-2019-2020";
  size_t expected = CountCsvRecords(test::ReadFile(dir + "/wikinews_2019.csv")) +
                    CountCsvRecords(test::ReadFile(dir + "/wikinews_2020.csv"));
  EXPECT_EQ(expected, 295u);
  std::vector<Article> articles;
  ReadPath(
      dir, {}, [&](Article&& a) { articles.push_back(std::move(a)); },
      [&](const ReadIssue& i) { ADD_FAILURE() << i.ToString(); });
  ASSERT_EQ(articles.size(), expected);
  size_t dated_2021 = 0;
  for (const Article& a : articles) {
    EXPECT_EQ(a.source, "wikinews-en-2019-2020");
    EXPECT_TRUE(a.published.has_value()) << a.id;
    EXPECT_FALSE(a.headline.empty());
    if (a.published && a.published->ToDayKey().starts_with("2021")) ++dated_2021;
  }
  EXPECT_EQ(dated_2021, 2u);  // the two TEST_PAGE rows, read as ordinary articles
  EXPECT_EQ(articles[0].headline,
            "Magnitogorsk apartment building collapses after explosion, dozens dead");
  EXPECT_EQ(articles[0].body[0], "Friday, January 4, 2019");
}

// FNV-1a over everything the reader makes of an article, fields separated.
uint64_t HashArticles(const std::vector<Article>& articles) {
  uint64_t h = 14695981039346656037ull;
  auto mix = [&](const std::string& s) {
    for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
    h = (h ^ 0x1F) * 1099511628211ull;
  };
  for (const Article& a : articles) {
    mix(a.id);
    mix(a.source);
    mix(a.url);
    mix(a.published ? a.published->ToIso8601() : "-");
    mix(a.headline);
    for (const std::string& p : a.body) mix(p);
    for (const std::string& t : a.topics) mix(t);
    mix("\x1E");
  }
  return h;
}

// The re-synchronisation after a malformed record must not change how
// well-formed multi-line records read: Wikinews (295 records, text with line
// breaks and doubled quotes inside quoted fields) reads exactly as the reader
// before re-synchronisation read it. The hash was taken with that reader
// (commit 1411585); Python's csv module independently finds 171 + 124 rows of
// 4 fields, and no closing quote followed by anything but a comma or a line end.
TEST(ReaderCsvTest, WikinewsReadsExactlyAsBeforeResynchronisation) {
  std::string corpus = test::SharedCorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus (../shared/corpus) not found";
  for (const auto& [file, rows, hash] :
       {std::tuple<std::string, size_t, uint64_t>{"wikinews_2019.csv", 171,
                                                  11299589708414264466ull},
        std::tuple<std::string, size_t, uint64_t>{"wikinews_2020.csv", 124,
                                                  15429956763143419330ull}}) {
    Collected c = Read(file, test::ReadFile(corpus + "/wikinews-en-2019-2020/" + file));
    EXPECT_TRUE(c.issues.empty()) << file;
    EXPECT_EQ(c.articles.size(), rows) << file;
    EXPECT_EQ(HashArticles(c.articles), hash) << file;
  }
}

}  // namespace
}  // namespace morgue
