// The query language parser: table-driven rows of {input, expected query or
// description}, error rows {input, position, message}, and matching tests on
// a tiny in-memory index built with the archive's prefixes and value slots.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "indexer/document.h"
#include "indexer/fold.h"
#include "morgue/error.h"
#include "query/parser.h"
#include "query/stem_expander.h"
#include "query/text_terms.h"

namespace morgue {
namespace {

// The rows' field weights: four different ones where they can be, so that
// each field shows in a query's description (the defaults are
// RankingOptions', see ranking_defaults_test.cc).
ParseOptions RowOptions() {
  ParseOptions options;
  options.weights = {3.0, 1.0, 1.5, 1.0};
  return options;
}

std::string QueryOf(const std::string& text, const ParseOptions& options = RowOptions()) {
  return ParseQuery(text, options).query.get_description();
}

// {input, a substring expected in Xapian::Query::get_description()}.
struct QueryRow {
  const char* input;
  const char* expected;
};

const QueryRow kQueryRows[] = {
    // A bare word: stems of all four fields, each weighted.
    {"opec", "Query((1 * Zopec OR 3 * ZSopec OR 1.5 * ZXQopec OR 1 * ZXCopec))"},
    {"Prices", "1 * Zprice OR 3 * ZSprice"},
    // Numbers get no Z stem at index time (STEM_SOME stems only letters).
    {"1987", "Query((1 * 1987 OR 3 * S1987 OR 1.5 * XQ1987 OR 1 * XC1987))"},
    {"1,750", "1 * 1,750 OR 3 * S1,750"},
    {"U.S.", "1 * Zus OR"},
    {"o'neill", "1 * Zo'neil OR"},
    // Phrases: unstemmed positional terms, one phrase per field.
    {"\"oil price\"", "(1 * (oil PHRASE 2 price) OR 3 * (Soil PHRASE 2 Sprice) OR "
                      "1.5 * (XQoil PHRASE 2 XQprice) OR 1 * (XCoil PHRASE 2 XCprice))"},
    {"\"the end of\"", "(the PHRASE 3 end PHRASE 3 of)"},  // no stopwords
    {"\"Opec\"", "(1 * opec OR 3 * Sopec OR 1.5 * XQopec OR 1 * XCopec)"},
    {"oil-price", "(oil PHRASE 2 price)"},  // one token, several words: a phrase
    {"\"http://example.com/a\"", "(http PHRASE 4 example PHRASE 4 com PHRASE 4 a)"},
    {"\xE2\x80\x9C"
     "curly quotes"
     "\xE2\x80\x9D",
     "(curly PHRASE 2 quotes)"},
    // Fields.
    {"headline:opec", "Query(3 * ZSopec)"},
    {"title:opec", "Query(3 * ZSopec)"},
    {"body:opec", "Query(1 * Zopec)"},
    {"quote:\"cut output\"", "Query(1.5 * (XQcut PHRASE 2 XQoutput))"},
    {"captions:baker", "Query(1 * ZXCbaker)"},
    {"Headline:(opec oil)", "Query((3 * ZSopec AND 3 * ZSoil))"},
    // Boolean operators and precedence NOT > AND > OR.
    {"a b", "Zb OR 3 * ZSb OR 1.5 * ZXQb OR 1 * ZXCb)))"},
    {"opec -iran", "ZXCopec) AND_NOT (1 * Ziran"},
    {"opec NOT iran", "ZXCopec) AND_NOT (1 * Ziran"},
    {"-iran", "Query((<alldocuments> AND_NOT (1 * Ziran"},
    {"NOT iran", "Query((<alldocuments> AND_NOT (1 * Ziran"},
    {"a OR NOT b", "OR (<alldocuments> AND_NOT (1 * Zb"},
    // Wildcards: unstemmed terms of each field, too broad = error at match time.
    {"econom*", "(1 * WILDCARD SYNONYM econom OR 3 * WILDCARD SYNONYM Seconom OR "
                "1.5 * WILDCARD SYNONYM XQeconom OR 1 * WILDCARD SYNONYM XCeconom)"},
    {"headline:Econom*", "Query(3 * WILDCARD SYNONYM Seconom)"},
    // NEAR: window = distance - 1 + number of words, like Xapian's QueryParser.
    {"oil NEAR/5 price", "(1 * (oil NEAR 6 price) OR 3 * (Soil NEAR 6 Sprice)"},
    {"oil NEAR price", "(oil NEAR 11 price)"},
    {"oil NEAR/3 price NEAR/2 cut", "(oil NEAR 5 price NEAR 5 cut)"},
    {"oil NEAR headline:price", "Query(3 * (Soil NEAR 11 Sprice))"},
    // Filters: no weight, combined with FILTER.
    {"opec person:\"James  Baker\"", "ZXCopec) FILTER XPjames baker)"},
    {"person:Baker", "Query(0 * XPbaker)"},
    {"opec topic:CRUDE topic:grain org:opec", "FILTER ((XKcrude OR XKgrain) AND XOopec))"},
    {"opec place:x section:Business source:Reuters21578 lang:EN",
     "FILTER (XLx AND XSbusiness AND XSRCreuters21578 AND Len))"},
    {"speaker:\"James Baker\"", "Query(0 * XSPKjames baker)"},
    {"id:reuters21578/12", "Query(0 * Qreuters21578/12)"},
    {"opec -topic:crude", "ZXCopec) AND_NOT XKcrude)"},
    {"person:x OR opec", "Query((0 * XPx OR (1 * Zopec"},
    {"topic:cr*", "Query(0 * WILDCARD SYNONYM XKcr)"},
    // Dates on value slot 0, inclusive, whole days.
    // Closed ranges become the fewest Omega date terms (days, months, years).
    {"date:1987-03-01..1987-03-15", "Query(0 * (D19870301 OR D19870302 OR D19870303 OR "},
    {"date:1987-03-30..1987-05-02",
     "(D19870330 OR D19870331 OR M198704 OR D19870501 OR D19870502)"},
    {"date:1986-12-31..1988-01-01", "(D19861231 OR Y1987 OR D19880101)"},
    {"date:1900-01-01..2100-12-31", "VALUE_RANGE 0 19000101 21001231"},  // too many terms
    {"date:1987-03", "Query(0 * M198703)"},
    {"date:1988-02-01..1988-02-29", "Query(0 * M198802)"},  // leap year
    {"date:1987", "Query(0 * Y1987)"},
    {"date:1987-03-05", "Query(0 * D19870305)"},
    {"date:19870305", "Query(0 * D19870305)"},
    {"date:..1987-03-15", "Query(VALUE_LE 0 19870315)"},
    {"date:1987-03..", "Query(VALUE_GE 0 19870301)"},
    {"opec date:1987 date:1988", "FILTER (Y1987 OR Y1988))"},
    // Punctuation-only words are skipped.
    {"opec !!!", "Query((1 * Zopec OR 3 * ZSopec OR 1.5 * ZXQopec OR 1 * ZXCopec))"},
};

TEST(QueryParserTest, QueryRows) {
  for (const QueryRow& row : kQueryRows) {
    SCOPED_TRACE(row.input);
    EXPECT_NE(QueryOf(row.input).find(row.expected), std::string::npos)
        << "got: " << QueryOf(row.input);
  }
}

// {input, the expected readable description}.
const QueryRow kDescriptionRows[] = {
    {"OPEC", "opec"},
    {"\"Oil  Price\"", "\"oil price\""},
    {"opec -iran", "opec AND NOT iran"},
    {"-iran", "NOT iran"},
    {"NOT a NOT b", "NOT (a OR b)"},
    {"a OR b c", "a OR (b AND c)"},
    {"a AND b OR c", "(a AND b) OR c"},
    {"a (b OR c)", "a AND (b OR c)"},
    {"(a OR b) -c topic:crude", "(a OR b) AND NOT c FILTER topic:crude"},
    {"person:\"James Baker\" opec date:1987-03",
     "opec FILTER person:\"james baker\" AND date:19870301..19870331"},
    {"topic:crude topic:grain person:x", "(topic:crude OR topic:grain) AND person:x"},
    {"opec AND person:x", "opec AND person:x"},
    {"title:opec quotes:x econom*", "headline:opec AND quote:x AND econom*"},
    {"oil NEAR/5 price", "oil NEAR/5 price"},
    {"x NOT NOT y", "x AND y"},
    {"date:..1987-03-15", "date:..19870315"},
    {"date:1987-03-05", "date:19870305"},
    {"opec | oil", "opec OR oil"},
    {"\"oil price\"~3", "oil NEAR/3 price"},
    {"\"Oil-Price cut\"~2 -iran", "oil NEAR/2 price NEAR/2 cut AND NOT iran"},
    {"+opec oil", "opec AND oil"},
    {"!iran opec", "opec AND NOT iran"},
    {"date:[1987-03 TO 1987-04]", "date:19870301..19870430"},
};

TEST(QueryParserTest, ProximityAfterAPhraseIsNear) {
  // The same Xapian query as NEAR, in every field (was: the phrase AND 3).
  EXPECT_EQ(QueryOf("\"oil price\"~3"), QueryOf("oil NEAR/3 price"));
  EXPECT_EQ(QueryOf("headline:\"oil price\"~3"), "Query(3 * (Soil NEAR 4 Sprice))");
  EXPECT_EQ(QueryOf("\"a b c\"~2"), QueryOf("a NEAR/2 b NEAR/2 c"));
}

TEST(QueryParserTest, PatternWildcardsAreExpandedThroughTheCallback) {
  ParseOptions options = RowOptions();
  std::vector<std::string> asked;
  options.wildcard_terms = [&](const std::string& pattern, unsigned) {
    asked.push_back(pattern);
    return std::vector<std::string>{pattern + "!"};
  };
  EXPECT_EQ(ParseQuery("headline:Wom?n", options).query.get_description(), "Query(3 * Swom?n!)");
  EXPECT_EQ(ParseQuery("topic:Mon?y-FX", options).description, "topic:mon?y-fx");
  EXPECT_EQ(ParseQuery("EC*nom**", options).description, "ec*nom*");
  // Without the callback, OP_WILDCARD takes prefixes only: a pattern is refused.
  for (const char* text : {"pric?", "ec*nom*", "topic:mon?y"}) {
    try {
      ParseQuery(text, {});
      ADD_FAILURE() << text << ": no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
    }
  }
  EXPECT_EQ(asked, (std::vector<std::string>{"Swom?n", "XKmon?y-fx", "ec*nom*", "Sec*nom*",
                                             "XQec*nom*", "XCec*nom*"}));
}

TEST(QueryParserTest, NearLooksUpNoStems) {
  // NEAR matches unstemmed words; it used to expand every word's stem in
  // every field (reading the index) and throw the expansion away.
  ParseOptions options;
  int lookups = 0;
  options.stem_terms = [&](const std::string&, const std::string& stem) {
    ++lookups;
    return std::vector<std::string>{stem};
  };
  const ParsedQuery q = ParseQuery("oil NEAR/3 prices", options);
  EXPECT_EQ(lookups, 0);
  EXPECT_EQ(q.description, "oil NEAR/3 prices");
  EXPECT_EQ(q.highlight_terms, (std::vector<std::string>{"oil", "prices"}));
  EXPECT_NE(q.query.get_description().find("(oil NEAR 4 prices)"), std::string::npos);
}

TEST(QueryParserTest, DescriptionRows) {
  for (const QueryRow& row : kDescriptionRows) {
    SCOPED_TRACE(row.input);
    EXPECT_EQ(ParseQuery(row.input, {}).description, row.expected);
  }
}

// {input, expected error position, message substring}.
struct ErrorRow {
  const char* input;
  int64_t position;
  const char* message;
};

const ErrorRow kErrorRows[] = {
    {"", 0, "empty query"},
    {"   ", 0, "empty query"},
    {"!!!", 0, "no searchable words"},
    {"bdy:budget", 0, "unknown field \"bdy\" at position 0 (known fields: headline"},
    {"opec re:x", 5, "unknown field \"re\""},
    {"http://example.com", 0, "unknown field \"http\""},
    {"opec \"oil price", 5, "unbalanced quote"},
    {"(opec oil", 0, "unbalanced parenthesis"},
    {"opec oil)", 8, "unbalanced parenthesis"},
    {"a (b (c) d", 2, "'(' is never closed"},
    {"()", 0, "empty parentheses"},
    {"headline: opec", 0, "empty value for field \"headline:\""},
    {"person:", 0, "empty value"},
    {"person:\"  \"", 0, "empty value"},
    {"headline:\"\"", 9, "no searchable words"},
    {"\"!!\"", 0, "no searchable words"},
    {"opec AND", 5, "AND needs something to search after it"},
    {"AND opec", 0, "AND needs something to search before it"},
    {"opec OR", 5, "OR needs something to search after it"},
    {"OR opec", 0, "OR needs something to search before it"},
    {"a OR OR b", 2, "OR needs something"},
    {"a AND OR b", 2, "AND needs something to search after it"},
    {"opec NOT", 5, "NOT needs something"},
    {"NEAR opec", 0, "NEAR needs a word before it"},
    {"opec NEAR", 5, "NEAR needs a word or phrase on each side"},
    {"opec NEAR (a b)", 5, "NEAR needs a word or phrase on each side"},
    {"\"a b\" NEAR c", 0, "NEAR takes single words"},
    {"oil NEAR econom*", 9, "NEAR does not take wildcards"},
    {"headline:a NEAR body:b", 16, "same field"},
    {"a NEAR/0 b", 2, "NEAR/ needs a distance"},
    {"a NEAR/x b", 2, "NEAR/ needs a distance"},
    {"e*", 0, "wildcard needs at least 2 letters"},
    {"opec *", 5, "wildcard needs at least 2 letters"},
    {"p?ic*", 0, "wildcard needs at least 2 letters"},
    {"oil^2 price", 3, "'^' (a boost"},
    {"\"oil price\"~", 11, "needs a distance"},
    {"\"oil price\"~3x", 11, "needs a distance"},
    {"opec | ", 5, "OR needs something to search after it"},
    {"id:reuters21578/?2", 3, "id: takes a wildcard only as one '*' at the end"},
    {"date:[1987-03-01 TO 1987-02-30]", 20, "impossible date \"1987-02-30\""},
    {"date:[1987-03-15 TO 1987-03-01]", 6, "ends before it starts"},
    {"date:[1987 1988]", 5, "a date range is written"},
    {"date:[1987 TO 1988", 5, "'[' is never closed"},
    {"date:[* TO *]", 5, "at least one end"},
    {"oil-pri*", 0, "a wildcard must be a single word"},
    {"-NOT a", 0, "'-' must be followed by"},
    {"person:(a b)", 7, "takes one value"},
    {"date:1987-02-30", 5, "impossible date \"1987-02-30\""},
    {"date:1987-02-29", 5, "impossible date"},  // not a leap year
    {"date:1987-13", 5, "impossible date \"1987-13\""},
    {"opec date:1987-03-01..1987-02-31", 22, "impossible date \"1987-02-31\""},
    {"date:1988..1987", 5, "ends before it starts"},
    {"date:87", 5, "bad date \"87\""},
    {"date:..", 5, "at least one end"},
    {"date:1987*", 5, "date: takes no wildcard"},
};

TEST(QueryParserTest, ErrorRows) {
  for (const ErrorRow& row : kErrorRows) {
    SCOPED_TRACE(row.input);
    try {
      ParseQuery(row.input, {});
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
      EXPECT_EQ(e.position(), row.position) << e.what();
      EXPECT_NE(std::string(e.what()).find(row.message), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("position " + std::to_string(row.position)),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(QueryParserTest, LimitsAreKLimit) {
  try {
    ParseQuery(std::string(10001, 'a'), {});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
  }
  std::string long_query;
  while (long_query.size() < 9990) long_query += "word ";
  EXPECT_NO_THROW(ParseQuery(long_query, {}));
  try {
    ParseQuery(std::string(101, '(') + "a" + std::string(101, ')'), {});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_EQ(e.position(), 100);
  }
  EXPECT_NO_THROW(ParseQuery(std::string(100, '(') + "a" + std::string(100, ')'), {}));
  std::string nots;
  for (int i = 0; i < 200; ++i) nots += "NOT ";
  EXPECT_THROW(ParseQuery(nots + "a", {}), Error);
}

TEST(QueryParserTest, BadOptionsAreInvalidArgument) {
  ParseOptions options;
  options.stem_language = "klingon";
  try {
    ParseQuery("opec", options);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
  options = {};
  options.weights.headline = -1;
  EXPECT_THROW(ParseQuery("opec", options), Error);
}

TEST(QueryParserTest, HighlightTermsArePositiveWordsAndStems) {
  ParsedQuery q =
      ParseQuery("Prices \"Oil Output\" -iran headline:opec person:baker NOT gold econom* oil", {});
  EXPECT_EQ(q.highlight_terms, (std::vector<std::string>{"prices", "Zprice", "oil", "output",
                                                         "opec", "Zopec", "Zoil"}));
  EXPECT_TRUE(ParseQuery("-iran", {}).highlight_terms.empty());
  EXPECT_EQ(ParseQuery("NOT NOT iran", {}).highlight_terms,
            (std::vector<std::string>{"iran", "Ziran"}));
}

TEST(QueryParserTest, DefaultOrJoinsWordsButFiltersStillFilter) {
  ParseOptions options = RowOptions();
  options.default_and = false;
  ParsedQuery q = ParseQuery("opec oil -iran topic:crude", options);
  EXPECT_EQ(q.description, "(opec OR oil) AND NOT iran FILTER topic:crude");
  EXPECT_NE(q.query.get_description().find("ZXCopec) OR (1 * Zoil"), std::string::npos);
  EXPECT_EQ(ParseQuery("a b AND c", options).description, "a OR (b AND c)");
}

TEST(QueryParserTest, StemmingCanBeTurnedOff) {
  ParseOptions options = RowOptions();
  options.stem_language = "none";
  EXPECT_EQ(QueryOf("Prices", options),
            "Query((1 * prices OR 3 * Sprices OR 1.5 * XQprices OR 1 * XCprices))");
  EXPECT_EQ(ParseQuery("Prices", options).highlight_terms, std::vector<std::string>{"prices"});
  options.stem_language = "french";
  // The stem of the folded word (indexer/fold.h).
  EXPECT_NE(QueryOf("économiques", options).find("Zeconom"), std::string::npos);
}

TEST(QueryParserTest, WeightsAndCanonicaliserComeFromOptions) {
  ParseOptions options;
  options.weights = {5.0, 2.0, 0.5, 0.0};
  EXPECT_EQ(QueryOf("opec", options),
            "Query((2 * Zopec OR 5 * ZSopec OR 0.5 * ZXQopec OR 0 * ZXCopec))");
  std::vector<EntityKind> kinds;
  options.canonical = [&](EntityKind kind, std::string_view name) {
    kinds.push_back(kind);
    return std::string(name == "U.S." ? "united states" : "other");
  };
  EXPECT_EQ(QueryOf("place:U.S.", options), "Query(0 * XLunited states)");
  QueryOf("person:a org:b speaker:c", options);
  EXPECT_EQ(kinds, (std::vector<EntityKind>{EntityKind::kPlace, EntityKind::kPerson,
                                            EntityKind::kOrganisation, EntityKind::kPerson}));
}

TEST(QueryParserTest, TheQuoteFieldIsLeftOutOnlyWhenItCanAddNothing) {
  ParseOptions options;
  options.stem_language = "";
  options.weights = {2.0, 1.0, 0.0, 1.0};
  // Quotations may lie outside the body: searched, unweighted.
  EXPECT_EQ(QueryOf("opec", options), "Query((1 * opec OR 2 * Sopec OR 0 * XQopec OR 1 * XCopec))");
  options.quotes_in_body = true;
  EXPECT_EQ(QueryOf("opec", options), "Query((1 * opec OR 2 * Sopec OR 1 * XCopec))");
  EXPECT_EQ(QueryOf("\"oil price\"", options),
            "Query((1 * (oil PHRASE 2 price) OR 2 * (Soil PHRASE 2 Sprice) OR "
            "1 * (XCoil PHRASE 2 XCprice)))");
  // Scoped to the field, or weighted: searched.
  EXPECT_EQ(QueryOf("quote:opec", options), "Query(0 * XQopec)");
  options.weights.quote = 0.5;
  EXPECT_EQ(QueryOf("opec", options),
            "Query((1 * opec OR 2 * Sopec OR 0.5 * XQopec OR 1 * XCopec))");
}

TEST(StemExpanderTest, ExpandsToTheFieldsWordsAndCachesWhatItFound) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  for (const char* t : {"price", "priced", "prices", "pricey", "prick", "Sprices", "XQpricing"}) {
    doc.add_term(t);
  }
  db.add_document(doc);
  StemCache cache;
  StemExpander cached(db, "english", &cache);
  const std::vector<std::string> body{"price", "priced", "prices"};
  EXPECT_EQ(cached.Expand("", "price"), body);
  EXPECT_EQ(cached.Expand("S", "price"), std::vector<std::string>{"Sprices"});
  EXPECT_EQ(cached.Expand("XQ", "price"), std::vector<std::string>{"XQpricing"});
  EXPECT_TRUE(cached.Expand("XC", "price").empty());
  EXPECT_EQ(cache.size(), 4u);
  ASSERT_NE(cache.Find("", "price"), nullptr);
  EXPECT_EQ(*cache.Find("", "price"), body);
  EXPECT_EQ(cache.Find("S", "pric"), nullptr);

  // A cached answer is returned without looking at the database again: the
  // cache belongs to one snapshot (the archive drops it with its reader).
  Xapian::Document more;
  more.add_term("pricing");
  db.add_document(more);
  EXPECT_EQ(cached.Expand("", "price"), body);
  EXPECT_EQ(StemExpander(db, "english").Expand("", "price"),
            (std::vector<std::string>{"price", "priced", "prices", "pricing"}));

  for (size_t i = 0; cache.size() < StemCache::kMaxEntries; ++i) {
    cache.Insert("", "w" + std::to_string(i), {});
  }
  cache.Insert("", "one more", {"x"});
  EXPECT_EQ(cache.size(), 1u) << "full: it starts again empty";
}

TEST(QueryParserTest, WeightedSaysWhetherAnythingAddsWeight) {
  ParseOptions options;
  for (const char* q : {"place:iran", "place:iran date:1987", "-oil", "-oil place:iran",
                        "topic:grain OR topic:wheat", "date:..1987-03"}) {
    EXPECT_FALSE(ParseQuery(q, options).weighted) << q;
  }
  for (const char* q : {"oil", "oil place:iran", "\"oil price\" -iran", "place:iran OR oil",
                        "headline:opec date:1987"}) {
    EXPECT_TRUE(ParseQuery(q, options).weighted) << q;
  }
}

// The parser's words must be the indexer's terms.
TEST(QueryParserTest, TextTermsMatchTermGenerator) {
  const std::string samples[] = {"opec",
                                 "OPEC",
                                 "abc123",
                                 "123abc",
                                 "mp3",
                                 "U.S.",
                                 "o'neill",
                                 "1,750",
                                 "1.5",
                                 "don't",
                                 "Zürich",
                                 "ÉCONOMIE",
                                 "C++",
                                 "AT&T",
                                 "e-mail",
                                 "well-known fact",
                                 "the end of the dollar",
                                 "$100",
                                 std::string(70, 'x')};
  for (const std::string& s : samples) {
    SCOPED_TRACE(s);
    Xapian::Document doc;
    Xapian::TermGenerator generator;
    generator.set_document(doc);
    generator.index_text(s);
    std::vector<std::pair<Xapian::termpos, std::string>> placed;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
        placed.emplace_back(*p, Fold(*t));  // each word folded (indexer/fold.h)
    }
    std::sort(placed.begin(), placed.end());
    std::vector<std::string> expected;
    for (auto& [pos, term] : placed) expected.push_back(term);
    EXPECT_EQ(TextTerms(s), expected);
  }
}

// ... and the very terms the indexer writes for the body (DocumentBuilder).
TEST(QueryParserTest, TextTermsMatchTheIndexer) {
  const std::string samples[] = {"opec",
                                 "OPEC",
                                 "U.S.",
                                 "o'neill",
                                 "O\xE2\x80\x99Neill",
                                 "1,750",
                                 "don't",
                                 "Zürich",
                                 "C++",
                                 "AT&T",
                                 "e-mail",
                                 "well-known fact",
                                 "$100",
                                 "ab12cd",
                                 std::string(64, 'y'),
                                 std::string(65, 'y'),
                                 "the end of the dollar"};
  DocumentBuilder builder;
  for (const std::string& s : samples) {
    SCOPED_TRACE(s);
    Article article;
    article.id = "1";
    article.source = "test";
    article.body = {s};
    const Xapian::Document doc = builder.Build(article);
    std::vector<std::pair<Xapian::termpos, std::string>> placed;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
        placed.emplace_back(*p, *t);
    }
    std::sort(placed.begin(), placed.end());
    std::vector<std::string> indexed;
    for (auto& [pos, term] : placed) indexed.push_back(term);
    EXPECT_EQ(TextTerms(s), indexed);
    // A term is its own only term (a built Query::Prefix or Query::Near
    // holds terms, not the text it was given).
    for (const std::string& term : indexed)
      EXPECT_EQ(TextTerms(term), std::vector<std::string>{term});
  }
}

TEST(QueryParserTest, DateRangeQueryForOptions) {
  EXPECT_EQ(DateRangeQuery("1987-03", "1987-03").get_description(), "Query(M198703)");
  EXPECT_EQ(DateRangeQuery("1987", std::nullopt).get_description(), "Query(VALUE_GE 0 19870101)");
  EXPECT_EQ(DateRangeQuery(std::nullopt, "1988-02").get_description(),
            "Query(VALUE_LE 0 19880229)");
  EXPECT_EQ(DateRangeQuery(std::nullopt, std::nullopt).get_description(),
            Xapian::Query(Xapian::Query::MatchAll).get_description());
  for (auto [from, to] : {std::pair<const char*, const char*>{"1987-02-30", nullptr},
                          {nullptr, "1987-13"},
                          {"1988", "1987"},
                          {"1987..1988", nullptr}}) {
    auto opt = [](const char* s) { return s ? std::optional<std::string>(s) : std::nullopt; };
    try {
      DateRangeQuery(opt(from), opt(to));
      ADD_FAILURE() << "no error for " << (from ? from : "-") << " " << (to ? to : "-");
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
      EXPECT_NE(std::string(e.what()).find("--"), std::string::npos) << e.what();
    }
  }
}

// ---- Matching on a tiny index built like the indexer builds the archive ----

struct TinyArticle {
  const char* id;
  const char* headline;
  const char* body;
  const char* quote;    // quotation text ("" = none)
  const char* speaker;  // canonical, "" = none
  const char* caption;
  const char* day;                   // YYYYMMDD, "" = undated
  std::vector<std::string> filters;  // boolean terms
};

const TinyArticle kArticles[] = {
    {"r/1",
     "OPEC agrees oil price cut",
     "The oil ministers met in Vienna. Prices of crude rose.",
     "We will cut output",
     "",
     "",
     "19870301",
     {"XPjames baker", "XLunited states", "XKcrude", "Len", "XSRCr"}},
    {"r/2",
     "Grain exports rise",
     "Wheat and corn exports from the United States rose in March, the economy ministers said.",
     "",
     "",
     "",
     "19870315",
     {"XKgrain", "XLunited states", "Len", "XSRCr"}},
    {"r/3",
     "Economists see slower growth",
     "The economic outlook is weak; oil is not the issue. Price of gold up.",
     "",
     "",
     "",
     "19870331",
     {"XKmoney-fx", "Len", "XSRCr"}},
    {"r/4",
     "Iran oil output",
     "Iran said its oil output reached 2 million barrels, with the price steady.",
     "",
     "",
     "",
     "19870401",
     {"XKcrude", "XLiran", "Len", "XSRCr"}},
    {"r/5",
     "Baker on the dollar",
     "Treasury Secretary James Baker said the dollar fell.",
     "this is the end of the dollar",
     "james baker",
     "James Baker speaking",
     "19880105",
     {"XPjames baker", "XKmoney-fx", "Len", "XSRCr"}},
    {"r/6", "Undated note on oil", "Price oil steady.", "", "", "", "", {"Lde", "XSRCr"}},
};

class QueryParserMatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (const TinyArticle& a : kArticles) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(a.headline, 1, "S");
      generator.increase_termpos();
      generator.index_text(a.body);
      generator.increase_termpos();
      generator.index_text(a.quote, 1, "XQ");
      generator.increase_termpos();
      generator.index_text(a.caption, 1, "XC");
      if (*a.speaker) doc.add_boolean_term(std::string("XSPK") + a.speaker);
      for (const std::string& f : a.filters) doc.add_boolean_term(f);
      doc.add_boolean_term(std::string("Q") + a.id);
      if (*a.day) {
        // As indexer/document.cc writes dates: a value and Omega date terms.
        std::string day = a.day;
        doc.add_value(0, day);
        doc.add_boolean_term("D" + day);
        doc.add_boolean_term("M" + day.substr(0, 6));
        doc.add_boolean_term("Y" + day.substr(0, 4));
      }
      doc.set_data(a.id);
      db_->add_document(doc);
    }
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }

  static Xapian::MSet Search(const std::string& text, const ParseOptions& options = RowOptions()) {
    Xapian::Enquire enquire(*db_);
    enquire.set_query(ParseQuery(text, options).query);
    return enquire.get_mset(0, 100);
  }

  // The ids of the matching articles, sorted.
  static std::string Ids(const std::string& text, const ParseOptions& options = RowOptions()) {
    std::vector<std::string> ids;
    Xapian::MSet mset = Search(text, options);
    for (auto it = mset.begin(); it != mset.end(); ++it)
      ids.push_back(it.get_document().get_data());
    std::sort(ids.begin(), ids.end());
    std::string out;
    for (const std::string& id : ids) out += (out.empty() ? "" : " ") + id;
    return out;
  }

  static Xapian::WritableDatabase* db_;
};

Xapian::WritableDatabase* QueryParserMatchTest::db_ = nullptr;

const QueryRow kMatchRows[] = {
    // Words match stems in every field.
    {"oil", "r/1 r/3 r/4 r/6"},
    {"prices", "r/1 r/3 r/4 r/6"},
    {"OIL price", "r/1 r/3 r/4 r/6"},
    {"dollar baker", "r/5"},
    // Phrases: exact, unstemmed, never across fields; stopwords kept.
    {"\"oil price\"", "r/1"},
    {"\"oil prices\"", ""},
    {"\"price oil\"", "r/6"},
    {"\"the end of\"", "r/5"},
    {"\"prices\"", "r/1"},
    {"\"united states\"", "r/2"},
    // Fields.
    {"headline:oil", "r/1 r/4 r/6"},
    {"body:oil", "r/1 r/3 r/4 r/6"},
    {"title:economist", "r/3"},
    {"quote:cut", "r/1"},
    {"quote:dollar", "r/5"},
    {"caption:baker", "r/5"},
    {"quote:\"end of the dollar\"", "r/5"},
    {"headline:\"oil price\"", "r/1"},
    {"body:\"oil price\"", ""},
    // Boolean operators.
    {"oil -iran", "r/1 r/3 r/6"},
    {"oil NOT headline:oil", "r/3"},
    {"-oil", "r/2 r/5"},
    {"NOT oil", "r/2 r/5"},
    {"grain OR dollar", "r/2 r/5"},
    {"(grain OR dollar) -baker", "r/2"},
    {"iran OR gold price", "r/3 r/4"},
    {"oil AND NOT (iran OR gold)", "r/1 r/6"},
    {"oil -\"oil price\"", "r/3 r/4 r/6"},
    {"oil -headline:oil", "r/3"},
    {"headline:(oil -iran)", "r/1 r/6"},
    // NEAR: within n words, either order, per field.
    {"oil NEAR/1 price", "r/1 r/6"},
    {"oil NEAR/4 price", "r/1 r/6"},
    {"oil NEAR/5 price", "r/1 r/3 r/6"},
    {"oil NEAR price", "r/1 r/3 r/4 r/6"},
    {"headline:oil NEAR price", "r/1"},
    {"iran NEAR/1 output", ""},  // "Iran oil output": two words apart
    {"iran NEAR/2 output", "r/4"},
    // Wildcards on unstemmed terms.
    {"econom*", "r/2 r/3"},
    {"headline:econom*", "r/3"},
    {"barrel*", "r/4"},
    // Dates (slot 0, inclusive days); undated r/6 never matches.
    {"date:1987-03", "r/1 r/2 r/3"},
    {"date:1987-03-15", "r/2"},
    {"date:1987-03-01..1987-03-15", "r/1 r/2"},
    {"date:..1987-03-15", "r/1 r/2"},
    {"date:1987-04..", "r/4 r/5"},
    {"date:1988", "r/5"},
    {"-date:1987", "r/5 r/6"},
    // Filters.
    {"person:\"James  BAKER\"", "r/1 r/5"},
    {"speaker:\"James Baker\"", "r/5"},
    {"topic:crude", "r/1 r/4"},
    {"topic:crude topic:grain", "r/1 r/2 r/4"},
    {"topic:crude AND topic:grain", ""},
    {"topic:crude place:\"United States\"", "r/1"},
    {"oil topic:crude", "r/1 r/4"},
    {"oil OR topic:grain", "r/1 r/2 r/3 r/4 r/6"},
    {"oil -topic:crude", "r/3 r/6"},
    {"id:r/3", "r/3"},
    {"lang:DE", "r/6"},
    {"source:R -lang:en", "r/6"},
    {"topic:money*", "r/3 r/5"},
    {"oil date:1987-03 topic:crude", "r/1"},
};

TEST_F(QueryParserMatchTest, MatchRows) {
  for (const QueryRow& row : kMatchRows) {
    SCOPED_TRACE(row.input);
    EXPECT_EQ(Ids(row.input), row.expected);
  }
}

TEST_F(QueryParserMatchTest, OpenDateRangesClosedAtTheArchiveSpanMatchTheSame) {
  ParseOptions closed;
  const DaySpan span{db_->get_value_lower_bound(0), db_->get_value_upper_bound(0)};
  ASSERT_FALSE(span.first.empty());
  int asked = 0;
  closed.day_span = [&] {
    ++asked;
    return std::optional<DaySpan>(span);
  };
  for (const char* q : {"date:..1987-03-15", "date:1987-04..", "oil date:..1987-03-31",
                        "-date:1987-03-02..", "date:1900..", "date:..2100"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(Ids(q, closed), Ids(q));
    const std::string description = ParseQuery(q, closed).query.get_description();
    EXPECT_EQ(description.find("VALUE_"), std::string::npos) << description;
  }
  EXPECT_EQ(ParseQuery("date:2100..", closed).query.get_description(),
            Xapian::Query(Xapian::Query::MatchNothing).get_description());
  asked = 0;
  ParseQuery("oil date:1987-03", closed);
  EXPECT_EQ(asked, 0) << "a closed range needs no span";
  ASSERT_EQ(span.first, "19870301");
  ASSERT_EQ(span.last, "19880105");
  // A side closed at the span may close at its month's or year's edge
  // instead, whichever takes the fewest date terms; a side given stays.
  EXPECT_EQ(DateRangeQuery("1987-04", std::nullopt, closed.day_span).get_description(),
            DateRangeQuery("1987-04", "1988-01").get_description());
  EXPECT_EQ(DateRangeQuery(std::nullopt, "1987-03-31", closed.day_span).get_description(),
            "Query(M198703)");
  EXPECT_EQ(DateRangeQuery(std::nullopt, "1987-03-15", closed.day_span).get_description(),
            DateRangeQuery("1987-03-01", "1987-03-15").get_description());
  EXPECT_EQ(DateRangeQuery("1900", std::nullopt, closed.day_span).get_description(),
            "Query((Y1987 OR M198801))");
  EXPECT_EQ(DateRangeQuery("1987-12-20", std::nullopt, closed.day_span).get_description(),
            DateRangeQuery("1987-12-20", "1988-01").get_description());

  // When every article is dated, a range may be every article but the rest
  // of the span, when that takes fewer terms.
  auto all_dated = [&span] {
    DaySpan s = span;
    s.all_dated = true;
    return std::optional<DaySpan>(s);
  };
  EXPECT_EQ(DateRangeQuery("1987-04", std::nullopt, all_dated).get_description(),
            "Query((<alldocuments> AND_NOT M198703))");
  EXPECT_EQ(DateRangeQuery(std::nullopt, "1987-03-31", all_dated).get_description(),
            "Query(M198703)");
  EXPECT_EQ(DateRangeQuery("1900", std::nullopt, all_dated).get_description(),
            "Query(<alldocuments>)");
  EXPECT_EQ(DateRangeQuery("1987-12-20", std::nullopt, all_dated).get_description(),
            DateRangeQuery("1987-12-20", "1988-01").get_description());
  asked = 0;
  DateRangeQuery("1987-03", "1987-04", closed.day_span);
  EXPECT_EQ(asked, 0) << "closed --from/--to need no span";
}

TEST_F(QueryParserMatchTest, FiltersDoNotChangeScores) {
  Xapian::MSet plain = Search("oil");
  Xapian::MSet filtered = Search("oil topic:crude date:1987");
  ASSERT_EQ(filtered.size(), 2u);
  for (auto f = filtered.begin(); f != filtered.end(); ++f) {
    for (auto p = plain.begin(); p != plain.end(); ++p) {
      if (*p == *f) {
        EXPECT_DOUBLE_EQ(p.get_weight(), f.get_weight());
      }
    }
  }
  Xapian::MSet only_filters = Search("topic:crude");
  for (auto f = only_filters.begin(); f != only_filters.end(); ++f) EXPECT_EQ(f.get_weight(), 0);
}

TEST_F(QueryParserMatchTest, HeadlineMatchesOutrankBodyMatches) {
  Xapian::MSet mset = Search("iran");  // r/4 has iran in headline and body
  ASSERT_EQ(mset.size(), 1u);
  mset = Search("economist OR economy");  // headline (r/3) vs body (r/2)
  ASSERT_EQ(mset.size(), 2u);
  EXPECT_EQ(mset.begin().get_document().get_data(), "r/3");
}

TEST_F(QueryParserMatchTest, TooBroadWildcardFailsAtMatchTime) {
  ParseOptions options = RowOptions();
  options.max_wildcard_expansion = 1;  // econom* expands to economy and economic in the body
  EXPECT_THROW(Search("econom*", options), Xapian::WildcardError);
  EXPECT_NO_THROW(Search("barrel*", options));
}

}  // namespace
}  // namespace morgue
