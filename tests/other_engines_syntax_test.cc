// Syntax users bring from other engines (Lucene / Elasticsearch, Xapian,
// SQLite FTS5, Google): every row of docs/query-language.md's table "Syntax
// from other engines" is read from the document and checked (the meaning's
// description, or the error's message and position), so the table and the
// parser cannot drift apart; then the meanings are checked on a generated
// archive against independent oracles (the spelled-out query, and counts
// made by scanning the generated text).
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "morgue/query.h"
#include "query/parser.h"
#include "query/text_terms.h"
#include "test_util.h"

namespace morgue {
namespace {

struct DocRow {
  std::string input;
  bool error = false;
  int64_t position = 0;
  std::string expected;  // the description, or a part of the error message
  int line = 0;
};

// The first `code span` of a table cell, with GFM's escaped '|' unescaped.
std::string CodeSpan(const std::string& cell) {
  const size_t open = cell.find('`');
  const size_t close = cell.find('`', open + 1);
  if (open == std::string::npos || close == std::string::npos) return "";
  std::string s = cell.substr(open + 1, close - open - 1);
  for (size_t k; (k = s.find("\\|")) != std::string::npos;) s.replace(k, 2, "|");
  return s;
}

// The cells of a table row `| a | b | c |` (a '|' escaped as "\|" stays).
std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t k = 1; k < line.size(); ++k) {
    if (line[k] == '\\' && k + 1 < line.size() && line[k + 1] == '|') {
      cell += "\\|";
      ++k;
    } else if (line[k] == '|') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += line[k];
    }
  }
  return cells;
}

std::vector<DocRow> ReadDocTable() {
  std::ifstream in(std::string(MORGUE_SOURCE_DIR) + "/docs/query-language.md");
  std::vector<DocRow> rows;
  std::string line;
  bool inside = false;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.starts_with("## ")) inside = line == "## Syntax from other engines";
    if (!inside || !line.starts_with("| `")) continue;
    const std::vector<std::string> cells = Cells(line);
    EXPECT_EQ(cells.size(), 3u) << "docs/query-language.md:" << number << ": " << line;
    if (cells.size() != 3) continue;
    DocRow row;
    row.line = number;
    row.input = CodeSpan(cells[0]);
    const std::string& result = cells[2];
    if (result.starts_with(" reads as `")) {
      row.expected = CodeSpan(result);
    } else if (result.starts_with(" error at ")) {
      row.error = true;
      row.position = std::stoll(result.substr(10));
      row.expected = CodeSpan(result);
    } else {
      ADD_FAILURE() << "docs/query-language.md:" << number
                    << ": the third cell must start with \"reads as `\" or \"error at N:\"";
      continue;
    }
    rows.push_back(row);
  }
  return rows;
}

// Options under which a pattern wildcard compiles without an index, and
// relative dates resolve against 2026-12-05 (the table's today).
ParseOptions NoIndexOptions() {
  ParseOptions options;
  options.today = Today(Timestamp::FromCivil(2026, 12, 5));
  options.wildcard_terms = [](const std::string&, unsigned) { return std::vector<std::string>{}; };
  return options;
}

TEST(OtherEnginesSyntaxTest, EveryRowOfTheDocumentsTableHolds) {
  const std::vector<DocRow> rows = ReadDocTable();
  ASSERT_GE(rows.size(), 40u) << "the table \"Syntax from other engines\" was not found";
  for (const DocRow& row : rows) {
    SCOPED_TRACE("docs/query-language.md:" + std::to_string(row.line) + ": " + row.input);
    if (!row.error) {
      EXPECT_EQ(ParseQuery(row.input, NoIndexOptions()).description, row.expected);
      // Query::Parse accepts it, and what it reads as reads the same way.
      EXPECT_NO_THROW(Query::Parse(row.input));
      continue;
    }
    // The same error from ParseQuery and, at once, from Query::Parse.
    for (int via_query_parse = 0; via_query_parse < 2; ++via_query_parse) {
      try {
        if (via_query_parse) {
          Query::Parse(row.input);
        } else {
          ParseQuery(row.input, NoIndexOptions());
        }
        ADD_FAILURE() << "no error" << (via_query_parse ? " from Query::Parse" : "");
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax) << e.what();
        EXPECT_EQ(e.position(), row.position) << e.what();
        EXPECT_NE(std::string(e.what()).find(row.expected), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("at position " + std::to_string(row.position)),
                  std::string::npos)
            << e.what();
      }
    }
  }
}

TEST(OtherEnginesSyntaxTest, PlusIsAnErrorWhereWordsSideBySideAreOred) {
  ParseOptions options = NoIndexOptions();
  options.default_and = false;
  EXPECT_EQ(ParseQuery("+opec", options).description, "opec");
  EXPECT_EQ(ParseQuery("+opec AND oil", options).description, "(opec AND oil)");
  try {
    ParseQuery("oil +opec", options);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
    EXPECT_EQ(e.position(), 4) << e.what();
    EXPECT_NE(std::string(e.what()).find("'+' (required) is not supported when words side by "
                                         "side are ORed"),
              std::string::npos)
        << e.what();
  }
}

TEST(OtherEnginesSyntaxTest, QueryParseReportsSyntaxErrorsAtOnce) {
  // Grammar errors the lexer did not see used to surface only at search time.
  for (const char* text :
       {"opec AND", "OR opec", "(opec", "\"a b\" NEAR c", "date:1987-02-30", "e*", "", "!!!"}) {
    SCOPED_TRACE(text);
    EXPECT_THROW(Query::Parse(text), Error);
  }
  EXPECT_NO_THROW(Query::Parse("opec \"oil price\"~3 -iran date:[1987 TO *]"));
}

// Random queries made of the pieces of every engine's syntax: each one is
// read or refused with a morgue::Error, and what Query::Parse refuses a
// search refuses with the same position (the fuzzer's invariant, run here
// on every build).
TEST(OtherEnginesSyntaxTest, RandomMixturesOfSyntaxAreReadOrRefusedConsistently) {
  const char* const pieces[] = {"a",       "ab",       "opec",      "oil",  "|",      "||",
                                "&&",      "&",        "!",         "+",    "-",      "~",
                                "~3",      "^2",       "?",         "*",    "\"",     "(",
                                ")",       "[",        "]",         "{",    "}",      " TO ",
                                "date:",   "topic:",   "headline:", "NEAR", "NEAR/2", " OR ",
                                " AND ",   " NOT ",    " ",         " ",    "..",     "1987",
                                "1987-03", "\xC3\xA9", "ADJ",       "id:"};
  ParseOptions options = NoIndexOptions();
  uint32_t state = 7;
  auto next = [&](uint32_t n) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % n;
  };
  int read = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const uint32_t length = 1 + next(8);
    for (uint32_t k = 0; k < length; ++k) text += pieces[next(std::size(pieces))];
    SCOPED_TRACE(text);
    std::optional<Error> parse_error, search_error;
    try {
      (void)Query::Parse(text);
    } catch (const Error& e) {
      parse_error = e;
    }
    try {
      (void)ParseQuery(text, options);
      ++read;
    } catch (const Error& e) {
      search_error = e;
    }
    if (search_error) {
      EXPECT_TRUE(search_error->code() == ErrorCode::kQuerySyntax ||
                  search_error->code() == ErrorCode::kLimit)
          << search_error->what();
    }
    if (parse_error && parse_error->code() == ErrorCode::kQuerySyntax) {
      ASSERT_TRUE(search_error.has_value()) << "Query::Parse: " << parse_error->what();
      EXPECT_EQ(search_error->position(), parse_error->position()) << search_error->what();
    }
  }
  EXPECT_GT(read, 1000);  // the mixtures are not all refused
}

TEST(OtherEnginesSyntaxTest, AQuestionMarkMatchesOneCharacterNotOneByte) {
  EXPECT_TRUE(MatchesWildcard("pric?", "price"));
  EXPECT_FALSE(MatchesWildcard("pric?", "prices"));
  EXPECT_FALSE(MatchesWildcard("pric?", "pric"));
  EXPECT_TRUE(MatchesWildcard("caf?", "caf\xC3\xA9"));    // café: é is 2 bytes
  EXPECT_FALSE(MatchesWildcard("caf??", "caf\xC3\xA9"));  // ... but one character
  EXPECT_TRUE(MatchesWildcard("\xE6\x9D\xB1?", "\xE6\x9D\xB1\xE4\xBA\xAC"));  // 東京
  EXPECT_TRUE(MatchesWildcard("ec*nom*", "economy"));
  EXPECT_TRUE(MatchesWildcard("ec*nom*", "ecnom"));
  EXPECT_FALSE(MatchesWildcard("ec*nom", "economy"));
  EXPECT_TRUE(MatchesWildcard("a*b*c", "axxbyybc"));
  EXPECT_TRUE(MatchesWildcard("XKmon?y-fx", "XKmoney-fx"));
}

// ---- On an archive ----

// Words the generated bodies are made of: the wildcards' and NEAR's cases.
const char* const kVocabulary[] = {"opec",
                                   "oil",
                                   "price",
                                   "prices",
                                   "prick",
                                   "pric",
                                   "pricey",
                                   "woman",
                                   "women",
                                   "womb",
                                   "wombat",
                                   "economy",
                                   "economist",
                                   "ecnom",
                                   "cafe",
                                   "cafes",
                                   "\xD0\xBC\xD0\xB8\xD1\x80" /* мир */,
                                   "\xD0\xBC\xD0\xB8\xD1\x80\xD0\xB0" /* мира */,
                                   "market",
                                   "cut",
                                   "iran",
                                   "traders",
                                   "the",
                                   "of",
                                   "yahoo",
                                   "output",
                                   "barrel"};
constexpr int kArticles = 400;

struct Generated {
  std::vector<std::string> words;  // the body, one paragraph
  std::string day;                 // YYYY-MM-DD
  std::string topic;
};

// A deterministic mix (a small LCG, so the oracle sees exactly what was indexed).
std::vector<Generated> Generate() {
  std::vector<Generated> out;
  uint32_t state = 12345;
  auto next = [&](uint32_t n) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % n;
  };
  const char* const topics[] = {"money-fx", "money-supply", "crude", "monkey-fx"};
  for (int n = 0; n < kArticles; ++n) {
    Generated g;
    const uint32_t length = 4 + next(12);
    for (uint32_t k = 0; k < length; ++k) {
      g.words.push_back(kVocabulary[next(std::size(kVocabulary))]);
    }
    const uint32_t day = next(31) + 1;
    g.day = "1987-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
    g.topic = topics[next(4)];
    out.push_back(std::move(g));
  }
  return out;
}

class OtherEnginesArchiveTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new test::TempDir();
    generated_ = new std::vector<Generated>(Generate());
    std::vector<Article> articles;
    for (size_t n = 0; n < generated_->size(); ++n) {
      const Generated& g = (*generated_)[n];
      Article a;
      a.id = "g" + std::to_string(n);
      a.source = "generated";
      a.headline = "Report";
      std::string body;
      for (const std::string& w : g.words) body += (body.empty() ? "" : " ") + w;
      a.body = {body};
      a.published = Timestamp::ParseIso8601(g.day);
      a.topics = {g.topic};
      articles.push_back(std::move(a));
    }
    auto archive = Archive::Open(*tmp_ / "g.morgue", OpenMode::kCreate);
    archive->Add(std::move(articles));
  }
  static void TearDownTestSuite() {
    delete tmp_;
    delete generated_;
    tmp_ = nullptr;
    generated_ = nullptr;
  }
  void SetUp() override { archive_ = Archive::Open(*tmp_ / "g.morgue", OpenMode::kReadOnly); }

  uint64_t Count(const std::string& query) {
    SearchRequest r;
    r.query = query;
    return archive_->Count(r);
  }
  // The articles for which `pred` holds, counted by scanning the generated text.
  static uint64_t Oracle(const std::function<bool(const Generated&)>& pred) {
    uint64_t n = 0;
    for (const Generated& g : *generated_) n += pred(g);
    return n;
  }
  static bool Has(const Generated& g, const std::string& word) {
    return std::find(g.words.begin(), g.words.end(), word) != g.words.end();
  }
  // Some body word matches `re` (a std::regex over whole words).
  static bool AnyWord(const Generated& g, const std::regex& re) {
    return std::any_of(g.words.begin(), g.words.end(),
                       [&](const std::string& w) { return std::regex_match(w, re); });
  }

  static test::TempDir* tmp_;
  static std::vector<Generated>* generated_;
  std::unique_ptr<Archive> archive_;
};

test::TempDir* OtherEnginesArchiveTest::tmp_ = nullptr;
std::vector<Generated>* OtherEnginesArchiveTest::generated_ = nullptr;

TEST_F(OtherEnginesArchiveTest, BarsAndAmpersandsCountWhatTheSpelledOutOperatorsCount) {
  const uint64_t either =
      Oracle([](const Generated& g) { return Has(g, "opec") || Has(g, "oil"); });
  const uint64_t both = Oracle([](const Generated& g) { return Has(g, "opec") && Has(g, "oil"); });
  ASSERT_NE(either, both);  // the data tells OR from AND
  EXPECT_EQ(Count("opec OR oil"), either);
  EXPECT_EQ(Count("opec | oil"), either);  // was read as AND (opec oil)
  EXPECT_EQ(Count("opec || oil"), either);
  EXPECT_EQ(Count("opec && oil"), both);
  const uint64_t no_iran =
      Oracle([](const Generated& g) { return Has(g, "opec") && !Has(g, "iran"); });
  EXPECT_EQ(Count("!iran opec"), no_iran);
  EXPECT_EQ(Count("opec -iran"), no_iran);
}

// Positions of `word` in the body (the indexer numbers words from 1).
std::vector<int> Positions(const Generated& g, const std::string& word) {
  std::vector<int> at;
  for (size_t k = 0; k < g.words.size(); ++k) {
    if (g.words[k] == word) at.push_back(static_cast<int>(k));
  }
  return at;
}

TEST_F(OtherEnginesArchiveTest, TildeAfterAPhraseIsProximityInAnyOrder) {
  for (int n : {1, 2, 3, 5}) {
    SCOPED_TRACE(n);
    const uint64_t oracle = Oracle([n](const Generated& g) {
      for (int a : Positions(g, "oil")) {
        for (int b : Positions(g, "price")) {
          if (std::abs(a - b) <= n) return true;
        }
      }
      return false;
    });
    const std::string tilde = "\"oil price\"~" + std::to_string(n);
    EXPECT_EQ(Count(tilde), oracle);  // was "oil price" AND the number n: 0
    EXPECT_EQ(Count("oil NEAR/" + std::to_string(n) + " price"), oracle);
    EXPECT_EQ(Count("body:" + tilde), oracle);
    EXPECT_EQ(Count("headline:" + tilde), 0u);
  }
  EXPECT_GT(Count("\"oil price\"~5"), Count("\"oil price\""));
}

TEST_F(OtherEnginesArchiveTest, QuestionMarkAndInnerStarMatchTheirPatternExactly) {
  struct Case {
    const char* query;
    const char* regex;
  };
  for (const Case& c : {Case{"pric?", "pric."}, Case{"wom?n", "wom.n"}, Case{"pric??", "pric.."},
                        Case{"ec*nom*", "ec.*nom.*"}, Case{"pric*", "pric.*"},
                        Case{"wom*t", "wom.*t"}, Case{"caf?", "caf."}, Case{"caf?s", "caf.s"},
                        // мир: р is 2 bytes, one character
                        Case{"\xD0\xBC\xD0\xB8?", "\xD0\xBC\xD0\xB8(.|\xD1\x80)"}}) {
    SCOPED_TRACE(c.query);
    const std::regex re(c.regex);
    const uint64_t oracle = Oracle([&](const Generated& g) { return AnyWord(g, re); });
    EXPECT_GT(oracle, 0u);
    EXPECT_EQ(Count(c.query), oracle);  // pric? was the word "pric": 0 hits, no error
    // The same with a time limit (the expansion that reads the clock).
    SearchRequest r;
    r.query = c.query;
    r.time_limit_ms = 600000;
    EXPECT_EQ(archive_->Search(r).total, oracle);
  }
  // One character, not one byte: мир's р is 2 bytes.
  EXPECT_EQ(Count("\xD0\xBC\xD0\xB8??"),
            Oracle([](const Generated& g) { return Has(g, "\xD0\xBC\xD0\xB8\xD1\x80\xD0\xB0"); }));
}

TEST_F(OtherEnginesArchiveTest, FilterWildcardsMatchTheirPatternExactly) {
  EXPECT_EQ(Count("topic:mon?y-fx"), Oracle([](const Generated& g) {
              return g.topic == "money-fx";  // not monkey-fx: one character
            }));
  EXPECT_EQ(Count("topic:mon*y-fx"), Oracle([](const Generated& g) {
              return g.topic == "money-fx" || g.topic == "monkey-fx";
            }));
  EXPECT_EQ(Count("topic:money*"),
            Oracle([](const Generated& g) { return g.topic.starts_with("money"); }));
}

TEST_F(OtherEnginesArchiveTest, BracketDateRangesAreInclusive) {
  const uint64_t oracle =
      Oracle([](const Generated& g) { return g.day >= "1987-03-05" && g.day <= "1987-03-15"; });
  EXPECT_EQ(Count("date:[1987-03-05 TO 1987-03-15]"), oracle);
  EXPECT_EQ(Count("date:1987-03-05..1987-03-15"), oracle);
  EXPECT_EQ(Count("date:[1987-03-20 TO *]"),
            Oracle([](const Generated& g) { return g.day >= "1987-03-20"; }));
}

TEST_F(OtherEnginesArchiveTest, BoostsAreErrorsNotPhrases) {
  SearchRequest r;
  r.query = "oil^2 price";  // was the phrase "oil 2" AND price
  try {
    archive_->Count(r);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
    EXPECT_EQ(e.position(), 3);
  }
  // The command says where, and exits 2.
  const auto run =
      test::RunMorgue("count --archive " + test::Quote(*tmp_ / "g.morgue") + " 'oil^2 price'");
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("position 3"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace morgue
