// morgue::Query: validation at construction, the tree, and its rendering in
// the query language. Compiling the tree is query/parser.cc's job.
#include "morgue/query.h"

#include <utility>

#include "morgue/error.h"
#include "query/day_range.h"
#include "query/lexer.h"
#include "query/query_node.h"
#include "query/text_terms.h"

namespace morgue {
namespace {

using Kind = QueryNode::Kind;

[[noreturn]] void Invalid(const std::string& function, const std::string& message) {
  throw Error(ErrorCode::kInvalidArgument, "Query::" + function + ": " + message);
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

const char* FieldPrefix(TextField field) {
  switch (field) {
    case TextField::kAll: return "";
    case TextField::kHeadline: return "headline:";
    case TextField::kBody: return "body:";
    case TextField::kQuote: return "quote:";
    case TextField::kCaption: return "caption:";
  }
  return "";
}

// A value as the language takes it: bare when it is one plain token, else
// quoted; an operator's name is written in lower case, which reads as a word.
std::string Value(std::string_view v) {
  std::string s(v);
  if (s == "AND" || s == "OR" || s == "NOT" || s.starts_with("NEAR")) s = LowerCollapse(s);
  const bool plain = !s.empty() && s[0] != '-' &&
                     s.find_first_of(" \t\r\n\"():*") == std::string::npos;
  return plain ? s : Quoted(s);
}

std::string Render(const QueryNode& n, bool nested);

std::string RenderChild(const Query& q, Kind parent) {
  const QueryNode& c = *q.node();
  const bool group = (c.kind == Kind::kAnd || c.kind == Kind::kOr) && c.kind != parent;
  const std::string text = Render(c, true);
  return group ? "(" + text + ")" : text;
}

std::string Render(const QueryNode& n, bool nested) {
  switch (n.kind) {
    case Kind::kWord: return FieldPrefix(n.field) + Value(n.text);
    case Kind::kPhrase: return FieldPrefix(n.field) + Quoted(n.text);
    case Kind::kPrefix: return FieldPrefix(n.field) + n.text + "*";
    case Kind::kNear: {
      std::string out;
      for (const std::string& w : n.words) {
        if (!out.empty()) out += " NEAR/" + std::to_string(n.distance) + " ";
        out += FieldPrefix(n.field) + w;
      }
      return out;
    }
    case Kind::kFilter: return n.filter + ":" + Value(n.text);
    case Kind::kDates: {
      auto day = [](const std::string& k) {
        return k.empty() ? k : k.substr(0, 4) + "-" + k.substr(4, 2) + "-" + k.substr(6, 2);
      };
      return "date:" + (n.from == n.to ? day(n.from) : day(n.from) + ".." + day(n.to));
    }
    case Kind::kParse: return nested ? "(" + n.text + ")" : n.text;
    case Kind::kAnd:
    case Kind::kOr: {
      std::string out;
      for (const Query& c : n.children) {
        if (!out.empty()) out += n.kind == Kind::kAnd ? " AND " : " OR ";
        out += RenderChild(c, n.kind);
      }
      return out;
    }
    case Kind::kNot: {
      const Kind k = n.children[0].node()->kind;
      const std::string inner = Render(*n.children[0].node(), true);
      return "NOT " + (k == Kind::kAnd || k == Kind::kOr ? "(" + inner + ")" : inner);
    }
  }
  return "";
}

// The text's words as the index holds them; throws when there are none.
std::vector<std::string> Words(std::string_view text, const char* function) {
  std::vector<std::string> terms = TextTerms(text);
  if (terms.empty()) Invalid(function, "no searchable word in " + Quoted(text));
  return terms;
}

std::shared_ptr<QueryNode> Text(Kind kind, std::string_view text, TextField field) {
  auto n = std::make_shared<QueryNode>();
  n->kind = kind;
  n->text = std::string(text);
  n->field = field;
  return n;
}

}  // namespace

const char* FacetFieldName(FacetField field) {
  switch (field) {
    case FacetField::kPerson: return "person";
    case FacetField::kOrg: return "org";
    case FacetField::kPlace: return "place";
    case FacetField::kTopic: return "topic";
    case FacetField::kSection: return "section";
    case FacetField::kSource: return "source";
    case FacetField::kSpeaker: return "speaker";
  }
  return "";
}

Query Query::Word(std::string_view word, TextField field) {
  Words(word, "Word");
  return Query(Text(Kind::kWord, word, field));
}

Query Query::Phrase(std::string_view text, TextField field) {
  Words(text, "Phrase");
  return Query(Text(Kind::kPhrase, text, field));
}

Query Query::Prefix(std::string_view prefix, TextField field) {
  std::vector<std::string> terms = Words(prefix, "Prefix");
  if (terms.size() != 1 || terms[0] != LowerCollapse(prefix)) {
    Invalid("Prefix", "the prefix " + Quoted(prefix) + " must be a single word");
  }
  if (Utf8Length(terms[0]) < 2) {
    Invalid("Prefix", "the prefix " + Quoted(prefix) + " needs at least 2 letters");
  }
  return Query(Text(Kind::kPrefix, terms[0], field));
}

Query Query::Near(const std::vector<std::string>& words, unsigned distance, TextField field) {
  if (words.size() < 2) Invalid("Near", "needs at least 2 words");
  if (distance == 0) Invalid("Near", "the distance must be at least 1");
  auto n = Text(Kind::kNear, "", field);
  n->distance = distance;
  for (const std::string& w : words) {
    std::vector<std::string> terms = Words(w, "Near");
    if (terms.size() != 1) Invalid("Near", Quoted(w) + " is not a single word");
    n->words.push_back(terms[0]);
  }
  return Query(std::move(n));
}

Query Query::Filter(FacetField field, std::string_view value) {
  if (LowerCollapse(value).empty()) {
    Invalid("Filter", std::string("empty value for ") + FacetFieldName(field));
  }
  auto n = Text(Kind::kFilter, value, TextField::kAll);
  n->filter = FacetFieldName(field);
  return Query(std::move(n));
}

Query Query::Language(std::string_view code) {
  if (LowerCollapse(code).empty()) Invalid("Language", "empty language code");
  auto n = Text(Kind::kFilter, code, TextField::kAll);
  n->filter = "lang";
  return Query(std::move(n));
}

Query Query::Dates(std::optional<std::string> from, std::optional<std::string> to) {
  if (!from && !to) Invalid("Dates", "needs from, to or both");
  auto n = std::make_shared<QueryNode>();
  n->kind = Kind::kDates;
  auto bound = [&](const std::optional<std::string>& v, bool upper, std::string& key) {
    if (!v) return;
    if (auto error = ParseDayBound(*v, upper, key)) {
      Invalid("Dates", std::string(upper ? "to" : "from") + ": " + *error);
    }
  };
  bound(from, false, n->from);
  bound(to, true, n->to);
  if (from && to && n->from > n->to) Invalid("Dates", "from " + *from + " is after to " + *to);
  return Query(std::move(n));
}

Query Query::Parse(std::string_view text) {
  LexQuery(text);  // throws kQuerySyntax with the position
  auto n = Text(Kind::kParse, text, TextField::kAll);
  return Query(std::move(n));
}

Query Query::Combine(int kind, std::vector<Query> parts, const char* name) {
  if (parts.empty()) Invalid(name, "needs at least one part");
  auto n = std::make_shared<QueryNode>();
  n->kind = static_cast<Kind>(kind);
  for (Query& p : parts) {
    if (p.empty()) Invalid(name, "a part is an empty Query");
    if (p.node_->kind == n->kind) {  // (a AND b) AND c = a AND b AND c
      for (const Query& c : p.node_->children) n->children.push_back(c);
    } else {
      n->children.push_back(std::move(p));
    }
  }
  if (n->children.size() == 1) return n->children[0];
  return Query(std::move(n));
}

Query Query::And(std::vector<Query> parts) {
  return Combine(static_cast<int>(Kind::kAnd), std::move(parts), "And");
}

Query Query::Or(std::vector<Query> parts) {
  return Combine(static_cast<int>(Kind::kOr), std::move(parts), "Or");
}

Query Query::Not(Query q) {
  if (q.empty()) Invalid("Not", "the query to exclude is empty");
  auto n = std::make_shared<QueryNode>();
  n->kind = Kind::kNot;
  n->children.push_back(std::move(q));
  return Query(std::move(n));
}

Query operator&&(Query a, Query b) { return Query::And({std::move(a), std::move(b)}); }
Query operator||(Query a, Query b) { return Query::Or({std::move(a), std::move(b)}); }
Query operator!(Query a) { return Query::Not(std::move(a)); }

std::string Query::ToString() const { return node_ ? Render(*node_, false) : std::string(); }

}  // namespace morgue
