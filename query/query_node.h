// The representation behind morgue::Query (include/morgue/query.h): an
// immutable tree that query/parser.cc compiles into a Xapian::Query with the
// same building blocks as a typed query. Internal to the library.
#ifndef MORGUE_QUERY_QUERY_NODE_H_
#define MORGUE_QUERY_QUERY_NODE_H_

#include <optional>
#include <string>
#include <vector>

#include "morgue/query.h"

namespace morgue {

struct QueryNode {
  enum class Kind { kWord, kPhrase, kPrefix, kNear, kFilter, kDates, kParse, kAnd, kOr, kNot };
  Kind kind = Kind::kWord;
  TextField field = TextField::kAll;  // kWord, kPhrase, kPrefix, kNear
  // kWord, kPhrase, kPrefix: the text as given; kFilter: the value; kParse: the query text.
  std::string text;
  std::vector<std::string> words;  // kNear
  unsigned distance = 0;           // kNear
  std::string filter;              // kFilter: the language's field name ("person", "lang", ...)
  std::string from, to;            // kDates: YYYYMMDD, "" for an open side
  std::vector<Query> children;     // kAnd, kOr (two or more), kNot (one)
};

}  // namespace morgue

#endif  // MORGUE_QUERY_QUERY_NODE_H_
