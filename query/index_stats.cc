#include "query/index_stats.h"

#include <algorithm>
#include <initializer_list>

namespace morgue {

namespace {

// The `top` most frequent values of the boolean terms with `prefix` (0: all),
// with exact counts from the terms' frequencies. Terms that start with one
// of `skip` belong to a longer prefix and are left out.
std::vector<FacetCount> TopTerms(const Xapian::Database& db, const std::string& prefix,
                                 std::initializer_list<const char*> skip, size_t top) {
  std::vector<FacetCount> all;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    const std::string term = *t;
    bool other =
        std::any_of(skip.begin(), skip.end(), [&](const char* s) { return term.rfind(s, 0) == 0; });
    if (other || term.size() == prefix.size()) continue;
    all.push_back({term.substr(prefix.size()), t.get_termfreq()});
  }
  auto by_count = [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  if (top == 0 || top >= all.size()) {
    std::sort(all.begin(), all.end(), by_count);
  } else {
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(top), all.end(),
                      by_count);
    all.resize(top);
  }
  return all;
}

// "YYYYMMDD" -> the day as a date-only timestamp.
std::optional<Timestamp> DayOf(const std::string& day) {
  if (day.size() != 8) return std::nullopt;
  try {
    return Timestamp::FromCivil(std::stoi(day.substr(0, 4)), std::stoi(day.substr(4, 2)),
                                std::stoi(day.substr(6, 2)), 0, 0, 0, /*date_only=*/true);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

void SummariseIndex(const IndexReader& index, size_t top, ArchiveStats* stats) {
  auto summarise = [&](const IndexReader::View& r) {
    const Xapian::Database& db = r.db();
    // Day terms "DYYYYMMDD": the first and last give the exact span (value
    // slot bounds may be loose after deletions); year terms count dated articles.
    std::string first_day, last_day;
    for (auto t = db.allterms_begin("D"); t != db.allterms_end("D"); ++t) {
      if (first_day.empty()) first_day = (*t).substr(1);
      last_day = (*t).substr(1);
    }
    stats->first = DayOf(first_day);
    stats->last = DayOf(last_day);
    uint64_t dated = 0;
    for (auto t = db.allterms_begin("Y"); t != db.allterms_end("Y"); ++t) dated += t.get_termfreq();
    uint64_t indexed = db.get_doccount();
    stats->undated = indexed > dated ? indexed - dated : 0;
    if (r.settings().cluster) {
      stats->articles = indexed;
      stats->nodes = static_cast<unsigned>(r.shards().size());
      for (const Xapian::Database& node : r.shards()) {
        stats->node_articles.push_back(node.get_doccount());
      }
    }
    // Section terms share "XS" with the source and speaker prefixes; values
    // are lower-cased, so the upper-case longer prefixes never collide.
    stats->top_sources = TopTerms(db, "XSRC", {}, top);
    stats->top_sections = TopTerms(db, "XS", {"XSRC", "XSPK"}, top);
    stats->top_persons = TopTerms(db, "XP", {}, top);
    stats->top_orgs = TopTerms(db, "XO", {}, top);
    stats->top_places = TopTerms(db, "XL", {}, top);
    return 0;
  };
  index.Read("stats", summarise, &stats->missing_nodes);
}

}  // namespace morgue
