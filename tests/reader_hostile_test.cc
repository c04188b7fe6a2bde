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
  const std::string input = "{\"id\":\"a\",\"title\":\"t\",\"date\":\"0001-01-01\"}\n"
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
                        "dates.jsonl:8: record 8: field 'date' value \"Jan 1, 0999\" cannot be "
                        "read as a date; the article is left undated",
                    }));
  // Written dates before year 1000 are not read ("Jan 1, 0999"); before, that
  // left the article undated without a word.
  EXPECT_FALSE(c.articles[7].published.has_value());
}

// Before: a date that could not be read ("garbage", 31 February, 1e30) left
// the article undated silently, also under --strict, so a count by date
// missed it without a word. Now each is a warning naming the file, line and
// value, and --strict stops there.
TEST(ReaderHostileTest, ADateThatCannotBeReadIsAWarningInEveryFormat) {
  const std::string undated = "; the article is left undated";
  Collected jsonl =
      Read("d.jsonl", "{\"id\":\"a\",\"title\":\"t\",\"date\":\"garbage\"}\n"
                      "{\"id\":\"b\",\"title\":\"t\",\"date\":\"31/02/2020\"}\n"
                      "{\"id\":\"c\",\"title\":\"t\",\"date\":1e30}\n"
                      "{\"id\":\"d\",\"title\":\"t\",\"date\":\"  \"}\n"
                      "{\"id\":\"e\",\"title\":\"t\",\"date\":\"" +
                          std::string(100, 'x') +
                          "\\u00e9\"}\n"
                          "{\"id\":\"f\",\"title\":\"t\",\"pubDate\":\"2020-01-01\"}\n");
  ASSERT_EQ(Ids(jsonl), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  for (size_t i = 0; i < 5; ++i) EXPECT_FALSE(jsonl.articles[i].published) << i;
  EXPECT_TRUE(jsonl.articles[5].published);
  std::vector<std::string> issues;
  for (const ReadIssue& i : jsonl.issues) {
    EXPECT_FALSE(i.skipped) << i.ToString();
    issues.push_back(i.ToString());
  }
  // An empty date is no date, not a warning; a long one is cut in the message.
  EXPECT_EQ(
      issues,
      (std::vector<std::string>{
          "d.jsonl:1: record 1: field 'date' value \"garbage\" cannot be read as a date" + undated,
          "d.jsonl:2: record 2: field 'date' value \"31/02/2020\" cannot be read as a date" +
              undated,
          "d.jsonl:3: record 3: field 'date' value 1e+30 is no unix time in the years 1-9999" +
              undated,
          "d.jsonl:5: record 5: field 'date' value \"" + std::string(80, 'x') +
              "...\" cannot be read as a date" + undated,
      }));

  Collected csv = Read("d.csv", "title,date\nOne,someday\n");
  ASSERT_EQ(csv.articles.size(), 1u);
  ASSERT_EQ(csv.issues.size(), 1u);
  EXPECT_EQ(csv.issues[0].ToString(),
            "d.csv:2: record 1: field 'date' value \"someday\" cannot be read as a date" + undated);

  Collected sgml = Read("d.sgm", "<REUTERS NEWID=\"1\">\n<DATE>32-FOO-1987</DATE>\n"
                                 "<TEXT><TITLE>OLD</TITLE></TEXT>\n</REUTERS>\n");
  ASSERT_EQ(sgml.articles.size(), 1u);
  EXPECT_FALSE(sgml.articles[0].published);
  ASSERT_EQ(sgml.issues.size(), 1u);
  EXPECT_EQ(sgml.issues[0].ToString(),
            "d.sgm:1: record 1: <DATE>32-FOO-1987</DATE> cannot be read as a date" + undated);

  ReadOptions strict;
  strict.strict = true;
  try {
    Read("d.jsonl", "{\"id\":\"a\",\"title\":\"t\",\"date\":\"garbage\"}\n", strict);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("d.jsonl:1: record 1: field 'date'"), std::string::npos)
        << e.what();
  }
}

TEST(ReaderHostileTest, EveryFormatChecksTheDateRange) {
  const std::string left = " is outside the years 1000-2999; the article is left undated";
  Collected csv = Read("d.csv", "title,date\nOne,2020-01-01\nTwo,9999-12-31\n");
  ASSERT_EQ(csv.articles.size(), 2u);
  EXPECT_FALSE(csv.articles[1].published.has_value());
  ASSERT_EQ(csv.issues.size(), 1u);
  EXPECT_EQ(csv.issues[0].ToString(), "d.csv:3: record 2: date 9999-12-31" + left);

  Collected sgml = Read("d.sgm", "<REUTERS NEWID=\"1\">\n<DATE>1-JAN-0001 00:00:00.00</DATE>\n"
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

// ---- CSV: stray and unterminated quotes --------------------------------------

// A CSV of `rows` well-formed rows (every 7th quoted, when `quotes`), with
// `bad` replacing row `bad_row` (1-based; its line is bad_row + 1).
std::string Csv(int rows, int bad_row, const std::string& bad, bool quotes,
                const char* eol = "\n") {
  std::string out = std::string("url,date,title,text") + eol;
  for (int i = 1; i <= rows; ++i) {
    std::string n = std::to_string(i);
    if (i == bad_row) {
      out += bad + eol;
    } else if (quotes && i % 7 == 0) {
      out += "u" + n + ",2019-01-01,\"Title, " + n + "\",\"Text \"\"" + n + "\"\" here\"" + eol;
    } else {
      out += "u" + n + ",2019-01-01,Title " + n + ",Text " + n + eol;
    }
  }
  return out;
}

std::vector<std::string> IdsExcept(int rows, int missing) {
  std::vector<std::string> ids;
  for (int i = 1; i <= rows; ++i) {
    if (i != missing) ids.push_back("u" + std::to_string(i));
  }
  return ids;
}

// Before: the stray quote opened a field that swallowed every line up to the
// next quote (row 14's), and the rows between made one article or one issue.
TEST(ReaderHostileTest, AStrayCsvQuoteLosesOnlyItsOwnLine) {
  Collected c = Read("stray.csv", Csv(500, 10, "u10,2019-01-01,\"Bad title,Text 10", true));
  EXPECT_EQ(Ids(c), IdsExcept(500, 10));
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].ToString(),
            "stray.csv:11: record 10: a quoted field runs over lines 11-15 and the record it "
            "makes has 5 columns, the header has 4; line 11 skipped, reading resumes at line 12");
  // The stray quote in the last column.
  Collected d = Read("stray.csv", Csv(500, 12, "u12,2019-01-01,Title 12,\"Text 12", true));
  EXPECT_EQ(Ids(d), IdsExcept(500, 12));
  ASSERT_EQ(d.issues.size(), 1u);
  EXPECT_EQ(d.issues[0].ToString(),
            "stray.csv:13: record 12: a quoted field runs over lines 13-15 and the record it "
            "makes has 6 columns, the header has 4; line 13 skipped, reading resumes at line 14");
  EXPECT_EQ(c.articles[8].headline, "Title 9");
  EXPECT_EQ(c.articles[9].headline, "Title 11");
}

// Before: one issue "unterminated quoted field" and the 990 rows after it lost.
TEST(ReaderHostileTest, AnUnterminatedCsvQuoteLosesOnlyItsOwnLine) {
  for (const char* eol : {"\n", "\r\n"}) {
    Collected c = Read("open.csv", Csv(1000, 9, "u9,2019-01-01,Title 9,\"Text 9", false, eol));
    EXPECT_EQ(Ids(c), IdsExcept(1000, 9));
    ASSERT_EQ(c.issues.size(), 1u);
    EXPECT_EQ(c.issues[0].ToString(),
              "open.csv:10: record 9: unterminated quoted field: it runs to the end of the file; "
              "line 10 skipped, reading resumes at line 11");
  }
}

// A quoted field over several lines is a record when the row it makes has the
// header's width and nothing follows its closing quote; otherwise the lines
// from its start up to the next well-formed row are reported.
TEST(ReaderHostileTest, CsvMultiLineFieldsAreKeptOnlyWhenTheRowIsWellFormed) {
  Collected good = Read("multi.csv", "id,title,text\n"
                                     "a,One,\"Para one.\n\n\nPara \"\"two\"\".\"\n"
                                     "b,\"Two\nlines\",Text\n");
  EXPECT_TRUE(good.issues.empty());
  ASSERT_EQ(Ids(good), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(good.articles[0].body, (std::vector<std::string>{"Para one.", "Para \"two\"."}));

  // Too few columns: the row ends after the field, with nothing after it.
  Collected narrow = Read("narrow.csv", "id,title,text\n"
                                        "a,\"One\nstill one\"\n"
                                        "b,Two,Text two\n");
  EXPECT_EQ(Ids(narrow), (std::vector<std::string>{"b"}));
  ASSERT_EQ(narrow.issues.size(), 1u);
  EXPECT_EQ(narrow.issues[0].ToString(),
            "narrow.csv:2: record 1: a quoted field runs over lines 2-3 and the record it makes "
            "has 2 columns, the header has 3; lines 2-3 skipped, reading resumes at line 4");

  // Nothing well-formed follows.
  Collected tail = Read("tail.csv", "id,title,text\na,One,One\nb,Two,\"Two\nx\ny\n");
  EXPECT_EQ(Ids(tail), (std::vector<std::string>{"a"}));
  ASSERT_EQ(tail.issues.size(), 1u);
  EXPECT_EQ(tail.issues[0].ToString(),
            "tail.csv:3: record 2: unterminated quoted field: it runs to the end of the file; "
            "lines 3-5 skipped, no well-formed row follows");

  // Text after a closing quote on one line is kept, as before (nothing is lost).
  Collected lenient = Read("lenient.csv", "id,title,text\na,\"One\" more,Text\n");
  EXPECT_TRUE(lenient.issues.empty());
  ASSERT_EQ(lenient.articles.size(), 1u);
  EXPECT_EQ(lenient.articles[0].headline, "One more");
}

TEST(ReaderHostileTest, HostileCsvFilesAreIssuesNeverCrashes) {
  struct Case {
    const char* name;
    std::string bytes;
    size_t articles;
    std::string first_issue;  // "" for none
  };
  const std::string bom = "\xEF\xBB\xBF";
  const Case cases[] = {
      {"empty", "", 0, "empty.csv: empty file"},
      {"quote", "\"", 0,
       "quote.csv:1: cannot read the CSV header row: it has an unterminated "
       "quoted field"},
      {"quotes", "\"\"\"\n\"\n", 0,
       "quotes.csv:1: cannot read the CSV header row: a quoted "
       "field in it runs over lines 1-2"},
      {"header", "url,\"date,title,text\nu1,d,t,x\n", 0,
       "header.csv:1: cannot read the CSV header row: it has an unterminated quoted field"},
      {"bom", bom + "title,text\n\"T1,x1\nT2,x2\n", 1,
       "bom.csv:2: record 1: unterminated quoted field: it runs to the end of the file; line 2 "
       "skipped, reading resumes at line 3"},
      {"crlf", "title,text\r\nT1,\"x1\r\nT2,x2\r\nT3,\"x3\"\r\n", 2,
       "crlf.csv:2: record 1: a quoted field runs over lines 2-4 and its closing quote is "
       "followed by 'x', not by a comma or a line end; line 2 skipped, reading resumes at line "
       "3"},
      {"lonecr", "title,text\rT1,\"x1\rT2,x2\r", 1,
       "lonecr.csv:2: record 1: unterminated quoted field: it runs to the end of the file; line "
       "2 skipped, reading resumes at line 3"},
      {"onlyheader", "title,text\n", 0, ""},
      {"binary", std::string("title,text\n\"\0\0\n", 15), 0,
       "binary.csv: binary file (NUL bytes or mostly invalid UTF-8)"},
  };
  for (const Case& c : cases) {
    Collected got = Read(std::string(c.name) + ".csv", c.bytes);
    EXPECT_EQ(got.articles.size(), c.articles) << c.name;
    if (c.first_issue.empty()) {
      EXPECT_TRUE(got.issues.empty()) << c.name;
    } else {
      ASSERT_FALSE(got.issues.empty()) << c.name;
      EXPECT_EQ(got.issues[0].ToString(), c.first_issue) << c.name;
    }
  }
}

// An unterminated quote before megabytes of text: the field is not kept past
// max_record_bytes, and the rows after it are still read.
TEST(ReaderHostileTest, AHugeUnterminatedCsvFieldIsBoundedAndTheRestRead) {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "x" + std::to_string(i) + ",Line of text number " + std::to_string(i) + "\n";
  ReadOptions options;
  options.max_record_bytes = 1000;
  Collected c = Read("huge.csv", "title,text\nT0,\"open\n" + text, options);
  EXPECT_EQ(c.articles.size(), 20000u);
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].line, 2u);
}

// ---- Reuters SGML cut inside a record ---------------------------------------

const char kTwoRecords[] =
    "<REUTERS TOPICS=\"NO\" NEWID=\"1\">\n<DATE>2-MAR-1987 09:06:00.00</DATE>\n"
    "<TEXT>&#2;\n<TITLE>FIRST</TITLE>\n<BODY>First body.\n Reuter\n&#3;</BODY></TEXT>\n"
    "</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" NEWID=\"2\">\n<DATE>2-MAR-1987 09:07:00.00</DATE>\n"
    "<TEXT>&#2;\n<TITLE>SECOND</TITLE>\n<BODY>Second body, all of it.\n Reuter\n&#3;</BODY>"
    "</TEXT>\n</REUTERS>\n";

// Before: the cut record became an article of whatever text it still had.
TEST(ReaderHostileTest, AReutersFileCutInsideARecordIsAnIssueNotAPartialArticle) {
  const std::string whole = kTwoRecords;
  const size_t second = whole.find("<REUTERS", 1);
  for (size_t cut : {whole.find("Second body") + 6, whole.find("</REUTERS>", second),
                     whole.find("</REUTERS>", second) + 5}) {
    Collected c = Read("reut2-cut.sgm", whole.substr(0, cut));
    ASSERT_EQ(c.articles.size(), 1u) << cut;
    EXPECT_EQ(c.articles[0].id, "1");
    ASSERT_EQ(c.issues.size(), 1u) << cut;
    EXPECT_EQ(c.issues[0].ToString(),
              "reut2-cut.sgm:9: record 2: record truncated: file ends inside "
              "<REUTERS TOPICS=\"NO\" NEWID=\"2\">");
    EXPECT_TRUE(c.issues[0].skipped);
  }
  // Cut inside the open tag itself.
  Collected c = Read("reut2-cut.sgm", whole.substr(0, second + 20));
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].reason, "record truncated: file ends inside <REUTERS TOPICS=\"NO\"...");
  // The whole file still reads as two articles.
  EXPECT_EQ(Read("reut2-x.sgm", whole).articles.size(), 2u);

  ReadOptions strict;
  strict.strict = true;
  try {
    Read("reut2-cut.sgm", whole.substr(0, whole.size() - 12), strict);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(e.line(), 9u);
    EXPECT_EQ(e.record(), 2u);
  }
}

// ---- gzip bombs ----------------------------------------------------------------

std::string Gzip(const std::string& plain) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, plain.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  stream.avail_in = static_cast<uInt>(plain.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Before: the limit was 1 GiB, and the output string grew by doubling past it
// (about 1.08 GB of memory for a bomb).
TEST(ReaderHostileTest, AGzipBombStopsAtTheLimitWhileInflating) {
  EXPECT_EQ(ReadOptions{}.max_file_bytes, size_t{256} << 20);
  // 300 gzip members of 1 MiB of text each: 300 MiB from about 300 KB.
  const std::string member = Gzip(std::string(1u << 20, 'a'));
  std::string bomb;
  for (int i = 0; i < 300; ++i) bomb += member;
  ASSERT_LT(bomb.size(), 2u << 20);
  Collected c = Read("bomb.txt.gz", bomb);
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].ToString(),
            "bomb.txt.gz: file decompresses to more than 256 MiB; the limit is "
            "ReadOptions::max_file_bytes");

  // At the limit exactly: read (and refused only as text that is no article).
  ReadOptions options;
  options.max_file_bytes = 3u << 20;
  std::string three = member + member + member;
  EXPECT_EQ(Read("three.txt.gz", three, options).issues.at(0).reason.find("decompresses"),
            std::string::npos);
  options.max_file_bytes = (3u << 20) - 1;
  EXPECT_EQ(Read("three.txt.gz", three, options).issues.at(0).reason,
            "file decompresses to more than 3145727 bytes; the limit is "
            "ReadOptions::max_file_bytes");
}

// A plain file over the limit is refused before it is read; a JSON Lines file
// is read in pieces and needs no limit.
TEST(ReaderHostileTest, APlainFileOverTheLimitIsRefusedButJsonLinesStream) {
  test::TempDir dir;
  std::string lines;
  for (int i = 0; i < 200000; ++i) lines += "{\"title\":\"story " + std::to_string(i) + "\"}\n";
  ASSERT_GT(lines.size(), 4u << 20);
  WriteFile(dir / "big.jsonl", lines);
  WriteFile(dir / "big.csv", "title\n" + std::string(5u << 20, 'a') + "\n");
  ReadOptions options;
  options.max_file_bytes = 1u << 20;
  std::vector<ReadIssue> issues;
  size_t articles = 0;
  ReadPath(
      dir.path().string(), options, [&](Article&&) { ++articles; },
      [&](const ReadIssue& i) { issues.push_back(i); });
  EXPECT_EQ(articles, 200000u);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].ToString(), dir / "big.csv" + ": file of 5242887 bytes is larger than 1 MiB; "
                                                    "the limit is ReadOptions::max_file_bytes");
}

// ---- Directories ----------------------------------------------------------------

void WriteArticle(const std::string& path, const std::string& headline) {
  WriteFile(path, "Jan 1, 2020 - World\n" + headline + "\n\nBody.\n");
}

Collected ReadDir(const std::string& dir, ReadOptions options = {}) {
  Collected c;
  ReadPath(
      dir, options, [&](Article&& a) { c.articles.push_back(std::move(a)); },
      [&](const ReadIssue& i) { c.issues.push_back(i); });
  return c;
}

// Before: entries whose type could not be found were skipped silently.
TEST(ReaderHostileTest, DanglingSymlinksAndLoopsAreIssuesAndFifosAreSkipped) {
  test::TempDir dir;
  fs::create_directories(dir / "sub");
  WriteArticle(dir / "a.txt", "First");
  WriteArticle(dir / "sub/b.txt", "Second");
  fs::create_symlink(dir / "nowhere.txt", dir / "sub/dangling.txt");
  fs::create_symlink(dir / "loop.txt", dir / "loop.txt");
  ASSERT_EQ(::mkfifo((dir / "sub/fifo.txt").c_str(), 0644), 0);
  fs::create_directory_symlink(dir / "sub", dir / "link-to-sub");  // not followed
  Collected c = ReadDir(dir.path().string());
  std::vector<std::string> headlines;
  for (const Article& a : c.articles) headlines.push_back(a.headline);
  EXPECT_EQ(headlines, (std::vector<std::string>{"First", "Second"}));
  std::vector<std::string> issues;
  for (const ReadIssue& i : c.issues) issues.push_back(i.ToString());
  std::sort(issues.begin(), issues.end());
  EXPECT_EQ(issues, (std::vector<std::string>{
                        dir / "loop.txt" + ": cannot read (Too many levels of symbolic links)",
                        dir / "sub/dangling.txt" + ": cannot read (No such file or directory)"}));
}

// A directory the process may not read. As root permissions are not checked,
// so the reading runs in a child process that gives up root first.
void ReadAsAnotherUser(const std::string& dir) {
  if (::geteuid() == 0 && ::setuid(65534) != 0) std::_Exit(3);
  Collected c = ReadDir(dir);
  for (const ReadIssue& i : c.issues) std::fprintf(stderr, "issue: %s\n", i.ToString().c_str());
  std::fprintf(stderr, "articles: %zu\n", c.articles.size());
  ReadOptions strict;
  strict.strict = true;
  try {
    ReadDir(dir, strict);
  } catch (const Error& e) {
    std::fprintf(stderr, "strict: %s\n", e.what());
  }
  std::_Exit(0);
}

// Before: the directory was skipped silently (skip_permission_denied), and
// `morgue index` then died in PathSize with "filesystem error: cannot
// increment recursive directory iterator", its last batch not committed.
TEST(ReaderHostileTest, AnUnreadableDirectoryIsAnIssueAndTheRestIsRead) {
  GTEST_FLAG_SET(death_test_style, "fast");  // the child reads the parent's files
  test::TempDir dir;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  fs::create_directories(dir / "corpus/locked");
  WriteArticle(dir / "corpus/a.txt", "First");
  WriteArticle(dir / "corpus/locked/b.txt", "Hidden from the reader");
  WriteArticle(dir / "corpus/z.txt", "Last");
  fs::permissions(dir / "corpus/locked", fs::perms::none);
  const std::string locked = dir / "corpus/locked";
  EXPECT_EXIT(ReadAsAnotherUser(dir / "corpus"), testing::ExitedWithCode(0),
              "issue: " + locked +
                  ": cannot read the directory \\(Permission denied\\); its "
                  "files are not read.*articles: 2.*strict: " +
                  locked +
                  ": cannot read the "
                  "directory");
  fs::permissions(dir / "corpus/locked", fs::perms::owner_all);
}

}  // namespace
}  // namespace morgue
