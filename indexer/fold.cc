// Fold: ICU's NFKC_Casefold, diacritics dropped, a few letters spelled in
// ASCII, NFC. Xapian::Unicode has only simple per-character lower-casing and
// no decomposition, so it cannot do this.
#include "indexer/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "morgue/error.h"

namespace morgue {
namespace {

struct Normalizers {
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
};

const Normalizers& GetNormalizers() {
  static const Normalizers kNormalizers = [] {
    Normalizers n;
    UErrorCode status = U_ZERO_ERROR;
    n.nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    n.nfd = icu::Normalizer2::getNFDInstance(status);
    n.nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
      throw Error(ErrorCode::kInternal,
                  std::string("ICU's normalisation data cannot be loaded: ") + u_errorName(status));
    }
    return n;
  }();
  return kNormalizers;
}

// Combining marks that are diacritics on a letter, dropped; other marks
// (Indic, Thai, Japanese voicing marks...) are part of the spelling, kept.
bool IsDiacritic(UChar32 c) {
  return (c >= 0x0300 && c <= 0x036F) ||  // combining diacritical marks
         (c >= 0x0483 && c <= 0x0489) ||  // Cyrillic titlo, palatalisation...
         (c >= 0x0591 && c <= 0x05C7 && c != 0x05BE && c != 0x05C0 && c != 0x05C3 &&
          c != 0x05C6) ||                 // Hebrew points, cantillation
         (c >= 0x0610 && c <= 0x061A) ||  // Arabic signs
         (c >= 0x064B && c <= 0x065F) ||
         c == 0x0670 ||  // Arabic harakat, superscript alef
         (c >= 0x06D6 && c <= 0x06ED && c != 0x06DD && c != 0x06DE && c != 0x06E5 && c != 0x06E6 &&
          c != 0x06E9) ||                 // Quranic annotation marks
         (c >= 0x1AB0 && c <= 0x1AFF) ||  // diacritical marks extended
         (c >= 0x1DC0 && c <= 0x1DFF) ||  // ... supplement
         (c >= 0x20D0 && c <= 0x20FF) ||  // ... for symbols
         (c >= 0xFE20 && c <= 0xFE2F);    // half marks
}

// Letters (after case folding) that do not decompose, spelled in ASCII; nullptr
// for any other character.
const char* AsciiSpelling(UChar32 c) {
  switch (c) {
    case 0x00E6: return "ae";  // æ
    case 0x00F0: return "d";   // ð
    case 0x00F8: return "o";   // ø
    case 0x00FE: return "th";  // þ
    case 0x0111: return "d";   // đ
    case 0x0127: return "h";   // ħ
    case 0x0131: return "i";   // dotless ı
    case 0x0138: return "k";   // ĸ
    case 0x0142: return "l";   // ł
    case 0x014B: return "n";   // ŋ
    case 0x0153: return "oe";  // œ
    case 0x0167: return "t";   // ŧ
    default: return nullptr;
  }
}

}  // namespace

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

size_t DecodeChar(std::string_view s, size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  cp = b0;
  if (b0 < 0xC2 || b0 > 0xF4) return 1;  // ASCII, or not a lead byte: Latin-1
  const size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  if (i + len > s.size()) return 1;
  char32_t v = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 1;
    v = (v << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
      (v >= 0xD800 && v <= 0xDFFF)) {
    return 1;
  }
  cp = v;
  return len;
}

namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiLetter(c) || (c >= '0' && c <= '9'); }

// The number of dotted initials from `i` on ("u.s." -> 2): single letters,
// each but the last followed by a dot and the next letter; `*end` is set
// after the last letter.
size_t CountInitials(std::string_view t, size_t i, size_t* end) {
  size_t letters = 0;
  while (i < t.size() && IsAsciiLetter(t[i]) && (i + 1 == t.size() || !IsAsciiAlnum(t[i + 1]))) {
    ++letters;
    *end = i + 1;
    if (i + 2 < t.size() && t[i + 1] == '.' && IsAsciiLetter(t[i + 2])) {
      i += 2;
    } else {
      break;
    }
  }
  return letters;
}

}  // namespace

std::string_view CapitaliseInitials(std::string_view text, std::string& buffer) {
  bool copied = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsAsciiLetter(text[i]) || (i > 0 && IsAsciiAlnum(text[i - 1]))) continue;
    size_t end = i;
    if (CountInitials(text, i, &end) < 2) continue;
    for (size_t k = i; k < end; ++k) {
      if (text[k] < 'a' || text[k] > 'z') continue;
      if (!copied) {
        buffer.assign(text);
        copied = true;
      }
      buffer[k] = static_cast<char>(text[k] - 0x20);
    }
    i = end;
  }
  return copied ? std::string_view(buffer) : text;
}

std::string Fold(std::string_view text) {
  std::string out;
  if (IsAscii(text)) {
    out.assign(text);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    }
    return out;
  }
  const Normalizers& n = GetNormalizers();
  thread_local icu::UnicodeString source, folded, decomposed, kept, composed;
  source.remove();
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    i += DecodeChar(text, i, cp);
    source.append(static_cast<UChar32>(cp == 0x00B4 ? 0x2019 : cp));
  }
  UErrorCode status = U_ZERO_ERROR;
  n.nfkc_cf->normalize(source, folded, status);
  n.nfd->normalize(folded, decomposed, status);
  kept.remove();
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (IsDiacritic(c)) continue;
    if (const char* ascii = AsciiSpelling(c)) {
      kept.append(icu::UnicodeString(ascii, -1, icu::UnicodeString::kInvariant));
    } else {
      kept.append(c);
    }
  }
  n.nfc->normalize(kept, composed, status);
  if (U_FAILURE(status)) {
    throw Error(ErrorCode::kInternal, std::string("ICU cannot fold text: ") + u_errorName(status));
  }
  composed.toUTF8String(out);
  return out;
}

std::string FoldWord(std::string_view word) {
  constexpr size_t kMaxWordBytes = 64;  // Xapian::TermGenerator's max_word_length
  std::string folded = Fold(word);
  if (folded.size() > kMaxWordBytes) folded.clear();
  return folded;
}

std::string FoldCollapse(std::string_view text) {
  const std::string folded = Fold(text);
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (size_t i = 0; i < folded.size();) {
    char32_t cp = 0;
    const size_t len = DecodeChar(folded, i, cp);
    if (u_isUWhiteSpace(static_cast<UChar32>(cp))) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(folded, i, len);
    }
    i += len;
  }
  return out;
}

}  // namespace morgue
