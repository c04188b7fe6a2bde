#include "query/selection.h"

#include "query/parser.h"

namespace morgue {

Xapian::Query SelectionQuery(const Searcher& searcher, const SearchRequest& request) {
  if (!SelectsAll(request)) return searcher.BuildQuery(request);
  return DateRangeQuery(request.from, request.to, [&searcher] { return searcher.Span(); });
}

void ValueTally::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  std::string value = doc.get_value(slot_);
  if (!value.empty()) ++counts_[std::move(value)];
}

uint64_t RunExactMatch(const Xapian::Database& db, const Xapian::Query& query,
                       std::initializer_list<Xapian::MatchSpy*> spies) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  return mset.get_matches_estimated();
}

}  // namespace morgue
