#include "query/snippet.h"

#include <gtest/gtest.h>

namespace morgue {
namespace {

Article WithBody(std::vector<std::string> body) {
  Article a;
  a.headline = "Headline about markets";
  a.body = std::move(body);
  return a;
}

TEST(SnippetTest, MarksTheMatchingWordsInTheBestPassage) {
  std::string filler;
  for (int i = 0; i < 40; ++i) filler += "nothing to see here ";
  Article a = WithBody({filler, "Wholesale grain prices rose again.", filler});
  Snippeter s({"grain", "prices"}, "english");
  std::string snippet = s.Make(a, SnippetOptions{});
  EXPECT_NE(snippet.find("<b>grain</b> <b>prices</b>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.rfind("…", 0), 0u) << "cut at the start: " << snippet;
}

TEST(SnippetTest, MatchesStemsOfUnquotedWords) {
  Article a = WithBody({"The ministers were meeting in Vienna."});
  Snippeter s({"Zmeet"}, "english");
  EXPECT_NE(s.Make(a, SnippetOptions{}).find("<b>meeting</b>"), std::string::npos);
}

TEST(SnippetTest, FallsBackToCaptionsWhenTheBodyHasNoMatch) {
  Article a = WithBody({"Nothing relevant."});
  a.captions = {{"Dockworkers in Rotterdam", "Jane Roe/Agency"}};
  Snippeter s({"rotterdam"}, "english");
  EXPECT_EQ(s.Make(a, SnippetOptions{}), "Dockworkers in <b>Rotterdam</b>");
}

TEST(SnippetTest, HighlightsAcronymsAsXapianIndexesThem) {
  Snippeter s({"us"}, "");
  EXPECT_EQ(s.Highlight("Troops left the U.S. embassy", SnippetOptions{200, "[", "]"}),
            "Troops left the [U.S]. embassy");
}

TEST(SnippetTest, WithNothingToMarkGivesTheStartOfTheBodyCutAtASpace) {
  // An entity filter or a date range alone marks no word: the passage is the
  // body's start, as it is when words are given but none occurs.
  std::string body;
  for (int i = 0; i < 30; ++i) body += "Ministers met again in Vienna today. ";
  Article a = WithBody({body});
  SnippetOptions options{60, "<b>", "</b>"};
  const std::string none = Snippeter({}, "english").Make(a, options);
  EXPECT_EQ(none, "Ministers met again in Vienna today. Ministers met again in…");
  EXPECT_EQ(Snippeter({"absent"}, "english").Make(a, options), none);

  Article quoted = WithBody({"\"We will not move,\" the minister said."});
  EXPECT_EQ(Snippeter({}, "english").Make(quoted, options),
            Snippeter({"absent"}, "english").Make(quoted, options));
  EXPECT_EQ(Snippeter({}, "english").Make(WithBody({}), options), "");
}

TEST(SnippetTest, JoinsWordPartsOnlyBetweenLettersOrDigits) {
  Snippeter s({"rock", "roll", "at&t", "1,750"}, "");
  SnippetOptions o{200, "[", "]"};
  EXPECT_EQ(s.Highlight("rock & roll, AT&T paid 1,750 dlrs; rock'", o),
            "[rock] & [roll], [AT&T] paid [1,750] dlrs; [rock]'");
}

}  // namespace
}  // namespace morgue
