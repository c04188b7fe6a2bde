// Recursive-descent parser for the query language (docs/query-language.md):
//
//   query := or
//   or    := seq ("OR" seq)*
//   seq   := and+                       implicit AND (or OR, see default_and)
//   and   := not ("AND" not)*
//   not   := "NOT" not | near
//   near  := signed ("NEAR" ["/" n] signed)*
//   signed:= "-" atom | atom
//   atom  := "(" or ")" | word | "phrase" | field ":" (word | "phrase" | "(" or ")")
#include "query/parser.h"

#include <algorithm>
#include <utility>

#include "indexer/document.h"
#include "morgue/error.h"
#include "query/date_query.h"
#include "query/expr.h"
#include "query/lexer.h"
#include "query/query_node.h"
#include "query/render.h"
#include "query/text_terms.h"

namespace morgue {
namespace {

constexpr size_t kMaxQueryBytes = 10000;
constexpr int kMaxDepth = 100;

struct TextField {
  std::string_view name;
  std::string_view prefix;
  double FieldWeights::*weight;
};
constexpr TextField kTextFields[] = {
    {"body", "", &FieldWeights::body},
    {"headline", "S", &FieldWeights::headline},
    {"quote", "XQ", &FieldWeights::quote},
    {"caption", "XC", &FieldWeights::caption},
};

enum class Normalise { kEntity, kLower, kAsIs };
struct FilterField {
  std::string_view name;
  std::string_view prefix;
  Normalise normalise;
  EntityKind kind;
};
constexpr FilterField kFilterFields[] = {
    {"person", "XP", Normalise::kEntity, EntityKind::kPerson},
    {"org", "XO", Normalise::kEntity, EntityKind::kOrganisation},
    {"place", "XL", Normalise::kEntity, EntityKind::kPlace},
    {"speaker", "XSPK", Normalise::kEntity, EntityKind::kPerson},
    {"topic", "XK", Normalise::kLower, EntityKind::kPlace},
    {"section", "XS", Normalise::kLower, EntityKind::kPlace},
    {"source", "XSRC", Normalise::kLower, EntityKind::kPlace},
    {"lang", "L", Normalise::kLower, EntityKind::kPlace},
    {"id", "Q", Normalise::kAsIs, EntityKind::kPlace},
};

[[noreturn]] void FailAt(const std::string& message, size_t position) {
  throw Error(ErrorCode::kQuerySyntax, message + " at position " + std::to_string(position))
      .WithPosition(static_cast<int64_t>(position));
}

// This thread's stemmer for `language`, built once; nullptr for none.
const Xapian::Stem* CachedStemmer(const std::string& language) {
  if (language.empty() || language == "none") return nullptr;
  thread_local std::string cached_language;
  thread_local Xapian::Stem cached;
  if (language != cached_language) {
    try {
      cached = Xapian::Stem(language);
    } catch (const Xapian::Error&) {
      throw Error(ErrorCode::kInvalidArgument,
                  "unknown stemming language \"" + language + "\" (try \"english\" or \"none\")");
    }
    cached_language = language;
  }
  return &cached;
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : text_(text),
        options_(options),
        stemmer_(CachedStemmer(options.stem_language)),
        tokens_(LexQuery(text)) {}

  // The whole query text; nullopt when it is blank.
  std::optional<Expr> ParseAll();
  // The expression of a built query (morgue::Query).
  Expr NodeExpr(const QueryNode& node);
  // The final query of `e`, its description and highlight terms.
  static ParsedQuery Finish(Expr e);

 private:
  // A syntax error at `position` of the text; in a built query, an
  // invalid-argument error naming the built query instead.
  [[noreturn]] void Fail(const std::string& message, size_t position) const {
    if (in_tree_) throw Error(ErrorCode::kInvalidArgument, message + " in the built query");
    FailAt(message, position);
  }
  const QueryToken& Peek() const { return tokens_[next_]; }
  const QueryToken& Next() { return tokens_[next_++]; }
  static bool StartsOperand(const QueryToken& t) {
    return t.kind == QueryTokenKind::kWord || t.kind == QueryTokenKind::kPhrase ||
           t.kind == QueryTokenKind::kField || t.kind == QueryTokenKind::kLParen ||
           t.kind == QueryTokenKind::kMinus || t.kind == QueryTokenKind::kNot;
  }
  void Enter(size_t position) {
    if (++depth_ > kMaxDepth) {
      throw Error(ErrorCode::kLimit, "the query nests deeper than " + std::to_string(kMaxDepth) +
                                         " levels at position " + std::to_string(position))
          .WithPosition(static_cast<int64_t>(position));
    }
  }
  size_t Offset(std::string_view inside) const {
    return static_cast<size_t>(inside.data() - text_.data());
  }

  std::optional<Expr> ParseOr(bool top);
  std::vector<Expr> ParseSeq();
  std::optional<Expr> ParseAnd();
  std::optional<Expr> ParseNot();
  std::optional<Expr> ParseNear();
  std::optional<Expr> ParseSigned();
  std::optional<Expr> ParseAtom();
  std::optional<Expr> ParseGroup();
  std::optional<Expr> ParseField();
  std::optional<Expr> TextExpr(const QueryToken& token, int field);
  Expr AtomExpr(TextAtom atom);
  // A wildcard's query: OP_WILDCARD, or its terms from options_.wildcard_terms.
  Xapian::Query WildcardQuery(const std::string& term, unsigned max) const;
  Expr NearExpr(std::vector<Expr> operands, unsigned distance);
  Expr FilterExpr(std::string_view name, std::string_view value, bool wildcard,
                  size_t field_position, size_t value_position);
  Expr DateExpr(const QueryToken& value);
  Expr DateRangeExpr(const DayRange& range);
  template <typename Fn>
  Xapian::Query AcrossFields(int field, Fn&& per_field) const;

  std::string_view text_;
  const ParseOptions& options_;
  const Xapian::Stem* stemmer_;
  std::vector<QueryToken> tokens_;
  size_t next_ = 0;
  int depth_ = 0;
  int scope_ = kAllFields;
  bool in_tree_ = false;
};

std::optional<Expr> Parser::ParseAll() {
  if (Peek().kind == QueryTokenKind::kEnd) return std::nullopt;
  std::optional<Expr> e = ParseOr(/*top=*/true);
  if (Peek().kind == QueryTokenKind::kRParen) {
    Fail("unbalanced parenthesis: ')' has no matching '('", Peek().position);
  }
  if (Peek().kind != QueryTokenKind::kEnd) Fail("unexpected \"" + std::string(Peek().text) + "\"", Peek().position);
  if (!e) Fail("the query has no searchable words", 0);
  return e;
}

ParsedQuery Parser::Finish(Expr e) {
  ParsedQuery out;
  out.query = e.query;
  out.weighted = !e.negative && !e.boolean;
  if (e.negative) {
    out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, e.query);
  } else if (e.boolean) {
    out.query = Unweighted(e.query);
  }
  out.description = DescribeExpr(e, Prec::kOr);
  for (std::string& term : e.hl_pos) {
    if (std::find(out.highlight_terms.begin(), out.highlight_terms.end(), term) ==
        out.highlight_terms.end()) {
      out.highlight_terms.push_back(std::move(term));
    }
  }
  return out;
}

std::optional<Expr> Parser::ParseOr(bool top) {
  std::vector<std::vector<Expr>> seqs;
  size_t start = next_;
  seqs.push_back(ParseSeq());
  while (Peek().kind == QueryTokenKind::kOr) {
    const QueryToken& op = Next();
    if (next_ - 1 == start) Fail("OR needs something to search before it", op.position);
    if (!StartsOperand(Peek())) Fail("OR needs something to search after it", op.position);
    start = next_;
    seqs.push_back(ParseSeq());
  }
  std::erase_if(seqs, [](const std::vector<Expr>& s) { return s.empty(); });
  if (seqs.empty()) return std::nullopt;
  if (seqs.size() == 1) return Combine(std::move(seqs[0]), options_.default_and, top);
  std::vector<Expr> alternatives;
  for (auto& seq : seqs) alternatives.push_back(Combine(std::move(seq), options_.default_and, false));
  return CombineOr(std::move(alternatives));
}

std::vector<Expr> Parser::ParseSeq() {
  std::vector<Expr> items;
  while (true) {
    const QueryToken& t = Peek();
    if (t.kind == QueryTokenKind::kAnd) Fail("AND needs something to search before it", t.position);
    if (t.kind == QueryTokenKind::kNear) Fail("NEAR needs a word before it", t.position);
    if (!StartsOperand(t)) break;
    if (std::optional<Expr> e = ParseAnd()) items.push_back(std::move(*e));
  }
  return items;
}

std::optional<Expr> Parser::ParseAnd() {
  std::optional<Expr> first = ParseNot();
  if (Peek().kind != QueryTokenKind::kAnd) return first;
  if (!first) Fail("AND needs something to search before it", Peek().position);
  std::vector<Expr> operands;
  operands.push_back(std::move(*first));
  while (Peek().kind == QueryTokenKind::kAnd) {
    const QueryToken& op = Next();
    if (!StartsOperand(Peek())) Fail("AND needs something to search after it", op.position);
    std::optional<Expr> rhs = ParseNot();
    if (!rhs) Fail("AND needs something to search after it", op.position);
    operands.push_back(std::move(*rhs));
  }
  return Combine(std::move(operands), /*use_and=*/true, /*group_filters=*/false);
}

std::optional<Expr> Parser::ParseNot() {
  if (Peek().kind != QueryTokenKind::kNot) return ParseNear();
  const QueryToken& op = Next();
  Enter(op.position);
  if (!StartsOperand(Peek())) Fail("NOT needs something to search after it", op.position);
  std::optional<Expr> e = ParseNot();
  if (!e) Fail("NOT needs something to search after it", op.position);
  --depth_;
  return Negate(std::move(*e));
}

std::optional<Expr> Parser::ParseNear() {
  std::optional<Expr> first = ParseSigned();
  if (Peek().kind != QueryTokenKind::kNear) return first;
  std::vector<Expr> operands;
  unsigned distance = 0;
  auto check = [&](std::optional<Expr>& e, const QueryToken& op) {
    if (!e || e->negative || !e->atom) Fail("NEAR needs a word or phrase on each side", op.position);
    if (e->atom->terms.size() > 1) {
      Fail("NEAR takes single words, not phrases", e->atom->position);
    }
    if (e->atom->wildcard) Fail("NEAR does not take wildcards", e->atom->position);
    operands.push_back(std::move(*e));
  };
  check(first, Peek());
  while (Peek().kind == QueryTokenKind::kNear) {
    const QueryToken& op = Next();
    distance = std::max(distance, op.window);
    const QueryTokenKind k = Peek().kind;
    if (k != QueryTokenKind::kWord && k != QueryTokenKind::kPhrase && k != QueryTokenKind::kField) {
      Fail("NEAR needs a word or phrase on each side", op.position);
    }
    std::optional<Expr> rhs = ParseSigned();
    check(rhs, op);
  }
  return NearExpr(std::move(operands), distance);
}

std::optional<Expr> Parser::ParseSigned() {
  if (Peek().kind != QueryTokenKind::kMinus) return ParseAtom();
  const QueryToken& minus = Next();
  const QueryTokenKind k = Peek().kind;
  if (k != QueryTokenKind::kWord && k != QueryTokenKind::kPhrase && k != QueryTokenKind::kField &&
      k != QueryTokenKind::kLParen) {
    Fail("'-' must be followed by a word, phrase, field or '('", minus.position);
  }
  std::optional<Expr> e = ParseAtom();
  if (!e) Fail("nothing searchable to exclude after '-'", minus.position);
  return Negate(std::move(*e));
}

std::optional<Expr> Parser::ParseAtom() {
  const QueryToken& t = Peek();
  switch (t.kind) {
    case QueryTokenKind::kLParen:
      return ParseGroup();
    case QueryTokenKind::kWord:
    case QueryTokenKind::kPhrase:
      Next();
      return TextExpr(t, scope_);
    case QueryTokenKind::kField:
      return ParseField();
    default:
      Fail("unexpected \"" + std::string(t.text) + "\"", t.position);
  }
}

std::optional<Expr> Parser::ParseGroup() {
  const QueryToken& open = Next();
  Enter(open.position);
  if (Peek().kind == QueryTokenKind::kRParen) Fail("empty parentheses", open.position);
  std::optional<Expr> e = ParseOr(/*top=*/false);
  if (Peek().kind != QueryTokenKind::kRParen) {
    Fail("unbalanced parenthesis: '(' is never closed", open.position);
  }
  Next();
  --depth_;
  return e;
}

std::optional<Expr> Parser::ParseField() {
  const QueryToken& field = Next();
  const QueryToken& value = Peek();
  for (int i = 0; i < 4; ++i) {
    if (kTextFields[i].name != field.text) continue;
    if (value.kind == QueryTokenKind::kLParen) {
      const int saved = scope_;
      scope_ = i;
      std::optional<Expr> e = ParseGroup();
      scope_ = saved;
      return e;
    }
    Next();
    std::optional<Expr> e = TextExpr(value, i);
    if (!e) Fail("no searchable word in the value of " + std::string(field.text) + ":", value.position);
    e->atom->position = field.position;
    return e;
  }
  if (value.kind == QueryTokenKind::kLParen) {
    Fail(std::string(field.text) + ": takes one value (write a:x OR a:y for several)",
         value.position);
  }
  Next();
  if (field.text == "date") return DateExpr(value);
  return FilterExpr(field.text, value.text, value.wildcard, field.position, value.position);
}

std::optional<Expr> Parser::TextExpr(const QueryToken& token, int field) {
  TextAtom atom;
  atom.field = field;
  atom.position = token.position;
  atom.wildcard = token.wildcard;
  atom.terms = TextTerms(token.text);
  if (atom.wildcard && (atom.terms.size() != 1 || Utf8Length(atom.terms[0]) < 2)) {
    Fail(atom.terms.size() > 1 ? "a wildcard must be a single word"
                               : "wildcard needs at least 2 letters",
         token.position);
  }
  if (atom.terms.empty()) {
    if (token.kind == QueryTokenKind::kPhrase) Fail("the phrase has no searchable words", token.position);
    return std::nullopt;  // punctuation only: nothing to search
  }
  atom.stemmed = token.kind == QueryTokenKind::kWord && !atom.wildcard && atom.terms.size() == 1;
  return AtomExpr(std::move(atom));
}

template <typename Fn>
Xapian::Query Parser::AcrossFields(int field, Fn&& per_field) const {
  auto weighted = [&](const TextField& f) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, per_field(f.prefix),
                         options_.weights.*f.weight);
  };
  if (field != kAllFields) return weighted(kTextFields[field]);
  std::vector<Xapian::Query> subs;
  subs.reserve(4);
  for (const TextField& f : kTextFields) {
    const bool adds_nothing = f.weight == &FieldWeights::quote && options_.quotes_in_body &&
                              options_.weights.quote == 0;
    if (!adds_nothing) subs.push_back(weighted(f));
  }
  return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
}

Xapian::Query Parser::WildcardQuery(const std::string& term, unsigned max) const {
  if (!options_.wildcard_terms) {
    return Xapian::Query(Xapian::Query::OP_WILDCARD, term, max, Xapian::Query::WILDCARD_LIMIT_ERROR);
  }
  // The terms OP_WILDCARD would expand to, combined as it combines them.
  const std::vector<std::string> terms = options_.wildcard_terms(term, max);
  if (terms.empty()) return Xapian::Query(Xapian::Query::MatchNothing);
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

Expr Parser::AtomExpr(TextAtom atom) {
  Expr e;
  const std::string& first = atom.terms[0];
  std::string stem;
  if (atom.stemmed && stemmer_ && StartsWithLetter(first)) stem = (*stemmer_)(first);
  const unsigned max = options_.max_wildcard_expansion;
  e.query = AcrossFields(atom.field, [&](std::string_view prefix) {
    const std::string p(prefix);
    if (!stem.empty() && options_.stem_terms) {
      std::vector<std::string> words = options_.stem_terms(p, stem);
      if (words.empty()) return Xapian::Query(Xapian::Query::MatchNothing);
      if (words.size() == 1) return Xapian::Query(words[0]);
      return Xapian::Query(Xapian::Query::OP_SYNONYM, words.begin(), words.end());
    }
    if (!stem.empty()) return Xapian::Query("Z" + p + stem);
    if (atom.wildcard) return WildcardQuery(p + first, max);
    if (atom.terms.size() == 1) return Xapian::Query(p + first);
    std::vector<Xapian::Query> terms;
    for (const std::string& t : atom.terms) terms.emplace_back(p + t);
    Xapian::Query phrase(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
    if (p.empty() && options_.phrase_filter) {
      Xapian::Query filter = options_.phrase_filter(atom.terms);
      if (!filter.empty()) return Xapian::Query(Xapian::Query::OP_FILTER, phrase, filter);
    }
    return phrase;
  });
  if (atom.field != kAllFields) e.desc = std::string(kTextFields[atom.field].name) + ":";
  if (atom.stemmed || atom.wildcard) {
    e.desc += first + (atom.wildcard ? "*" : "");
  } else {
    std::string joined;
    for (const std::string& t : atom.terms) joined += (joined.empty() ? "" : " ") + t;
    e.desc += "\"" + joined + "\"";
  }
  if (!atom.wildcard) e.hl_pos = atom.terms;
  if (!stem.empty()) e.hl_pos.push_back("Z" + stem);
  e.atom = std::move(atom);
  return e;
}

Expr Parser::NearExpr(std::vector<Expr> operands, unsigned distance) {
  int field = kAllFields;
  for (const Expr& o : operands) {
    if (o.atom->field == kAllFields || o.atom->field == field) continue;
    if (field != kAllFields) Fail("NEAR operands must be in the same field", o.atom->position);
    field = o.atom->field;
  }
  const auto window = static_cast<Xapian::termcount>(distance - 1 + operands.size());
  Expr e;
  e.query = AcrossFields(field, [&](std::string_view prefix) {
    std::vector<Xapian::Query> subs;
    for (const Expr& o : operands) {
      const std::string term = std::string(prefix) + o.atom->terms[0];
      subs.emplace_back(term);
    }
    return Xapian::Query(Xapian::Query::OP_NEAR, subs.begin(), subs.end(), window);
  });
  const std::string op = NearOperator(distance);
  for (Expr& o : operands) {
    e.desc += (e.desc.empty() ? "" : op) + o.desc;
    for (std::string& t : o.hl_pos) {
      if (t[0] != 'Z') e.hl_pos.push_back(std::move(t));  // NEAR matches unstemmed words
    }
  }
  return e;
}

Expr Parser::FilterExpr(std::string_view name, std::string_view value, bool wildcard,
                        size_t field_position, size_t value_position) {
  const FilterField* found = std::find_if(std::begin(kFilterFields), std::end(kFilterFields),
                                          [&](const FilterField& x) { return x.name == name; });
  if (found == std::end(kFilterFields)) {
    throw Error(ErrorCode::kInternal, "no filter field \"" + std::string(name) + "\"");
  }
  const FilterField& f = *found;
  std::string norm;
  switch (f.normalise) {
    case Normalise::kEntity:
      norm = options_.canonical ? options_.canonical(f.kind, value) : LowerCollapse(value);
      break;
    case Normalise::kLower:
      norm = LowerCollapse(value);
      break;
    case Normalise::kAsIs:
      norm = std::string(value);
      break;
  }
  if (norm.empty()) Fail("empty value for field \"" + std::string(f.name) + ":\"", field_position);
  Expr e;
  std::vector<std::string> terms{std::string(f.prefix) + norm};
  if (f.prefix == "Q" && norm.find('/') != std::string::npos) {
    // "source/id": the source ends at one of the slashes (sources are
    // escaped in the term: indexer/document.h); every reading is matched,
    // a wildcard's at the first slash.
    terms = UniqueTermsOf(norm);
    if (wildcard) terms.resize(1);
  }
  const std::string& term = terms.front();
  if (terms.size() > 1) {
    e.query = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  } else if (wildcard) {
    if (Utf8Length(norm) < 2) Fail("wildcard needs at least 2 letters", value_position);
    e.query = WildcardQuery(term, options_.max_wildcard_expansion);
  } else {
    e.query = Xapian::Query(term);
  }
  e.desc = DescribeFilter(f.name, norm, wildcard);
  e.boolean = true;
  e.filter_group = f.name;
  return e;
}

Expr Parser::DateExpr(const QueryToken& value) {
  if (value.wildcard) Fail("date: takes no wildcard (write date:1987 for a whole year)", value.position);
  DayRange range;
  size_t offset = 0;
  if (auto error = ParseDayRange(value.text, range, offset)) {
    Fail(*error, Offset(value.text) + offset);
  }
  return DateRangeExpr(range);
}

Expr Parser::DateRangeExpr(const DayRange& range) {
  Expr e;
  e.query = DayRangeQuery(range, options_.day_span);
  e.desc = DescribeDates(range.from, range.to);
  e.boolean = true;
  e.filter_group = "date";
  return e;
}

Expr Parser::NodeExpr(const QueryNode& node) {
  using Kind = QueryNode::Kind;
  static constexpr int kFieldOf[] = {kAllFields, 1, 0, 2, 3};  // TextField -> kTextFields
  const int field = kFieldOf[static_cast<int>(node.field)];
  Enter(0);
  in_tree_ = true;
  Expr e;
  switch (node.kind) {
    case Kind::kWord:
    case Kind::kPhrase:
    case Kind::kPrefix: {
      TextAtom atom;
      atom.field = field;
      atom.terms = TextTerms(node.text);
      atom.wildcard = node.kind == Kind::kPrefix;
      atom.stemmed = node.kind == Kind::kWord && atom.terms.size() == 1;
      e = AtomExpr(std::move(atom));
      break;
    }
    case Kind::kNear: {
      std::vector<Expr> operands;
      for (const std::string& w : node.words) {
        TextAtom atom;
        atom.field = field;
        atom.terms = {w};
        atom.stemmed = true;
        operands.push_back(AtomExpr(std::move(atom)));
      }
      e = NearExpr(std::move(operands), node.distance);
      break;
    }
    case Kind::kFilter:
      e = FilterExpr(node.filter, node.text, false, 0, 0);
      break;
    case Kind::kDates:
      e = DateRangeExpr({node.from, node.to});
      break;
    case Kind::kParse: {
      Parser fragment(node.text, options_);
      std::optional<Expr> parsed = fragment.ParseAll();
      if (!parsed) Fail("Query::Parse(\"" + node.text + "\") has no searchable words", 0);
      e = std::move(*parsed);
      break;
    }
    case Kind::kAnd:
    case Kind::kOr: {
      std::vector<Expr> items;
      for (const Query& c : node.children) items.push_back(NodeExpr(*c.node()));
      e = node.kind == Kind::kAnd ? Combine(std::move(items), /*use_and=*/true, false)
                                  : CombineOr(std::move(items));
      break;
    }
    case Kind::kNot:
      e = Negate(NodeExpr(*node.children[0].node()));
      break;
  }
  --depth_;
  return e;
}

}  // namespace

ParsedQuery ParseQuery(std::string_view text, const ParseOptions& options) {
  return CompileQuery(text, Query(), options);
}

ParsedQuery CompileQuery(std::string_view text, const Query& built, const ParseOptions& options) {
  if (text.size() > kMaxQueryBytes) {
    throw Error(ErrorCode::kLimit, "the query is " + std::to_string(text.size()) +
                                       " bytes long; the limit is " +
                                       std::to_string(kMaxQueryBytes))
        .WithPosition(static_cast<int64_t>(kMaxQueryBytes));
  }
  const FieldWeights& w = options.weights;
  if (w.headline < 0 || w.body < 0 || w.quote < 0 || w.caption < 0) {
    throw Error(ErrorCode::kInvalidArgument, "field weights must not be negative");
  }
  try {
    Parser parser(text, options);
    std::vector<Expr> parts;
    if (std::optional<Expr> typed = parser.ParseAll()) parts.push_back(std::move(*typed));
    if (!built.empty()) parts.push_back(parser.NodeExpr(*built.node()));
    if (parts.empty()) FailAt("empty query", 0);
    if (parts.size() == 1) return Parser::Finish(std::move(parts[0]));
    return Parser::Finish(Combine(std::move(parts), /*use_and=*/true, /*group_filters=*/false));
  } catch (const Xapian::DatabaseError&) {
    // From the stem expander reading the index (a writer committed meanwhile,
    // or the files are damaged): the caller reopens or reports it.
    throw;
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::kInternal, "building the query: " + e.get_msg());
  }
}

}  // namespace morgue
