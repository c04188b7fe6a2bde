#include "query/lexer.h"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "morgue/error.h"

namespace morgue::query {
namespace {

constexpr size_t kMaxWordBytes = 64;  // Xapian::TermGenerator's default max_word_length

struct FieldAlias {
  std::string_view alias;
  std::string_view name;
};

constexpr FieldAlias kFieldAliases[] = {
    {"headline", "headline"}, {"title", "headline"},    {"body", "body"},
    {"quote", "quote"},       {"quotes", "quote"},      {"caption", "caption"},
    {"captions", "caption"},  {"person", "person"},     {"org", "org"},
    {"organisation", "org"},  {"organization", "org"},  {"place", "place"},
    {"topic", "topic"},       {"section", "section"},   {"source", "source"},
    {"lang", "lang"},         {"language", "lang"},     {"speaker", "speaker"},
    {"id", "id"},             {"date", "date"},
};

[[noreturn]] void Fail(const std::string& message, size_t position) {
  throw Error(ErrorCode::kQuerySyntax, message + " at position " + std::to_string(position))
      .WithPosition(static_cast<int64_t>(position));
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length in bytes of an opening/closing quote at `i` (", U+201C, U+201D), or 0.
size_t QuoteAt(std::string_view text, size_t i) {
  if (text[i] == '"') return 1;
  if (text.size() - i >= 3 && text[i] == '\xE2' && text[i + 1] == '\x80' &&
      (text[i + 2] == '\x9C' || text[i + 2] == '\x9D')) {
    return 3;
  }
  return 0;
}

std::string_view LookUpField(std::string_view name) {
  for (const FieldAlias& f : kFieldAliases) {
    if (f.alias.size() != name.size()) continue;
    bool same = true;
    for (size_t k = 0; k < name.size() && same; ++k) {
      same = (name[k] | 0x20) == f.alias[k];
    }
    if (same) return f.name;
  }
  return {};
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> Run() {
    while (true) {
      SkipSpaces();
      if (i_ >= text_.size()) break;
      const char c = text_[i_];
      if (c == '(') {
        Push(TokenKind::kLParen, text_.substr(i_, 1), i_);
        ++i_;
      } else if (c == ')') {
        Push(TokenKind::kRParen, text_.substr(i_, 1), i_);
        ++i_;
      } else if (QuoteAt(text_, i_)) {
        LexPhrase();
      } else if (c == '-' && i_ + 1 < text_.size() && !IsSpace(text_[i_ + 1]) &&
                 text_[i_ + 1] != ')' && text_[i_ + 1] != '-') {
        Push(TokenKind::kMinus, text_.substr(i_, 1), i_);
        ++i_;
      } else if (!LexField()) {
        LexWord(/*is_value=*/false);
      }
    }
    Push(TokenKind::kEnd, {}, text_.size());
    return std::move(tokens_);
  }

 private:
  void Push(TokenKind kind, std::string_view text, size_t position) {
    Token t;
    t.kind = kind;
    t.text = text;
    t.position = position;
    tokens_.push_back(t);
  }

  void SkipSpaces() {
    while (i_ < text_.size() && IsSpace(text_[i_])) ++i_;
  }

  void LexPhrase() {
    const size_t open = i_;
    const size_t start = i_ + QuoteAt(text_, i_);
    for (size_t j = start; j < text_.size(); ++j) {
      if (size_t q = QuoteAt(text_, j)) {
        Push(TokenKind::kPhrase, text_.substr(start, j - start), open);
        i_ = j + q;
        return;
      }
    }
    Fail("unbalanced quote: the quote is never closed", open);
  }

  // `name:` where name is alphabetic: a field (known) or an error (unknown).
  bool LexField() {
    size_t j = i_;
    while (j < text_.size() && IsAsciiAlpha(text_[j])) ++j;
    if (j == i_ || j >= text_.size() || text_[j] != ':') return false;
    const std::string_view name = text_.substr(i_, j - i_);
    const std::string_view field = LookUpField(name);
    if (field.empty()) {
      throw Error(ErrorCode::kQuerySyntax,
                  "unknown field \"" + std::string(name) + "\" at position " +
                      std::to_string(i_) + " (known fields: " + KnownFieldList() + ")")
          .WithPosition(static_cast<int64_t>(i_));
    }
    const size_t field_position = i_;
    Push(TokenKind::kField, field, field_position);
    i_ = j + 1;
    if (i_ >= text_.size() || IsSpace(text_[i_]) || text_[i_] == ')') {
      Fail("empty value for field \"" + std::string(name) + ":\"", field_position);
    }
    if (text_[i_] == '(') {
      Push(TokenKind::kLParen, text_.substr(i_, 1), i_);
      ++i_;
    } else if (QuoteAt(text_, i_)) {
      LexPhrase();
    } else {
      LexWord(/*is_value=*/true);
    }
    return true;
  }

  void LexWord(bool is_value) {
    const size_t start = i_;
    while (i_ < text_.size() && !IsSpace(text_[i_]) && text_[i_] != '(' &&
           text_[i_] != ')' && !QuoteAt(text_, i_)) {
      ++i_;
    }
    std::string_view word = text_.substr(start, i_ - start);
    if (!is_value && LexOperator(word, start)) return;
    Token t;
    t.kind = TokenKind::kWord;
    t.position = start;
    while (!word.empty() && word.back() == '*') {
      word.remove_suffix(1);
      t.wildcard = true;
    }
    if (word.find('*') != std::string_view::npos) {
      Fail("a wildcard '*' is only allowed at the end of a word", start + word.find('*'));
    }
    if (t.wildcard && word.empty()) Fail("wildcard needs at least 2 letters", start);
    t.text = word;
    tokens_.push_back(t);
  }

  bool LexOperator(std::string_view word, size_t start) {
    TokenKind kind;
    if (word == "AND") {
      kind = TokenKind::kAnd;
    } else if (word == "OR") {
      kind = TokenKind::kOr;
    } else if (word == "NOT") {
      kind = TokenKind::kNot;
    } else if (word.substr(0, 4) == "NEAR" && (word.size() == 4 || word[4] == '/')) {
      kind = TokenKind::kNear;
    } else {
      return false;
    }
    Token t;
    t.kind = kind;
    t.text = word;
    t.position = start;
    if (kind == TokenKind::kNear) {
      t.window = 10;
      if (word.size() > 4) {
        const std::string_view digits = word.substr(5);
        unsigned n = 0;
        bool ok = !digits.empty() && digits.size() <= 4;
        for (char d : digits) {
          ok = ok && IsDigit(d);
          if (ok) n = n * 10 + static_cast<unsigned>(d - '0');
        }
        if (!ok || n == 0) Fail("NEAR/ needs a distance from 1 to 9999 (e.g. NEAR/5)", start);
        t.window = n;
      }
    }
    tokens_.push_back(t);
    return true;
  }

  std::string_view text_;
  size_t i_ = 0;
  std::vector<Token> tokens_;
};

// Thread-local TermGenerator writing into a scratch document.
struct TermScratch {
  Xapian::TermGenerator generator;
  Xapian::Document document;
  TermScratch() { generator.set_document(document); }
};

}  // namespace

const char* KnownFieldList() {
  return "headline (title), body, quote, caption, person, org, place, topic, section, "
         "source, lang, speaker, id, date";
}

std::vector<Token> Lex(std::string_view text) { return Lexer(text).Run(); }

std::vector<std::string> TextTerms(std::string_view text) {
  // Fast path: a plain ASCII alphanumeric word is its own lower-cased term.
  if (!text.empty() && text.size() <= kMaxWordBytes &&
      std::all_of(text.begin(), text.end(),
                  [](char c) { return IsAsciiAlpha(c) || IsDigit(c); })) {
    std::string term(text);
    for (char& c : term) c = static_cast<char>(c | (IsAsciiAlpha(c) ? 0x20 : 0));
    return {std::move(term)};
  }
  thread_local TermScratch scratch;
  scratch.document.clear_terms();
  scratch.generator.set_termpos(0);
  scratch.generator.index_text(Xapian::Utf8Iterator(text.data(), text.size()));
  std::vector<std::pair<Xapian::termpos, std::string>> placed;
  for (auto t = scratch.document.termlist_begin(); t != scratch.document.termlist_end(); ++t) {
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      placed.emplace_back(*p, *t);
    }
  }
  std::sort(placed.begin(), placed.end());
  std::vector<std::string> terms;
  terms.reserve(placed.size());
  for (auto& [position, term] : placed) terms.push_back(std::move(term));
  return terms;
}

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool StartsWithLetter(std::string_view term) {
  if (term.empty()) return false;
  constexpr unsigned kLetterMask = (1u << Xapian::Unicode::LOWERCASE_LETTER) |
                                   (1u << Xapian::Unicode::UPPERCASE_LETTER) |
                                   (1u << Xapian::Unicode::TITLECASE_LETTER) |
                                   (1u << Xapian::Unicode::MODIFIER_LETTER) |
                                   (1u << Xapian::Unicode::OTHER_LETTER);
  const unsigned ch = *Xapian::Utf8Iterator(term.data(), term.size());
  return (kLetterMask >> Xapian::Unicode::get_category(ch)) & 1;
}

std::string LowerCollapse(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
    const unsigned ch = *it;
    if (Xapian::Unicode::is_whitespace(ch)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
  }
  return out;
}

namespace {

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

int ToInt(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

std::string DayKey(int year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

}  // namespace

std::optional<std::string> ParseDayBound(std::string_view s, bool upper, std::string& key) {
  std::string_view y, m, d;
  if (s.size() == 4) {
    y = s;
  } else if (s.size() == 7 && s[4] == '-') {
    y = s.substr(0, 4), m = s.substr(5, 2);
  } else if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  } else if (s.size() == 8) {
    y = s.substr(0, 4), m = s.substr(4, 2), d = s.substr(6, 2);
  }
  if (!AllDigits(y) || (!m.empty() && !AllDigits(m)) || (!d.empty() && !AllDigits(d))) {
    return "bad date \"" + std::string(s) + "\" (use YYYY, YYYY-MM or YYYY-MM-DD)";
  }
  const int year = ToInt(y);
  const int month = m.empty() ? (upper ? 12 : 1) : ToInt(m);
  if (year == 0 || month < 1 || month > 12) return "impossible date \"" + std::string(s) + "\"";
  const int last = DaysInMonth(year, month);
  const int day = d.empty() ? (upper ? last : 1) : ToInt(d);
  if (day < 1 || day > last) return "impossible date \"" + std::string(s) + "\"";
  key = DayKey(year, month, day);
  return std::nullopt;
}

std::optional<std::string> ParseDayRange(std::string_view text, DayRange& range,
                                         size_t& error_offset) {
  const size_t dots = text.find("..");
  error_offset = 0;
  if (dots == std::string_view::npos) {
    if (auto e = ParseDayBound(text, false, range.from)) return e;
    ParseDayBound(text, true, range.to);
    return std::nullopt;
  }
  const std::string_view low = text.substr(0, dots);
  const std::string_view high = text.substr(dots + 2);
  if (low.empty() && high.empty()) return std::string("a date range needs at least one end");
  range.from.clear();
  range.to.clear();
  if (!low.empty()) {
    if (auto e = ParseDayBound(low, false, range.from)) return e;
  }
  if (!high.empty()) {
    error_offset = dots + 2;
    if (auto e = ParseDayBound(high, true, range.to)) return e;
  }
  if (!range.from.empty() && !range.to.empty() && range.from > range.to) {
    error_offset = 0;
    return "date range \"" + std::string(text) + "\" ends before it starts";
  }
  return std::nullopt;
}

}  // namespace morgue::query
