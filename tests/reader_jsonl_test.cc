// The JSON Lines reader, gzip input and the record limits.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <string>
#include <vector>

#include "morgue/error.h"
#include "morgue/reader.h"
#include "tests/test_util.h"

namespace morgue {
namespace {

using test::Collected;
using test::Read;

std::string Gzip(const std::string& data) {
  z_stream s{};
  EXPECT_EQ(deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&s, data.size()) + 32, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

TEST(ReaderJsonLinesTest, MapsCommonFieldNames) {
  const std::string line =
      R"({"guid": "a1", "headline": "Budget &amp; taxes", "maintext": "First para.\n\nSecond\npara.",)"
      R"( "publishedAt": "2020-03-01T10:00:00+01:00", "link": "https://x.test/a1",)"
      R"( "author": "Jane Doe", "category": "Economy", "source": "wire", "lang": "de",)"
      R"( "dateline": "BERLIN", "keywords": ["tax", "budget"],)"
      R"( "quotes": [{"text": "Second para", "speaker": "Ms Doe"}],)"
      R"( "captions": [{"text": "A photo", "credit": "AP"}],)"
      R"( "persons": ["Jane Doe"], "orgs": ["Bundestag"], "locations": ["Berlin"],)"
      R"( "entities": [{"name": "Olaf", "type": "PERSON"}, {"name": "x", "type": "DATE"}]})";
  Collected c = Read("feed.jsonl", line + "\n");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_TRUE(c.issues.empty());
  const Article& a = c.articles[0];
  EXPECT_EQ(a.id, "a1");
  EXPECT_EQ(a.headline, "Budget & taxes");
  EXPECT_EQ(a.body, (std::vector<std::string>{"First para.", "Second para."}));
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(a.published->ToIso8601(), "2020-03-01T09:00:00Z");
  EXPECT_EQ(a.url, "https://x.test/a1");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Jane Doe"});
  EXPECT_EQ(a.section, "Economy");
  EXPECT_EQ(a.source, "wire");
  EXPECT_EQ(a.language, "de");
  EXPECT_EQ(a.dateline, "BERLIN");
  EXPECT_EQ(a.topics, (std::vector<std::string>{"tax", "budget"}));
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(a.quotes[0].speaker, "Ms Doe");
  EXPECT_EQ(a.quotes[0].paragraph, 1u);
  ASSERT_EQ(a.captions.size(), 1u);
  EXPECT_EQ(a.captions[0], (Caption{"A photo", "AP"}));
  std::vector<Entity> entities = {// keys are applied in sorted order
                                  {"Olaf", EntityKind::kPerson, "", EntityOrigin::kUser},
                                  {"Berlin", EntityKind::kPlace, "", EntityOrigin::kUser},
                                  {"Bundestag", EntityKind::kOrganisation, "", EntityOrigin::kUser},
                                  {"Jane Doe", EntityKind::kPerson, "", EntityOrigin::kUser}};
  EXPECT_EQ(a.entities, entities);
}

TEST(ReaderJsonLinesTest, BadLinesAreIssuesAndTheRestIsRead) {
  const std::string input =
      "{\"id\": 7, \"title\": \"Ok\", \"text\": [\"p1\", \"p2\"], \"date\": 1577836800}\n"
      "{not json\n"
      "\n"
      "{\"title\": 42, \"text\": \"x\"}\n"
      "{\"url\": \"https://x.test\"}\n"
      "[1, 2]\n"
      "{\"title\": \"No id\", \"date\": \"2020-01-02 03:04:05\"}\n";
  Collected c = Read("dir/feed.jsonl", input);
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].id, "7");
  EXPECT_EQ(c.articles[0].source, "feed");
  EXPECT_EQ(c.articles[0].body, (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(c.articles[0].published->ToIso8601(), "2020-01-01T00:00:00Z");
  EXPECT_EQ(c.articles[1].id, "feed-7");
  EXPECT_EQ(c.articles[1].published->ToIso8601(), "2020-01-02T03:04:05Z");
  EXPECT_TRUE(c.articles[1].body.empty());
  ASSERT_EQ(c.issues.size(), 4u);
  EXPECT_EQ(c.issues[0].line, 2u);
  EXPECT_NE(c.issues[0].reason.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(c.issues[1].line, 4u);
  EXPECT_EQ(c.issues[1].record, 3u);
  EXPECT_EQ(c.issues[1].reason, "field 'title' must be a string, not number");
  EXPECT_EQ(c.issues[1].ToString(),
            "dir/feed.jsonl:4: record 3: field 'title' must be a string, not number");
  EXPECT_EQ(c.issues[2].reason, "record has neither a title nor text");
  EXPECT_EQ(c.issues[3].line, 6u);
}

// Regression (fuzz_read_auto): a number date outside the years 1..9999
// leaves the article undated; converting 1.5e41 seconds to int64_t was
// undefined behaviour (and gave a nonsense date).
TEST(ReaderJsonLinesTest, ANumberDateOutOfRangeLeavesTheArticleUndated) {
  const std::string input =
      "{\"title\": \"a\", \"date\": 157787280222222222222222222222222222222222000}\n"
      "{\"title\": \"b\", \"date\": -1e300}\n"
      "{\"title\": \"c\", \"date\": 9223372036854775807}\n"
      "{\"title\": \"d\", \"date\": 253402300799}\n"
      "{\"title\": \"e\", \"date\": 1577836800000}\n";
  Collected c = Read("feed.jsonl", input);
  ASSERT_EQ(c.articles.size(), 5u);
  // Each undated one with a warning (before: silently).
  ASSERT_EQ(c.issues.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_FALSE(c.issues[i].skipped);
    EXPECT_EQ(c.issues[i].line, i + 1);
    EXPECT_NE(c.issues[i].reason.find("is no unix time in the years 1-9999"), std::string::npos)
        << c.issues[i].reason;
  }
  EXPECT_FALSE(c.articles[0].published.has_value());
  EXPECT_FALSE(c.articles[1].published.has_value());
  EXPECT_FALSE(c.articles[2].published.has_value());
  // Milliseconds: 253402300799 ms is in 1978; 1577836800000 ms is 2020-01-01.
  ASSERT_TRUE(c.articles[3].published.has_value());
  EXPECT_EQ(c.articles[3].published->ToIso8601(), "1978-01-11T21:31:40Z");
  ASSERT_TRUE(c.articles[4].published.has_value());
  EXPECT_EQ(c.articles[4].published->ToIso8601(), "2020-01-01T00:00:00Z");
}

TEST(ReaderJsonLinesTest, StrictThrowsOnTheFirstBadLine) {
  ReadOptions options;
  options.strict = true;
  try {
    Read("feed.jsonl", "{\"title\": \"ok\"}\n{\"title\": 42}\n", options);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(e.file(), "feed.jsonl");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.record(), 2u);
  }
}

TEST(ReaderJsonLinesTest, RefusesAHugeRecordAndReadsTheRest) {
  std::string huge = "{\"title\": \"big\", \"text\": \"" + std::string(50u << 20, 'a') + "\"}";
  std::string input = "{\"title\": \"small one\"}\n" + huge + "\n{\"title\": \"small two\"}\n";
  Collected c = Read("big.jsonl", input);
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[1].headline, "small two");
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].line, 2u);
  EXPECT_EQ(c.issues[0].reason, "record of " + std::to_string(huge.size()) +
                                    " bytes exceeds the limit of " + std::to_string(16u << 20));
}

TEST(ReaderJsonLinesTest, ReadsGzipAndReportsTruncatedGzip) {
  std::string input = "{\"title\": \"one\"}\n{\"title\": \"two\"}\n";
  for (int i = 0; i < 2000; ++i) input += "{\"title\": \"more " + std::to_string(i) + "\"}\n";
  std::string compressed = Gzip(input);
  Collected whole = Read("feed.jsonl.gz", compressed);
  EXPECT_EQ(whole.articles.size(), 2002u);
  EXPECT_TRUE(whole.issues.empty());
  EXPECT_EQ(whole.articles[0].source, "feed");

  Collected truncated = Read("feed.jsonl.gz", compressed.substr(0, compressed.size() / 2));
  ASSERT_EQ(truncated.issues.size(), 1u);
  EXPECT_NE(truncated.issues[0].reason.find("truncated"), std::string::npos);
  EXPECT_EQ(truncated.issues[0].file, "feed.jsonl.gz");
}

// ReadPath reads JSON Lines files larger than 4 MiB a piece at a time (memory
// then stays flat whatever the file's size); ReadBuffer reads them whole. Both
// must give the same articles and issues, lines and records numbered alike,
// whatever falls on the pieces' boundaries.
Collected ReadFileAt(const std::string& path, ReadOptions options = {}) {
  Collected c;
  ReadPath(
      path, options, [&](Article&& a) { c.articles.push_back(std::move(a)); },
      [&](const ReadIssue& issue) { c.issues.push_back(issue); });
  return c;
}

void ExpectSameReading(const Collected& pieces, const Collected& whole) {
  ASSERT_EQ(pieces.articles.size(), whole.articles.size());
  for (size_t i = 0; i < whole.articles.size(); ++i) {
    EXPECT_TRUE(pieces.articles[i] == whole.articles[i]) << "article " << i;
  }
  ASSERT_EQ(pieces.issues.size(), whole.issues.size());
  for (size_t i = 0; i < whole.issues.size(); ++i) {
    EXPECT_EQ(pieces.issues[i].ToString(), whole.issues[i].ToString());
  }
}

TEST(ReaderJsonLinesTest, ReadsALargeFileInPiecesAsItWouldWhole) {
  test::TempDir dir;
  std::string input = "\xEF\xBB\xBF";
  for (int i = 0; input.size() < (size_t{11} << 20); ++i) {
    if (i % 997 == 5) input += "{not json\n";
    if (i % 1009 == 7) input += "\n   \n";
    if (i % 1013 == 9) input += "{\"title\": 42}\r\n";
    std::string body(300 + i % 700, 'w');
    for (size_t k = 7; k < body.size(); k += 8) body[k] = ' ';
    // An id only on most records: the others get "feed-LINE" from their line.
    input += "{" + (i % 3 ? "\"id\": \"n" + std::to_string(i) + "\", " : std::string()) +
             "\"title\": \"Story \x93" + std::to_string(i) + "\x94\", \"text\": \"" + body +
             "\"}\n";
  }
  input += "{\"title\": \"last, no newline\"}";
  std::string path = dir / "feed.jsonl";
  { std::ofstream(path, std::ios::binary) << input; }

  Collected pieces = ReadFileAt(path);
  Collected whole = Read(path, input);
  ASSERT_GT(whole.articles.size(), 10000u);
  EXPECT_GT(whole.issues.size(), 20u);
  EXPECT_EQ(whole.articles.back().headline, "last, no newline");
  EXPECT_EQ(whole.articles[1].headline, "Story \u201c1\u201d");  // Windows-1252 quotes repaired
  ExpectSameReading(pieces, whole);
}

TEST(ReaderJsonLinesTest, DropsAnOverlongLineOfALargeFileAndReadsTheRest) {
  test::TempDir dir;
  ReadOptions options;
  options.max_record_bytes = 1u << 20;
  std::string huge = "{\"title\": \"big\", \"text\": \"" + std::string(9u << 20, 'a') + "\"}";
  std::string input = "{\"title\": \"small one\"}\n" + huge + "\n{\"title\": \"small two\"}\n" +
                      huge + "\n" + huge;  // the last one ends the file without a newline
  std::string path = dir / "big.jsonl";
  { std::ofstream(path, std::ios::binary) << input; }

  Collected pieces = ReadFileAt(path, options);
  Collected whole = Read(path, input, options);
  ASSERT_EQ(whole.articles.size(), 2u);
  ASSERT_EQ(whole.issues.size(), 3u);
  EXPECT_EQ(whole.issues[0].line, 2u);
  EXPECT_EQ(whole.issues[2].line, 5u);
  EXPECT_EQ(whole.issues[2].reason, "record of " + std::to_string(huge.size()) +
                                        " bytes exceeds the limit of " + std::to_string(1u << 20));
  ExpectSameReading(pieces, whole);
}

TEST(ReaderJsonLinesTest, ReadsAJsonArrayFile) {
  Collected c = Read("all.json", "[{\"title\": \"a\"}, {\"headline\": \"b\"}, {\"title\": 1}]");
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[1].id, "all-2");
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].record, 3u);
}

TEST(ReaderJsonLinesTest, ReadsTheReutersJsonlCorpus) {
  std::string corpus = test::SharedCorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus (../shared/corpus) not found";
  std::string path = corpus + "/reuters21578.jsonl";
  uint64_t lines = 0;
  for (char ch : test::ReadFile(path)) lines += ch == '\n';
  uint64_t articles = 0, issues = 0;
  Article first;
  ReadPath(
      path, {},
      [&](Article&& a) {
        if (articles++ == 0) first = std::move(a);
      },
      [&](const ReadIssue&) { ++issues; });
  EXPECT_EQ(articles + issues, lines);
  EXPECT_EQ(first.id, "1");
  EXPECT_EQ(first.source, "reuters21578");
  EXPECT_EQ(first.headline, "BAHIA COCOA REVIEW");
  EXPECT_EQ(first.dateline, "SALVADOR, Feb 26 -");
  ASSERT_TRUE(first.published.has_value());
  EXPECT_EQ(first.published->ToIso8601(), "1987-02-26T15:01:01Z");
  EXPECT_EQ(first.topics, std::vector<std::string>{"cocoa"});
  EXPECT_EQ(first.entities.size(), 3u);
}

}  // namespace
}  // namespace morgue
