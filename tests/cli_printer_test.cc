// The printer layer of the morgue command (cli/printer.h) on its own: the
// --format choices, CSV cells and records (RFC 4180, CRLF), JSON of any
// bytes, hits as JSON and the snippet markup each format asks for. What the
// real binary prints with them is in cli_output_test.cc.
#include "cli/printer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli/command.h"

namespace morgue::cli {
namespace {

// What a printer writes, captured in memory.
class Captured {
 public:
  Captured() : file_(open_memstream(&data_, &size_)) {}
  ~Captured() {
    if (file_) std::fclose(file_);
    std::free(data_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

TEST(CliPrinterTest, ParseOutputFormatTakesOnlyWhatTheCommandWrites) {
  EXPECT_EQ(ParseOutputFormat("text", {Format::kText, Format::kJson}), Format::kText);
  EXPECT_EQ(ParseOutputFormat("json", {Format::kText, Format::kJson}), Format::kJson);
  EXPECT_EQ(ParseOutputFormat("jsonl", {Format::kJsonLines, Format::kCsv}), Format::kJsonLines);
  EXPECT_EQ(ParseOutputFormat("csv", {Format::kJsonLines, Format::kCsv}), Format::kCsv);
  EXPECT_THROW(ParseOutputFormat("csv", {Format::kText, Format::kJson}), UsageError);
  EXPECT_THROW(ParseOutputFormat("JSON", {Format::kText, Format::kJson}), UsageError);
  EXPECT_THROW(ParseOutputFormat("", {Format::kText, Format::kJson}), UsageError);
}

TEST(CliPrinterTest, AFormatErrorListsTheAllowedFormatsInTheCommandsOrder) {
  struct Row {
    std::initializer_list<Format> allowed;
    const char* message;
  };
  for (const Row& row : {
           Row{{Format::kText, Format::kJson}, "--format must be text or json, not \"xml\""},
           Row{{Format::kJsonLines, Format::kCsv}, "--format must be jsonl or csv, not \"xml\""},
           Row{{Format::kText, Format::kCsv, Format::kJson},
               "--format must be text, csv or json, not \"xml\""},
           Row{{Format::kText, Format::kJson, Format::kJsonLines, Format::kCsv},
               "--format must be text, json, jsonl or csv, not \"xml\""},
       }) {
    try {
      ParseOutputFormat("xml", row.allowed);
      ADD_FAILURE() << "accepted xml";
    } catch (const UsageError& e) {
      EXPECT_STREQ(e.what(), row.message);
    }
  }
}

TEST(CliPrinterTest, CsvCellsQuoteCommasQuotesAndLineBreaks) {
  struct Row {
    const char* text;
    const char* cell;
  };
  for (const Row& row : {
           Row{"plain", "plain"}, Row{"", ""}, Row{"a,b", "\"a,b\""},
           Row{"say \"hi\"", "\"say \"\"hi\"\"\""}, Row{"two\nlines", "\"two\nlines\""},
           Row{"cr\rhere", "\"cr\rhere\""}, Row{"crlf\r\nhere", "\"crlf\r\nhere\""},
           Row{"\"", "\"\"\"\""},
           // Formula starts get a leading quote, then RFC 4180 as for any text.
           Row{"=1+1", "'=1+1"}, Row{"+1", "'+1"}, Row{"-1", "'-1"}, Row{"@SUM(A1)", "'@SUM(A1)"},
           Row{"\tTab", "'\tTab"}, Row{"\rCR", "\"'\rCR\""},
           Row{"=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""},
           Row{"a=1", "a=1"},  // only the first character counts
       }) {
    EXPECT_EQ(CsvCell(row.text), row.cell) << row.text;
  }
}

TEST(CliPrinterTest, CsvRecordsEndInCrLfAndNumbersStayAsTheyAre) {
  Captured out;
  {
    CsvPrinter csv(out.file());
    EXPECT_TRUE(csv.Header({"id", "headline", "count"}));
    EXPECT_TRUE(csv.Text("=1").Text("a, \"b\"\nc").Number(42).EndRecord());
    EXPECT_TRUE(csv.Value("-3").Text("").Value("0.500000").EndRecord());
    EXPECT_TRUE(csv.Flush());
  }
  EXPECT_EQ(out.text(), "id,headline,count\r\n"
                        "'=1,\"a, \"\"b\"\"\nc\",42\r\n"
                        "-3,,0.500000\r\n");
}

TEST(CliPrinterTest, JsonEscapesControlsAndReplacesInvalidUtf8) {
  nlohmann::json j = {{"text", std::string("a\x01\x1b[31m\"\\\n\xff\xfe z")}};
  EXPECT_EQ(DumpJson(j), "{\"text\":\"a\\u0001\\u001b[31m\\\"\\\\\\n\xEF\xBF\xBD\xEF\xBF\xBD z\"}");
  // A valid multi-byte character is kept as it is.
  EXPECT_EQ(DumpJson(nlohmann::json("\xE2\x80\xAE")), "\"\xE2\x80\xAE\"");

  Captured out;
  {
    JsonPrinter json(out.file());
    JsonLinesPrinter lines(out.file());
    EXPECT_TRUE(json.Print({{"a", 1}, {"b", {1, 2}}}));
    EXPECT_TRUE(lines.Print({{"a", "\xff"}}));
    EXPECT_TRUE(lines.Print(2));
  }
  EXPECT_EQ(out.text(), "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}\n"
                        "{\"a\":\"\xEF\xBF\xBD\"}\n"
                        "2\n");
}

TEST(CliPrinterTest, TextPrinterWritesWhatItIsGiven) {
  Captured out;
  {
    TextPrinter text(out.file());
    EXPECT_TRUE(text.Printf("%3llu. %s\n", 7ull, "x"));
    EXPECT_TRUE(text.Write("raw\n"));
  }
  EXPECT_EQ(out.text(), "  7. x\nraw\n");
  EXPECT_EQ(TerminalSafeLines("a\nb"), "a\nb");
  EXPECT_EQ(TerminalSafeLines("a\x1b[31m\nb").find('\x1b'), std::string::npos);
}

TEST(CliPrinterTest, APrinterNoticesAFailedWrite) {
  std::FILE* full = std::fopen("/dev/full", "w");
  if (!full) GTEST_SKIP() << "no /dev/full";
  std::setvbuf(full, nullptr, _IONBF, 0);
  {
    JsonLinesPrinter lines(full);
    EXPECT_FALSE(lines.Print(1));
    EXPECT_FALSE(lines.ok());
  }
  std::fclose(full);
}

TEST(CliPrinterTest, HitsAsJsonHaveGroupSizeAndExplanationOnlyWhenAsked) {
  Hit h;
  h.id = "1";
  h.source = "wire";
  h.headline = "Oil";
  h.score = 0.5;
  h.snippet = "Oil";
  h.highlights = {{0, 3}};
  h.group_size = 3;
  h.explanation = "why";
  SearchRequest request;
  nlohmann::json plain = HitToJson(h, request);
  EXPECT_EQ(DumpJson(plain),
            "{\"date\":null,\"date_only\":null,\"headline\":\"Oil\",\"highlights\":[[0,3]],"
            "\"id\":\"1\",\"published\":null,\"score\":0.5,\"snippet\":\"Oil\","
            "\"snippet_html\":\"<b>Oil</b>\",\"source\":\"wire\"}");
  request.collapse = true;
  request.explain = true;
  h.published = Timestamp::FromCivil(1987, 3, 2, 12);
  nlohmann::json full = HitToJson(h, request);
  EXPECT_EQ(full["group_size"], 3);
  EXPECT_EQ(full["explanation"], "why");
  EXPECT_EQ(full["published"], "1987-03-02T12:00:00Z");
  EXPECT_EQ(full["date"], "1987-03-02");
  EXPECT_EQ(full["date_only"], false);
}

// Before: a date-only article's date was "2020-12-28" beside others'
// "1987-02-26T17:34:11Z" in the same column.
TEST(CliPrinterTest, EveryDatedThingHasAFullTimestampADateAndADateOnlyFlag) {
  const auto timed = Timestamp::FromCivil(1987, 2, 26, 17, 34, 11);
  const auto day = Timestamp::FromCivil(2020, 12, 28, 0, 0, 0, /*date_only=*/true);
  EXPECT_EQ(PublishedIso(timed), "1987-02-26T17:34:11Z");
  EXPECT_EQ(PublishedIso(day), "2020-12-28T00:00:00Z");
  EXPECT_EQ(PublishedIso(std::nullopt), "");
  EXPECT_EQ(PublishedDate(timed), "1987-02-26");
  EXPECT_EQ(PublishedDate(day), "2020-12-28");
  EXPECT_EQ(PublishedDate(std::nullopt), "");
  // A time just before midnight UTC and one before the epoch keep their day.
  EXPECT_EQ(PublishedDate(Timestamp::FromCivil(1969, 12, 31, 23, 59, 59)), "1969-12-31");
  EXPECT_EQ(TextDate(timed), "1987-02-26T17:34:11Z");
  EXPECT_EQ(TextDate(day), "2020-12-28");
  EXPECT_EQ(TextDate(std::nullopt), "undated");

  Captured out;
  {
    CsvPrinter csv(out.file());
    csv.Dates(timed).EndRecord();
    csv.Dates(day).EndRecord();
    csv.Dates(std::nullopt).EndRecord();
  }
  EXPECT_EQ(out.text(), "1987-02-26T17:34:11Z,1987-02-26,false\r\n"
                        "2020-12-28T00:00:00Z,2020-12-28,true\r\n"
                        ",,\r\n");
  nlohmann::json j;
  AddDateFields(&j, std::nullopt);
  EXPECT_EQ(DumpJson(j), "{\"date\":null,\"date_only\":null,\"published\":null}");
  AddDateFields(&j, day);
  EXPECT_EQ(DumpJson(j),
            "{\"date\":\"2020-12-28\",\"date_only\":true,\"published\":\"2020-12-28T00:00:00Z\"}");
}

// Before: "1 matching articles", "indexed 1 articles".
TEST(CliPrinterTest, CountedNounsAreSingularForOne) {
  EXPECT_EQ(CountOf(0, "article"), "0 articles");
  EXPECT_EQ(CountOf(1, "article"), "1 article");
  EXPECT_EQ(CountOf(2, "matching article"), "2 matching articles");
  EXPECT_EQ(CountOf(1, "copy", "copies"), "1 copy");
  EXPECT_EQ(CountOf(21578, "copy", "copies"), "21578 copies");
}

TEST(CliPrinterTest, ColorIsAutoAlwaysOrNever) {
  EXPECT_EQ(ParseColor("auto"), Color::kAuto);
  EXPECT_EQ(ParseColor("always"), Color::kAlways);
  EXPECT_EQ(ParseColor("never"), Color::kNever);
  try {
    ParseColor("yes");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--color must be auto, always or never, not \"yes\"");
  }
}

// Before: the snippet of every format was one string with the markers in
// it (HTML in json and csv, bold codes or nothing in text).
TEST(CliPrinterTest, TextSnippetsAreBoldOnlyWhenAskedOrOnATerminalElseBracketed) {
  Hit h;
  h.snippet = "Exxon <XON> \x1b[2J oil";
  h.highlights = {{7, 10}, {17, 20}};
  EXPECT_EQ(TextSnippet(h, Color::kNever), "Exxon <[XON]> \\x1b[2J [oil]");
  EXPECT_EQ(TextSnippet(h, Color::kAlways), "Exxon <\x1b[1mXON\x1b[0m> \\x1b[2J \x1b[1moil\x1b[0m");
  EXPECT_EQ(TextSnippet(h, Color::kAuto),
            TextSnippet(h, StdoutIsTerminal() ? Color::kAlways : Color::kNever));
}

TEST(CliPrinterTest, HitsAsCsvHaveAHeaderEvenWithoutHitsAndRangesAsJson) {
  SearchRequest request;
  request.offset = 10;
  {
    Captured out;
    PrintHitsCsv(SearchResult{}, request, false, out.file());
    EXPECT_EQ(out.text(),
              "rank,id,source,published,date,date_only,headline,score,snippet,highlights\r\n");
  }
  Hit h;
  h.id = "1";
  h.source = "wire";
  h.headline = "Oil, \"gas\"";
  h.score = 1.5;
  h.snippet = "<XON> oil";
  h.highlights = {{1, 4}, {6, 9}};
  SearchResult result;
  result.hits = {h};
  Captured out;
  PrintHitsCsv(result, request, false, out.file());
  EXPECT_EQ(out.text(),
            "rank,id,source,published,date,date_only,headline,score,snippet,highlights\r\n"
            "11,1,wire,,,,\"Oil, \"\"gas\"\"\",1.5,<XON> oil,\"[[1,4],[6,9]]\"\r\n");
}

}  // namespace
}  // namespace morgue::cli
