#include "query/expr.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

namespace morgue {
namespace {

void Append(std::vector<std::string>& to, std::vector<std::string>& from) {
  std::move(from.begin(), from.end(), std::back_inserter(to));
}

Xapian::Query Join(Xapian::Query::op op, const std::vector<Xapian::Query>& qs) {
  return qs.size() == 1 ? qs[0] : Xapian::Query(op, qs.begin(), qs.end());
}

}  // namespace

std::string DescribeExpr(const Expr& e, Prec parent) {
  if (!e.negative) return Paren(e.desc, e.prec, parent);
  return Paren(NotText(e.desc, e.prec), Prec::kNot, parent);
}

Expr Negate(Expr e) {
  e.negative = !e.negative;
  std::swap(e.hl_pos, e.hl_neg);
  return e;
}

Xapian::Query Unweighted(const Xapian::Query& q) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
}

Expr Combine(std::vector<Expr> items, bool use_and, bool group_filters) {
  if (items.size() == 1 && !group_filters) return std::move(items[0]);
  Expr out;
  std::vector<const Expr*> positives, negatives;
  std::vector<std::pair<std::string_view, std::vector<const Expr*>>> groups;
  for (Expr& item : items) {
    Append(out.hl_pos, item.hl_pos);
    Append(out.hl_neg, item.hl_neg);
    if (item.negative) {
      negatives.push_back(&item);
    } else if (group_filters && !item.filter_group.empty()) {
      auto g = std::find_if(groups.begin(), groups.end(),
                            [&](const auto& p) { return p.first == item.filter_group; });
      if (g == groups.end()) g = groups.insert(groups.end(), {item.filter_group, {}});
      g->second.push_back(&item);
    } else {
      positives.push_back(&item);
    }
  }
  // The positive part: ranked items joined, boolean ones as filters (AND) or
  // unweighted alternatives (OR; all-boolean ORs stay boolean).
  const bool all_boolean =
      std::all_of(positives.begin(), positives.end(), [](const Expr* e) { return e->boolean; });
  std::vector<Xapian::Query> ranked, filters;
  std::vector<std::string> parts;
  const Prec join_prec = use_and ? Prec::kAnd : Prec::kOr;
  for (const Expr* e : positives) {
    if (use_and && e->boolean && !all_boolean) {
      filters.push_back(e->query);
    } else {
      ranked.push_back(e->boolean && !all_boolean ? Unweighted(e->query) : e->query);
    }
    parts.push_back(DescribeExpr(*e, use_and ? Prec::kAnd : Prec::kNot));  // "a OR (b AND c)"
  }
  std::string desc = JoinText(parts, use_and ? " AND " : " OR ");
  // A single positive item rendered in parentheses now reads as an atom.
  Prec prec = positives.size() != 1            ? join_prec
              : positives[0]->prec > join_prec ? Prec::kAtom
                                               : positives[0]->prec;
  std::optional<Xapian::Query> positive;
  if (!ranked.empty()) {
    positive = Join(use_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR, ranked);
  }
  if (!filters.empty()) {
    positive =
        Xapian::Query(Xapian::Query::OP_FILTER, *positive, Join(Xapian::Query::OP_AND, filters));
  }
  out.boolean = all_boolean;
  std::optional<Xapian::Query> excluded_from_filters;

  if (!negatives.empty()) {
    std::vector<Xapian::Query> excluded;
    std::vector<std::string> inner, rendered;
    for (const Expr* e : negatives) {
      excluded.push_back(e->query);
      inner.push_back(Paren(e->desc, e->prec, Prec::kOr));
      rendered.push_back(DescribeExpr(*e, Prec::kAnd));
    }
    const Xapian::Query any_excluded = Join(Xapian::Query::OP_OR, excluded);
    if (!positive && groups.empty()) {  // only negatives: the caller subtracts them
      out.negative = true;
      out.query = any_excluded;
      out.desc = JoinText(inner, " OR ");
      out.prec = negatives.size() == 1 ? negatives[0]->prec : Prec::kOr;
      return out;
    }
    if (!desc.empty()) rendered.insert(rendered.begin(), Paren(desc, prec, Prec::kAnd));
    desc = JoinText(rendered, " AND ");
    prec = Prec::kAnd;
    if (positive) {
      positive = Xapian::Query(Xapian::Query::OP_AND_NOT, *positive, any_excluded);
    } else {
      excluded_from_filters = any_excluded;
    }
  }

  if (!groups.empty()) {
    std::vector<Xapian::Query> group_queries;
    std::vector<std::string> group_desc;
    for (const auto& [name, members] : groups) {
      std::vector<Xapian::Query> alternatives;
      std::vector<std::string> values;
      for (const Expr* m : members) {
        alternatives.push_back(m->query);
        values.push_back(m->desc);
      }
      group_queries.push_back(Join(Xapian::Query::OP_OR, alternatives));
      group_desc.push_back(
          Paren(JoinText(values, " OR "), values.size() > 1 ? Prec::kOr : Prec::kAtom, Prec::kAnd));
    }
    const Xapian::Query filter = Join(Xapian::Query::OP_AND, group_queries);
    const std::string filter_desc = JoinText(group_desc, " AND ");
    if (positive) {
      positive = Xapian::Query(Xapian::Query::OP_FILTER, *positive, filter);
      desc += " FILTER " + filter_desc;
      prec = Prec::kOr;
    } else {
      positive = filter;
      out.boolean = true;
      if (excluded_from_filters) {
        positive = Xapian::Query(Xapian::Query::OP_AND_NOT, *positive, *excluded_from_filters);
        desc += " FILTER " + filter_desc;
        prec = Prec::kOr;
      } else {
        desc = filter_desc;
        prec = group_desc.size() == 1 && groups[0].second.size() == 1 ? Prec::kAtom : Prec::kAnd;
      }
    }
  }
  out.query = *positive;
  out.desc = std::move(desc);
  out.prec = prec;
  return out;
}

Expr CombineOr(std::vector<Expr> alternatives) {
  if (alternatives.size() == 1) return std::move(alternatives[0]);
  Expr out;
  out.prec = Prec::kOr;
  out.boolean = std::all_of(alternatives.begin(), alternatives.end(),
                            [](const Expr& e) { return e.boolean && !e.negative; });
  std::vector<Xapian::Query> qs;
  std::vector<std::string> parts;
  for (Expr& a : alternatives) {
    Xapian::Query q = a.query;
    if (a.negative) {
      q = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, q);
    } else if (a.boolean && !out.boolean) {
      q = Unweighted(q);
    }
    qs.push_back(q);
    parts.push_back(DescribeExpr(a, Prec::kNot));  // "a OR (b AND c)" reads better
    Append(out.hl_pos, a.hl_pos);
    Append(out.hl_neg, a.hl_neg);
  }
  out.query = Join(Xapian::Query::OP_OR, qs);
  out.desc = JoinText(parts, " OR ");
  return out;
}

}  // namespace morgue
