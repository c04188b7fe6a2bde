// Folding of entity names: the first half of every canonical form.
#include "indexer/canonical.h"

#include <unicode/uchar.h>

#include "indexer/fold.h"

namespace morgue {
namespace {

// What a non-ASCII character of folded text becomes in an entity name:
// letters, digits and marks stay (nullptr: keep the bytes), apostrophes are
// dropped (""), everything else (dashes, quotes, signs, spaces) is a space.
const char* EntityPiece(char32_t cp) {
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0xFFFD) return "";
  const auto c = static_cast<UChar32>(cp);
  if (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) return nullptr;
  return " ";
}

}  // namespace

std::string FoldEntityText(std::string_view raw) {
  const std::string text = Fold(raw);
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto append = [&](std::string_view piece) {
    for (char c : piece) {
      if (c == ' ') {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  };
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        append(std::string_view(&c, 1));
      } else if (c == '&') {
        const bool spaced =
            i > 0 && text[i - 1] == ' ' && i + 1 < text.size() && text[i + 1] == ' ';
        if (spaced) append(" and ");
      } else if (c != '.' && c != '\'') {
        append(" ");
      }
      ++i;
      continue;
    }
    char32_t cp = 0;
    const size_t len = DecodeChar(text, i, cp);
    if (const char* piece = EntityPiece(cp)) {
      append(piece);
    } else {
      append(std::string_view(text).substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace morgue
