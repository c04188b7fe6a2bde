// Recursive-descent parser for the query language (docs/query-language.md):
//
//   query := or
//   or    := seq ("OR" seq)*
//   seq   := and+                       implicit AND (or OR, see default_and)
//   and   := not ("AND" not)*
//   not   := "NOT" not | near
//   near  := signed ("NEAR" ["/" n] signed)*
//   signed:= ("-" | "!" | "+") atom | atom
//   atom  := "(" or ")" | word | pattern | "phrase" | "phrase"~n
//          | field ":" (word | pattern | "phrase" | "phrase"~n | "(" or ")")
//          | "date:" (dates | "[" date "TO" date "]")
#include "query/parse.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "morgue/error.h"
#include "query/day_range.h"
#include "query/lexer.h"
#include "query/text_terms.h"

namespace morgue {
namespace {

using Kind = QueryNode::Kind;
using Node = std::shared_ptr<QueryNode>;

Node MakeNode(Kind kind, std::vector<std::shared_ptr<const QueryNode>> children = {}) {
  auto n = std::make_shared<QueryNode>();
  n->kind = kind;
  n->children = std::move(children);
  return n;
}

// Words side by side: one word is itself, unless it is the whole query
// (whose filters are grouped).
Node Seq(std::vector<Node> items, bool top) {
  if (items.size() == 1 && !top) return std::move(items[0]);
  Node n = MakeNode(Kind::kSeq,
                    std::vector<std::shared_ptr<const QueryNode>>(items.begin(), items.end()));
  n->top = top;
  return n;
}

// NOT `n`; NOT NOT x is x.
Node Negate(Node n) {
  if (n->kind == Kind::kNot) return std::const_pointer_cast<QueryNode>(n->children[0]);
  return MakeNode(Kind::kNot, {std::move(n)});
}

// A filter (or date) in parentheses of its own, behind any NOTs: it takes
// part as written, never grouped with the filters beside it.
Node MarkParenthesized(const Node& e) {
  if (e->kind != Kind::kFilter && e->kind != Kind::kDates && e->kind != Kind::kNot &&
      e->kind != Kind::kWord) {
    return e;
  }
  auto copy = std::make_shared<QueryNode>(*e);
  if (e->kind == Kind::kNot) {
    copy->children[0] = MarkParenthesized(std::const_pointer_cast<QueryNode>(e->children[0]));
  } else {
    copy->parenthesized = true;
  }
  return copy;
}

bool IsText(const Node& n) {
  return n->kind == Kind::kWord || n->kind == Kind::kPhrase || n->kind == Kind::kPrefix;
}

class Parser {
 public:
  // What the expansion of @names shares across the parsers of one query.
  struct Expansion {
    const SavedQueryLookup* lookup = nullptr;
    std::vector<std::string> chain;  // the names being expanded, outermost first
    size_t bytes = 0;                // saved text expanded so far
  };

  Parser(std::string_view text, const Today& today, Expansion& expansion)
      : text_(text), tokens_(LexQuery(text)), today_(today), expansion_(expansion) {}

  // The whole query text; nullptr when it is blank.
  Node ParseAll();

 private:
  const QueryToken& Peek() const { return tokens_[next_]; }
  const QueryToken& Next() { return tokens_[next_++]; }
  static bool StartsOperand(const QueryToken& t) {
    return t.kind == QueryTokenKind::kWord || t.kind == QueryTokenKind::kPhrase ||
           t.kind == QueryTokenKind::kField || t.kind == QueryTokenKind::kLParen ||
           t.kind == QueryTokenKind::kMinus || t.kind == QueryTokenKind::kPlus ||
           t.kind == QueryTokenKind::kNot || t.kind == QueryTokenKind::kSaved;
  }
  void Enter(size_t position) {
    if (++depth_ > kMaxQueryDepth) FailTooDeep(position);
  }
  size_t Offset(std::string_view inside) const {
    return static_cast<size_t>(inside.data() - text_.data());
  }

  Node ParseOr(bool top);
  std::vector<Node> ParseSeq();
  Node ParseAnd();
  Node ParseNot();
  Node ParseNear();
  Node ParseSigned();
  Node ParseAtom();
  Node ParseGroup();
  Node ParseField();
  Node TextNode(const QueryToken& token, TextField field);
  Node PatternNode(const QueryToken& token, TextField field);
  Node NearNode(std::vector<Node> operands, unsigned distance);
  Node DateNode(const QueryToken& value);
  Node SavedNode(const QueryToken& token);

  std::string_view text_;
  std::vector<QueryToken> tokens_;
  const Today& today_;
  Expansion& expansion_;
  size_t next_ = 0;
  int depth_ = 0;
  TextField scope_ = TextField::kAll;
};

Node Parser::ParseAll() {
  if (Peek().kind == QueryTokenKind::kEnd) return nullptr;
  Node e = ParseOr(/*top=*/true);
  if (Peek().kind == QueryTokenKind::kRParen) {
    FailQuerySyntax("unbalanced parenthesis: ')' has no matching '('", Peek().position);
  }
  if (Peek().kind != QueryTokenKind::kEnd) {
    FailQuerySyntax("unexpected \"" + std::string(Peek().text) + "\"", Peek().position);
  }
  if (!e) FailQuerySyntax("the query has no searchable words", 0);
  return e;
}

Node Parser::ParseOr(bool top) {
  std::vector<std::vector<Node>> seqs;
  size_t start = next_;
  seqs.push_back(ParseSeq());
  while (Peek().kind == QueryTokenKind::kOr) {
    const QueryToken& op = Next();
    if (next_ - 1 == start) FailQuerySyntax("OR needs something to search before it", op.position);
    if (!StartsOperand(Peek()))
      FailQuerySyntax("OR needs something to search after it", op.position);
    start = next_;
    seqs.push_back(ParseSeq());
  }
  std::erase_if(seqs, [](const std::vector<Node>& s) { return s.empty(); });
  if (seqs.empty()) return nullptr;
  if (seqs.size() > 1) {
    // Lucene would require a +word in every alternative; ORed here, it
    // would be a guess.
    for (const auto& seq : seqs) {
      for (const Node& item : seq) {
        if (item->required) {
          FailQuerySyntax("'+' (required) next to OR is not supported: write (a AND b) OR c",
                          item->required_position);
        }
      }
    }
  }
  if (seqs.size() == 1) return Seq(std::move(seqs[0]), top);
  Node alternatives = MakeNode(Kind::kOr);
  for (auto& seq : seqs) alternatives->children.push_back(Seq(std::move(seq), false));
  return alternatives;
}

std::vector<Node> Parser::ParseSeq() {
  std::vector<Node> items;
  while (true) {
    const QueryToken& t = Peek();
    if (t.kind == QueryTokenKind::kAnd)
      FailQuerySyntax("AND needs something to search before it", t.position);
    if (t.kind == QueryTokenKind::kNear) FailQuerySyntax("NEAR needs a word before it", t.position);
    if (!StartsOperand(t)) break;
    if (Node e = ParseAnd()) items.push_back(std::move(e));
  }
  return items;
}

Node Parser::ParseAnd() {
  Node first = ParseNot();
  if (Peek().kind != QueryTokenKind::kAnd) return first;
  if (!first) FailQuerySyntax("AND needs something to search before it", Peek().position);
  Node operands = MakeNode(Kind::kAnd, {std::move(first)});
  while (Peek().kind == QueryTokenKind::kAnd) {
    const QueryToken& op = Next();
    if (!StartsOperand(Peek()))
      FailQuerySyntax("AND needs something to search after it", op.position);
    Node rhs = ParseNot();
    if (!rhs) FailQuerySyntax("AND needs something to search after it", op.position);
    operands->children.push_back(std::move(rhs));
  }
  return operands;
}

Node Parser::ParseNot() {
  if (Peek().kind != QueryTokenKind::kNot) return ParseNear();
  const QueryToken& op = Next();
  Enter(op.position);
  if (!StartsOperand(Peek()))
    FailQuerySyntax("NOT needs something to search after it", op.position);
  Node e = ParseNot();
  if (!e) FailQuerySyntax("NOT needs something to search after it", op.position);
  --depth_;
  return Negate(std::move(e));
}

Node Parser::ParseNear() {
  Node first = ParseSigned();
  if (Peek().kind != QueryTokenKind::kNear) return first;
  std::vector<Node> operands;
  unsigned distance = 0;
  auto check = [&](Node& e, const QueryToken& op) {
    if (!e || !IsText(e)) FailQuerySyntax("NEAR needs a word or phrase on each side", op.position);
    if (e->terms.size() > 1) FailQuerySyntax("NEAR takes single words, not phrases", e->position);
    if (e->kind == Kind::kPrefix) FailQuerySyntax("NEAR does not take wildcards", e->position);
    operands.push_back(std::move(e));
  };
  check(first, Peek());
  while (Peek().kind == QueryTokenKind::kNear) {
    const QueryToken& op = Next();
    distance = std::max(distance, op.window);
    const QueryTokenKind k = Peek().kind;
    if (k != QueryTokenKind::kWord && k != QueryTokenKind::kPhrase && k != QueryTokenKind::kField) {
      FailQuerySyntax("NEAR needs a word or phrase on each side", op.position);
    }
    Node rhs = ParseSigned();
    check(rhs, op);
  }
  return NearNode(std::move(operands), distance);
}

Node Parser::ParseSigned() {
  const QueryTokenKind sign = Peek().kind;
  if (sign != QueryTokenKind::kMinus && sign != QueryTokenKind::kPlus) return ParseAtom();
  const QueryToken& op = Next();
  const std::string name(op.text);
  const QueryTokenKind k = Peek().kind;
  if (k != QueryTokenKind::kWord && k != QueryTokenKind::kPhrase && k != QueryTokenKind::kField &&
      k != QueryTokenKind::kLParen && k != QueryTokenKind::kSaved) {
    FailQuerySyntax("'" + name + "' must be followed by a word, phrase, field, '(' or @name",
                    op.position);
  }
  Node e = ParseAtom();
  if (!e) {
    FailQuerySyntax(sign == QueryTokenKind::kPlus
                        ? "nothing searchable to require after '+'"
                        : "nothing searchable to exclude after '" + name + "'",
                    op.position);
  }
  if (sign == QueryTokenKind::kMinus) return Negate(std::move(e));
  e->required = true;
  e->required_position = op.position;
  return e;
}

Node Parser::ParseAtom() {
  const QueryToken& t = Peek();
  switch (t.kind) {
    case QueryTokenKind::kLParen: return ParseGroup();
    case QueryTokenKind::kWord:
    case QueryTokenKind::kPhrase: Next(); return TextNode(t, scope_);
    case QueryTokenKind::kField: return ParseField();
    case QueryTokenKind::kSaved: Next(); return SavedNode(t);
    default: FailQuerySyntax("unexpected \"" + std::string(t.text) + "\"", t.position);
  }
}

Node Parser::ParseGroup() {
  const QueryToken& open = Next();
  Enter(open.position);
  if (Peek().kind == QueryTokenKind::kRParen) FailQuerySyntax("empty parentheses", open.position);
  Node e = ParseOr(/*top=*/false);
  if (Peek().kind != QueryTokenKind::kRParen) {
    FailQuerySyntax("unbalanced parenthesis: '(' is never closed", open.position);
  }
  Next();
  --depth_;
  return e ? MarkParenthesized(e) : e;
}

Node Parser::ParseField() {
  struct Scope {
    std::string_view name;
    TextField field;
  };
  static constexpr Scope kTextFields[] = {{"body", TextField::kBody},
                                          {"headline", TextField::kHeadline},
                                          {"quote", TextField::kQuote},
                                          {"caption", TextField::kCaption}};
  const QueryToken& field = Next();
  const QueryToken& value = Peek();
  for (const Scope& s : kTextFields) {
    if (s.name != field.text) continue;
    if (value.kind == QueryTokenKind::kLParen) {
      const TextField saved = scope_;
      scope_ = s.field;
      Node e = ParseGroup();
      scope_ = saved;
      return e;
    }
    Next();
    Node e = TextNode(value, s.field);
    if (!e)
      FailQuerySyntax("no searchable word in the value of " + std::string(field.text) + ":",
                      value.position);
    e->position = field.position;
    return e;
  }
  if (value.kind == QueryTokenKind::kLParen) {
    FailQuerySyntax(std::string(field.text) + ": takes one value (write a:x OR a:y for several)",
                    value.position);
  }
  Next();
  if (value.kind == QueryTokenKind::kPhrase && value.window) {
    FailQuerySyntax("\"...\"~N (proximity) is for words, not " + std::string(field.text) +
                        ": values",
                    value.position);
  }
  if (field.text == "date") return DateNode(value);
  if (field.text == "id" && value.wildcard &&
      (value.text.find('?') != std::string_view::npos ||
       value.text.find('*') != value.text.size() - 1)) {
    FailQuerySyntax("id: takes a wildcard only as one '*' at the end (id:reuters21578/12*)",
                    value.position);
  }
  Node n = MakeNode(Kind::kFilter);
  n->filter = std::string(field.text);
  n->text = std::string(value.text);
  n->wildcard = value.wildcard;
  n->position = field.position;
  n->value_position = value.position;
  return n;
}

// A word holding '*' or '?': each run of letters between the wildcards
// becomes its index term (lower-cased, as TextTerms makes it), the wildcards
// stay: "Wom?n" is the pattern "wom?n", "econom**" "econom*".
Node Parser::PatternNode(const QueryToken& token, TextField field) {
  const std::string_view text = token.text;
  std::string pattern;
  size_t prefix_letters = 0;
  bool seen_wildcard = false;
  for (size_t k = 0; k < text.size();) {
    const char c = text[k];
    if (c == '*' || c == '?') {
      if (!(c == '*' && !pattern.empty() && pattern.back() == '*')) pattern.push_back(c);
      seen_wildcard = true;
      ++k;
      continue;
    }
    size_t end = text.find_first_of("*?", k);
    if (end == std::string_view::npos) end = text.size();
    const std::vector<std::string> terms = TextTerms(text.substr(k, end - k));
    if (terms.size() > 1) FailQuerySyntax("a wildcard must be a single word", token.position);
    if (terms.empty()) {
      FailQuerySyntax("a wildcard may only stand in a word (letters or digits around it)",
                      token.position + k);
    }
    if (!seen_wildcard) prefix_letters = Utf8Length(terms[0]);
    pattern += terms[0];
    k = end;
  }
  if (prefix_letters < 2) FailQuerySyntax("wildcard needs at least 2 letters", token.position);
  Node n = MakeNode(Kind::kPrefix);
  n->text = pattern;
  n->terms = {pattern};
  n->field = field;
  n->position = token.position;
  return n;
}

Node Parser::TextNode(const QueryToken& token, TextField field) {
  if (token.kind == QueryTokenKind::kWord && token.wildcard) return PatternNode(token, field);
  std::vector<std::string> terms = TextTerms(token.text);
  if (token.kind == QueryTokenKind::kPhrase && token.window) {
    // "a b c"~n: a NEAR/n b NEAR/n c, the words unstemmed.
    if (terms.size() < 2)
      FailQuerySyntax("\"...\"~N needs at least 2 words in the quotes", token.position);
    std::vector<Node> words;
    for (std::string& t : terms) {
      Node w = MakeNode(Kind::kWord);
      w->text = t;
      w->terms = {std::move(t)};
      w->field = field;
      w->position = token.position;
      words.push_back(std::move(w));
    }
    Node n = NearNode(std::move(words), token.window);
    n->position = token.position;
    return n;
  }
  if (terms.empty()) {
    if (token.kind == QueryTokenKind::kPhrase) {
      FailQuerySyntax("the phrase has no searchable words", token.position);
    }
    return nullptr;  // punctuation only: nothing to search
  }
  Node n = MakeNode(token.kind == QueryTokenKind::kPhrase ? Kind::kPhrase : Kind::kWord);
  n->text = std::string(token.text);
  n->terms = std::move(terms);
  n->field = field;
  n->position = token.position;
  return n;
}

Node Parser::NearNode(std::vector<Node> operands, unsigned distance) {
  Node n = MakeNode(Kind::kNear);
  for (const Node& o : operands) {
    if (o->field == TextField::kAll || o->field == n->field) continue;
    if (n->field != TextField::kAll)
      FailQuerySyntax("NEAR operands must be in the same field", o->position);
    n->field = o->field;
  }
  n->distance = distance;
  n->children.assign(operands.begin(), operands.end());
  return n;
}

Node Parser::DateNode(const QueryToken& value) {
  if (value.wildcard) {
    FailQuerySyntax("date: takes no wildcard (write date:1987 for a whole year)", value.position);
  }
  if (value.range) {  // date:[A TO B]
    std::string from, to;
    if (!value.text.empty()) {
      if (auto error = ParseDayBound(value.text, false, from, &today_))
        FailQuerySyntax(*error, value.position);
    }
    if (!value.range_to.empty()) {
      if (auto error = ParseDayBound(value.range_to, true, to, &today_)) {
        FailQuerySyntax(*error, value.range_to_position);
      }
    }
    if (!from.empty() && !to.empty() && from > to) {
      FailQuerySyntax("date range [" + std::string(value.text) + " TO " +
                          std::string(value.range_to) + "] ends before it starts",
                      value.position);
    }
    Node n = MakeNode(Kind::kDates);
    n->from = std::move(from);
    n->to = std::move(to);
    n->position = value.position;
    return n;
  }
  DayRange range;
  size_t offset = 0;
  if (auto error = ParseDayRange(value.text, range, offset, &today_)) {
    FailQuerySyntax(*error, Offset(value.text) + offset);
  }
  Node n = MakeNode(Kind::kDates);
  n->from = std::move(range.from);
  n->to = std::move(range.to);
  n->position = value.position;
  return n;
}

// A copy of `n` and everything under it placed at byte `at`.
Node Placed(const std::shared_ptr<const QueryNode>& n, size_t at) {
  auto copy = std::make_shared<QueryNode>(*n);
  copy->position = copy->value_position = copy->required_position = at;
  for (auto& child : copy->children) child = Placed(child, at);
  return copy;
}

Node Parser::SavedNode(const QueryToken& token) {
  const std::string name(token.text);
  const size_t at = token.position;
  if (auto problem = SavedQueryNameProblem(name)) {
    FailQuerySyntax("bad saved query name \"@" + name + "\": " + *problem, at);
  }
  std::vector<std::string>& chain = expansion_.chain;
  if (std::find(chain.begin(), chain.end(), name) != chain.end()) {
    std::string path;
    const auto from = std::find(chain.begin(), chain.end(), name);
    for (auto it = from; it != chain.end(); ++it) path += "@" + *it + " -> ";
    FailQuerySyntax("saved query @" + name + " leads back to itself (" + path + "@" + name +
                        "): saved queries cannot form a cycle",
                    at);
  }
  std::optional<std::string> text = expansion_.lookup ? (*expansion_.lookup)(name) : std::nullopt;
  if (!text) {
    FailQuerySyntax("unknown saved query @" + name + " (morgue queries list shows the saved ones)",
                    at);
  }
  expansion_.bytes += text->size();
  if (expansion_.bytes > kMaxExpandedBytes) {
    throw Error(ErrorCode::kLimit, "the saved queries of this query expand to more than " +
                                       std::to_string(kMaxExpandedBytes) + " bytes at position " +
                                       std::to_string(at))
        .WithPosition(static_cast<int64_t>(at));
  }
  Enter(at);
  chain.push_back(name);
  Node e;
  try {
    e = Parser(*text, today_, expansion_).ParseAll();
  } catch (const Error& inner) {
    if (inner.code() != ErrorCode::kQuerySyntax) throw;
    // An error inside another saved query already names its own '@'.
    std::string message = inner.what();
    const size_t tail = message.rfind(" at position ");
    if (tail != std::string::npos) message.erase(tail);
    FailQuerySyntax("in saved query @" + name + ": " + message, at);
  }
  chain.pop_back();
  --depth_;
  if (!e) FailQuerySyntax("saved query @" + name + " has no searchable words", at);
  return MarkParenthesized(Placed(e, at));
}

}  // namespace

std::optional<std::string> SavedQueryNameProblem(std::string_view name) {
  const char* rule = "a name is 1 to 64 of a-z, 0-9, '_' and '-', starting with a letter";
  if (name.empty() || name.size() > 64 || name[0] < 'a' || name[0] > 'z') return rule;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return rule;
  }
  return std::nullopt;
}

void FailTooDeep(size_t position) {
  throw Error(ErrorCode::kLimit, "the query nests deeper than " + std::to_string(kMaxQueryDepth) +
                                     " levels at position " + std::to_string(position))
      .WithPosition(static_cast<int64_t>(position));
}

std::shared_ptr<const QueryNode> ParseText(std::string_view text, const Today& today,
                                           const SavedQueryLookup* saved,
                                           const std::string& saving) {
  Parser::Expansion expansion;
  expansion.lookup = saved;
  if (!saving.empty()) expansion.chain.push_back(saving);
  return Parser(text, today, expansion).ParseAll();
}

}  // namespace morgue
