// The entity tokenizer on texts that end inside a multi-byte character, and
// on capitals beyond ASCII.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "indexer/entities_tokens.h"

namespace morgue {
namespace {

// Every token lies inside the text, whatever the text's last bytes are.
TEST(TokenizerTest, ATruncatedCharacterEndsWithTheText) {
  const std::vector<std::string> texts = {
      "Ab\xC3",                 // a two-byte letter cut after its first byte
      "Zo\xE2\x80",             // a three-byte one cut after two
      "Name \xF0\x9F",          // a four-byte one alone, cut
      "\xC3",                   // nothing else
      "O\xE2\x80\x99\xC3",      // an apostrophe, then a cut letter
      "A. B.\xE2",              // initials, then a cut byte
      "\xE2\x80\x9CQuote\xE2",  // an opening quote, a word, a cut byte
  };
  std::vector<Token> tokens;
  for (const std::string& text : texts) {
    Tokenize(text, tokens);
    ASSERT_FALSE(tokens.empty()) << text;
    for (const Token& t : tokens) {
      EXPECT_LE(t.begin, t.end) << text;
      EXPECT_LE(t.end, text.size()) << text;
      EXPECT_LE(TokenText(text, t).size(), text.size()) << text;
    }
    EXPECT_EQ(tokens.back().end, text.size()) << text;
  }
}

// Before: upper case was known for Latin-1 and guessed for Latin Extended-A
// by the parity of the code point, which is wrong for half of it: "Łukasz",
// "Ńeman", "Źródło", "Żak", "Žižek" were lower case, so no name started
// there; Greek and Cyrillic capitals were lower case too.
TEST(TokenizerTest, CapitalsInEveryScriptAreCapitalised) {
  const std::vector<std::string> capitalised = {
      "Łukasz", "Ńeman", "Źródło", "Żak",    "Žižek", "Ørsted",   "Élodie",
      "Ćosić",  "Ŝ",     "Ωmega",  "Москва", "Ǆemal", "Ǉubljana",
  };
  const std::vector<std::string> lower = {"łukasz", "ńeman", "žižek", "ørsted", "ωmega",
                                          "москва", "ćosić", "ŝ",     "ǉ"};
  std::vector<Token> tokens;
  for (const std::string& word : capitalised) {
    Tokenize("said " + word, tokens);
    ASSERT_EQ(tokens.size(), 2u) << word;
    EXPECT_TRUE(tokens[1].capitalised) << word;
  }
  for (const std::string& word : lower) {
    Tokenize("said " + word, tokens);
    ASSERT_EQ(tokens.size(), 2u) << word;
    EXPECT_FALSE(tokens[1].capitalised) << word;
  }
}

}  // namespace
}  // namespace morgue
