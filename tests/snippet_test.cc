#include "query/snippet.h"

#include <gtest/gtest.h>

namespace morgue {
namespace {

// A snippet with its highlights between `open` and `close`.
std::string Marked(const Snippet& s, std::string_view open = "<b>", std::string_view close = "</b>",
                   SnippetEscape escape = SnippetEscape::kNone) {
  return MarkHighlights(s.text, s.highlights, open, close, escape);
}

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
  std::string snippet = Marked(s.Make(a, SnippetOptions{}));
  EXPECT_NE(snippet.find("<b>grain</b> <b>prices</b>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.rfind("…", 0), 0u) << "cut at the start: " << snippet;
}

TEST(SnippetTest, MatchesStemsOfUnquotedWords) {
  Article a = WithBody({"The ministers were meeting in Vienna."});
  Snippeter s({"Zmeet"}, "english");
  EXPECT_NE(Marked(s.Make(a, SnippetOptions{})).find("<b>meeting</b>"), std::string::npos);
}

TEST(SnippetTest, FallsBackToCaptionsWhenTheBodyHasNoMatch) {
  Article a = WithBody({"Nothing relevant."});
  a.captions = {{"Dockworkers in Rotterdam", "Jane Roe/Agency"}};
  Snippeter s({"rotterdam"}, "english");
  EXPECT_EQ(Marked(s.Make(a, SnippetOptions{})), "Dockworkers in <b>Rotterdam</b>");
}

TEST(SnippetTest, HighlightsAcronymsAsXapianIndexesThem) {
  Snippeter s({"us"}, "");
  EXPECT_EQ(Marked(s.Highlight("Troops left the U.S. embassy"), "[", "]"),
            "Troops left the [U.S]. embassy");
}

TEST(SnippetTest, WithNothingToMarkGivesTheStartOfTheBodyCutAtASpace) {
  // An entity filter or a date range alone marks no word: the passage is the
  // body's start, as it is when words are given but none occurs.
  std::string body;
  for (int i = 0; i < 30; ++i) body += "Ministers met again in Vienna today. ";
  Article a = WithBody({body});
  SnippetOptions options{60};
  const std::string none = Marked(Snippeter({}, "english").Make(a, options));
  EXPECT_EQ(none, "Ministers met again in Vienna today. Ministers met again in…");
  EXPECT_EQ(Marked(Snippeter({"absent"}, "english").Make(a, options)), none);

  Article quoted = WithBody({"\"We will not move,\" the minister said."});
  EXPECT_EQ(Marked(Snippeter({}, "english").Make(quoted, options)),
            Marked(Snippeter({"absent"}, "english").Make(quoted, options)));
  EXPECT_EQ(Marked(Snippeter({}, "english").Make(WithBody({}), options)), "");
}

TEST(SnippetTest, JoinsWordPartsOnlyBetweenLettersOrDigits) {
  Snippeter s({"rock", "roll", "at&t", "1,750"}, "");
  EXPECT_EQ(Marked(s.Highlight("rock & roll, AT&T paid 1,750 dlrs; rock'"), "[", "]"),
            "[rock] & [roll], [AT&T] paid [1,750] dlrs; [rock]'");
}

TEST(SnippetTest, PrefersTheFirstPassageThatShowsEveryQueryWord) {
  std::string filler;
  for (int i = 0; i < 30; ++i) filler += "nothing to see here ";
  // Many matches of one word early on; both words together later.
  Article a =
      WithBody({"Oil, oil and more oil: oil everywhere. " + filler,
                "Crude oils gained as prices rose in Rotterdam, and oil fell later.", filler});
  // "oil" as typed and as a stem, "prices" as a stem: two query words.
  Snippeter s({"oil", "Zoil", "Zprice"}, "english");
  const std::string snippet = Marked(s.Make(a, SnippetOptions{}));
  EXPECT_NE(snippet.find("<b>oils</b> gained as <b>prices</b> rose"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("and <b>oil</b> fell"), std::string::npos)
      << "matches after the window's last one are marked too: " << snippet;
  EXPECT_EQ(snippet.find("everywhere"), std::string::npos) << snippet;

  // One query word: its first occurrence, with some context before it.
  Article b = WithBody({filler + "Prices held. " + filler + "prices prices prices"});
  const std::string one = Marked(Snippeter({"Zprice"}, "english").Make(b, SnippetOptions{}));
  EXPECT_NE(one.find("here <b>Prices</b> held."), std::string::npos) << one;
  EXPECT_EQ(one.rfind("…", 0), 0u) << one;
}

TEST(SnippetTest, ContextStartsAtAWordEvenAfterJoinedWords) {
  // The passage starts at the first word less than a quarter of the length
  // before the first match; "U.S." and "1,750" stay whole.
  Article a = WithBody({"Earlier text. The U.S. paid 1,750 dlrs for wheat today."});
  Snippeter s({"wheat"}, "");
  // "wheat" is at byte 43: a quarter of 104 reaches back past "U.S." (18),
  // a quarter of 96 only into it (to 19), of 80 into "paid" (to 23).
  EXPECT_EQ(Marked(s.Make(a, SnippetOptions{104}), "[", "]"),
            "…U.S. paid 1,750 dlrs for [wheat] today.");
  EXPECT_EQ(Marked(s.Make(a, SnippetOptions{96}), "[", "]"), "…paid 1,750 dlrs for [wheat] today.");
  EXPECT_EQ(Marked(s.Make(a, SnippetOptions{80}), "[", "]"), "…1,750 dlrs for [wheat] today.");
}

TEST(SnippetTest, PassagesSpanParagraphsJoinedBySpaces) {
  // The body's paragraphs are joined only as far as the passage needs; the
  // result is the same as joining them all first.
  Article a = WithBody({"Short lead on wheat.", "Second paragraph follows here.", "Third one."});
  EXPECT_EQ(Marked(Snippeter({"wheat"}, "").Make(a, SnippetOptions{40}), "[", "]"),
            "…lead on [wheat]. Second paragraph follows…");
  EXPECT_EQ(Marked(Snippeter({"third"}, "").Make(a, SnippetOptions{200}), "[", "]"),
            "…lead on wheat. Second paragraph follows here. [Third] one.");
  // Nothing to mark: the start of the body, leading empty or wordless
  // paragraphs skipped as the joined text would skip them.
  Article b = WithBody({"", "--", "Real text here.", "More."});
  EXPECT_EQ(Marked(Snippeter({}, "").Make(b, SnippetOptions{12}), "[", "]"), "…Real text…");
  EXPECT_EQ(Marked(Snippeter({"absent"}, "").Make(b, SnippetOptions{12}), "[", "]"), "…Real text…");
}

TEST(SnippetTest, AShortPassageNeverEndsBeforeItBegins) {
  // Found by fuzz_snippet: a 1-byte passage starting at a stray UTF-8
  // continuation byte moved its end before its start, and the whole rest of
  // the text came out.
  Article a = WithBody({std::string("\x04\x8a\x97tanker will rise")});
  const std::string snippet = Marked(Snippeter({}, "").Make(a, SnippetOptions{1}), "[", "]");
  EXPECT_EQ(snippet, "……");
  EXPECT_EQ(
      Marked(Snippeter({"\x8a\x97tanker"}, "").Make(a, SnippetOptions{2}), "[", "]").find("will"),
      std::string::npos);
}

TEST(SnippetTest, HtmlSnippetsEscapeTheArticlesTextAndKeepOnlyTheMarkersAsMarkup) {
  Article a =
      WithBody({"AT&T saw <img src=x onerror=alert(1)> and <NSC> \"quoted\" 'it' \x01 \xff."});
  // The matched word is escaped inside the markers too; a control and a
  // byte that is not UTF-8 become U+FFFD.
  EXPECT_EQ(Marked(Snippeter({"at&t", "nsc"}, "").Make(a, SnippetOptions{}), "<b>", "</b>",
                   SnippetEscape::kHtml),
            "<b>AT&amp;T</b> saw &lt;img src=x onerror=alert(1)&gt; and &lt;<b>NSC</b>&gt; "
            "&quot;quoted&quot; &#39;it&#39; \xEF\xBF\xBD \xEF\xBF\xBD.");
  EXPECT_EQ(Marked(Snippeter({"nsc"}, "").Highlight("<NSC> & co"), "<b>", "</b>",
                   SnippetEscape::kHtml),
            "&lt;<b>NSC</b>&gt; &amp; co");
  // The length counts the article's text, not the escapes.
  EXPECT_EQ(Marked(Snippeter({}, "").Make(WithBody({"a<b & c"}), SnippetOptions{7}), "[", "]",
                   SnippetEscape::kHtml),
            "a&lt;b &amp; c");
}

TEST(SnippetTest, TerminalSnippetsEscapeControlsAndBidiCharacters) {
  Article a = WithBody({"oil \x1b[2J cleared \xE2\x80\xAE"
                        "evil\x07"});
  EXPECT_EQ(Marked(Snippeter({"oil"}, "").Make(a, SnippetOptions{}), "\x1b[1m", "\x1b[0m",
                   SnippetEscape::kTerminal),
            "\x1b[1moil\x1b[0m \\x1b[2J cleared \\u202eevil\\x07");
}

// Before: the snippet was one string of HTML (or terminal codes), its
// markers mixed into the text. Now it is the text as stored and the
// matched words' code point ranges: `<XON>` stays `<XON>`.
TEST(SnippetTest, TheSnippetIsPlainTextWithTheMatchedWordsAsCodePointRanges) {
  Article a = WithBody({"Exxon Corp <XON> & Société Générale paid the Société bill."});
  // The query's words come folded (indexer/fold.h), as ParseQuery gives them.
  const Snippet s = Snippeter({"xon", "societe"}, "").Make(a, SnippetOptions{});
  EXPECT_EQ(s.text, "Exxon Corp <XON> & Société Générale paid the Société bill.");
  // Code points, not bytes: "é" is two bytes and one code point.
  EXPECT_EQ(s.highlights, (std::vector<HighlightRange>{{12, 15}, {19, 26}, {45, 52}}));
  EXPECT_EQ(Marked(s, "<b>", "</b>", SnippetEscape::kHtml),
            "Exxon Corp &lt;<b>XON</b>&gt; &amp; <b>Société</b> Générale paid the "
            "<b>Société</b> bill.");
  // A cut passage: the ranges count the leading "…" (one code point).
  const Snippet cut = Snippeter({"bill"}, "").Make(a, SnippetOptions{20});
  ASSERT_EQ(cut.text.rfind("…", 0), 0u) << cut.text;
  ASSERT_EQ(cut.highlights.size(), 1u) << cut.text;
  std::u32string wide;
  for (size_t i = 0; i < cut.text.size();) {  // a small UTF-8 decoder as an oracle
    const auto b = static_cast<unsigned char>(cut.text[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (cut.text[i + k] & 0x3F);
    wide += cp;
    i += n;
  }
  EXPECT_EQ(wide.substr(cut.highlights[0].start, cut.highlights[0].end - cut.highlights[0].start),
            U"bill");
}

TEST(SnippetTest, InvalidBytesBecomeOneReplacementCharacterEachAndRangesCountThem) {
  Article a = WithBody({"\xff\xfe oil \xC3 oil"});
  const Snippet s = Snippeter({"oil"}, "").Make(a, SnippetOptions{});
  EXPECT_EQ(s.text, "\xEF\xBF\xBD\xEF\xBF\xBD oil \xEF\xBF\xBD oil");
  EXPECT_EQ(s.highlights, (std::vector<HighlightRange>{{3, 6}, {9, 12}}));
}

TEST(SnippetTest, MarkHighlightsIgnoresRangesBeyondTheTextOrOutOfOrder) {
  EXPECT_EQ(MarkHighlights("oil and gas", {{0, 3}, {8, 11}}, "[", "]", SnippetEscape::kNone),
            "[oil] and [gas]");
  EXPECT_EQ(MarkHighlights("oil", {{0, 3}, {2, 3}, {5, 9}}, "[", "]", SnippetEscape::kNone),
            "[oil]");
  EXPECT_EQ(MarkHighlights("oil", {{1, 9}}, "[", "]", SnippetEscape::kNone), "oil");
  EXPECT_EQ(MarkHighlights("", {}, "[", "]", SnippetEscape::kHtml), "");
}

}  // namespace
}  // namespace morgue
