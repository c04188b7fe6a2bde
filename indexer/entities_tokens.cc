// Tokenizer and phrase reader: byte loops, no allocation beyond the output.
#include "indexer/entities_tokens.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>

#include "indexer/entities_words.h"

namespace morgue {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsAsciiUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(unsigned char c) { return c >= 'a' && c <= 'z'; }

// Length of the UTF-8 sequence starting with `b`.
size_t SeqLen(unsigned char b) { return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1; }

// Non-ASCII sequences that are punctuation or space rather than letters:
// U+0080..U+00BF (NBSP, «, », ·) and U+2000..U+206F (dashes, curly quotes,
// bullets, ellipsis, thin spaces).
bool IsNonAsciiPunct(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 == 0xC2) return true;
  if (b0 == 0xE2 && i + 1 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    return b1 == 0x80 || b1 == 0x81;
  }
  return b0 == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80';
}

bool IsSpaceSeq(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 == ' ' || b0 == '\t' || b0 == '\n' || b0 == '\r' || b0 == '\f' || b0 == '\v') {
    return true;
  }
  if (b0 == 0xC2 && i + 1 < s.size()) return static_cast<unsigned char>(s[i + 1]) == 0xA0;
  return false;
}

// Letter-like: ASCII alnum or a non-ASCII sequence that is not punctuation.
bool IsWordAt(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return IsAsciiAlnum(b);
  return b >= 0xC3 && !IsNonAsciiPunct(s, i);
}

// An upper-case or title-case letter in any script (ICU's character
// properties: "Łukasz", "Ńeman", "Žižek", "Ørsted", "Ωmega", "Москва").
// Invalid UTF-8 is no letter.
bool IsUpperAt(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return IsAsciiUpper(b);
  const auto length = static_cast<int32_t>(std::min<size_t>(s.size() - i, 4));
  int32_t offset = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data() + i), offset, length, c);
  return c >= 0 && (u_isupper(c) || u_istitle(c));
}

bool IsLowerAt(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return IsAsciiLower(b);
  return IsWordAt(s, i) && !IsUpperAt(s, i);
}

// Dotted initials "U.S." / "U.S.A." starting at `i`: returns the end or `i`.
size_t AbbrevEnd(std::string_view s, size_t i) {
  size_t j = i;
  int letters = 0;
  while (j + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[j])) && s[j + 1] == '.') {
    ++letters;
    j += 2;
  }
  if (letters < 2) return i;
  if (j < s.size() && IsAsciiAlnum(static_cast<unsigned char>(s[j]))) return i;  // "U.S.based"?
  return j;
}

bool EndsSentence(std::string_view text, const std::vector<Token>& out, char c) {
  if (c == '!' || c == '?' || c == ':' || c == ';') return true;
  if (c != '.' || out.empty()) return c == '.';
  const Token& prev = out.back();
  if (prev.kind != TokenKind::kWord) return true;
  const std::string_view word = TokenText(text, prev);
  if (word.size() == 1 && prev.capitalised) return false;  // an initial: "James A. Baker"
  return !IsNonFinalAbbreviation(word);
}

}  // namespace

void Tokenize(std::string_view text, std::vector<Token>& out) {
  out.clear();
  bool next_starts_sentence = true;
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpaceSeq(text, i)) {
      i += SeqLen(static_cast<unsigned char>(text[i]));
      continue;
    }
    Token t;
    t.begin = static_cast<uint32_t>(i);
    if (IsWordAt(text, i)) {
      const size_t abbrev = AbbrevEnd(text, i);
      bool has_lower = false;
      bool has_letter = false;
      if (abbrev > i) {
        t.kind = TokenKind::kAbbrev;
        for (size_t k = i; k < abbrev; ++k) {
          has_lower |= IsAsciiLower(static_cast<unsigned char>(text[k]));
        }
        has_letter = true;
        i = abbrev;
      } else {
        t.kind = TokenKind::kWord;
        while (i < text.size()) {
          if (IsWordAt(text, i)) {
            has_letter |= !std::isdigit(static_cast<unsigned char>(text[i]));
            has_lower |= IsLowerAt(text, i);
            i += SeqLen(static_cast<unsigned char>(text[i]));
            continue;
          }
          // Inner apostrophe, hyphen or ampersand joined to a following letter.
          const char c = text[i];
          size_t join = 0;
          if (c == '\'' || c == '-' || c == '&') join = 1;
          if (text.compare(i, 3, "\xE2\x80\x99") == 0) join = 3;  // ’
          if (join == 0 || i + join >= text.size() || !IsWordAt(text, i + join)) break;
          if (c == '&' && !(IsUpperAt(text, i - 1) && IsUpperAt(text, i + 1))) break;
          i += join;
        }
      }
      t.capitalised = IsUpperAt(text, t.begin);
      t.all_caps = has_letter && !has_lower;
      t.sentence_start = next_starts_sentence;
      next_starts_sentence = false;
    } else {
      t.kind = TokenKind::kPunct;
      const char c = text[i];
      if (EndsSentence(text, out, c)) next_starts_sentence = true;
      // Opening quotes, bullets and dashes start a new clause.
      if (c == '"' || IsNonAsciiPunct(text, i)) next_starts_sentence = true;
      i += SeqLen(static_cast<unsigned char>(c));
    }
    // A multi-byte character cut off by the end of the text: the token ends
    // with the text.
    if (i > text.size()) i = text.size();
    t.end = static_cast<uint32_t>(i);
    out.push_back(t);
  }
}

bool IsAllCapsText(std::string_view text) {
  bool letter = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (IsAsciiLower(b)) return false;
    letter |= IsAsciiUpper(b);
  }
  return letter;
}

namespace {

bool IsNameToken(std::string_view /*text*/, const Token& t) {
  if (t.kind == TokenKind::kAbbrev) return t.capitalised;
  return t.kind == TokenKind::kWord && t.capitalised;
}

bool IsInitialDot(std::string_view text, const std::vector<Token>& tokens, uint32_t i) {
  // The '.' after a single capital ("A.") or after "St" inside a name.
  if (i == 0 || TokenText(text, tokens[i]) != ".") return false;
  const Token& prev = tokens[i - 1];
  if (prev.kind != TokenKind::kWord || !prev.capitalised) return false;
  const std::string_view w = TokenText(text, prev);
  return w.size() == 1 || w == "St" || w == "Mt" || w == "Jr" || IsTitleWord(w);
}

}  // namespace

Span ReadPhraseForward(std::string_view text, const std::vector<Token>& tokens, uint32_t i) {
  const auto n = static_cast<uint32_t>(tokens.size());
  // Skip stop words that open a sentence or phrase ("The", "But").
  while (i < n && tokens[i].kind == TokenKind::kWord && IsStopWord(TokenText(text, tokens[i]))) {
    ++i;
  }
  if (i >= n || !IsNameToken(text, tokens[i])) return {};
  Span s{i, i + 1};
  uint32_t j = i + 1;
  while (j < n) {
    if (IsNameToken(text, tokens[j]) && !IsStopWord(TokenText(text, tokens[j]))) {
      s.last = ++j;
    } else if (IsInitialDot(text, tokens, j) && j + 1 < n && IsNameToken(text, tokens[j + 1])) {
      ++j;
    } else if (tokens[j].kind == TokenKind::kWord && !tokens[j].capitalised &&
               IsNameConnector(TokenText(text, tokens[j]))) {
      // Connectors only between capitalised words: "Bank of Japan". "the"
      // only after another connector ("Bank of the West"); "and" only after
      // the first word or after "on" ("Securities and Exchange Commission",
      // "Conference on Trade and Development"), not between two names
      // ("Bank of Japan and OPEC").
      const std::string_view c = TokenText(text, tokens[j]);
      if (c == "the") break;
      if (c == "and" && j != s.first + 1 && !(j >= 2 && TokenText(text, tokens[j - 2]) == "on")) {
        break;
      }
      uint32_t k = j + 1;
      if (k < n && TokenText(text, tokens[k]) == "the" && c != "and") ++k;
      if (k < n && IsNameToken(text, tokens[k]) && !IsStopWord(TokenText(text, tokens[k]))) {
        j = k;
      } else {
        break;
      }
    } else {
      break;
    }
  }
  return s;
}

Span ReadPhraseBackward(std::string_view text, const std::vector<Token>& tokens, uint32_t end) {
  if (end == 0) return {};
  uint32_t j = end;
  uint32_t start = end;
  while (j > 0) {
    const Token& t = tokens[j - 1];
    if (IsNameToken(text, t)) {
      start = --j;
      if (t.sentence_start) break;
    } else if (IsInitialDot(text, tokens, j - 1) && start == j) {
      --j;
    } else if (t.kind == TokenKind::kWord && !t.capitalised &&
               IsNameConnector(TokenText(text, t)) && start == j && j >= 2 &&
               IsNameToken(text, tokens[j - 2])) {
      --j;
    } else {
      break;
    }
  }
  if (start >= end) return {};
  Span s = ReadPhraseForward(text, tokens, start);
  s.last = std::min(s.last, end);
  return s;
}

}  // namespace morgue
