#include "query/selection.h"

#include <algorithm>
#include <bit>
#include <string>
#include <utility>
#include <vector>

#include "indexer/document.h"
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

// The terms of `query` when it is a term or an OR / OP_SYNONYM of terms:
// the documents it matches are those holding any of them. False otherwise.
bool TermSet(const Xapian::Query& query, std::vector<std::string>* terms) {
  const auto type = query.get_type();
  if (type == Xapian::Query::LEAF_TERM) {
    terms->push_back(*query.get_terms_begin());
    return true;
  }
  if (type != Xapian::Query::OP_OR && type != Xapian::Query::OP_SYNONYM) return false;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (!TermSet(query.get_subquery(i), terms)) return false;
  }
  return true;
}

bool IsAllFieldsTerm(const std::string& term) {
  return term.compare(0, std::char_traits<char>::length(kAllFieldsPrefix), kAllFieldsPrefix) == 0;
}

// The all-fields term of the word a headline ("S"), caption ("XC") or body
// (no prefix: not starting with a capital) term holds; "" for any other.
std::string AllFieldsTermOf(const std::string& term) {
  if (term.empty()) return "";
  if (term[0] == 'S') return kAllFieldsPrefix + term.substr(1);
  if (term.compare(0, 2, "XC") == 0) return kAllFieldsPrefix + term.substr(2);
  if (term[0] >= 'A' && term[0] <= 'Z') return "";
  return kAllFieldsPrefix + term;
}

// `subs` (the children of an OR) without the children that are field terms
// of words whose all-fields terms another child, made of all-fields terms
// only, matches: they match no document it does not.
void DropCoveredFieldTerms(std::vector<Xapian::Query>* subs) {
  std::vector<std::vector<std::string>> sets(subs->size());
  std::vector<bool> is_set(subs->size());
  std::vector<std::string> covered;  // all-fields terms some child matches
  for (size_t i = 0; i < subs->size(); ++i) {
    is_set[i] = TermSet((*subs)[i], &sets[i]);
    if (is_set[i] && std::all_of(sets[i].begin(), sets[i].end(), IsAllFieldsTerm)) {
      covered.insert(covered.end(), sets[i].begin(), sets[i].end());
    }
  }
  if (covered.empty()) return;
  std::sort(covered.begin(), covered.end());
  std::vector<Xapian::Query> kept;
  for (size_t i = 0; i < subs->size(); ++i) {
    const bool drop =
        is_set[i] && !sets[i].empty() &&
        std::all_of(sets[i].begin(), sets[i].end(), [&covered](const std::string& term) {
          const std::string all = AllFieldsTermOf(term);
          return !all.empty() && std::binary_search(covered.begin(), covered.end(), all);
        });
    if (!drop) kept.push_back(std::move((*subs)[i]));
  }
  *subs = std::move(kept);
}

}  // namespace

Xapian::Query CountingQuery(const Xapian::Query& query, bool all_fields_terms) {
  const auto type = query.get_type();
  switch (type) {
    case Xapian::Query::OP_SCALE_WEIGHT:
    case Xapian::Query::OP_AND_MAYBE:
      // The scaled query's matches; AND_MAYBE's left side's.
      return CountingQuery(query.get_subquery(0), all_fields_terms);
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT: {
      std::vector<Xapian::Query> subs;
      for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
        subs.push_back(CountingQuery(query.get_subquery(i), all_fields_terms));
      }
      const bool ored = type == Xapian::Query::OP_OR || type == Xapian::Query::OP_SYNONYM;
      if (ored && all_fields_terms) DropCoveredFieldTerms(&subs);
      // A synonym matches what an OR of its parts matches; an OR of one
      // query is that query.
      return Xapian::Query(ored ? Xapian::Query::OP_OR : type, subs.begin(), subs.end());
    }
    default: return query;
  }
}

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

namespace {

// Every match of `query` counted, unweighted, with `spies` watching each.
uint64_t CountByMatch(const Xapian::Database& db, const Xapian::Query& query,
                      std::initializer_list<Xapian::MatchSpy*> spies) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  return mset.get_matches_estimated();
}

// CountUnion on a cluster's nodes, whose posting lists would cross the
// network: the terms' document frequencies from one exchange of statistics
// (a match of `query`, their union, returning no document; not a round trip
// per term and node), then the other terms' documents that lack the
// largest one's, counted by an unweighted match on the nodes along the
// smaller lists: only counts cross the network.
uint64_t CountUnionOnNodes(const Xapian::Database& db, const Xapian::Query& query,
                           const std::vector<std::string>& terms) {
  Xapian::Enquire statistics(db);
  statistics.set_query(query);
  statistics.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet frequencies = statistics.get_mset(0, 0, Xapian::doccount{0});
  size_t largest = 0;
  for (size_t i = 1; i < terms.size(); ++i) {
    if (frequencies.get_termfreq(terms[i]) > frequencies.get_termfreq(terms[largest])) largest = i;
  }
  std::vector<Xapian::Query> others;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i != largest) others.emplace_back(terms[i]);
  }
  const Xapian::Query lacking(Xapian::Query::OP_AND_NOT,
                              Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end()),
                              Xapian::Query(terms[largest]));
  return frequencies.get_termfreq(terms[largest]) + CountByMatch(db, lacking, {});
}

// The number of documents holding any of `terms` (at least two, distinct):
// the largest posting list's document frequency plus the documents of the
// others it does not hold, read from the posting lists without a match. The
// largest list is only skipped along; the others' documents are marked in a
// bitmap of every docid (memory: the last docid / 8 bytes, 125 KB for a
// million articles, whatever the number of terms).
uint64_t CountUnion(const Xapian::Database& db, const std::vector<std::string>& terms) {
  size_t largest = 0;
  Xapian::doccount largest_freq = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    const Xapian::doccount freq = db.get_termfreq(terms[i]);
    if (freq > largest_freq) {
      largest = i;
      largest_freq = freq;
    }
  }
  std::vector<uint64_t> marked(db.get_lastdocid() / 64 + 1);
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i == largest) continue;
    for (auto it = db.postlist_begin(terms[i]); it != db.postlist_end(terms[i]); ++it) {
      const Xapian::docid d = *it;
      marked[d / 64] |= uint64_t{1} << (d % 64);
    }
  }
  uint64_t total = largest_freq;
  auto big = db.postlist_begin(terms[largest]);
  const auto end = db.postlist_end(terms[largest]);
  for (size_t w = 0; w < marked.size(); ++w) {
    for (uint64_t bits = marked[w]; bits != 0; bits &= bits - 1) {
      const auto d = static_cast<Xapian::docid>(w * 64 + std::countr_zero(bits));
      if (big != end) big.skip_to(d);
      if (big == end || *big != d) ++total;
    }
  }
  return total;
}

}  // namespace

std::optional<uint64_t> CountWithoutMatch(const Xapian::Database& db, const Xapian::Query& query,
                                          bool read_lists) {
  if (auto count = CountFromStatistics(db, query)) return count;
  std::vector<std::string> terms;
  if (!TermSet(query, &terms)) return std::nullopt;
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  if (terms.size() == 1) return db.get_termfreq(terms[0]);
  return read_lists ? CountUnion(db, terms) : CountUnionOnNodes(db, query, terms);
}

namespace {

// A term or an OP_SYNONYM of terms, maybe scaled: one posting list to the
// matcher.
bool OneList(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::OP_SCALE_WEIGHT) return OneList(query.get_subquery(0));
  if (query.get_type() == Xapian::Query::LEAF_TERM) return true;
  if (query.get_type() != Xapian::Query::OP_SYNONYM) return false;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (query.get_subquery(i).get_type() != Xapian::Query::LEAF_TERM) return false;
  }
  return true;
}

}  // namespace

bool EarlyStopKeepsThePage(const Xapian::Query& query) {
  if (OneList(query)) return true;
  return query.get_type() == Xapian::Query::OP_OR && query.get_num_subqueries() == 2 &&
         OneList(query.get_subquery(0)) && OneList(query.get_subquery(1));
}

uint64_t RunExactMatch(const Xapian::Database& db, const Xapian::Query& query,
                       std::initializer_list<Xapian::MatchSpy*> spies, bool read_lists) {
  if (spies.size() == 0) {
    if (auto count = CountWithoutMatch(db, query, read_lists)) return *count;
  }
  return CountByMatch(db, query, spies);
}

}  // namespace morgue
