// Writing the query language: a query tree as the text that types it
// (morgue::Query::ToString), and the pieces of a compiled query's readable
// description (ParsedQuery::description, query/compile.h), which shows the
// query as it is matched: words as index terms, filter values normalised,
// filters after FILTER. Both put parentheses by the operators' precedence.
// Internal to query/.
#ifndef MORGUE_QUERY_RENDER_H_
#define MORGUE_QUERY_RENDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "morgue/query.h"
#include "query/query_node.h"

namespace morgue {

// How loosely an expression binds, for parentheses: NOT binds tightest,
// then AND, then OR.
enum class Prec { kAtom, kNot, kAnd, kOr };

// `text` (binding as `prec`) as a part of an expression binding as `parent`:
// in parentheses when it binds more loosely.
std::string Paren(std::string_view text, Prec prec, Prec parent);

// "NOT " and `text` (binding as `prec`).
std::string NotText(std::string_view text, Prec prec);

// `parts` with `separator` (" AND ", " OR ", ...) between them.
std::string JoinText(const std::vector<std::string>& parts, std::string_view separator);

// "headline:", "body:", "quote:", "caption:"; "" for TextField::kAll.
std::string FieldScope(TextField field);

// The NEAR operator with its distance: " NEAR/5 ".
std::string NearOperator(unsigned distance);

// ---- A query as typed ----

// The text of `root`; typing it gives the same tree when every word is plain
// text (a word holding '"' cannot be written in the language).
std::string RenderQuery(const QueryNode& root);

// ---- Descriptions of compiled queries ----

// A text atom: a stemmed word or wildcard as its first term (wildcard: with
// '*'), anything else as a quoted phrase of its terms; scoped to `field`.
std::string DescribeText(TextField field, const std::vector<std::string>& terms, bool stemmed,
                         bool wildcard);

// A filter on its normalised value, quoted when it holds a space or quote.
std::string DescribeFilter(std::string_view name, const std::string& value, bool wildcard);

// A date range: date:YYYYMMDD (one day), date:FROM..TO, date:..TO, date:FROM...
std::string DescribeDates(const std::string& from, const std::string& to);

}  // namespace morgue

#endif  // MORGUE_QUERY_RENDER_H_
