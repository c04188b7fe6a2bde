// morgue::Query: validation at construction and the tree. Rendering the tree
// in the query language is query/render.cc's job, compiling it
// query/compile.cc's.
#include "morgue/query.h"

#include <utility>

#include "morgue/error.h"
#include "query/day_range.h"
#include "query/parse.h"
#include "query/query_node.h"
#include "query/render.h"
#include "query/text_terms.h"

namespace morgue {
namespace {

using Kind = QueryNode::Kind;

[[noreturn]] void Invalid(const std::string& function, const std::string& message) {
  throw Error(ErrorCode::kInvalidArgument, "Query::" + function + ": " + message);
}

std::string InQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The text's words as the index holds them; throws when there are none.
std::vector<std::string> Words(std::string_view text, const char* function) {
  std::vector<std::string> terms = TextTerms(text);
  if (terms.empty()) Invalid(function, "no searchable word in " + InQuotes(text));
  return terms;
}

std::shared_ptr<QueryNode> Text(Kind kind, std::string_view text, TextField field,
                                std::vector<std::string> terms = {}) {
  auto n = std::make_shared<QueryNode>();
  n->kind = kind;
  n->text = std::string(text);
  n->field = field;
  n->terms = std::move(terms);
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
  return Query(Text(Kind::kWord, word, field, Words(word, "Word")));
}

Query Query::Phrase(std::string_view text, TextField field) {
  return Query(Text(Kind::kPhrase, text, field, Words(text, "Phrase")));
}

Query Query::Prefix(std::string_view prefix, TextField field) {
  std::vector<std::string> terms = Words(prefix, "Prefix");
  if (terms.size() != 1 || terms[0] != LowerCollapse(prefix)) {
    Invalid("Prefix", "the prefix " + InQuotes(prefix) + " must be a single word");
  }
  if (Utf8Length(terms[0]) < 2) {
    Invalid("Prefix", "the prefix " + InQuotes(prefix) + " needs at least 2 letters");
  }
  const std::string pattern = terms[0] + "*";
  return Query(Text(Kind::kPrefix, pattern, field, {pattern}));
}

Query Query::Near(const std::vector<std::string>& words, unsigned distance, TextField field) {
  if (words.size() < 2) Invalid("Near", "needs at least 2 words");
  if (distance == 0) Invalid("Near", "the distance must be at least 1");
  auto n = Text(Kind::kNear, "", field);
  n->distance = distance;
  for (const std::string& w : words) {
    std::vector<std::string> terms = Words(w, "Near");
    if (terms.size() != 1) Invalid("Near", InQuotes(w) + " is not a single word");
    n->children.push_back(Text(Kind::kWord, terms[0], field, {terms[0]}));
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
  // Every syntax error now, with its position (what is left for the search
  // depends on the archive or the options: a too broad wildcard, '+' with
  // default_and = false).
  // A saved query (@name) is looked up when the query is compiled against an
  // archive; here any name in the allowed form stands for one word.
  const SavedQueryLookup any_name = [](const std::string&) { return std::string("x"); };
  if (!ParseText(text, Today(), &any_name)) {
    throw Error(ErrorCode::kQuerySyntax, "empty query at position 0").WithPosition(0);
  }
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
      for (const auto& c : p.node_->children) n->children.push_back(c);
    } else {
      n->children.push_back(std::move(p.node_));
    }
  }
  if (n->children.size() == 1) return Query(n->children[0]);
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
  n->children.push_back(std::move(q.node_));
  return Query(std::move(n));
}

Query operator&&(Query a, Query b) { return Query::And({std::move(a), std::move(b)}); }
Query operator||(Query a, Query b) { return Query::Or({std::move(a), std::move(b)}); }
Query operator!(Query a) { return Query::Not(std::move(a)); }

std::string Query::ToString() const { return node_ ? RenderQuery(*node_) : std::string(); }

}  // namespace morgue
