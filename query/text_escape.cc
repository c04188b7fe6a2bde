// EscapeMarkup and EscapeForTerminal (morgue/search.h): the article's text
// written where it could otherwise act as markup or as terminal commands.
#include <cstdint>
#include <cstdio>

#include "morgue/search.h"

namespace morgue {

namespace {

// The code point of the UTF-8 sequence at text[*i] (advancing *i past it),
// or -1 for a byte that does not start a valid sequence (advancing *i by
// one). Overlong forms, surrogates and values above U+10FFFF are invalid.
int32_t NextCodePoint(std::string_view text, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(*i);
  int length = b < 0x80             ? 1
               : (b & 0xE0) == 0xC0 ? 2
               : (b & 0xF0) == 0xE0 ? 3
               : (b & 0xF8) == 0xF0 ? 4
                                    : 0;
  if (length == 1) return text[(*i)++];
  if (length == 0 || *i + length > text.size()) {
    ++*i;
    return -1;
  }
  int32_t cp = b & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    const unsigned char c = byte(*i + k);
    if ((c & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr int32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return -1;
  }
  *i += length;
  return cp;
}

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

void AppendEscape(std::string* out, const char* format, unsigned value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, format, value);
  *out += buf;
}

bool ReordersOrBreaksText(int32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string EscapeMarkup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const int32_t cp = NextCodePoint(text, &i);
    switch (cp) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&#39;"; continue;
      default: break;
    }
    const bool allowed =
        cp >= 0x20 ? cp != 0xFFFE && cp != 0xFFFF : cp == '\t' || cp == '\n' || cp == '\r';
    if (allowed) out.append(text, start, i - start);
    else out += kReplacement;
  }
  return out;
}

std::string EscapeForTerminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const int32_t cp = NextCodePoint(text, &i);
    if (cp < 0) {
      AppendEscape(&out, "\\x%02x", static_cast<unsigned char>(text[start]));
    } else if ((cp < 0x20 && cp != '\t') || cp == 0x7F) {
      AppendEscape(&out, "\\x%02x", static_cast<unsigned>(cp));
    } else if ((cp >= 0x80 && cp <= 0x9F) || ReordersOrBreaksText(cp)) {
      AppendEscape(&out, "\\u%04x", static_cast<unsigned>(cp));
    } else {
      out.append(text, start, i - start);
    }
  }
  return out;
}

}  // namespace morgue
