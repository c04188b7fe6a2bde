// Queries built in code: the query language's pieces (docs/query-language.md)
// as values, for programs that assemble a query from their own data rather
// than from text a person typed.
//
//   using morgue::Query;
//   Query q = Query::Phrase("crude oil") &&
//             (Query::Filter(morgue::FacetField::kPlace, "iran") ||
//              Query::Filter(morgue::FacetField::kPlace, "iraq")) &&
//             !Query::Word("opec", morgue::TextField::kHeadline) &&
//             Query::Dates("1987-03", "1987-06");
//   morgue::SearchRequest request;
//   request.built_query = q;       // the same as typing q.ToString()
//
// A built query means exactly what the same query typed in the language
// means (the same terms, stemming, field weights and scores): the words are
// taken as data, never as operators, so a word "OR" or a value holding a
// quote cannot change the query's shape.
//
// Errors: the factory functions validate their arguments at once and throw
// Error(kInvalidArgument) naming the function and what is wrong (an empty or
// unsearchable word, a wildcard of fewer than 2 letters, an impossible date,
// an empty And/Or); Query::Parse throws Error(kQuerySyntax) with the
// position in its text, as a search of that text would, when it is called.
//
// Thread safety: a Query is an immutable value (copies share their parts);
// any number of threads may copy, combine and search with one at once.
#ifndef MORGUE_QUERY_H_
#define MORGUE_QUERY_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/export.h"

namespace morgue {

// A field with per-article values: facets count them, filters select on them.
enum class FacetField { kPerson, kOrg, kPlace, kTopic, kSection, kSource, kSpeaker };

// Parses "person", "org", "place", "topic", "section", "source", "speaker".
// Throws Error(kInvalidArgument) naming the accepted values for any other name.
MORGUE_EXPORT FacetField ParseFacetField(const std::string& name);

// The name of `field` as the query language and ParseFacetField spell it
// ("person", "org", ...). Never throws.
MORGUE_EXPORT const char* FacetFieldName(FacetField field);

// Where words are looked for: one text field, or all four with their
// ranking weights (RankingOptions), as an unscoped word in the language.
enum class TextField { kAll, kHeadline, kBody, kQuote, kCaption };

struct QueryNode;  // the representation; internal to the library

class MORGUE_EXPORT Query {
 public:
  // The empty query: matches nothing on its own; as SearchRequest::built_query
  // it means "no built query". empty() is true.
  Query() = default;

  // A word, as typed bare in the language: it matches every indexed word
  // sharing its stem in the archive's language ("prices" finds "price",
  // "priced"). Text that the tokenizer splits into several words
  // ("oil-prices", "U.S.-Japan") is matched as a phrase of them, as typed.
  // Throws kInvalidArgument when `word` has no searchable word (empty,
  // punctuation only).
  static Query Word(std::string_view word, TextField field = TextField::kAll);

  // Exactly these words, adjacent and in this order, within one field (the
  // language's "quoted phrase"); one word matches exactly that word, not its
  // stem. Throws kInvalidArgument when `text` has no searchable word.
  static Query Phrase(std::string_view text, TextField field = TextField::kAll);

  // Every word beginning with `prefix` (the language's econom*; patterns
  // with '?' or an inner '*' are typed: Query::Parse("wom?n")). A search
  // throws Error(kLimit) when the prefix matches too many words. Throws
  // kInvalidArgument unless `prefix` is one word of at least 2 letters.
  static Query Prefix(std::string_view prefix, TextField field = TextField::kAll);

  // The words within `distance` words of each other, in any order, within
  // one field (the language's a NEAR/n b). Throws kInvalidArgument for fewer
  // than 2 words, a word that is not a single searchable word, or distance 0.
  static Query Near(const std::vector<std::string>& words, unsigned distance,
                    TextField field = TextField::kAll);

  // Articles with `value` in `field`: person, org, place and speaker values
  // are canonicalised as the language's person:/org:/place: values are
  // ("U.S." = "usa"), the others compared folded (case and accents, any script). Never adds to
  // scores. Throws kInvalidArgument for an empty value.
  static Query Filter(FacetField field, std::string_view value);

  // Articles in language `code` (the language's lang:). Never adds to scores.
  // Throws kInvalidArgument for an empty code.
  static Query Language(std::string_view code);

  // Articles dated from `from` to `to`, inclusive, by UTC day; each side is
  // "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a month or year as `from` starts on
  // its first day, as `to` ends on its last); nullopt leaves that side open.
  // Never adds to scores. Throws kInvalidArgument for an impossible date,
  // from after to, or both sides open.
  static Query Dates(std::optional<std::string> from, std::optional<std::string> to);

  // A query in the language (docs/query-language.md), e.g. typed by a user.
  // Throws Error(kQuerySyntax) with Error::position() in `text` when it does
  // not parse — every syntax error, at once (blank text included), and
  // Error(kLimit) when it nests deeper than 100. Left for the search are
  // errors that depend on the archive or the options: a wildcard matching
  // too many words, a filter value with no canonical form, '+' with
  // default_and = false. Its filters of one field are ORed, as in a typed
  // query.
  static Query Parse(std::string_view text);

  // Articles matching every part. Parts that are filters (Filter, Language,
  // Dates) select without adding to scores; Not parts are excluded. Throws
  // kInvalidArgument when `parts` is empty or holds an empty Query.
  static Query And(std::vector<Query> parts);

  // Articles matching any part. Throws as And does.
  static Query Or(std::vector<Query> parts);

  // Articles not matching `q`: And({a, Not(b)}) is "a -b"; on its own, every
  // article but those. Throws kInvalidArgument when `q` is empty.
  static Query Not(Query q);

  // a && b is And({a, b}), a || b Or({a, b}), !a Not(a); chains flatten.
  friend MORGUE_EXPORT Query operator&&(Query a, Query b);
  friend MORGUE_EXPORT Query operator||(Query a, Query b);
  friend MORGUE_EXPORT Query operator!(Query a);

  // True for a default-constructed Query. Never throws.
  bool empty() const { return node_ == nullptr; }

  // The query in the language, for reading and logging, e.g.
  // `"crude oil" AND (place:iran OR place:iraq) AND NOT headline:opec`.
  // Typing it gives the same query when every word is plain text (a word
  // holding '"' cannot be written in the language). "" when empty().
  std::string ToString() const;

  // The representation, for the library's query compiler.
  const std::shared_ptr<const QueryNode>& node() const { return node_; }

 private:
  explicit Query(std::shared_ptr<const QueryNode> node) : node_(std::move(node)) {}
  static Query Combine(int kind, std::vector<Query> parts, const char* name);

  std::shared_ptr<const QueryNode> node_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_H_
