// Query expressions as the compiler builds them (query/compile.h): a Xapian
// query, its readable description and what the highlighter should mark,
// combined by AND / OR / NOT with the query language's rules (filters of one
// field ORed at the top level, filters never weighted, negatives
// subtracted). Internal to query/.
#ifndef MORGUE_QUERY_EXPR_H_
#define MORGUE_QUERY_EXPR_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "query/render.h"

namespace morgue {

// A compiled (sub)expression.
struct Expr {
  Xapian::Query query;  // when `negative`, the query being excluded
  std::string desc;     // description of `query`
  Prec prec = Prec::kAtom;
  bool negative = false;
  bool boolean = false;                     // a filter: must not add weight
  std::string_view filter_group;            // a single filter: its field name
  std::vector<std::string> hl_pos, hl_neg;  // highlight terms by effective sign
};

// The description of `e` as a part of an expression binding as `parent`.
std::string DescribeExpr(const Expr& e, Prec parent);

// `e` excluded instead of included (and the other way round).
Expr Negate(Expr e);

// `q` matching as it does but adding no weight.
Xapian::Query Unweighted(const Xapian::Query& q);

// Items side by side or joined by AND: positives combined with `use_and`,
// negatives subtracted; with `group_filters` (top level) single filters of
// one field are ORed, different fields ANDed, and filter the rest.
Expr Combine(std::vector<Expr> items, bool use_and, bool group_filters);

// Explicit OR: every alternative stands on its own.
Expr CombineOr(std::vector<Expr> alternatives);

}  // namespace morgue

#endif  // MORGUE_QUERY_EXPR_H_
