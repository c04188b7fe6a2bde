// The query language's text as a query tree (query/query_node.h): the
// grammar, and every error a typed query can have that does not depend on
// the archive or the options (unbalanced quotes and parentheses, operators
// without operands, impossible dates, NEAR over phrases...). No Xapian query
// is made here: query/compile.h compiles the tree. Internal to query/.
#ifndef MORGUE_QUERY_PARSE_H_
#define MORGUE_QUERY_PARSE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "query/day_range.h"
#include "query/query_node.h"

namespace morgue {

// How deep a query may nest: parentheses and NOTs in a typed query, parts in
// a built one.
inline constexpr int kMaxQueryDepth = 100;

// Throws Error(kLimit) for a query nesting deeper than kMaxQueryDepth at byte
// `position`.
[[noreturn]] void FailTooDeep(size_t position);

// Looks up the text of a saved query by name; nullopt when none is saved
// under it.
using SavedQueryLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The most bytes of saved query text one query may expand to (a query of
// saved queries that each use others twice doubles at every level).
inline constexpr size_t kMaxExpandedBytes = 100000;

// Why `name` cannot name a saved query (nullopt: it can): 1 to 64 of a-z,
// 0-9, '_' and '-', starting with a letter.
std::optional<std::string> SavedQueryNameProblem(std::string_view name);

// The tree of `text`; nullptr when it is blank. `@name` is the saved query
// `saved` gives for `name`, parsed and taken as a group (its nodes placed at
// the '@'); an unknown name, a name outside SavedQueryNameProblem's rule, a
// saved query that leads back to itself (or to `saving`, the name a query is
// being saved under), and a saved text that does not parse are
// Error(kQuerySyntax) at the '@'; more than kMaxExpandedBytes of saved text
// is Error(kLimit). Without `saved` every @name is unknown. The tree's kSeq root (if
// any) is marked `top`; words are tokenised as the indexer tokenises them
// (query/text_terms.h); dates are YYYYMMDD days. Throws Error(kQuerySyntax)
// with WithPosition(byte offset) and a message naming what is wrong and
// where (also for text with no searchable word, e.g. "!!!"), Error(kLimit)
// for nesting deeper than kMaxQueryDepth. Relative dates (date:today,
// date:last-30-days) are resolved against `today`. Thread-safe (for distinct
// `today` objects).
std::shared_ptr<const QueryNode> ParseText(std::string_view text, const Today& today = Today(),
                                           const SavedQueryLookup* saved = nullptr,
                                           const std::string& saving = "");

}  // namespace morgue

#endif  // MORGUE_QUERY_PARSE_H_
