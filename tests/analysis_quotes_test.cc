// Quotations and their speakers.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "indexer/analysis.h"
#include "test_util.h"

namespace morgue {
namespace {

std::vector<Quote> QuotesOf(std::vector<std::string> body) {
  Article a;
  a.body = std::move(body);
  return ExtractQuotes(a);
}

struct SpeakerRow {
  const char* paragraph;
  const char* quote;
  const char* speaker;
};

TEST(AnalysisQuotesTest, SpeakerPatterns) {
  const SpeakerRow rows[] = {
      {"\"We are very pleased with the result,\" Smith said.",
       "We are very pleased with the result,", "Smith"},
      {"\"We are very pleased with it,\" said John Smith, the chairman.",
       "We are very pleased with it,", "John Smith"},
      {"\"Prices will fall next year,\" President Trump says.", "Prices will fall next year,",
       "Trump"},
      {"\"Prices will fall next year,\" according to Jane Doe.", "Prices will fall next year,",
       "Jane Doe"},
      {"\"Prices will fall next year,\" Baker told reporters.", "Prices will fall next year,",
       "Baker"},
      {"Minister Kiichi Miyazawa said: \"The yen is too strong now.\"",
       "The yen is too strong now.", "Kiichi Miyazawa"},
      {"Reagan told reporters: \"I have no comment on that.\"", "I have no comment on that.",
       "Reagan"},
      {"\u201cThis is a serious matter for us,\u201d he said.", "This is a serious matter for us,",
       ""},
      {"\"This is a serious matter,\" the company said.", "This is a serious matter,", ""},
      {"He added, \"there is no deal on the table.\"", "there is no deal on the table.", ""},
  };
  for (const SpeakerRow& row : rows) {
    const auto quotes = QuotesOf({row.paragraph});
    ASSERT_EQ(quotes.size(), 1u) << row.paragraph;
    EXPECT_EQ(quotes[0].text, row.quote) << row.paragraph;
    EXPECT_EQ(quotes[0].speaker, row.speaker) << row.paragraph;
  }
}

// A verb of speech further back in the quotation's sentence than "X said:".
TEST(AnalysisQuotesTest, TheSpeakerIsTheSubjectOfAVerbOfSpeechInTheSentence) {
  const SpeakerRow rows[] = {
      {"Finance Minister Ada Quist called the budget \"a plan for the next decade.\"",
       "a plan for the next decade.", "Ada Quist"},
      {"Mara Olsen tweeted she would attend the opening anyway: \"See you all there tonight!\"",
       "See you all there tonight!", "Mara Olsen"},
      {"Designer Lotte Brandt described the town to a radio station in 2001: \"It was quiet "
       "and it was home.\"",
       "It was quiet and it was home.", "Lotte Brandt"},
      // Passive: who described it is not the subject.
      {"The plan was described by the council as \"a waste of public money.\"",
       "a waste of public money.", ""},
      // A new sentence without a verb of speech attributes nothing.
      {"Ada Quist spoke at noon. Later, the crowd chanted \"we want more now\" outside.",
       "we want more now", ""},
  };
  for (const SpeakerRow& row : rows) {
    const auto quotes = QuotesOf({row.paragraph});
    ASSERT_EQ(quotes.size(), 1u) << row.paragraph;
    EXPECT_EQ(quotes[0].text, row.quote) << row.paragraph;
    EXPECT_EQ(quotes[0].speaker, row.speaker) << row.paragraph;
  }
}

// A quotation that follows another with only the attribution between them
// continues it.
TEST(AnalysisQuotesTest, AQuotationAfterAnAttributedOneContinuesIt) {
  auto second = [](const char* paragraph) {
    const auto quotes = QuotesOf({paragraph});
    return quotes.size() == 2 ? quotes[1].speaker : "(" + std::to_string(quotes.size()) + ")";
  };
  EXPECT_EQ(second("\"We played well today,\" coach Tom Berg said.  \"The second half was our "
                   "best.\""),
            "Tom Berg");
  EXPECT_EQ(second("\"The crews were brave\" tweeted Mayor Lena Vik (no relation). \"We thank "
                   "every one of them.\""),
            "Lena Vik");
  // Narration between them: the second quotation is not attributed.
  EXPECT_EQ(second("\"We played well today,\" coach Tom Berg said. The fans disagreed: \"the "
                   "second half was poor.\""),
            "");
  // Its pronoun is resolved like the first one's.
  const auto quotes = QuotesOf({"Ada Quist spoke first.",
                                "\"We will appeal the ruling,\" she said. \"The court was "
                                "wrong on every count.\""});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].speaker, "Ada Quist");
  EXPECT_EQ(quotes[1].speaker, "Ada Quist");
}

// A sentence that introduces the next quotation ("X stated: \"...\"") does
// not attribute the one before it.
TEST(AnalysisQuotesTest, AnAttributionIntroducingTheNextQuotationIsItsOnly) {
  const auto quotes = QuotesOf({"Inspector Rolf Hamm said, \"This is a sad day for the town.\" A "
                                "spokesman for the council stated: \"We are working with the "
                                "police on it.\""});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].speaker, "Rolf Hamm");
  EXPECT_EQ(quotes[1].attribution, "A spokesman for the council");
}

// "..., saying \"...\"" and "..., adding, \"...\"": the sentence's subject.
TEST(AnalysisQuotesTest, AParticipleQuotesTheSubjectOfItsSentence) {
  const auto quotes = QuotesOf(
      {"In a video, Nora Field thanked her staff and Ben Cole, saying \"the work goes on without "
       "me\".",
       "The mayor of Oslo, Ida Berg, sent her thanks via radio, adding, \"We owe them a great "
       "deal.\""});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].speaker, "Nora Field");
  EXPECT_EQ(quotes[1].speaker, "Ida Berg");
}

TEST(AnalysisQuotesTest, ShortScareQuotesAreSkipped) {
  EXPECT_TRUE(QuotesOf({"The so-called \"fair\" deal was \"very bad\" for them."}).empty());
}

TEST(AnalysisQuotesTest, OffsetsAndParagraphs) {
  const std::string p = "Smith said: \"Rates will rise soon enough.\" Then \"they will fall "
                        "again,\" said Jones.";
  const auto quotes = QuotesOf({"No quotes here.", p});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].paragraph, 1u);
  EXPECT_EQ(p.substr(quotes[0].offset, quotes[0].text.size()), quotes[0].text);
  EXPECT_EQ(quotes[0].speaker, "Smith");
  EXPECT_EQ(quotes[1].text, "they will fall again,");
  EXPECT_EQ(p.substr(quotes[1].offset, quotes[1].text.size()), quotes[1].text);
  EXPECT_EQ(quotes[1].speaker, "Jones");
}

TEST(AnalysisQuotesTest, UnclosedQuoteEndsAtParagraphEnd) {
  const auto quotes = QuotesOf(
      {"\"We will keep fighting for our members.", "\"And we will win in the end,\" Walesa said."});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].text, "We will keep fighting for our members.");
  EXPECT_EQ(quotes[0].paragraph, 0u);
  EXPECT_EQ(quotes[1].speaker, "Walesa");
}

// The seed article, split into paragraphs on blank lines.
TEST(AnalysisQuotesTest, SeedArticle) {
  const std::string dir = test::SharedCorpusDir();
  if (dir.empty()) GTEST_SKIP() << "shared corpus not found beside the checkout";
  std::ifstream in(dir + "/seed/axios-2020-01-01-baghdad-embassy.txt");
  if (!in) GTEST_SKIP() << "seed article missing in " << dir;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  Article a;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) a.body.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  const auto quotes = ExtractQuotes(a);
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].text.rfind("All protesters withdrew", 0), 0u) << quotes[0].text;
  EXPECT_EQ(quotes[0].speaker, "Joint Operation Command");
  EXPECT_EQ(quotes[1].text.rfind("We will take our fight", 0), 0u) << quotes[1].text;
  EXPECT_EQ(quotes[1].speaker, "");
  for (const Quote& q : quotes) {
    EXPECT_EQ(a.body[q.paragraph].substr(q.offset, q.text.size()), q.text);
  }

  Analyze(a);
  auto has = [&](EntityKind kind, const char* canonical) {
    for (const Entity& e : a.entities) {
      if (e.kind == kind && e.canonical == canonical) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(EntityKind::kPlace, "baghdad"));
  EXPECT_TRUE(has(EntityKind::kPlace, "iraq"));
  EXPECT_TRUE(has(EntityKind::kPlace, "syria"));
  EXPECT_TRUE(has(EntityKind::kPlace, "united states"));
  EXPECT_TRUE(has(EntityKind::kPlace, "middle east"));
  EXPECT_TRUE(has(EntityKind::kOrganisation, "kataib hezbollah"));
  EXPECT_TRUE(has(EntityKind::kPerson, "trump"));
  EXPECT_TRUE(has(EntityKind::kOrganisation, "washington post"));
  EXPECT_FALSE(has(EntityKind::kPlace, "washington"));
}

}  // namespace
}  // namespace morgue
