#include "query/lexer.h"

#include <string>
#include <utility>

#include "morgue/error.h"

namespace morgue {

void FailQuerySyntax(const std::string& message, size_t position) {
  throw Error(ErrorCode::kQuerySyntax, message + " at position " + std::to_string(position))
      .WithPosition(static_cast<int64_t>(position));
}

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

bool EndsToken(std::string_view text, size_t i) {
  return i >= text.size() || IsSpace(text[i]) || text[i] == ')' || text[i] == '(' ||
         QuoteAt(text, i);
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
      } else if (c == '@' && i_ + 1 < text_.size() &&
                 ((text_[i_ + 1] | 0x20) >= 'a' && (text_[i_ + 1] | 0x20) <= 'z')) {
        LexSaved();
      } else if (c == '-' && i_ + 1 < text_.size() && !IsSpace(text_[i_ + 1]) &&
                 text_[i_ + 1] != ')' && text_[i_ + 1] != '-') {
        Push(QueryTokenKind::kMinus, text_.substr(i_, 1), i_);
        ++i_;
      } else if ((c == '!' || c == '+') && !LexPrefixOperator(c)) {
        LexWord(/*field=*/{});
      } else if (c != '!' && c != '+' && !LexField()) {
        LexWord(/*field=*/{});
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

  // '!' (Lucene's NOT) or '+' (Lucene's required) at `i_`: directly before
  // an operand it is an operator (true, pushed); alone it is an error; in a
  // run ("!!!", "++x") it is text (false).
  bool LexPrefixOperator(char c) {
    const size_t next = i_ + 1;
    if (next >= text_.size() || IsSpace(text_[next]) || text_[next] == ')') {
      if (c == '!')
        FailQuerySyntax("a lone '!' is not an operator here: write NOT, or '-' before a word", i_);
      FailQuerySyntax("a lone '+' is not an operator here: write AND", i_);
    }
    if (text_[next] == c) return false;
    Push(c == '!' ? QueryTokenKind::kMinus : QueryTokenKind::kPlus, text_.substr(i_, 1), i_);
    ++i_;
    return true;
  }

  void LexPhrase() {
    const size_t open = i_;
    const size_t start = i_ + QuoteAt(text_, i_);
    for (size_t j = start; j < text_.size(); ++j) {
      if (size_t q = QuoteAt(text_, j)) {
        Push(QueryTokenKind::kPhrase, text_.substr(start, j - start), open);
        i_ = j + q;
        if (i_ < text_.size() && text_[i_] == '~') LexProximity();
        return;
      }
    }
    FailQuerySyntax("unbalanced quote: the quote is never closed", open);
  }

  // "a b"~N: the phrase's words within N positions of each other.
  void LexProximity() {
    const size_t tilde = i_++;
    unsigned n = 0;
    size_t digits = 0;
    while (i_ < text_.size() && IsDigit(text_[i_]) && digits < 5) {
      n = n * 10 + static_cast<unsigned>(text_[i_] - '0');
      ++i_;
      ++digits;
    }
    if (digits == 0 || digits > 4 || n == 0 || !EndsToken(text_, i_) ||
        (i_ < text_.size() && text_[i_] == '(')) {
      FailQuerySyntax("\"...\"~ needs a distance from 1 to 9999 (e.g. \"oil price\"~5)", tilde);
    }
    tokens_.back().window = n;
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
      FailQuerySyntax("empty value for field \"" + std::string(name) + ":\"", field_position);
    }
    if (text_[i_] == '(') {
      Push(QueryTokenKind::kLParen, text_.substr(i_, 1), i_);
      ++i_;
    } else if (QuoteAt(text_, i_)) {
      LexPhrase();
    } else if (field == "date" && (text_[i_] == '[' || text_[i_] == '{')) {
      LexDateRange();
    } else {
      LexWord(field);
    }
    return true;
  }

  // date:[A TO B], inclusive; '*' for an open end.
  void LexDateRange() {
    const size_t open = i_;
    size_t close = open + 1;
    while (close < text_.size() && text_[close] != ']' && text_[close] != '}') ++close;
    if (close >= text_.size()) FailQuerySyntax("unbalanced bracket: '[' is never closed", open);
    if (text_[open] == '{' || text_[close] == '}') {
      FailQuerySyntax(
          "exclusive ranges ({a TO b}) are not supported: write date:[a TO b] (inclusive)", open);
    }
    // Three words: A TO B.
    std::vector<std::pair<std::string_view, size_t>> words;
    for (size_t k = open + 1; k < close;) {
      while (k < close && IsSpace(text_[k])) ++k;
      const size_t w = k;
      while (k < close && !IsSpace(text_[k])) ++k;
      if (k > w) words.emplace_back(text_.substr(w, k - w), w);
    }
    if (words.size() != 3 || words[1].first != "TO") {
      FailQuerySyntax(
          "a date range is written date:[1987-03-01 TO 1987-03-15] ('*' for an open end)", open);
    }
    QueryToken t;
    t.kind = QueryTokenKind::kWord;
    t.range = true;
    t.text = words[0].first == "*" ? std::string_view() : words[0].first;
    t.position = words[0].second;
    t.range_to = words[2].first == "*" ? std::string_view() : words[2].first;
    t.range_to_position = words[2].second;
    if (t.text.empty() && t.range_to.empty()) {
      FailQuerySyntax("a date range needs at least one end", open);
    }
    tokens_.push_back(t);
    i_ = close + 1;
    if (!EndsToken(text_, i_)) FailQuerySyntax("unexpected text after the date range", i_);
  }

  // Characters of other engines' syntax that an unquoted word may not hold.
  // `field`: the field whose value the word is ("" for a bare word).
  void CheckWord(std::string_view word, size_t start, std::string_view field) const {
    for (size_t k = 0; k < word.size(); ++k) {
      const char c = word[k];
      const size_t at = start + k;
      if (c == '~') {
        FailQuerySyntax(
            "'~' is not supported here: fuzzy words (word~) and synonyms (~word) are not "
            "searched; proximity is \"a b\"~N or a NEAR/N b",
            at);
      }
      if (c == '^') {
        FailQuerySyntax(
            "'^' (a boost, or FTS5's start of a column) is not supported: morgue weights the "
            "fields itself (docs/ranking.md)",
            at);
      }
      if (c == '[' || c == ']' || c == '{' || c == '}') {
        FailQuerySyntax("ranges ([a TO b]) are only for dates: date:[1987-03-01 TO 1987-03-15]",
                        at);
      }
      if (c == '|') FailQuerySyntax("'|' is OR only on its own, between spaces: write a OR b", at);
      if (c == '&' && k + 1 < word.size() && word[k + 1] == '&') {
        FailQuerySyntax("'&&' is AND only on its own, between spaces: write a AND b", at);
      }
      if (c == '.' && field != "date" && k > 0 && k + 2 < word.size() && word[k + 1] == '.' &&
          IsDigit(word[k - 1]) && IsDigit(word[k + 2])) {
        FailQuerySyntax("ranges (a..b) are only for dates: date:1987-03-01..1987-03-15",
                        start + k - 1);
      }
    }
  }

  // @name: the name is the rest of the word (checked by the parser).
  void LexSaved() {
    const size_t at = i_;
    ++i_;
    while (!EndsToken(text_, i_)) ++i_;
    Push(QueryTokenKind::kSaved, text_.substr(at + 1, i_ - at - 1), at);
  }

  void LexWord(std::string_view field) {
    const size_t start = i_;
    while (i_ < text_.size() && !IsSpace(text_[i_]) && text_[i_] != '(' && text_[i_] != ')' &&
           !QuoteAt(text_, i_)) {
      ++i_;
    }
    std::string_view word = text_.substr(start, i_ - start);
    if (field.empty() && LexOperator(word, start)) return;
    CheckWord(word, start, field);
    QueryToken t;
    t.kind = QueryTokenKind::kWord;
    t.position = start;
    t.wildcard = word.find_first_of("*?") != std::string_view::npos;
    t.text = word;
    tokens_.push_back(t);
  }

  bool LexOperator(std::string_view word, size_t start) {
    QueryTokenKind kind;
    if (word == "AND" || word == "&&") {
      kind = QueryTokenKind::kAnd;
    } else if (word == "OR" || word == "||" || word == "|") {
      kind = QueryTokenKind::kOr;
    } else if (word == "NOT") {
      kind = QueryTokenKind::kNot;
    } else if (word.substr(0, 4) == "NEAR" && (word.size() == 4 || word[4] == '/')) {
      kind = QueryTokenKind::kNear;
    } else if (word == "&") {
      FailQuerySyntax("a lone '&' is not an operator: write AND", start);
    } else if (word == "ADJ" || word.starts_with("ADJ/")) {
      FailQuerySyntax(
          "ADJ (Xapian) is not an operator here: write a NEAR/n b (any order) or \"a b\" (in "
          "order); write adj in lower case to search for the word",
          start);
    } else if (word == "XOR" || word == "PHRASE" || word == "AROUND") {
      FailQuerySyntax(
          std::string(word) +
              " is not an operator here (operators: AND, OR, NOT, NEAR/n); write it in lower "
              "case to search for the word" +
              (word == "AROUND" ? "; Google's AROUND(n) is a NEAR/n b" : ""),
          start);
    } else {
      return false;
    }
    QueryToken t;
    t.kind = kind;
    t.text = word;
    t.position = start;
    if (kind == QueryTokenKind::kNear) {
      if (i_ < text_.size() && text_[i_] == '(') {
        FailQuerySyntax("NEAR(a b, n) is SQLite FTS5's syntax: write a NEAR/n b", start);
      }
      t.window = 10;
      if (word.size() > 4) {
        const std::string_view digits = word.substr(5);
        unsigned n = 0;
        bool ok = !digits.empty() && digits.size() <= 4;
        for (char d : digits) {
          ok = ok && IsDigit(d);
          if (ok) n = n * 10 + static_cast<unsigned>(d - '0');
        }
        if (!ok || n == 0)
          FailQuerySyntax("NEAR/ needs a distance from 1 to 9999 (e.g. NEAR/5)", start);
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
