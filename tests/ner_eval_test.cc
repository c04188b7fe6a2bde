// The GUM reader and the scorer of morgue_ner_eval (bench/ner/), checked by
// hand on tests/fixtures/ner/tiny.conllu: a document of our own words whose
// P/R/F1 were computed on paper (the comments show the sums). The Wikinews
// speakers scorer likewise on tests/fixtures/ner/speakers-gold.tsv and
// speakers-news/tiny.csv (two articles of our own words).
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bench/ner/gum.h"
#include "bench/ner/score.h"
#include "bench/ner/speakers_gold.h"
#include "indexer/analysis.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

using bench::ner::ArticleFromDocument;
using bench::ner::Counts;
using bench::ner::GumDocument;
using bench::ner::ParseGum;

constexpr size_t kPerson = 0, kOrg = 1, kPlace = 2;

std::string FixturePath() {
  return std::string(MORGUE_SOURCE_DIR) + "/tests/fixtures/ner/tiny.conllu";
}

std::string FixtureText() {
  std::ifstream in(FixturePath());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

GumDocument Tiny() {
  std::vector<GumDocument> docs = bench::ner::ReadGumFile(FixturePath());
  EXPECT_EQ(docs.size(), 1u);
  return docs.at(0);
}

Entity Extracted(EntityKind kind, const std::string& name, const std::string& canonical = "") {
  return Entity{name, kind, canonical.empty() ? CanonicalEntity(kind, name) : canonical,
                EntityOrigin::kExtracted};
}

void ExpectCounts(const Counts& c, uint64_t tp, uint64_t fp, uint64_t fn, uint64_t dup = 0) {
  EXPECT_EQ(c.tp, tp);
  EXPECT_EQ(c.fp, fp);
  EXPECT_EQ(c.fn, fn);
  EXPECT_EQ(c.duplicates, dup);
}

TEST(NerEvalGumTest, ReadsParagraphsTokensAndMentions) {
  const GumDocument doc = Tiny();
  EXPECT_EQ(doc.id, "GUM_fixture_tiny");
  EXPECT_EQ(doc.title, "Mara Quill in Lisbon");
  ASSERT_EQ(doc.paragraphs.size(), 4u);
  EXPECT_EQ(doc.paragraphs[0].text, "Mara Quill in Lisbon");
  EXPECT_EQ(doc.paragraphs[1].text,
            "The Bank of Portugal hired Tomas Reyes in Porto. Reyes's office faces the harbour.");
  EXPECT_EQ(doc.paragraphs[2].text, "\"We will open a branch,\" she said. Quill lives in Lisbon.");
  EXPECT_EQ(doc.paragraphs[3].text, "Porto harbour");
  EXPECT_TRUE(doc.paragraphs[0].Has("head"));
  EXPECT_EQ(doc.paragraphs[3].blocks, (std::vector<std::string>{"figure", "caption"}));
  ASSERT_EQ(doc.sentences.size(), 6u);
  EXPECT_EQ(doc.sentences[3].text, "\"We will open a branch,\" she said.");
  ASSERT_EQ(doc.tokens.size(), 4u + 10 + 7 + 11 + 5 + 2);
  // "hired" (sentence 2, word 5: document word 8) is its sentence's root;
  // "Bank" (word 2: document word 5) hangs on it.
  EXPECT_EQ(doc.tokens[8].form, "hired");
  EXPECT_EQ(doc.tokens[8].head, bench::ner::kNoToken);
  EXPECT_EQ(doc.tokens[5].head, 8u);
  EXPECT_EQ(doc.paragraphs[1].text.substr(doc.tokens[5].begin, 4), "Bank");
  EXPECT_EQ(doc.Text(4, 8), "The Bank of Portugal");

  // The mentions: spans, groups, heads, named or not.
  std::map<std::string, std::vector<std::string>> by_group;
  for (const auto& m : doc.mentions) {
    by_group[m.group].push_back(m.type + ":" + doc.Text(m.first, m.last) + (m.named ? "*" : ""));
  }
  EXPECT_EQ(by_group["1"],
            (std::vector<std::string>{"person:Mara Quill*", "person:she", "person:Quill*"}));
  EXPECT_EQ(by_group["3"], (std::vector<std::string>{"organization:The Bank of Portugal*"}));
  EXPECT_EQ(by_group["4"], (std::vector<std::string>{"place:Portugal*"}));
  EXPECT_EQ(by_group["5"], (std::vector<std::string>{"person:Tomas Reyes*", "person:Reyes's*"}));
  EXPECT_EQ(by_group["7"], (std::vector<std::string>{"object:Reyes's office"}));
  EXPECT_EQ(by_group["8"], (std::vector<std::string>{"place:the harbour"}));
  EXPECT_EQ(by_group["9"], (std::vector<std::string>{"place:Porto harbour"}));
}

TEST(NerEvalGumTest, BuildsTheArticleAsTheIndexerSeesIt) {
  const bench::ner::GumArticle built = ArticleFromDocument(Tiny());
  EXPECT_EQ(built.article.headline, "Mara Quill in Lisbon");
  ASSERT_EQ(built.article.body.size(), 2u);
  EXPECT_EQ(built.article.body[1], "\"We will open a branch,\" she said. Quill lives in Lisbon.");
  ASSERT_EQ(built.article.captions.size(), 1u);
  EXPECT_EQ(built.article.captions[0].text, "Porto harbour");
  EXPECT_EQ(built.body_index, (std::vector<int32_t>{-1, 0, 1, -1}));
  EXPECT_TRUE(ArticleProblem(built.article).empty()) << ArticleProblem(built.article);
}

TEST(NerEvalScoreTest, GoldEntitiesLeaveOutNestedAndUnnamedMentions) {
  std::vector<std::string> gold;
  for (const auto& g : bench::ner::GoldEntities(Tiny())) {
    std::string names;
    for (const auto& n : g.names) names += (names.empty() ? "" : "|") + n;
    gold.push_back(std::string(EntityKindName(g.kind)) + " " + g.group + " " + names +
                   (g.optional ? " (optional)" : ""));
  }
  // Portugal (group 4) sits inside the named Bank of Portugal: optional, after
  // the required ones; "Porto harbour" (headed by the noun) is no name but
  // holds one: optional too; "she", "the harbour" are no names; the
  // possessive and "The" go.
  EXPECT_EQ(gold, (std::vector<std::string>{"person 1 mara quill|quill", "place 2 lisbon",
                                            "org 3 bank of portugal", "person 5 tomas reyes|reyes",
                                            "place 6 porto", "place 4 portugal (optional)",
                                            "place 9 porto harbour|porto (optional)"}));
}

// GUM's mention spans hold appositions and relative clauses, and persons
// their titles: the name inside is acceptable too.
TEST(NerEvalScoreTest, GoldNamesWithoutClausesAndTitles) {
  const std::string text = "# newdoc id = d\n# newpar\n# text = Judge Ana Lima, who sat, agreed.\n"
                           "1\tJudge\tJudge\tPROPN\t_\t_\t2\tcompound\t_\tEntity=(1-person-new\n"
                           "2\tAna\tAna\tPROPN\t_\t_\t8\tnsubj\t_\t_\n"
                           "3\tLima\tLima\tPROPN\t_\t_\t2\tflat\t_\tSpaceAfter=No\n"
                           "4\t,\t,\tPUNCT\t_\t_\t6\tpunct\t_\t_\n"
                           "5\twho\twho\tPRON\t_\t_\t6\tnsubj\t_\t_\n"
                           "6\tsat\tsit\tVERB\t_\t_\t2\tacl:relcl\t_\tSpaceAfter=No\n"
                           "7\t,\t,\tPUNCT\t_\t_\t2\tpunct\t_\tEntity=1)\n"
                           "8\tagreed\tagree\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n"
                           "9\t.\t.\tPUNCT\t_\t_\t8\tpunct\t_\t_\n\n";
  const std::vector<GumDocument> docs = ParseGum(text, "inline.conllu");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].paragraphs[0].text, "Judge Ana Lima, who sat, agreed.");
  const std::vector<bench::ner::GoldEntity> gold = bench::ner::GoldEntities(docs[0]);
  ASSERT_EQ(gold.size(), 1u);
  EXPECT_EQ(gold[0].names,
            (std::vector<std::string>{"judge ana lima who sat", "judge ana lima", "ana lima"}));
}

TEST(NerEvalScoreTest, ArticleLevelByHand) {
  const GumDocument doc = Tiny();
  Article analysed = ArticleFromDocument(doc).article;
  analysed.entities = {
      Entity{"usa", EntityKind::kPlace, "united states", EntityOrigin::kTagged},  // not scored
      Extracted(EntityKind::kPerson, "Mara Quill"),                               // TP group 1
      Extracted(EntityKind::kPerson, "Quill"),                   // group 1 again: FP, duplicate
      Extracted(EntityKind::kPerson, "Tomas"),                   // FP (lenient: TP group 5)
      Extracted(EntityKind::kOrganisation, "Bank of Portugal"),  // TP
      Extracted(EntityKind::kOrganisation, "Reyes Office"),      // FP
      Extracted(EntityKind::kPlace, "Lisbon"),                   // TP
      Extracted(EntityKind::kPlace, "Lisbon", "portugal"),       // implied: skipped
      Extracted(EntityKind::kPlace, "Atlantis"),                 // FP; Porto is missed (FN)
      Extracted(EntityKind::kPlace, "Portugal"),       // nested in the bank's name: optional
      Extracted(EntityKind::kPlace, "Porto Harbour"),  // holds a name, is none: optional
  };
  const bench::ner::ArticleScore s = bench::ner::ScoreArticle(doc, analysed, true);
  EXPECT_EQ(s.implied_skipped, 1u);
  EXPECT_EQ(s.gold, (std::array<uint64_t, 3>{2, 1, 2}));
  EXPECT_EQ(s.predicted, (std::array<uint64_t, 3>{3, 2, 4}));
  ExpectCounts(s.strict.kind[kPerson], 1, 2, 1, 1);
  ExpectCounts(s.strict.kind[kOrg], 1, 1, 0);
  ExpectCounts(s.strict.kind[kPlace], 1, 1, 1);
  EXPECT_EQ(s.strict.kind[kPlace].optional, 2u);
  // Lenient: "porto harbour" holds the word run "porto": it finds Porto.
  EXPECT_EQ(s.lenient.kind[kPlace].optional, 1u);
  // person P = 1/3, R = 1/2, F1 = 2PR/(P+R) = (1/3)/(5/6) = 0.4.
  EXPECT_NEAR(s.strict.kind[kPerson].Precision(), 1.0 / 3, 1e-9);
  EXPECT_NEAR(s.strict.kind[kPerson].Recall(), 0.5, 1e-9);
  EXPECT_NEAR(s.strict.kind[kPerson].F1(), 0.4, 1e-9);
  EXPECT_NEAR(s.strict.kind[kOrg].F1(), 2.0 / 3, 1e-9);
  // micro: TP 3, FP 4, FN 2: P = 3/7, R = 3/5, F1 = 6 / (6 + 4 + 2) = 0.5.
  const Counts micro = s.strict.Micro();
  ExpectCounts(micro, 3, 4, 2, 1);
  EXPECT_NEAR(micro.Precision(), 3.0 / 7, 1e-9);
  EXPECT_NEAR(micro.Recall(), 0.6, 1e-9);
  EXPECT_NEAR(micro.F1(), 0.5, 1e-9);
  // Lenient: "Tomas" is a word run of "tomas reyes".
  ExpectCounts(s.lenient.kind[kPerson], 2, 1, 0, 1);
  ExpectCounts(s.lenient.kind[kOrg], 1, 1, 0);
  ExpectCounts(s.lenient.kind[kPlace], 2, 1, 0);
  EXPECT_EQ(s.misses,
            (std::vector<std::string>{"DUP person \"Quill\" -> quill",
                                      "FP  person \"Tomas\" -> tomas",
                                      "FN  person tomas reyes | reyes",
                                      "FP  org \"Reyes Office\" -> reyes office",
                                      "FP  place \"Atlantis\" -> atlantis", "FN  place porto"}));
}

TEST(NerEvalScoreTest, NothingPredictedIsZeroNotNan) {
  const GumDocument doc = Tiny();
  const Article analysed = ArticleFromDocument(doc).article;
  const bench::ner::ArticleScore s = bench::ner::ScoreArticle(doc, analysed);
  ExpectCounts(s.strict.Micro(), 0, 0, 5);
  EXPECT_EQ(s.strict.Micro().Precision(), 0.0);
  EXPECT_EQ(s.strict.Micro().F1(), 0.0);
  EXPECT_EQ(Counts{}.Recall(), 0.0);
}

TEST(NerEvalScoreTest, NamesAndWordRuns) {
  EXPECT_EQ(bench::ner::CleanName("The Bank of Portugal"), "Bank of Portugal");
  EXPECT_EQ(bench::ner::CleanName("Reyes's"), "Reyes");
  EXPECT_EQ(bench::ner::CleanName("Reyes \xE2\x80\x99s"), "Reyes");
  EXPECT_EQ(bench::ner::CleanName("Jesus'"), "Jesus");
  EXPECT_EQ(bench::ner::CleanName("Theodorus"), "Theodorus");
  EXPECT_EQ(bench::ner::CleanName("The"), "The");
  EXPECT_TRUE(bench::ner::WordRunMatch("reyes", "tomas reyes"));
  EXPECT_TRUE(bench::ner::WordRunMatch("bank of portugal", "of portugal"));
  EXPECT_FALSE(bench::ner::WordRunMatch("rey", "tomas reyes"));                  // whole words only
  EXPECT_FALSE(bench::ner::WordRunMatch("tomas lisbon", "tomas reyes lisbon"));  // a run
  EXPECT_FALSE(bench::ner::WordRunMatch("", "tomas"));
  EXPECT_TRUE(bench::ner::IsImpliedPlace(Extracted(EntityKind::kPlace, "Lisbon", "portugal")));
  EXPECT_FALSE(bench::ner::IsImpliedPlace(Extracted(EntityKind::kPlace, "U.S.")));
  EXPECT_FALSE(bench::ner::IsImpliedPlace(Extracted(EntityKind::kPlace, "Lisbon")));
}

TEST(NerEvalScoreTest, MentionLevelByHand) {
  // A finder that tags fixed strings wherever they occur.
  const std::vector<std::pair<std::string, EntityKind>> tags = {{"Mara Quill", EntityKind::kPerson},
                                                                {"Bank of Portugal",
                                                                 EntityKind::kOrganisation},
                                                                {"Tomas", EntityKind::kPerson},
                                                                {"Lisbon",
                                                                 EntityKind::kOrganisation},
                                                                {"Portugal", EntityKind::kPlace}};
  bench::ner::NameFinder finder = [&](std::string_view text) {
    std::vector<bench::ner::PredictedSpan> out;
    for (const auto& [needle, kind] : tags) {
      for (size_t at = text.find(needle); at != std::string_view::npos;
           at = text.find(needle, at + 1)) {
        out.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size()), kind});
      }
    }
    return out;
  };
  const bench::ner::MentionScore s = bench::ner::ScoreMentions(Tiny(), finder);
  // Gold spans: persons Mara Quill, Tomas Reyes, Reyes, Quill; organisation
  // Bank of Portugal ("The" cut); places Lisbon, Porto, Lisbon, Porto.
  ExpectCounts(s.exact.kind[kPerson], 1, 1, 3);  // "Tomas" is not the span
  ExpectCounts(s.exact.kind[kOrg], 1, 2, 0);     // Lisbon twice as an organisation
  ExpectCounts(s.exact.kind[kPlace], 0, 0, 4);   // Portugal, nested: optional
  EXPECT_EQ(s.exact.kind[kPlace].optional, 1u);
  ExpectCounts(s.overlap.kind[kPerson], 2, 0, 2);
  ExpectCounts(s.overlap.kind[kOrg], 1, 2, 0);
  ExpectCounts(s.overlap.kind[kPlace], 0, 0, 4);
}

TEST(NerEvalScoreTest, GoldQuoteSpeakerThroughAPronoun) {
  const GumDocument doc = Tiny();
  uint64_t quotations = 0;
  const std::vector<bench::ner::GoldQuote> gold = bench::ner::GoldQuotes(doc, &quotations);
  EXPECT_EQ(quotations, 1u);
  ASSERT_EQ(gold.size(), 1u);
  EXPECT_EQ(gold[0].paragraph, 2u);
  EXPECT_EQ(doc.paragraphs[2].text.substr(gold[0].begin, gold[0].end - gold[0].begin),
            "We will open a branch,");
  EXPECT_EQ(gold[0].kind, EntityKind::kPerson);
  // "she" is not a name; her coreference group's names are.
  EXPECT_EQ(gold[0].names, (std::vector<std::string>{"mara quill", "quill"}));
}

// Found on GUM: a stray closing mark ("girl,\" the family moved") paired
// with the next opening one shifted every later quotation of the paragraph.
TEST(NerEvalScoreTest, AStrayQuoteMarkDoesNotShiftTheQuotations) {
  const std::string text = "# newdoc id = d\n# newpar\n# text = As a girl,\" she moved.\n"
                           "1\tAs\tas\tADP\t_\t_\t3\tcase\t_\t_\n"
                           "2\ta\ta\tDET\t_\t_\t3\tdet\t_\t_\n"
                           "3\tgirl\tgirl\tNOUN\t_\t_\t6\tobl\t_\tSpaceAfter=No\n"
                           "4\t,\t,\tPUNCT\t_\t_\t3\tpunct\t_\tSpaceAfter=No\n"
                           "5\t\"\t\"\tPUNCT\t_\t_\t3\tpunct\t_\t_\n"
                           "6\tshe\tshe\tPRON\t_\t_\t7\tnsubj\t_\tEntity=(1-person-giv)\n"
                           "7\tmoved\tmove\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n"
                           "8\t.\t.\tPUNCT\t_\t_\t7\tpunct\t_\t_\n\n"
                           "# text = \"It was lovely\", Ana Lima said.\n"
                           "1\t\"\t\"\tPUNCT\t_\t_\t4\tpunct\t_\tSpaceAfter=No\n"
                           "2\tIt\tit\tPRON\t_\t_\t4\tnsubj\t_\t_\n"
                           "3\twas\tbe\tAUX\t_\t_\t4\tcop\t_\t_\n"
                           "4\tlovely\tlovely\tADJ\t_\t_\t9\tccomp\t_\tSpaceAfter=No\n"
                           "5\t\"\t\"\tPUNCT\t_\t_\t4\tpunct\t_\tSpaceAfter=No\n"
                           "6\t,\t,\tPUNCT\t_\t_\t4\tpunct\t_\t_\n"
                           "7\tAna\tAna\tPROPN\t_\t_\t9\tnsubj\t_\tEntity=(1-person-giv\n"
                           "8\tLima\tLima\tPROPN\t_\t_\t7\tflat\t_\tEntity=1)\n"
                           "9\tsaid\tsay\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n"
                           "10\t.\t.\tPUNCT\t_\t_\t9\tpunct\t_\t_\n\n";
  const std::vector<GumDocument> docs = ParseGum(text, "inline.conllu");
  ASSERT_EQ(docs.size(), 1u);
  uint64_t quotations = 0;
  const std::vector<bench::ner::GoldQuote> gold = bench::ner::GoldQuotes(docs[0], &quotations);
  EXPECT_EQ(quotations, 1u);
  ASSERT_EQ(gold.size(), 1u);
  EXPECT_EQ(docs[0].paragraphs[0].text.substr(gold[0].begin, gold[0].end - gold[0].begin),
            "It was lovely");
  EXPECT_EQ(gold[0].names, (std::vector<std::string>{"ana lima"}));
}

TEST(NerEvalScoreTest, SpeakerVerdicts) {
  const GumDocument doc = Tiny();
  const bench::ner::GumArticle built = ArticleFromDocument(doc);
  auto score = [&](uint32_t paragraph, uint32_t offset, const std::string& speaker) {
    Article analysed = built.article;
    analysed.quotes = {
        Quote{"We will open a branch,", speaker, paragraph, offset, {}, QuoteOrigin::kExtracted}};
    return bench::ner::ScoreSpeakers(doc, built, analysed, true);
  };
  auto expect = [](const bench::ner::SpeakerScore& s, uint64_t correct, uint64_t partly,
                   uint64_t wrong, uint64_t empty, uint64_t not_found) {
    EXPECT_EQ(s.quotations, 1u);
    EXPECT_EQ(s.named, 1u);
    EXPECT_EQ(s.correct, correct);
    EXPECT_EQ(s.partly, partly);
    EXPECT_EQ(s.wrong, wrong);
    EXPECT_EQ(s.empty, empty);
    EXPECT_EQ(s.not_found, not_found);
  };
  expect(score(1, 1, "Mara Quill"), 1, 0, 0, 0, 0);
  expect(score(1, 1, "Ms. Quill"), 1, 0, 0, 0, 0);  // honorific dropped: "quill"
  expect(score(1, 5, "Mara"), 0, 1, 0, 0, 0);       // overlapping text; a word run
  expect(score(1, 1, "Tomas Reyes"), 0, 0, 1, 0, 0);
  expect(score(1, 1, ""), 0, 0, 0, 1, 0);
  expect(score(0, 1, "Mara Quill"), 0, 0, 0, 0, 1);   // another paragraph
  expect(score(1, 40, "Mara Quill"), 0, 0, 0, 0, 1);  // after the quotation
  const bench::ner::SpeakerScore wrong = score(1, 1, "Tomas Reyes");
  ASSERT_EQ(wrong.misses.size(), 1u);
  EXPECT_NE(wrong.misses[0].find("wrong: \"Tomas Reyes\""), std::string::npos) << wrong.misses[0];
}

TEST(NerEvalScoreTest, RealAnalyzeRunsOnTheFixture) {
  // What the program does per document; the numbers depend on the extractor,
  // so only their consistency is checked here.
  const GumDocument doc = Tiny();
  const bench::ner::GumArticle built = ArticleFromDocument(doc);
  Article analysed = built.article;
  Analyze(analysed);
  const bench::ner::ArticleScore s = bench::ner::ScoreArticle(doc, analysed);
  const Counts micro = s.strict.Micro();
  EXPECT_EQ(micro.tp + micro.fn, 5u);
  EXPECT_EQ(micro.tp + micro.fp + micro.optional, s.predicted[0] + s.predicted[1] + s.predicted[2]);
  ASSERT_FALSE(analysed.quotes.empty());
  EXPECT_EQ(analysed.quotes[0].paragraph, 1u);
}

// Each malformed input is an error naming the file and line, never a crash.
TEST(NerEvalGumTest, MalformedInputIsAnErrorWithItsLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1\tMara\tMara\tPROPN\t_\t_\t0\troot\t_\n", "fields"},
      {"1\tMara\tMara\tPROPN\t_\t_\tx\troot\t_\t_\n", "head"},
      {"1\tMara\tMara\tPROPN\t_\t_\t0\troot\t_\t_\n3\tX\tX\tX\t_\t_\t1\tdep\t_\t_\n", "follow"},
      {"1\tMara\tMara\tPROPN\t_\t_\t0\troot\t_\t_\n2\tX\tX\tX\t_\t_\t7\tdep\t_\t_\n", "outside"},
      {"1\tMara\tMara\tPROPN\t_\t_\t0\troot\t_\tEntity=4)\n", "never opened"},
      {"1\tMara\tMara\tPROPN\t_\t_\t0\troot\t_\tEntity=(4-person\n", "never closed"},
      {"1\tMara\tMara\tPROPN\t_\t_\t0\troot\t_\tEntity=(4)\n", "no group and type"},
      {"1\tMara\tMara\tPROPN\t_\t_\t0\troot\t_\tEntity=(4-person-x)junk\n", "malformed"},
      {"2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n", "multiword"},
      {"1-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\t_\t_\t0\troot\t_\t_\n\n", ""},
  };
  for (const auto& [text, why] : cases) {
    const std::string input = "# newdoc id = d\n# newpar\n" + text;
    if (why.empty()) {
      EXPECT_NO_THROW(ParseGum(input, "bad.conllu")) << text;
      continue;
    }
    try {
      ParseGum(input, "bad.conllu");
      ADD_FAILURE() << "no error for: " << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_EQ(e.file(), "bad.conllu");
      EXPECT_GE(e.line(), 3u) << e.what();
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).rfind("bad.conllu:" + std::to_string(e.line()), 0), 0u)
          << e.what();
    }
  }
}

// Every prefix and every one-byte change of the fixture parses or is an
// Error; scoring whatever parses never crashes either.
TEST(NerEvalGumTest, DamagedFixturesNeverCrash) {
  const std::string text = FixtureText();
  ASSERT_FALSE(text.empty());
  auto attempt = [](const std::string& input) {
    try {
      for (const GumDocument& doc : ParseGum(input, "damaged.conllu")) {
        const bench::ner::GumArticle built = ArticleFromDocument(doc);
        bench::ner::ScoreArticle(doc, built.article);
        bench::ner::ScoreSpeakers(doc, built, built.article);
        bench::ner::ScoreMentions(doc, [](std::string_view t) {
          return std::vector<bench::ner::PredictedSpan>{
              {0, static_cast<uint32_t>(t.size()), EntityKind::kPlace}};
        });
      }
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    }
  };
  for (size_t n = 0; n <= text.size(); n += 3) attempt(text.substr(0, n));
  for (size_t i = 0; i < text.size(); i += 2) {
    for (char c : {'\t', '\n', '(', ')', '0', '9', '-', '\0', '\xFF'}) {
      std::string damaged = text;
      damaged[i] = c;
      attempt(damaged);
    }
  }
}

TEST(NerEvalGumTest, TheSplitFileNamesEveryDocumentOnce) {
  const std::vector<bench::ner::SplitEntry> split =
      bench::ner::ReadSplit(std::string(MORGUE_SOURCE_DIR) + "/bench/ner/gum-split.tsv");
  std::map<std::string, int> roles;
  std::map<std::string, int> seen;
  for (const auto& e : split) {
    ++roles[e.role];
    EXPECT_EQ(++seen[e.document], 1) << e.document;
  }
  EXPECT_EQ(split.size(), 65u);
  EXPECT_EQ(roles["test"], 21);
  EXPECT_EQ(roles["dev"], 22);
  EXPECT_EQ(roles["train"], 22);
}

// On the real GUM files (training documents only: the tests never read the
// held-out ones), the paragraph text rebuilt from the words is each
// sentence's `# text =`, up to spacing.
TEST(NerEvalGumTest, RebuiltTextMatchesGumSentences) {
  const std::string corpus = test::SharedCorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus not found beside the checkout";
  const std::string dir = corpus + "/ner-open/gum/conllu";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no GUM in " << dir;
  auto squeeze = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c != ' ') out += c;
    }
    return out;
  };
  size_t documents = 0, sentences = 0, named = 0;
  for (const auto& e :
       bench::ner::ReadSplit(std::string(MORGUE_SOURCE_DIR) + "/bench/ner/gum-split.tsv")) {
    if (e.role != "train") continue;
    for (const GumDocument& doc : bench::ner::ReadGumFile(dir + "/" + e.document + ".conllu")) {
      ++documents;
      EXPECT_EQ(doc.id, e.document);
      for (const auto& s : doc.sentences) {
        ++sentences;
        EXPECT_EQ(squeeze(doc.Text(s.first, s.last)), squeeze(s.text)) << doc.id;
      }
      for (const auto& m : doc.mentions) named += m.named;
      EXPECT_FALSE(ArticleFromDocument(doc).article.body.empty()) << doc.id;
    }
  }
  EXPECT_EQ(documents, 22u);
  EXPECT_GT(sentences, 900u);
  EXPECT_GT(named, 500u);
}

// ---- The Wikinews speakers gold (bench/ner/speakers_gold.h) ----

std::string SpeakersFixtureDir() { return std::string(MORGUE_SOURCE_DIR) + "/tests/fixtures/ner"; }

constexpr char kFlood[] = "https://example.org//wiki/Flood_closes_bridge";
constexpr char kGates[] = "https://example.org//wiki/Gates_open";

std::vector<const bench::ner::SpeakerGoldRow*> RowsOf(
    const std::vector<bench::ner::SpeakerGoldRow>& gold, const std::string& url) {
  std::vector<const bench::ner::SpeakerGoldRow*> out;
  for (const auto& r : gold) {
    if (r.url == url) out.push_back(&r);
  }
  return out;
}

Quote MakeQuote(uint32_t paragraph, std::string text, std::string speaker) {
  Quote q;
  q.text = std::move(text);
  q.speaker = std::move(speaker);
  q.paragraph = paragraph;
  return q;
}

TEST(NerEvalSpeakersGoldTest, ReadsTheGoldRows) {
  const auto gold = bench::ner::ReadSpeakersGold(SpeakersFixtureDir() + "/speakers-gold.tsv");
  ASSERT_EQ(gold.size(), 13u);
  EXPECT_EQ(gold[0].url, kFlood);
  EXPECT_EQ(gold[0].split, "dev");
  EXPECT_EQ(gold[0].paragraph, 1u);
  EXPECT_EQ(gold[0].quote_start, "The river rose faster than");
  EXPECT_EQ(gold[0].speaker, "Jane Porter");
  ASSERT_TRUE(gold[0].kind.has_value());
  EXPECT_EQ(*gold[0].kind, EntityKind::kPerson);
  EXPECT_TRUE(gold[0].quote);
  EXPECT_EQ(gold[0].line, 2u);
  EXPECT_EQ(gold[4].speaker, "");  // "-"
  EXPECT_FALSE(gold[4].kind.has_value());
  EXPECT_FALSE(gold[4].quote);  // other
  EXPECT_EQ(*gold[7].kind, EntityKind::kOrganisation);
  EXPECT_EQ(gold[12].split, "test");
}

TEST(NerEvalSpeakersGoldTest, NormalisesQuoteMarksAndSpaces) {
  EXPECT_EQ(bench::ner::NormalizeQuoteText("  \xE2\x80\x9CSandbags \t  are\xC2\xA0"
                                           "free,\xE2\x80\x9D "),
            "\"Sandbags are free,\"");
  EXPECT_EQ(bench::ner::NormalizeQuoteText("it\xE2\x80\x99s \xE2\x80\x98ok\xE2\x80\x99"),
            "it's 'ok'");
  EXPECT_EQ(bench::ner::NormalizeQuoteText(""), "");
  EXPECT_EQ(bench::ner::NormalizeQuoteText("\xE2\x80\x83\n"), "");
}

// The reader's paragraphs of the fixture: article A's paragraph 3 holds two
// gold paragraphs (lines 3 and 4, one line break apart), so gold paragraphs
// 5..10 are body paragraphs 4..9.
TEST(NerEvalSpeakersGoldTest, ReadsTheArticlesNamedThroughTheReader) {
  auto articles =
      bench::ner::ReadArticlesByUrl(SpeakersFixtureDir() + "/speakers-news", {kFlood, kGates});
  ASSERT_EQ(articles.size(), 2u);  // not the third article, which the gold does not name
  const Article& a = articles.at(kFlood);
  ASSERT_EQ(a.body.size(), 10u);
  EXPECT_EQ(a.body[3],
            "\"The bridge stays closed until further notice,\" said Tom Baker. He spoke from the "
            "town hall steps.");
  EXPECT_EQ(a.body[6], "\xE2\x80\x9CSandbags are free at the depot,\xE2\x80\x9D a volunteer said.");
  EXPECT_EQ(articles.at(kGates).body.size(), 3u);
  EXPECT_THROW(bench::ner::ReadArticlesByUrl(SpeakersFixtureDir() + "/no-such-dir", {kFlood}),
               Error);
}

// Every outcome, with the quotes set by hand (not by the extractor):
// article A (dev) has named rows correct (Mayor Jane Porter; the Flood Office),
// partly (Porter), wrong (Ann Lee for Tom Baker), empty, not found (no quote in
// its paragraph; the same words in another paragraph do not count); unnamed
// rows left empty and guessed; an "other" row given a speaker; and 6 rows
// (gold paragraphs 5..10) in the body paragraph before their number.
TEST(NerEvalSpeakersGoldTest, EveryOutcomeByHand) {
  const auto gold = bench::ner::ReadSpeakersGold(SpeakersFixtureDir() + "/speakers-gold.tsv");
  auto articles =
      bench::ner::ReadArticlesByUrl(SpeakersFixtureDir() + "/speakers-news", {kFlood, kGates});
  Article a = articles.at(kFlood);
  a.quotes = {MakeQuote(1, "The river rose faster than anyone expected,", "Mayor Jane Porter"),
              MakeQuote(2, "We will open the shelters tonight,", "Porter"),
              MakeQuote(2, "Closed for repairs until Friday,",
                        "Jane Porter"),  // decoy: other paragraph
              MakeQuote(3, "The bridge stays closed until further notice,", "Ann Lee"),
              MakeQuote(4, "Nobody was hurt in the flood,", ""),
              MakeQuote(5, "the Old Grey Lady of the valley", "People"),
              MakeQuote(6, "Sandbags are free at the depot,", ""),
              MakeQuote(7, "Stay indoors after dark,", "Flood Office"),
              MakeQuote(8, "Keep away from the water,", "the Flood Office")};
  const auto s = bench::ner::ScoreSpeakersGold(RowsOf(gold, kFlood), a, /*collect_misses=*/true);
  EXPECT_EQ(s.articles, 1u);
  EXPECT_EQ(s.rows, 9u);
  EXPECT_EQ(s.named, 6u);
  EXPECT_EQ(s.correct, 2u);
  EXPECT_EQ(s.partly, 1u);
  EXPECT_EQ(s.wrong, 1u);
  EXPECT_EQ(s.empty, 1u);
  EXPECT_EQ(s.not_found, 1u);
  EXPECT_DOUBLE_EQ(s.CorrectRate(), 2.0 / 6.0);
  EXPECT_EQ(s.unnamed, 2u);
  EXPECT_EQ(s.unnamed_empty, 1u);
  EXPECT_EQ(s.unnamed_guessed, 1u);
  EXPECT_EQ(s.unnamed_not_found, 0u);
  EXPECT_EQ(s.other, 1u);
  EXPECT_EQ(s.other_found, 1u);
  EXPECT_EQ(s.other_with_speaker, 1u);
  EXPECT_EQ(s.remapped, 6u);
  // One line per miss: partly, wrong, empty, other with a speaker, guessed, not found.
  ASSERT_EQ(s.misses.size(), 6u);
  EXPECT_NE(s.misses[0].find("partly: \"Porter\""), std::string::npos) << s.misses[0];
  EXPECT_NE(s.misses[5].find("quote not found"), std::string::npos) << s.misses[5];
  EXPECT_NE(s.misses[5].find("gold Ann Lee"), std::string::npos) << s.misses[5];
}

// Article B (test): "a total waste" is in paragraphs 0 and 2; each row finds
// its own paragraph's quote. Two quotations in one paragraph each find theirs.
TEST(NerEvalSpeakersGoldTest, RepeatedWordsAndTwoQuotesInAParagraph) {
  const auto gold = bench::ner::ReadSpeakersGold(SpeakersFixtureDir() + "/speakers-gold.tsv");
  auto articles = bench::ner::ReadArticlesByUrl(SpeakersFixtureDir() + "/speakers-news", {kGates});
  Article b = articles.at(kGates);
  b.quotes = {MakeQuote(0, "a total waste", ""), MakeQuote(1, "Open the gates now,", "Ann Lee"),
              MakeQuote(1, "close them at noon,", "Tom Baker"),
              MakeQuote(2, "a total waste", "Tom Baker")};
  const auto s = bench::ner::ScoreSpeakersGold(RowsOf(gold, kGates), b);
  EXPECT_EQ(s.named, 4u);
  EXPECT_EQ(s.correct, 3u);
  EXPECT_EQ(s.empty, 1u);
  EXPECT_EQ(s.remapped, 0u);
  EXPECT_TRUE(s.misses.empty());  // not asked for
  bench::ner::SpeakerGoldScore total;
  total += s;
  total += s;
  EXPECT_EQ(total.articles, 2u);
  EXPECT_EQ(total.correct, 6u);
  EXPECT_DOUBLE_EQ(total.CorrectRate(), 0.75);
}

// The real reader and Analyze on the fixture: the plain `, X said` quotation
// is found with its speaker, and nothing is left unscored.
TEST(NerEvalSpeakersGoldTest, RealAnalyzeRunsOnTheFixture) {
  const auto gold = bench::ner::ReadSpeakersGold(SpeakersFixtureDir() + "/speakers-gold.tsv");
  auto articles =
      bench::ner::ReadArticlesByUrl(SpeakersFixtureDir() + "/speakers-news", {kFlood, kGates});
  bench::ner::SpeakerGoldScore total;
  for (const char* url : {kFlood, kGates}) {
    Article& article = articles.at(url);
    Analyze(article);
    total += bench::ner::ScoreSpeakersGold(RowsOf(gold, url), article);
  }
  EXPECT_EQ(total.rows, 13u);
  EXPECT_EQ(total.named, 10u);
  EXPECT_EQ(total.correct + total.partly + total.wrong + total.empty + total.not_found, 10u);
  EXPECT_EQ(total.unnamed_empty + total.unnamed_guessed + total.unnamed_not_found, 2u);
  EXPECT_GE(total.correct, 1u);  // Mayor Jane Porter said / said Tom Baker / said Ann Lee
}

TEST(NerEvalSpeakersGoldTest, MalformedGoldIsAnErrorNamingFileAndLine) {
  const test::TempDir dir;
  const std::string header = "url\tsplit\tparagraph\tquote_start\tspeaker\tkind\ttype\n";
  const std::string good = "u\tdev\t1\tThe river rose faster\tJane Porter\tperson\tquote\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"url\tsplit\tparagraph\n" + good, ":1: expected the header"},
      {header + good + "u\tdev\t1\tThe river rose\tJane Porter\tperson\n", ":3: expected 7"},
      {header + "u\ttrain\t1\tThe river rose\tJane Porter\tperson\tquote\n", ":2: split \"train\""},
      {header + good + good + "u\tdev\tone\tThe river rose\t-\t-\tquote\n",
       ":4: paragraph \"one\""},
      {header + "u\tdev\t-1\tThe river rose\t-\t-\tquote\n", ":2: paragraph \"-1\""},
      {header + "u\tdev\t1\t   \t-\t-\tquote\n", ":2: empty quote_start"},
      {header + "u\tdev\t1\tThe river rose\tJane Porter\tplace\tquote\n", ":2: kind \"place\""},
      {header + "u\tdev\t1\tThe river rose\t-\tperson\tquote\n",
       ":2: kind \"person\" for speaker -"},
      {header + "u\tdev\t1\tThe river rose\t\tperson\tquote\n", ":2: empty speaker"},
      {header + "u\tdev\t1\tThe river rose\t-\t-\tspeech\n", ":2: type \"speech\""},
      {header + "u\tdev\t1\tThe river rose\tJane Porter\tperson\tother\n", ":2: type other with"},
      {header + "\tdev\t1\tThe river rose\t-\t-\tquote\n", ":2: empty url"},
      {"", ":1: empty file"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string path = dir / "gold.tsv";
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << text;
    }
    try {
      bench::ner::ReadSpeakersGold(path);
      ADD_FAILURE() << "no error for: " << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find(path + expected), std::string::npos)
          << e.what() << " (expected " << expected << ")";
    }
  }
  EXPECT_THROW(bench::ner::ReadSpeakersGold(dir / "absent.tsv"), Error);
}

// Hostile input: CRLF line ends are read as LF; a row pointing past the end
// of an empty article, or at a paragraph without quotes, is "not found" (no
// crash, no match elsewhere).
TEST(NerEvalSpeakersGoldTest, CrlfAndRowsOutsideTheArticle) {
  const test::TempDir dir;
  const std::string path = dir / "gold.tsv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "url\tsplit\tparagraph\tquote_start\tspeaker\tkind\ttype\r\n"
        << "u\tdev\t999999999\tOpen the gates now,\tAnn Lee\tperson\tquote\r\n"
        << "u\tdev\t0\tOpen the gates now,\t-\t-\tquote\r\n";
  }
  const auto gold = bench::ner::ReadSpeakersGold(path);
  ASSERT_EQ(gold.size(), 2u);
  EXPECT_EQ(gold[0].paragraph, 999999999u);
  EXPECT_EQ(gold[0].kind, EntityKind::kPerson);
  EXPECT_TRUE(gold[1].quote);
  std::vector<const bench::ner::SpeakerGoldRow*> rows = {&gold[0], &gold[1]};
  Article empty;
  auto s = bench::ner::ScoreSpeakersGold(rows, empty);
  EXPECT_EQ(s.not_found, 1u);
  EXPECT_EQ(s.unnamed_not_found, 1u);
  Article one;
  one.body = {"Nothing quoted here.", "\"Open the gates now,\" said Ann Lee."};
  one.quotes = {MakeQuote(1, "Open the gates now,", "Ann Lee")};
  s = bench::ner::ScoreSpeakersGold(rows, one);
  EXPECT_EQ(s.correct, 1u);            // paragraph 999999999: the last one holding it
  EXPECT_EQ(s.unnamed_not_found, 0u);  // paragraph 0 lacks it: the first one after
  EXPECT_EQ(s.unnamed_guessed, 1u);
  EXPECT_EQ(s.remapped, 2u);
}

// The real gold file parses, and each article's rows sit in one split.
TEST(NerEvalSpeakersGoldTest, TheWikinewsGoldParses) {
  const auto gold = bench::ner::ReadSpeakersGold(std::string(MORGUE_SOURCE_DIR) +
                                                 "/bench/ner/wikinews-speakers.tsv");
  EXPECT_EQ(gold.size(), 249u);
  std::map<std::string, std::string> split;
  for (const auto& r : gold) {
    auto [it, inserted] = split.emplace(r.url, r.split);
    EXPECT_EQ(it->second, r.split) << r.url;
  }
  EXPECT_EQ(split.size(), 68u);
}

}  // namespace
}  // namespace morgue
