#include "query/facets.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "indexer/document.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/searcher.h"
#include "query/selection.h"
#include "query/value_columns.h"

namespace morgue {

namespace {

Xapian::valueno SlotOf(FacetField field) {
  switch (field) {
    case FacetField::kPerson: return kSlotPersons;
    case FacetField::kOrg: return kSlotOrgs;
    case FacetField::kPlace: return kSlotPlaces;
    case FacetField::kTopic: return kSlotTopics;
    case FacetField::kSection: return kSlotSection;
    case FacetField::kSpeaker: return kSlotSpeakers;
    case FacetField::kSource: break;  // counted from XSRC terms, see SourceCounts
  }
  throw Error(ErrorCode::kInternal, "no value slot for this facet field");
}

bool ByCountThenValue(const FacetCount& a, const FacetCount& b) {
  return a.count != b.count ? a.count > b.count : a.value < b.value;
}

// The `top` largest counts (all when 0) in ByCountThenValue order; only the
// values kept are copied out.
std::vector<FacetCount> Top(std::vector<std::pair<std::string_view, uint64_t>>& counts,
                            size_t top) {
  auto by_count = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const size_t keep = top > 0 ? std::min(top, counts.size()) : counts.size();
  std::partial_sort(counts.begin(), counts.begin() + keep, counts.end(), by_count);
  std::vector<FacetCount> out;
  out.reserve(keep);
  for (size_t i = 0; i < keep; ++i) out.push_back({std::string(counts[i].first), counts[i].second});
  return out;
}

// Sources are few (a handful of collections per archive) and every article
// has exactly one, so they are counted with one boolean match per XSRC term
// rather than from a value slot stored with every article.
std::vector<FacetCount> SourceCounts(const ShardView& shards, const Xapian::Query& query,
                                     const Xapian::Database& db) {
  std::vector<FacetCount> out;
  const std::string prefix = "XSRC";
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    Xapian::Query with_source(Xapian::Query::OP_FILTER, query, Xapian::Query(*it));
    uint64_t count = CountMatches(shards, with_source);
    if (count > 0) out.push_back({(*it).substr(prefix.size()), count});
  }
  return out;
}

// The boolean term prefix of a field's values (docs/index-format.md).
std::string PrefixOf(FacetField field) {
  switch (field) {
    case FacetField::kPerson: return "XP";
    case FacetField::kOrg: return "XO";
    case FacetField::kPlace: return "XL";
    case FacetField::kTopic: return "XK";
    case FacetField::kSection: return "XS";
    case FacetField::kSource: return "XSRC";
    case FacetField::kSpeaker: return "XSPK";
  }
  throw Error(ErrorCode::kInternal, "no term prefix for this facet field");
}

// Counts over the whole archive: every value is a boolean term held by
// exactly the articles with that value, so its term frequency is the count
// (exact: Xapian keeps term frequencies through deletions). The terms are
// read once per snapshot, in ByCountThenValue order (View::TermsByFrequency);
// no article is visited. The `top` largest (all when 0).
std::vector<FacetCount> AllCounts(const IndexReader::View& r, FacetField field, size_t top) {
  std::vector<FacetCount> out;
  for (const auto& [value, count] : r.TermsByFrequency(PrefixOf(field))) {
    if (top > 0 && out.size() == top) break;
    // "XS" is also the start of "XSRC" and "XSPK": values are lower case, so
    // a capital right after the prefix belongs to another prefix.
    if (value.empty() || (value[0] >= 'A' && value[0] <= 'Z')) continue;
    out.push_back({value, count});
  }
  return out;
}

}  // namespace

FacetField ParseFacetField(const std::string& name) {
  for (FacetField f :
       {FacetField::kPerson, FacetField::kOrg, FacetField::kPlace, FacetField::kTopic,
        FacetField::kSection, FacetField::kSource, FacetField::kSpeaker}) {
    if (name == FacetFieldName(f)) return f;
  }
  throw Error(ErrorCode::kInvalidArgument,
              "unknown facet field \"" + name +
                  "\" (use person, org, place, topic, section, source or speaker)");
}

FacetResult FacetsOn(const IndexReader::View& r, const SearchRequest& request, FacetField by,
                     size_t top) {
  const Xapian::Database& db = r.db();
  FacetResult result;
  if (SelectsAll(request) && !request.from && !request.to) {
    result.total = db.get_doccount();
    result.values = AllCounts(r, by, top);
  } else {
    Searcher searcher = r.MakeSearcher();
    Xapian::Query query = SelectionQuery(searcher, request);
    if (by == FacetField::kSource) {
      result.total = CountMatches(searcher.Shards(), query);
      result.values = SourceCounts(searcher.Shards(), query, db);
    } else {
      ValueCounts tally = TallyValues(searcher.Shards(), query, SlotOf(by));
      result.total = tally.total;
      result.values = Top(tally.values, top);
      return result;
    }
  }
  if (top > 0 && top < result.values.size()) {
    std::partial_sort(result.values.begin(), result.values.begin() + top, result.values.end(),
                      ByCountThenValue);
    result.values.resize(top);
  } else {
    std::sort(result.values.begin(), result.values.end(), ByCountThenValue);
  }
  return result;
}

FacetResult CountFacets(const IndexReader& index, const SearchRequest& request, FacetField by,
                        size_t top) {
  std::vector<std::string> missing;
  FacetResult result = index.Read(
      "facets", [&](const IndexReader::View& r) { return FacetsOn(r, request, by, top); },
      &missing);
  result.missing_nodes = std::move(missing);
  return result;
}

std::vector<FacetResult> CountFacetsSideBySide(const IndexReader& index,
                                               const std::vector<SearchRequest>& requests,
                                               FacetField by, size_t top) {
  if (requests.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "no query to compare (give at least one)");
  }
  if (requests.size() > kMaxSideBySide) {
    throw Error(ErrorCode::kLimit, std::to_string(requests.size()) +
                                       " queries side by side; the limit is " +
                                       std::to_string(kMaxSideBySide));
  }
  auto count = [&](const IndexReader::View& r) {
    // Every value's exact count in every request; shown: the union of each
    // request's `top` largest (the lists are in ByCountThenValue order).
    std::vector<std::unordered_map<std::string, uint64_t>> counts(requests.size());
    std::unordered_map<std::string, uint64_t> shown;  // value -> count summed over requests
    std::vector<FacetResult> results(requests.size());
    for (size_t i = 0; i < requests.size(); ++i) {
      FacetResult all = FacetsOn(r, requests[i], by, 0);
      results[i].total = all.total;
      for (size_t k = 0; k < all.values.size(); ++k) {
        if (top == 0 || k < top) shown.emplace(all.values[k].value, 0);
        counts[i].emplace(std::move(all.values[k].value), all.values[k].count);
      }
    }
    std::vector<FacetCount> order;
    order.reserve(shown.size());
    for (auto& [value, sum] : shown) {
      for (const auto& c : counts) {
        auto it = c.find(value);
        if (it != c.end()) sum += it->second;
      }
      order.push_back({value, sum});
    }
    std::sort(order.begin(), order.end(), ByCountThenValue);
    for (size_t i = 0; i < requests.size(); ++i) {
      results[i].values.reserve(order.size());
      for (const FacetCount& v : order) {
        auto it = counts[i].find(v.value);
        results[i].values.push_back({v.value, it == counts[i].end() ? 0 : it->second});
      }
    }
    return results;
  };
  std::vector<std::string> missing;
  std::vector<FacetResult> out = index.Read("facets", count, &missing);
  for (FacetResult& result : out) result.missing_nodes = missing;
  return out;
}

}  // namespace morgue
