// The Reuters-21578 SGML reader: inline records and the full collection.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "morgue/reader.h"
#include "tests/test_util.h"

namespace morgue {
namespace {

using test::Collected;
using test::Read;

// Invented records in the collection's layout.
const char kRecords[] =
    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
    "<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"1\" "
    "NEWID=\"10\">\n"
    "<DATE> 2-MAR-1987 09:05:07.12&#5;&#5;&#5;F</DATE>\n"
    "<TOPICS><D>grain</D><D>wheat</D></TOPICS>\n"
    "<PLACES><D>usa</D></PLACES>\n<PEOPLE><D>yeutter</D></PEOPLE>\n"
    "<ORGS><D>ec</D></ORGS>\n<EXCHANGES><D>cbt</D></EXCHANGES>\n<COMPANIES></COMPANIES>\n"
    "<UNKNOWN>&#5;junk</UNKNOWN>\n"
    "<TEXT>&#2;\n<TITLE>FARM &lt;BILL&gt; &amp; WHEAT</TITLE>\n"
    "<AUTHOR>    by Jane Roe, Reuters</AUTHOR>\n"
    "<DATELINE>    WASHINGTON, March 2 - </DATELINE><BODY>The farm bill was\n"
    "passed on Monday, caf\xE9 owners said.\n"
    "    A second paragraph\n"
    "wraps here.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" NEWID=\"11\">\n<DATE>2-MAR-1987 09:06:00.00</DATE>\n"
    "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>BRIEF HEADLINE ONLY\n</TITLE>Blah blah blah.\n&#3;\n"
    "</TEXT>\n</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" NEWID=\"12\">\n<DATE>2-MAR-1987 09:07:00.00</DATE>\n"
    "<TEXT TYPE=\"UNPROC\">&#2;\nWEEKLY REPORT - MAR 2\n Line one.......1\n Line two.......2\n"
    "&#3;</TEXT>\n</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" NEWID=\"13\">\n<DATE>2-MAR-1987 09:08:00.00</DATE>\n"
    "<TEXT>&#2;\n&#3;</TEXT>\n</REUTERS>\n";

TEST(ReaderReutersTest, ReadsRecords) {
  Collected c = Read("reut2-x.sgm", kRecords);
  ASSERT_EQ(c.articles.size(), 3u);
  const Article& a = c.articles[0];
  EXPECT_EQ(a.id, "10");
  EXPECT_EQ(a.source, "reuters21578");
  EXPECT_EQ(a.language, "en");
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(a.published->ToIso8601(), "1987-03-02T09:05:07Z");
  EXPECT_EQ(a.headline, "FARM <BILL> & WHEAT");
  EXPECT_EQ(a.dateline, "WASHINGTON, March 2 -");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Jane Roe"});
  EXPECT_EQ(a.body, (std::vector<std::string>{
                        "The farm bill was passed on Monday, caf\xC3\xA9 owners said.",
                        "A second paragraph wraps here."}));
  EXPECT_EQ(a.topics, (std::vector<std::string>{"grain", "wheat"}));
  std::vector<Entity> entities = {{"usa", EntityKind::kPlace, "", EntityOrigin::kTagged},
                                  {"yeutter", EntityKind::kPerson, "", EntityOrigin::kTagged},
                                  {"ec", EntityKind::kOrganisation, "", EntityOrigin::kTagged},
                                  {"cbt", EntityKind::kOrganisation, "", EntityOrigin::kTagged}};
  EXPECT_EQ(a.entities, entities);

  EXPECT_EQ(c.articles[1].id, "11");
  EXPECT_EQ(c.articles[1].headline, "BRIEF HEADLINE ONLY");
  EXPECT_TRUE(c.articles[1].body.empty());

  EXPECT_EQ(c.articles[2].headline, "WEEKLY REPORT - MAR 2");
  EXPECT_EQ(c.articles[2].body, (std::vector<std::string>{"Line one.......1", "Line two.......2"}));

  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].record, 4u);
  EXPECT_EQ(c.issues[0].line, 37u);
  EXPECT_NE(c.issues[0].reason.find("NEWID=13"), std::string::npos);
}

TEST(ReaderReutersTest, SourceOptionWins) {
  ReadOptions options;
  options.source = "wire";
  Collected c = Read("reut2-x.sgm", kRecords, options);
  ASSERT_FALSE(c.articles.empty());
  EXPECT_EQ(c.articles[0].source, "wire");
}

TEST(ReaderReutersTest, AccountsForEveryRecordOfTheCollection) {
  std::string corpus = test::SharedCorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus (../shared/corpus) not found";
  std::string dir = corpus + "/reuters21578";
  // Independent counts: records, and records with a TITLE or BODY element.
  size_t records = 0, with_text = 0;
  for (int i = 0; i <= 21; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/reut2-%03d.sgm", i);
    std::string bytes = test::ReadFile(dir + name);
    size_t at = 0;
    while ((at = bytes.find("<REUTERS ", at)) != std::string::npos) {
      size_t end = bytes.find("</REUTERS>", at);
      std::string_view record(bytes.data() + at, end - at);
      ++records;
      with_text += record.find("<TITLE>") != std::string_view::npos ||
                   record.find("<BODY>") != std::string_view::npos;
      at = end;
    }
  }
  EXPECT_EQ(records, 21578u);

  size_t articles = 0, titled = 0, dated = 0;
  std::vector<ReadIssue> issues;
  Article first;
  for (int i = 0; i <= 21; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/reut2-%03d.sgm", i);
    ReadPath(
        dir + name, {},
        [&](Article&& a) {
          ++articles;
          titled += !a.headline.empty();
          dated += a.published.has_value();
          EXPECT_EQ(a.source, "reuters21578");
          if (a.id == "1") first = std::move(a);
        },
        [&](const ReadIssue& i) { issues.push_back(i); });
  }
  EXPECT_EQ(articles + issues.size(), records);
  EXPECT_GE(articles, with_text);
  EXPECT_EQ(dated, articles);
  EXPECT_EQ(titled, articles);
  for (const ReadIssue& i : issues) {
    EXPECT_NE(i.reason.find("neither title nor body"), std::string::npos) << i.ToString();
  }

  EXPECT_EQ(first.id, "1");
  EXPECT_EQ(first.headline, "BAHIA COCOA REVIEW");
  EXPECT_EQ(first.dateline, "SALVADOR, Feb 26 -");
  ASSERT_TRUE(first.published.has_value());
  EXPECT_EQ(first.published->ToIso8601(), "1987-02-26T15:01:01Z");
  EXPECT_EQ(first.topics, std::vector<std::string>{"cocoa"});
  std::vector<Entity> places = {{"el-salvador", EntityKind::kPlace, "", EntityOrigin::kTagged},
                                {"usa", EntityKind::kPlace, "", EntityOrigin::kTagged},
                                {"uruguay", EntityKind::kPlace, "", EntityOrigin::kTagged}};
  EXPECT_EQ(first.entities, places);
  ASSERT_FALSE(first.body.empty());
  EXPECT_EQ(first.body[0].rfind("Showers continued throughout the week in the Bahia cocoa zone,",
                                0),
            0u);
  EXPECT_EQ(first.body[1], "The dry period means the temporao will be late this year.");
  EXPECT_EQ(first.body.back(),
            "Final figures for the period to February 28 are expected to be published by the "
            "Brazilian Cocoa Trade Commission after carnival which ends midday on February 27.");
}

}  // namespace
}  // namespace morgue
