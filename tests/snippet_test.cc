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

}  // namespace
}  // namespace morgue
