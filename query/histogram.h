// Exact counts of matching articles per day, ISO week, month or year
// (Archive::Histogram), from the day value slot, beside all articles of the
// archive in the same interval (from the day terms' frequencies).
#ifndef MORGUE_QUERY_HISTOGRAM_H_
#define MORGUE_QUERY_HISTOGRAM_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/archive.h"
#include "morgue/search.h"
#include "query/index_reader.h"

namespace morgue {

// The articles `request` selects per interval of `by`, over the span
// HistogramResult::bins describes (empty intervals included), beside all
// articles of the archive in each, with the exact total and the undated
// count. Throws as Archive::Histogram.
HistogramResult CountPerInterval(const IndexReader& index, const SearchRequest& request,
                                 Interval by);

// Archive::HistogramsSideBySide: the requests' histograms on one snapshot,
// over one span of intervals. Throws as Archive::HistogramsSideBySide.
std::vector<HistogramResult> CountPerIntervalSideBySide(const IndexReader& index,
                                                        const std::vector<SearchRequest>& requests,
                                                        Interval by);

// Archive::HistogramSplit, on one snapshot.
SplitHistograms CountPerIntervalSplit(const IndexReader& index, const SearchRequest& request,
                                      FacetField field, size_t top, Interval by);

// The interval of `by` holding the day `day_key` (YYYYMMDD, as value slot
// kSlotDay holds it): its label (HistogramBin::label) and its first day
// (YYYY-MM-DD). nullopt when `day_key` is not such a day.
struct DayInterval {
  std::string label, start;
};
std::optional<DayInterval> IntervalOfDay(std::string_view day_key, Interval by);

}  // namespace morgue

#endif  // MORGUE_QUERY_HISTOGRAM_H_
