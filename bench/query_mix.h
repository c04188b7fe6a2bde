// Query mixes for benchmarks: the `class<TAB>query` file format and running
// one query of a class against an archive. Shared by `morgue bench query` and
// the morgue_bench end-to-end benchmarks (public API only).
//
// A query file has one query per line: `class<TAB>query`. Blank lines and
// lines starting with '#' are skipped. The class names what runs:
//   free, phrase, date, entity, combination (any name without ':' works the
//     same way): Archive::Search, top 10 with snippets, as `morgue search`;
//   facets:FIELD   (FIELD = person, org, place, topic, section, source, speaker):
//     Archive::Facets, top 20;
//   histogram:INTERVAL (day, week, month, year): Archive::Histogram;
//   export: Archive::Export of every match (the articles are decoded, not written).
// A search line whose query is `@archive` (kFromArchive) stands for the broad
// queries chosen from the archive (BroadQueryTexts), once ExpandArchiveQueries
// has run; the default mix has `broad<TAB>@archive`.
// The query may be empty for facets, histogram and export (every article).
#ifndef MORGUE_BENCH_QUERY_MIX_H_
#define MORGUE_BENCH_QUERY_MIX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "morgue/archive.h"

namespace morgue::bench {

// One line of a query file.
struct BenchQuery {
  std::string cls;    // the class as reported: "free", "facets", "histogram", ...
  std::string param;  // after ':' in the class column ("place", "month"), else ""
  std::string text;   // the query
  std::string where;  // "FILE:LINE" of the line it came from ("" when not from a file)
};

// Parses a query file's contents; `name` is used in messages. Throws
// morgue::Error(kInvalidArgument) naming the file and line for a line without
// a tab, an empty query of a search class, or an unknown facet field or interval.
std::vector<BenchQuery> ParseBenchQueries(const std::string& contents, const std::string& name);

// Runs `query` once on `archive` and returns how many results it produced
// (hits returned, facet values, histogram bins, articles exported). Search
// classes compute snippets unless `snippets` is false. Throws what the
// Archive method throws.
// `ranking` ranks the search classes' queries; `default_and` false ORs
// words side by side (SearchRequest::default_and).
uint64_t ExecuteBenchQuery(const Archive& archive, const BenchQuery& query, bool snippets = true,
                           const RankingOptions& ranking = {}, bool default_and = true);

// The default mix for Reuters-like news: the text of bench/queries/reuters.tsv.
// Never throws.
const char* DefaultBenchQueries();

// The query text that stands for the broad queries chosen from the archive.
inline constexpr char kFromArchive[] = "@archive";

// Broad searches chosen from `archive`, so that they are broad on any
// archive: the 3 largest place and topic values and the 2 largest
// organisations (`place:"united states"`); the 2 months with the most
// articles, each as `date:YYYY-MM` and as the range of its days; the 10 words
// found in the bodies of the most articles among the first 5,000 (export
// order); `NOT` of the smallest place and topic values. A part the archive
// has nothing for (no dates, no places) is left out; an empty archive gives
// none. Throws what the Archive methods throw.
std::vector<std::string> BroadQueryTexts(const Archive& archive);

// Replaces each query whose text is kFromArchive by one query of its class
// (and `where`) per BroadQueryTexts(archive), which runs once. Throws what
// BroadQueryTexts throws.
void ExpandArchiveQueries(const Archive& archive, std::vector<BenchQuery>* queries);

// The classes of `queries` in first-appearance order, each once.
std::vector<std::string> BenchClasses(const std::vector<BenchQuery>& queries);

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_QUERY_MIX_H_
