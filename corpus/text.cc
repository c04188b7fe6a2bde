#include "corpus/text.h"

#include <array>
#include <cstdint>
#include <utility>

namespace morgue {

namespace {

// Windows-1252 code points for bytes 0x80-0x9F; 0 where 1252 assigns none.
constexpr std::array<char32_t, 32> kCp1252 = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026,
                                              0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
                                              0x0152, 0,      0x017D, 0,      0,      0x2018,
                                              0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                              0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,
                                              0x017E, 0x0178};

constexpr std::pair<std::string_view, char32_t> kNamedEntities[] = {
    {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},     {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"sbquo", 0x201A},  {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bdquo", 0x201E}, {"hellip", 0x2026},
    {"bull", 0x2022},   {"middot", 0xB7},  {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122},
    {"deg", 0xB0},      {"plusmn", 0xB1},  {"times", 0xD7},   {"divide", 0xF7},  {"euro", 0x20AC},
    {"pound", 0xA3},    {"yen", 0xA5},     {"cent", 0xA2},    {"sect", 0xA7},    {"para", 0xB6},
    {"laquo", 0xAB},    {"raquo", 0xBB},   {"shy", 0xAD},     {"ensp", 0x2002},  {"emsp", 0x2003},
    {"thinsp", 0x2009}, {"frac12", 0xBD},  {"frac14", 0xBC},  {"frac34", 0xBE},  {"prime", 0x2032},
    {"aacute", 0xE1},   {"agrave", 0xE0},  {"acirc", 0xE2},   {"auml", 0xE4},    {"atilde", 0xE3},
    {"aring", 0xE5},    {"aelig", 0xE6},   {"ccedil", 0xE7},  {"eacute", 0xE9},  {"egrave", 0xE8},
    {"ecirc", 0xEA},    {"euml", 0xEB},    {"iacute", 0xED},  {"igrave", 0xEC},  {"icirc", 0xEE},
    {"iuml", 0xEF},     {"ntilde", 0xF1},  {"oacute", 0xF3},  {"ograve", 0xF2},  {"ocirc", 0xF4},
    {"ouml", 0xF6},     {"otilde", 0xF5},  {"oslash", 0xF8},  {"uacute", 0xFA},  {"ugrave", 0xF9},
    {"ucirc", 0xFB},    {"uuml", 0xFC},    {"yacute", 0xFD},  {"yuml", 0xFF},    {"szlig", 0xDF},
    {"Aacute", 0xC1},   {"Agrave", 0xC0},  {"Auml", 0xC4},    {"Ccedil", 0xC7},  {"Eacute", 0xC9},
    {"Egrave", 0xC8},   {"Iacute", 0xCD},  {"Ntilde", 0xD1},  {"Oacute", 0xD3},  {"Ouml", 0xD6},
    {"Oslash", 0xD8},   {"Uacute", 0xDA},  {"Uuml", 0xDC},    {"iexcl", 0xA1},   {"iquest", 0xBF},
    {"ordm", 0xBA},     {"ordf", 0xAA},    {"micro", 0xB5},
};

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t ValidSequenceLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return n;
}

// Width in bytes of a Unicode space at s[i] (0 when none); *drop is set for
// zero-width characters that vanish instead of becoming a space.
size_t UnicodeSpaceWidth(std::string_view s, size_t i, bool* drop) {
  *drop = false;
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  if (b(i) == 0xC2 && i + 1 < s.size() && b(i + 1) == 0xA0) return 2;
  if (i + 2 >= s.size()) return 0;
  if (b(i) == 0xE2 && b(i + 1) == 0x80) {
    unsigned char c = b(i + 2);
    if (c <= 0x8A || c == 0xA8 || c == 0xA9 || c == 0xAF) return 3;
    if (c == 0x8B) {
      *drop = true;
      return 3;
    }
  }
  if (b(i) == 0xE2 && b(i + 1) == 0x81 && b(i + 2) == 0x9F) return 3;
  if (b(i) == 0xE3 && b(i + 1) == 0x80 && b(i + 2) == 0x80) return 3;
  if (b(i) == 0xEF && b(i + 1) == 0xBB && b(i + 2) == 0xBF) {
    *drop = true;
    return 3;
  }
  return 0;
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = ValidSequenceLength(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string RepairUtf8(std::string_view bytes) {
  if (IsValidUtf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (size_t i = 0; i < bytes.size();) {
    size_t n = ValidSequenceLength(bytes, i);
    if (n > 0) {
      out.append(bytes.data() + i, n);
      i += n;
      continue;
    }
    auto c = static_cast<unsigned char>(bytes[i++]);
    char32_t cp = c;
    if (c >= 0x80 && c <= 0x9F) cp = kCp1252[c - 0x80] ? kCp1252[c - 0x80] : 0xFFFD;
    AppendUtf8(cp, &out);
  }
  return out;
}

bool LooksBinary(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) return true;
  size_t bad = 0;
  for (size_t i = 0; i < bytes.size();) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++bad;
      ++i;
      continue;
    }
    size_t n = ValidSequenceLength(bytes, i);
    if (n == 0) {
      ++bad;
      n = 1;
    }
    i += n;
  }
  return bad * 10 > bytes.size();
}

std::string DecodeEntities(std::string_view text) {
  size_t amp = text.find('&');
  if (amp == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (amp != std::string_view::npos) {
    out.append(text.data() + i, amp - i);
    i = amp;
    size_t semi = text.find(';', amp + 1);
    bool decoded = false;
    if (semi != std::string_view::npos && semi - amp <= 10 && semi > amp + 1) {
      std::string_view name = text.substr(amp + 1, semi - amp - 1);
      if (name[0] == '#') {
        bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        std::string_view digits = name.substr(hex ? 2 : 1);
        uint32_t cp = 0;
        bool ok = !digits.empty();
        for (char c : digits) {
          int v = (c >= '0' && c <= '9')                          ? c - '0'
                  : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                                  : -1;
          if (v < 0 || cp > 0x10FFFF) {
            ok = false;
            break;
          }
          cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        }
        if (ok) {
          if (cp >= 0x80 && cp <= 0x9F && kCp1252[cp - 0x80]) cp = kCp1252[cp - 0x80];
          if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
          AppendUtf8(cp, &out);
          decoded = true;
        }
      } else {
        for (const auto& [entity, cp] : kNamedEntities) {
          if (entity == name) {
            AppendUtf8(cp, &out);
            decoded = true;
            break;
          }
        }
      }
    }
    if (decoded) {
      i = semi + 1;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
    amp = text.find('&', i);
  }
  out.append(text.data() + i, text.size() - i);
  return out;
}

std::string StripControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t run = 0;  // start of the pending run of ordinary bytes
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if ((c >= 0x20 && c != 0x7F && !c1) || c == '\n') continue;
    out.append(text.data() + run, i - run);
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\t' || c == '\f' || c == '\v') {
      out.push_back(' ');
    } else if (c1) {
      ++i;  // C1 control: both bytes dropped
    }
    run = i + 1;  // other C0 controls and DEL are dropped
  }
  out.append(text.data() + run, text.size() - run);
  return out;
}

std::string NormalizeSpace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (IsAsciiSpace(c)) {
      pending_space = true;
      ++i;
      continue;
    }
    bool drop = false;
    size_t w = static_cast<unsigned char>(c) >= 0xC2 ? UnicodeSpaceWidth(text, i, &drop) : 0;
    if (w > 0) {
      if (!drop) pending_space = true;
      i += w;
      continue;
    }
    // A run of ordinary bytes up to the next ASCII space or possible Unicode space.
    size_t end = i + 1;
    while (end < text.size() && !IsAsciiSpace(text[end]) &&
           static_cast<unsigned char>(text[end]) < 0xC2) {
      ++end;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(text.data() + i, end - i);
    i = end;
  }
  return out;
}

std::string CleanText(std::string_view raw) {
  if (IsValidUtf8(raw)) return StripControls(DecodeEntities(raw));
  return StripControls(DecodeEntities(RepairUtf8(raw)));
}

std::string CleanLine(std::string_view raw) { return NormalizeSpace(CleanText(raw)); }

std::vector<std::string> CleanParagraphs(std::string_view raw) {
  std::string text = CleanText(raw);
  std::vector<std::string> paragraphs;
  size_t para_begin = 0, para_end = 0;
  bool in_para = false;
  auto flush = [&]() {
    if (!in_para) return;
    std::string p =
        NormalizeSpace(std::string_view(text).substr(para_begin, para_end - para_begin));
    if (!p.empty()) paragraphs.push_back(std::move(p));
    in_para = false;
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl;
    std::string_view line = std::string_view(text).substr(pos, end - pos);
    if (NormalizeSpace(line).empty()) {
      flush();
    } else {
      if (!in_para) {
        para_begin = pos;
        in_para = true;
      }
      para_end = end;
    }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  flush();
  return paragraphs;
}

std::string_view TrimView(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsAsciiSpace(s[b])) ++b;
  while (e > b && IsAsciiSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace morgue
