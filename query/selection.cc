#include "query/selection.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "query/parser.h"

namespace morgue {

Xapian::Query SelectionQuery(const Searcher& searcher, const SearchRequest& request) {
  if (!SelectsAll(request)) return searcher.BuildQuery(request);
  const Today today(request.now);
  return DateRangeQuery(
      request.from, request.to, [&searcher] { return searcher.Span(); }, &today);
}

void ValueTally::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  std::string value = doc.get_value(slot_);
  if (!value.empty()) ++counts_[std::move(value)];
}

namespace {

// The digits of an Omega date term ("D19870301", "M198703", "Y1987"), or ""
// for any other term.
std::string DateTermDigits(const std::string& term) {
  const size_t digits = term.empty()     ? 0
                        : term[0] == 'D' ? 8
                        : term[0] == 'M' ? 6
                        : term[0] == 'Y' ? 4
                                         : 0;
  if (digits == 0 || term.size() != digits + 1) return "";
  for (size_t i = 1; i < term.size(); ++i) {
    if (term[i] < '0' || term[i] > '9') return "";
  }
  return term.substr(1);
}

// An OR of date terms none of which covers another: the sum of their
// frequencies. nullopt when a child is no date term or two overlap.
std::optional<uint64_t> DisjointDateTermsCount(const Xapian::Database& db,
                                               const Xapian::Query& query) {
  std::vector<std::pair<std::string, std::string>> terms;  // digits, term
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    const Xapian::Query child = query.get_subquery(i);
    if (child.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
    std::string term = *child.get_terms_begin();
    std::string digits = DateTermDigits(term);
    if (digits.empty()) return std::nullopt;
    terms.emplace_back(std::move(digits), std::move(term));
  }
  // Sorted, a term that covers others (or repeats one) comes right before
  // the first of them.
  std::sort(terms.begin(), terms.end());
  uint64_t total = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i > 0 && terms[i].first.starts_with(terms[i - 1].first)) return std::nullopt;
    total += db.get_termfreq(terms[i].second);
  }
  return total;
}

bool IsMatchAll(const Xapian::Query& query) {
  return query.get_type() == Xapian::Query::LEAF_MATCH_ALL;
}

}  // namespace

std::optional<uint64_t> CountFromStatistics(const Xapian::Database& db,
                                            const Xapian::Query& query) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_MATCH_ALL: return db.get_doccount();
    case Xapian::Query::LEAF_MATCH_NOTHING: return 0;
    case Xapian::Query::LEAF_TERM: return db.get_termfreq(*query.get_terms_begin());
    case Xapian::Query::OP_SCALE_WEIGHT: return CountFromStatistics(db, query.get_subquery(0));
    case Xapian::Query::OP_AND_NOT:
      // MatchAll AND_NOT x, x never more than every document.
      if (query.get_num_subqueries() == 2 && IsMatchAll(query.get_subquery(0))) {
        if (auto excluded = CountFromStatistics(db, query.get_subquery(1))) {
          return db.get_doccount() - *excluded;
        }
      }
      return std::nullopt;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
      // x AND MatchAll (dates --from/--to that select everything).
      if (query.get_num_subqueries() == 2 && IsMatchAll(query.get_subquery(1))) {
        return CountFromStatistics(db, query.get_subquery(0));
      }
      return std::nullopt;
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM: return DisjointDateTermsCount(db, query);
    default: return std::nullopt;
  }
}

uint64_t RunExactMatch(const Xapian::Database& db, const Xapian::Query& query,
                       std::initializer_list<Xapian::MatchSpy*> spies) {
  if (spies.size() == 0) {
    if (auto count = CountFromStatistics(db, query)) return *count;
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  return mset.get_matches_estimated();
}

}  // namespace morgue
