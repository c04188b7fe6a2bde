// Folding of entity names: the first half of every canonical form.
#include "indexer/canonical.h"

#include <cstdint>

namespace morgue {
namespace {

// U+00C0..U+00FF folded to lower-case ASCII (" " for the two signs).
constexpr const char* kLatin1Fold[64] = {"a", "a", "a", "a", "a", "a",  "ae", "c",  "e",  "e",  "e",
                                         "e", "i", "i", "i", "i", "d",  "n",  "o",  "o",  "o",  "o",
                                         "o", " ", "o", "u", "u", "u",  "u",  "y",  "th", "ss", "a",
                                         "a", "a", "a", "a", "a", "ae", "c",  "e",  "e",  "e",  "e",
                                         "i", "i", "i", "i", "d", "n",  "o",  "o",  "o",  "o",  "o",
                                         " ", "o", "u", "u", "u", "u",  "y",  "th", "y"};

struct FoldRange {
  char32_t first;
  char32_t last;
  const char* ascii;
};

// Latin Extended-A (U+0100..U+017F) and the Romanian comma letters.
constexpr FoldRange kExtendedFold[] = {
    {0x0100, 0x0105, "a"}, {0x0106, 0x010D, "c"},  {0x010E, 0x0111, "d"}, {0x0112, 0x011B, "e"},
    {0x011C, 0x0123, "g"}, {0x0124, 0x0127, "h"},  {0x0128, 0x0131, "i"}, {0x0132, 0x0133, "ij"},
    {0x0134, 0x0135, "j"}, {0x0136, 0x0138, "k"},  {0x0139, 0x0142, "l"}, {0x0143, 0x014B, "n"},
    {0x014C, 0x0151, "o"}, {0x0152, 0x0153, "oe"}, {0x0154, 0x0159, "r"}, {0x015A, 0x0161, "s"},
    {0x0162, 0x0167, "t"}, {0x0168, 0x0173, "u"},  {0x0174, 0x0175, "w"}, {0x0176, 0x0178, "y"},
    {0x0179, 0x017E, "z"}, {0x017F, 0x017F, "s"},  {0x0218, 0x0219, "s"}, {0x021A, 0x021B, "t"}};

// Decodes one UTF-8 sequence at `i`; returns its length (1 for invalid bytes,
// with `cp` set to 0xFFFD).
size_t DecodeUtf8(std::string_view s, size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
  if (len == 1 || i + len > s.size()) {
    cp = b0 < 0x80 ? b0 : 0xFFFD;
    return 1;
  }
  cp = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      cp = 0xFFFD;
      return 1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  return len;
}

// What a non-ASCII code point becomes: folded letters, "" (dropped), " " or
// nullptr (keep the original bytes).
const char* FoldNonAscii(char32_t cp) {
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1Fold[cp - 0xC0];
  for (const FoldRange& r : kExtendedFold) {
    if (cp >= r.first && cp <= r.last) return r.ascii;
  }
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x00B4 || cp == 0x02BC) return "";  // apostrophes
  if (cp == 0xFFFD) return "";
  if (cp < 0xC0) return " ";                                       // Latin-1 signs, NBSP
  if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000) return " ";  // dashes, quotes, spaces
  return nullptr;
}

}  // namespace

std::string FoldEntityText(std::string_view text) {
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
      if (c >= 'A' && c <= 'Z') {
        const char lower = static_cast<char>(c - 'A' + 'a');
        append(std::string_view(&lower, 1));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
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
    const size_t len = DecodeUtf8(text, i, cp);
    if (const char* folded = FoldNonAscii(cp)) {
      append(folded);
    } else {
      append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace morgue
