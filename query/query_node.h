// The query tree: what a query means before it is compiled into a Xapian
// query. morgue::Query (include/morgue/query.h) builds one in code,
// query/parse.h from the language's text; query/compile.h compiles either
// into a Xapian::Query, query/render.h writes one back as text. Internal to
// the library.
#ifndef MORGUE_QUERY_QUERY_NODE_H_
#define MORGUE_QUERY_QUERY_NODE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "morgue/query.h"

namespace morgue {

struct QueryNode {
  enum class Kind {
    kWord,    // a bare word (stems) or a token of several words (a phrase of them)
    kPhrase,  // "quoted words"
    kPrefix,  // econom*
    kNear,    // children: the words (kWord, or a one-word kPhrase when typed)
    kFilter,  // person:, org:, ..., lang:, id:
    kDates,   // date:
    kParse,   // text to parse when compiled (Query::Parse)
    kAnd,     // children, two or more: explicit AND
    kOr,      // children, two or more
    kNot,     // one child: NOT x, -x
    kSeq,     // children, one or more: typed side by side (ANDed, or ORed without default_and)
  };
  Kind kind = Kind::kWord;
  TextField field = TextField::kAll;  // kWord, kPhrase, kPrefix; kNear: the field of its words
  // kWord, kPhrase, kPrefix: the text as given; kFilter: the value; kParse: the query text.
  std::string text;
  // kWord, kPhrase: the text's index terms (TextTerms); kPrefix: one, the
  // pattern as index terms, '?' (one character) and '*' (any) kept: "wom?n".
  std::vector<std::string> terms;
  unsigned distance = 0;  // kNear
  std::string filter;     // kFilter: the language's field name ("person", "lang", ...)
  bool wildcard = false;  // kFilter: the value holds '*' or '?' (typed only)
  // Typed with a leading '+' (Lucene's "required"): the same as without it
  // where items are ANDed; an error where they are ORed (query/parse.cc).
  bool required = false;
  std::string from, to;  // kDates: YYYYMMDD, "" for an open side
  // kSeq: the whole of a typed query (or of a Query::Parse text): its
  // filters of one field are ORed, those of different fields ANDed.
  bool top = false;
  // kFilter, kDates: typed inside parentheses of its own, "(topic:crude)":
  // it takes part as written, never grouped with the filters beside it.
  // kWord: "(the)" is never left out as a stop word.
  bool parenthesized = false;
  std::vector<std::shared_ptr<const QueryNode>> children;  // kNear, kAnd, kOr, kNot, kSeq
  // Typed only, for error messages: the byte offset of the node in the text
  // (of a filter: of its field name) and of a filter's value.
  size_t position = 0;
  size_t value_position = 0;
  size_t required_position = 0;  // of the '+'
};

}  // namespace morgue

#endif  // MORGUE_QUERY_QUERY_NODE_H_
