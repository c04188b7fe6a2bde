// The query language's text as a query tree (query/query_node.h): the
// grammar, and every error a typed query can have that does not depend on
// the archive or the options (unbalanced quotes and parentheses, operators
// without operands, impossible dates, NEAR over phrases...). No Xapian query
// is made here: query/compile.h compiles the tree. Internal to query/.
#ifndef MORGUE_QUERY_PARSE_H_
#define MORGUE_QUERY_PARSE_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "query/query_node.h"

namespace morgue {

// How deep a query may nest: parentheses and NOTs in a typed query, parts in
// a built one.
inline constexpr int kMaxQueryDepth = 100;

// Throws Error(kLimit) for a query nesting deeper than kMaxQueryDepth at byte
// `position`.
[[noreturn]] void FailTooDeep(size_t position);

// The tree of `text`; nullptr when it is blank. The tree's kSeq root (if
// any) is marked `top`; words are tokenised as the indexer tokenises them
// (query/text_terms.h); dates are YYYYMMDD days. Throws Error(kQuerySyntax)
// with WithPosition(byte offset) and a message naming what is wrong and
// where (also for text with no searchable word, e.g. "!!!"), Error(kLimit)
// for nesting deeper than kMaxQueryDepth. Thread-safe.
std::shared_ptr<const QueryNode> ParseText(std::string_view text);

}  // namespace morgue

#endif  // MORGUE_QUERY_PARSE_H_
