// FieldWords, the one cutting of text into index words, against an
// independent cutting: a plain Xapian::TermGenerator document read back in
// position order (what DocumentBuilder made before it used FieldWords),
// each word folded.
#include "indexer/field_words.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "indexer/fold.h"

namespace morgue {
namespace {

// The words of `text` by position, "" where a position holds no term.
std::vector<std::string> ByPositions(const std::string& text) {
  std::string buffer;
  const std::string_view capitalised = CapitaliseInitials(text, buffer);
  Xapian::TermGenerator generator;
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text(std::string(capitalised));
  std::vector<std::string> out(generator.get_termpos());
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      out[*p - 1] = IsAscii(capitalised) ? *t : FoldWord(*t);
    }
  }
  return out;
}

std::vector<std::string> Cut(FieldWords& words, const std::string& text) {
  std::vector<std::string> out;
  words.Cut(text, [&](std::string_view w) { out.emplace_back(w); });
  return out;
}

TEST(FieldWordsTest, EqualsATermGeneratorDocumentWordForWord) {
  const std::string samples[] = {
      "",
      "   ...  ",
      "The U.S. dollar's rise, u.s. AT&T and C++ 1,750.5 pct",
      "o'neill can't rock'n'roll 'quoted' e-mail foo_bar $100",
      "Москва НЕФТЬ ελληνικά Erdoğan İstanbul Việt Nam café ǅemal",
      "東京 は 日本の首都 مرحبا 😀 ＯＰＥＣ ﬁne Straße",
      "aa " + std::string(70, 'x') + " bb " + std::string(64, 'y'),
      // Folds to more than 64 bytes: the word keeps its position, no term.
      "oil \xEF\xB7\xBA\xEF\xB7\xBA prices",
      "caf\xE9 \xFF\xFE broken \xC3",
      std::string(5000, 'a') + " " + std::string(3, 'b'),
  };
  FieldWords words;
  for (const std::string& s : samples) {
    SCOPED_TRACE(s.substr(0, 80));
    EXPECT_EQ(Cut(words, s), ByPositions(s));
  }
  // The gap is real: "oil" and "prices" are not adjacent.
  EXPECT_EQ(Cut(words, "oil \xEF\xB7\xBA\xEF\xB7\xBA prices"),
            (std::vector<std::string>{"oil", "", "prices"}));
}

}  // namespace
}  // namespace morgue
