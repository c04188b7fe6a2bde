#include "query/lexer.h"

#include <string>
#include <utility>

#include "morgue/error.h"

namespace morgue {
namespace {

struct FieldAlias {
  std::string_view alias;
  std::string_view name;
};

constexpr FieldAlias kFieldAliases[] = {
    {"headline", "headline"},
    {"title", "headline"},
    {"body", "body"},
    {"quote", "quote"},
    {"quotes", "quote"},
    {"caption", "caption"},
    {"captions", "caption"},
    {"person", "person"},
    {"org", "org"},
    {"organisation", "org"},
    {"organization", "org"},
    {"place", "place"},
    {"topic", "topic"},
    {"section", "section"},
    {"source", "source"},
    {"lang", "lang"},
    {"language", "lang"},
    {"speaker", "speaker"},
    {"id", "id"},
    {"date", "date"},
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

  std::vector<QueryToken> Run() {
    while (true) {
      SkipSpaces();
      if (i_ >= text_.size()) break;
      const char c = text_[i_];
      if (c == '(') {
        Push(QueryTokenKind::kLParen, text_.substr(i_, 1), i_);
        ++i_;
      } else if (c == ')') {
        Push(QueryTokenKind::kRParen, text_.substr(i_, 1), i_);
        ++i_;
      } else if (QuoteAt(text_, i_)) {
        LexPhrase();
      } else if (c == '-' && i_ + 1 < text_.size() && !IsSpace(text_[i_ + 1]) &&
                 text_[i_ + 1] != ')' && text_[i_ + 1] != '-') {
        Push(QueryTokenKind::kMinus, text_.substr(i_, 1), i_);
        ++i_;
      } else if (!LexField()) {
        LexWord(/*is_value=*/false);
      }
    }
    Push(QueryTokenKind::kEnd, {}, text_.size());
    return std::move(tokens_);
  }

 private:
  void Push(QueryTokenKind kind, std::string_view text, size_t position) {
    QueryToken t;
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
        Push(QueryTokenKind::kPhrase, text_.substr(start, j - start), open);
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
      throw Error(ErrorCode::kQuerySyntax, "unknown field \"" + std::string(name) +
                                               "\" at position " + std::to_string(i_) +
                                               " (known fields: " + KnownFieldList() + ")")
          .WithPosition(static_cast<int64_t>(i_));
    }
    const size_t field_position = i_;
    Push(QueryTokenKind::kField, field, field_position);
    i_ = j + 1;
    if (i_ >= text_.size() || IsSpace(text_[i_]) || text_[i_] == ')') {
      Fail("empty value for field \"" + std::string(name) + ":\"", field_position);
    }
    if (text_[i_] == '(') {
      Push(QueryTokenKind::kLParen, text_.substr(i_, 1), i_);
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
    while (i_ < text_.size() && !IsSpace(text_[i_]) && text_[i_] != '(' && text_[i_] != ')' &&
           !QuoteAt(text_, i_)) {
      ++i_;
    }
    std::string_view word = text_.substr(start, i_ - start);
    if (!is_value && LexOperator(word, start)) return;
    QueryToken t;
    t.kind = QueryTokenKind::kWord;
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
    QueryTokenKind kind;
    if (word == "AND") {
      kind = QueryTokenKind::kAnd;
    } else if (word == "OR") {
      kind = QueryTokenKind::kOr;
    } else if (word == "NOT") {
      kind = QueryTokenKind::kNot;
    } else if (word.substr(0, 4) == "NEAR" && (word.size() == 4 || word[4] == '/')) {
      kind = QueryTokenKind::kNear;
    } else {
      return false;
    }
    QueryToken t;
    t.kind = kind;
    t.text = word;
    t.position = start;
    if (kind == QueryTokenKind::kNear) {
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
  std::vector<QueryToken> tokens_;
};

}  // namespace

const char* KnownFieldList() {
  return "headline (title), body, quote, caption, person, org, place, topic, section, "
         "source, lang, speaker, id, date";
}

std::vector<QueryToken> LexQuery(std::string_view text) { return Lexer(text).Run(); }

}  // namespace morgue
