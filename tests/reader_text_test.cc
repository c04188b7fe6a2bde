// Text hygiene helpers and the plain-text reader (inline input and the seed
// article in the shared corpus).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <string>
#include <vector>

#include "corpus/text.h"
#include "morgue/error.h"
#include "morgue/reader.h"
#include "tests/test_util.h"

namespace morgue {
namespace {

using test::Collected;
using test::Read;

TEST(ReaderTextHygieneTest, RepairsInvalidUtf8AsLatin1) {
  EXPECT_EQ(RepairUtf8("caf\xE9 \xFC"), "caf\xC3\xA9 \xC3\xBC");
  EXPECT_EQ(RepairUtf8("\x93quoted\x94"), "\xE2\x80\x9Cquoted\xE2\x80\x9D");
  EXPECT_EQ(RepairUtf8("ok \xC3\xA9"), "ok \xC3\xA9");
  EXPECT_TRUE(IsValidUtf8(RepairUtf8("\xC3\x28\xED\xA0\x80\xF8")));
}

TEST(ReaderTextHygieneTest, DecodesEntitiesAndDropsControls) {
  EXPECT_EQ(CleanText("AT&amp;T &lt;X&gt; &#3;end&#127; &#x41; &mdash; &bogus; & x"),
            "AT&T <X> end A \xE2\x80\x94 &bogus; & x");
  EXPECT_EQ(CleanText("a\r\nb\x01\tc\xC2\x85"), "a\nb c");
}

TEST(ReaderTextHygieneTest, NormalisesWhitespaceAndKeepsParagraphs) {
  EXPECT_EQ(NormalizeSpace("  a \n\t b\xC2\xA0 c  "), "a b c");
  std::vector<std::string> expected = {"First line wrapped.", "Second."};
  EXPECT_EQ(CleanParagraphs("First line\nwrapped.\n \n\n\nSecond.\n"), expected);
}

TEST(ReaderTextHygieneTest, DetectsBinary) {
  EXPECT_TRUE(LooksBinary(std::string("abc\0def", 7)));
  EXPECT_TRUE(LooksBinary("\xFF\xFE\xFD\xFC\xFB\xFA\xF9\xF8 a"));
  EXPECT_FALSE(LooksBinary("Plain caf\xE9 text with one Latin-1 byte."));
}

TEST(ReaderFormatTest, ParsesAndNamesFormats) {
  EXPECT_EQ(ParseFormat("jsonl"), Format::kJsonLines);
  EXPECT_EQ(ParseFormat("CSV"), Format::kCsv);
  EXPECT_EQ(ParseFormat("reuters"), Format::kReuters);
  EXPECT_EQ(ParseFormat("text"), Format::kPlainText);
  EXPECT_STREQ(FormatName(Format::kAuto), "auto");
  try {
    ParseFormat("pdf");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
}

TEST(ReaderFormatTest, IssueToStringHasTheKnownParts) {
  EXPECT_EQ((ReadIssue{"a.jsonl", 3, 2, "bad"}).ToString(), "a.jsonl:3: record 2: bad");
  EXPECT_EQ((ReadIssue{"a.txt", 0, 0, "empty file"}).ToString(), "a.txt: empty file");
}

TEST(ReaderPlainTextTest, ReadsTheLayout) {
  const std::string text =
      "Updated Mar 5, 2021 - Politics\n\nSenate passes the bill\n\n"
      "Senators in the chamber\n\nSenators in the chamber on Friday. Photo: Jane Doe/AP\n\n"
      "The Senate passed the bill\non Friday.\n\n"
      "  \xE2\x80\xA2 First point.\n  - Second point.\n\n"
      "\"We did it.\"\n\xE2\x80\x94 Senate leader, per Reuters\n\n"
      "Go deeper: Something else\n\nGo deeper\n";
  Collected c = Read("dir/senate-bill.txt", text);
  ASSERT_EQ(c.articles.size(), 1u);
  ASSERT_TRUE(c.issues.empty());
  const Article& a = c.articles[0];
  EXPECT_EQ(a.id, "senate-bill");
  EXPECT_EQ(a.source, "text");
  EXPECT_EQ(a.section, "Politics");
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(a.published->ToIso8601(), "2021-03-05");
  EXPECT_EQ(a.headline, "Senate passes the bill");
  ASSERT_EQ(a.captions.size(), 1u);
  EXPECT_EQ(a.captions[0], (Caption{"Senators in the chamber on Friday.", "Jane Doe/AP"}));
  std::vector<std::string> body = {"The Senate passed the bill on Friday.", "First point.",
                                   "Second point.", "\"We did it.\""};
  EXPECT_EQ(a.body, body);
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(a.quotes[0].text, "We did it.");
  EXPECT_EQ(a.quotes[0].speaker, "Senate leader, per Reuters");
  EXPECT_EQ(a.quotes[0].paragraph, 3u);
}

TEST(ReaderPlainTextTest, IndexesAnArticleWithoutADate) {
  Collected c = Read("note.txt", "A headline only\n\nAnd a body paragraph.\n");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_FALSE(c.articles[0].published.has_value());
  EXPECT_EQ(c.articles[0].headline, "A headline only");
  EXPECT_EQ(c.articles[0].body, std::vector<std::string>{"And a body paragraph."});
}

TEST(ReaderPlainTextTest, EmptyAndBinaryFilesAreIssues) {
  Collected empty = Read("empty.txt", " \n\n");
  EXPECT_TRUE(empty.articles.empty());
  ASSERT_EQ(empty.issues.size(), 1u);
  EXPECT_EQ(empty.issues[0].file, "empty.txt");
  EXPECT_NE(empty.issues[0].reason.find("empty"), std::string::npos);

  Collected binary = Read("image.txt", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
  EXPECT_TRUE(binary.articles.empty());
  ASSERT_EQ(binary.issues.size(), 1u);
  EXPECT_NE(binary.issues[0].reason.find("binary"), std::string::npos);

  Collected headline_only = Read("x.txt", "Just one line\n");
  EXPECT_TRUE(headline_only.articles.empty());
  EXPECT_EQ(headline_only.issues.size(), 1u);
}

TEST(ReaderPlainTextTest, AFileOverTheRecordLimitIsAnIssue) {
  ReadOptions options;
  options.max_record_bytes = 10;
  Collected c = Read("long.txt", "Jan 1, 2020 - World\n\nHeadline\n\nBody.\n", options);
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].reason, "record of 37 bytes exceeds the limit of 10");
}

TEST(ReaderPlainTextTest, StrictThrowsWithTheFile) {
  ReadOptions options;
  options.strict = true;
  try {
    Read("empty.txt", "", options);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(e.file(), "empty.txt");
  }
}

TEST(ReaderPlainTextTest, ReadPathWalksDirectoriesInOrderAndNamesTheSource) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "news" / "b");
  std::filesystem::create_directories(dir.path() / "news" / ".hidden");
  auto write = [&](const std::string& rel, const std::string& text) {
    std::ofstream(dir.path() / "news" / rel) << text;
  };
  write("b/two.txt", "Jan 2, 2020 - World\n\nSecond\n\nBody two.\n");
  write("a.txt", "Jan 1, 2020 - World\n\nFirst\n\nBody one.\n");
  write(".hidden/three.txt", "Jan 3, 2020 - World\n\nHidden\n\nBody.\n");
  write("notes.md", "# not an article\n");
  std::vector<std::string> ids;
  std::vector<std::string> sources;
  ReadPath((dir.path() / "news").string(), {},
           [&](Article&& a) {
             ids.push_back(a.id);
             sources.push_back(a.source);
           },
           [&](const ReadIssue& i) { ADD_FAILURE() << i.ToString(); });
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "two"}));
  EXPECT_EQ(sources, (std::vector<std::string>{"news", "news"}));
  try {
    ReadPath((dir.path() / "missing").string(), {}, nullptr, nullptr);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
}

TEST(ReaderPlainTextTest, ReadsTheSeedArticle) {
  std::string corpus = test::SharedCorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus (../shared/corpus) not found";
  std::vector<Article> articles;
  ReadPath(
      corpus + "/seed/axios-2020-01-01-baghdad-embassy.txt", {},
      [&](Article&& a) { articles.push_back(std::move(a)); },
      [&](const ReadIssue& i) { ADD_FAILURE() << i.ToString(); });
  ASSERT_EQ(articles.size(), 1u);
  const Article& a = articles[0];
  EXPECT_EQ(a.id, "axios-2020-01-01-baghdad-embassy");
  EXPECT_EQ(a.headline, "Protesters withdraw from U.S. embassy in Baghdad after militia orders");
  EXPECT_EQ(a.section, "World");
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(a.published->ToIso8601(), "2020-01-01");
  ASSERT_EQ(a.captions.size(), 1u);
  EXPECT_EQ(a.captions[0].credit, "Murtadha Sudani/Anadolu Agency via Getty Images");
  EXPECT_EQ(a.captions[0].text,
            "Supporters of the Iranian-backed militia group Kataib Hezbollah at the U.S. Embassy "
            "in Baghdad on Dec. 31.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(a.quotes[0].speaker, "Joint Operation Command statement, per NBC News");
  ASSERT_LT(a.quotes[0].paragraph, a.body.size());
  EXPECT_EQ(a.body[a.quotes[0].paragraph].rfind("All protesters withdrew", 0), 0u);
  std::string body = a.BodyText();
  EXPECT_EQ(body.find("Go deeper"), std::string::npos);
  EXPECT_EQ(body.find("Joint Operation Command statement"), std::string::npos);
  EXPECT_EQ(body.find("\xE2\x80\xA2"), std::string::npos);
  EXPECT_EQ(a.body.front().rfind("Protestors withdrew", 0), 0u);
  EXPECT_EQ(a.body[4].rfind("The protestors signaled", 0), 0u);
}

}  // namespace
}  // namespace morgue
