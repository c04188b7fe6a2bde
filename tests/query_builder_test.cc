// Queries built in code (morgue::Query): each one compiles to exactly the
// Xapian query its typed form compiles to, its ToString() types back to the
// same query, words are data and never operators, bad arguments fail at once,
// and every Archive call takes a built query (Reuters counts and scores equal
// the typed query's).
#include "morgue/query.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/parser.h"
#include "test_util.h"

namespace morgue {
namespace {

using TF = TextField;

ParsedQuery Compile(const Query& q, const ParseOptions& options = {}) {
  return CompileQuery("", q, options);
}

struct Row {
  std::function<Query()> built;
  const char* typed;
};

std::vector<Row> Rows() {
  return {
      {[] { return Query::Word("opec"); }, "opec"},
      {[] { return Query::Word("Prices", TF::kHeadline); }, "headline:Prices"},
      {[] { return Query::Word("output", TF::kBody); }, "body:output"},
      {[] { return Query::Word("oil-prices"); }, "oil-prices"},
      {[] { return Query::Phrase("oil price"); }, "\"oil price\""},
      {[] { return Query::Phrase("Opec"); }, "\"Opec\""},
      {[] { return Query::Phrase("cut output", TF::kQuote); }, "quote:\"cut output\""},
      {[] { return Query::Phrase("storm", TF::kCaption); }, "caption:\"storm\""},
      {[] { return Query::Prefix("econom"); }, "econom*"},
      {[] { return Query::Prefix("Bank", TF::kHeadline); }, "headline:bank*"},
      {[] {
         return Query::Near({"interest", "rates"}, 3);
       },
       "interest NEAR/3 rates"},
      {[] {
         return Query::Near({"oil", "cut", "output"}, 5, TF::kBody);
       },
       "body:oil NEAR/5 body:cut NEAR/5 body:output"},
      {[] { return Query::Filter(FacetField::kPlace, "West  Germany"); }, "place:\"west germany\""},
      {[] { return Query::Filter(FacetField::kPerson, "James Baker"); }, "person:\"James Baker\""},
      {[] { return Query::Filter(FacetField::kTopic, "Crude"); }, "topic:crude"},
      {[] { return Query::Filter(FacetField::kSpeaker, "Yeutter"); }, "speaker:yeutter"},
      {[] { return Query::Filter(FacetField::kSource, "reuters"); }, "source:reuters"},
      {[] { return Query::Filter(FacetField::kSection, "Business"); }, "section:business"},
      {[] { return Query::Filter(FacetField::kOrg, "EC"); }, "org:ec"},
      {[] { return Query::Language("EN"); }, "lang:en"},
      {[] { return Query::Dates("1987-03", "1987-04"); }, "date:1987-03..1987-04"},
      {[] { return Query::Dates("1987-03-05", "1987-03-05"); }, "date:1987-03-05"},
      {[] { return Query::Dates(std::nullopt, "1987-03-15"); }, "date:..1987-03-15"},
      {[] { return Query::Dates("1987", std::nullopt); }, "date:1987.."},
      {[] { return Query::Word("oil") && !Query::Word("iran"); }, "oil -iran"},
      {[] { return Query::Word("oil") && Query::Word("prices") && Query::Word("opec"); },
       "oil prices opec"},
      {[] { return Query::Word("crude") || Query::Phrase("oil prices"); },
       "crude OR \"oil prices\""},
      {[] { return (Query::Word("coffee") || Query::Word("cocoa")) && !Query::Word("brazil"); },
       "(coffee OR cocoa) -brazil"},
      {[] {
         return Query::Word("oil") && (Query::Filter(FacetField::kPlace, "iran") ||
                                       Query::Filter(FacetField::kPlace, "iraq"));
       },
       "oil AND (place:iran OR place:iraq)"},
      {[] { return Query::Phrase("trade deficit", TF::kHeadline) && Query::Dates("1987", "1987"); },
       "headline:\"trade deficit\" date:1987"},
      {[] { return !Query::Word("opec"); }, "NOT opec"},
      {[] {
         return Query::Filter(FacetField::kTopic, "grain") && Query::Dates("1987-03", "1987-03");
       },
       "topic:grain AND date:1987-03"},
      {[] { return Query::Parse("opec -iran") && Query::Filter(FacetField::kPlace, "kuwait"); },
       "(opec -iran) AND place:kuwait"},
  };
}

TEST(QueryBuilderTest, CompilesToWhatTheTypedQueryCompilesTo) {
  ParseOptions options;
  options.weights.quote = 0.5;
  for (const Row& row : Rows()) {
    SCOPED_TRACE(row.typed);
    const ParsedQuery built = Compile(row.built(), options);
    const ParsedQuery typed = ParseQuery(row.typed, options);
    EXPECT_EQ(built.query.get_description(), typed.query.get_description());
    EXPECT_EQ(built.highlight_terms, typed.highlight_terms);
  }
}

TEST(QueryBuilderTest, ToStringTypesBackToTheSameQuery) {
  for (const Row& row : Rows()) {
    const Query q = row.built();
    SCOPED_TRACE(q.ToString());
    const ParsedQuery typed = ParseQuery(q.ToString(), {});
    const ParsedQuery built = Compile(q);
    EXPECT_EQ(typed.query.get_description(), built.query.get_description());
    EXPECT_EQ(typed.description, built.description);  // what --explain shows
  }
  EXPECT_EQ((Query::Phrase("crude oil") &&
             (Query::Filter(FacetField::kPlace, "iran") ||
              Query::Filter(FacetField::kPlace, "iraq")) &&
             !Query::Word("opec", TF::kHeadline))
                .ToString(),
            "\"crude oil\" AND (place:iran OR place:iraq) AND NOT headline:opec");
  EXPECT_EQ(Query().ToString(), "");
}

TEST(QueryBuilderTest, WordsAreDataNeverOperators) {
  // Each would change the query's shape if it were pasted into a query string.
  EXPECT_EQ(Compile(Query::Word("OR")).query.get_description(),
            ParseQuery("or", {}).query.get_description());
  EXPECT_EQ(Compile(Query::Word("NEAR/3")).query.get_description(),
            ParseQuery("\"near 3\"", {}).query.get_description());
  const std::string scoped = Compile(Query::Word("headline:opec")).query.get_description();
  EXPECT_NE(scoped, ParseQuery("headline:opec", {}).query.get_description());
  EXPECT_NE(scoped.find("headline PHRASE 2 opec"), std::string::npos) << scoped;
  const std::string excluded = Compile(Query::Word("-iran")).query.get_description();
  EXPECT_EQ(excluded.find("AND_NOT"), std::string::npos) << excluded;
  // A value holding a quote is one filter value, not the end of one.
  const std::string quoted =
      Compile(Query::Filter(FacetField::kTopic, "a\" OR topic:b")).query.get_description();
  EXPECT_NE(quoted.find("XKa\" or topic:b"), std::string::npos) << quoted;
  EXPECT_EQ(quoted.find("XKb"), std::string::npos) << quoted;
}

TEST(QueryBuilderTest, AndAndOrFlattenAndKeepOrder) {
  const Query q = Query::And({Query::Word("a1") && Query::Word("b1"), Query::Word("c1")});
  EXPECT_EQ(q.ToString(), "a1 AND b1 AND c1");
  EXPECT_EQ(Query::Or({Query::Word("a1")}).ToString(), "a1");
  EXPECT_EQ((Query::Word("a1") || (Query::Word("b1") && Query::Word("c1"))).ToString(),
            "a1 OR (b1 AND c1)");
  EXPECT_EQ((!(Query::Word("a1") || Query::Word("b1"))).ToString(), "NOT (a1 OR b1)");
}

void ExpectInvalid(const std::function<Query()>& make, const std::string& needle) {
  try {
    make();
    ADD_FAILURE() << "no error; expected one mentioning " << needle;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(QueryBuilderTest, BadArgumentsFailAtOnceNamingTheFunction) {
  ExpectInvalid([] { return Query::Word(""); }, "Query::Word: no searchable word");
  ExpectInvalid([] { return Query::Word("!!! ..."); }, "Query::Word: no searchable word");
  ExpectInvalid([] { return Query::Phrase("  "); }, "Query::Phrase: no searchable word");
  ExpectInvalid([] { return Query::Prefix("e"); }, "at least 2 letters");
  ExpectInvalid([] { return Query::Prefix("oil pri"); }, "single word");
  ExpectInvalid([] { return Query::Near({"oil"}, 3); }, "at least 2 words");
  ExpectInvalid([] { return Query::Near({"oil", "price"}, 0); }, "distance");
  ExpectInvalid(
      [] {
        return Query::Near({"crude oil", "price"}, 3);
      },
      "\"crude oil\" is not a single word");
  ExpectInvalid([] { return Query::Filter(FacetField::kPlace, " \t"); }, "empty value for place");
  ExpectInvalid([] { return Query::Language(""); }, "empty language code");
  ExpectInvalid([] { return Query::Dates(std::nullopt, std::nullopt); }, "needs from, to or both");
  ExpectInvalid([] { return Query::Dates("1987-13", std::nullopt); }, "from: impossible date");
  ExpectInvalid([] { return Query::Dates("1987-02-30", "1988"); }, "impossible date");
  ExpectInvalid([] { return Query::Dates("1987-05", "1987-04"); }, "is after to");
  ExpectInvalid([] { return Query::And({}); }, "Query::And: needs at least one part");
  ExpectInvalid([] { return Query::Or({Query::Word("oil"), Query()}); }, "empty Query");
  ExpectInvalid([] { return Query::Not(Query()); }, "Query::Not");
  try {
    Query::Parse("opec \"unbalanced");
    ADD_FAILURE() << "Query::Parse accepted an unbalanced quote";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
    EXPECT_EQ(e.position(), 5);
  }
}

TEST(QueryBuilderTest, TypedAndBuiltPartsAreAnded) {
  const ParsedQuery both = CompileQuery("opec", Query::Filter(FacetField::kPlace, "iran"), {});
  EXPECT_EQ(both.query.get_description(),
            ParseQuery("opec AND place:iran", {}).query.get_description());
  try {
    CompileQuery("   ", Query(), {});
    ADD_FAILURE() << "a blank query with no built query was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
    EXPECT_NE(std::string(e.what()).find("empty query"), std::string::npos) << e.what();
  }
}

Article Make(const std::string& id, const std::string& headline, const std::string& body, int month,
             std::vector<std::string> places) {
  Article a;
  a.id = id;
  a.source = "test";
  a.headline = headline;
  a.body = {body};
  a.published = Timestamp::FromCivil(1987, month, 10, 12, 0, 0);
  for (std::string& p : places)
    a.entities.push_back({p, EntityKind::kPlace, "", EntityOrigin::kTagged});
  return a;
}

std::vector<std::string> Ids(const SearchResult& r) {
  std::vector<std::string> ids;
  for (const Hit& h : r.hits) ids.push_back(h.id);
  return ids;
}

TEST(QueryBuilderTest, EveryArchiveCallTakesABuiltQuery) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  archive->Add(
      {Make("a", "OPEC agrees to cut output", "Oil ministers agreed to cut crude output.", 3,
            {"Austria"}),
       Make("b", "Crude prices rise", "Crude oil prices rose after the OPEC meeting.", 3, {"Iran"}),
       Make("c", "Central bank holds rates", "The bank cited oil prices.", 4, {"Iran", "Japan"}),
       Make("d", "Shipping delays", "Crude tankers queued at ports.", 5, {"Japan"})});

  SearchRequest built;
  built.built_query = Query::Word("crude") && !Query::Word("opec", TF::kHeadline);
  built.sort = SortOrder::kOldest;
  SearchRequest typed;
  typed.query = "crude -headline:opec";
  typed.sort = SortOrder::kOldest;
  const SearchResult b = archive->Search(built);
  const SearchResult t = archive->Search(typed);
  EXPECT_EQ(Ids(b), (std::vector<std::string>{"b", "d"}));
  EXPECT_EQ(Ids(b), Ids(t));
  for (size_t i = 0; i < b.hits.size() && i < t.hits.size(); ++i) {
    EXPECT_DOUBLE_EQ(b.hits[i].score, t.hits[i].score);
    EXPECT_EQ(b.hits[i].snippet, t.hits[i].snippet);
  }
  EXPECT_EQ(archive->Count(built), 2u);

  // The typed query, the built query and the filters are ANDed.
  SearchRequest mixed;
  mixed.query = "oil";
  mixed.built_query = Query::Dates("1987-03", "1987-04");
  mixed.filters = {{FacetField::kPlace, "iran"}};
  mixed.sort = SortOrder::kOldest;
  EXPECT_EQ(Ids(archive->Search(mixed)), (std::vector<std::string>{"b", "c"}));

  // A built query of filters alone selects without scores, like filters do.
  SearchRequest places;
  places.built_query = Query::Filter(FacetField::kPlace, "japan");
  places.sort = SortOrder::kOldest;
  const SearchResult p = archive->Search(places);
  EXPECT_EQ(Ids(p), (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(p.hits[0].score, 0.0);

  FacetResult facets = archive->Facets(places, FacetField::kPlace, 0);
  EXPECT_EQ(facets.total, 2u);
  ASSERT_EQ(facets.values.size(), 2u);
  EXPECT_EQ(facets.values[0].value, "japan");
  EXPECT_EQ(facets.values[0].count, 2u);
  EXPECT_EQ(facets.values[1].value, "iran");

  HistogramResult histogram = archive->Histogram(places, Interval::kMonth);
  EXPECT_EQ(histogram.total, 2u);
  ASSERT_EQ(histogram.bins.size(), 2u);
  EXPECT_EQ(histogram.bins[0].label, "1987-04");
  EXPECT_EQ(histogram.bins[1].count, 1u);

  std::vector<std::string> exported;
  archive->Export(places, [&](const Article& a) {
    exported.push_back(a.id);
    return true;
  });
  EXPECT_EQ(exported, (std::vector<std::string>{"c", "d"}));

  // Similar: the built query (and filters) narrow the articles like "a".
  SearchRequest like;
  like.built_query = !Query::Filter(FacetField::kPlace, "iran");
  for (const Hit& h : archive->Similar("a", like).hits) EXPECT_EQ(h.id, "d");
  SearchRequest like_filtered;
  like_filtered.filters = {{FacetField::kPlace, "iran"}};
  for (const Hit& h : archive->Similar("a", like_filtered).hits) EXPECT_NE(h.id, "d");
}

TEST(QueryBuilderReutersTest, CountsAndScoresEqualTheTypedQuery) {
  const std::string dir = test::SharedReutersArchive();
  if (dir.empty()) GTEST_SKIP() << "../shared/corpus is absent: Reuters tests skipped";
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  struct Case {
    Query built;
    const char* typed;
  };
  const std::vector<Case> cases = {
      {Query::Phrase("crude oil") && Query::Filter(FacetField::kPlace, "iran"),
       "\"crude oil\" place:iran"},
      {Query::Word("wheat") && Query::Filter(FacetField::kTopic, "grain") &&
           Query::Dates("1987-03", "1987-04"),
       "wheat topic:grain date:1987-03..1987-04"},
      {(Query::Word("coffee") || Query::Word("cocoa")) && !Query::Word("brazil"),
       "(coffee OR cocoa) -brazil"},
      {Query::Near({"interest", "rates"}, 3) && Query::Filter(FacetField::kPlace, "U.S."),
       "interest NEAR/3 rates place:usa"},
      {Query::Prefix("bank") && Query::Filter(FacetField::kPlace, "japan"), "bank* place:japan"},
      {Query::Phrase("trade deficit", TF::kHeadline) && Query::Dates("1987", "1987"),
       "headline:\"trade deficit\" date:1987"},
      {Query::Filter(FacetField::kPerson, "Volcker"), "person:volcker"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.typed);
    SearchRequest built, typed;
    built.built_query = c.built;
    typed.query = c.typed;
    const SearchResult b = archive->Search(built);
    const SearchResult t = archive->Search(typed);
    EXPECT_GT(t.total, 0u);
    EXPECT_EQ(b.total, t.total);
    EXPECT_EQ(archive->Count(built), t.total);
    ASSERT_EQ(Ids(b), Ids(t));
    for (size_t i = 0; i < b.hits.size(); ++i) EXPECT_DOUBLE_EQ(b.hits[i].score, t.hits[i].score);
  }
}

}  // namespace
}  // namespace morgue
