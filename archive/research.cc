// The archive's reading methods: each a thin call into query/, which reads
// the index through the archive's IndexReader.
#include "archive/archive_impl.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/export.h"
#include "query/facets.h"
#include "query/histogram.h"
#include "query/key_terms.h"
#include "query/kwic.h"
#include "query/similar.h"

namespace morgue {

SearchResult Archive::Search(const SearchRequest& request) const {
  std::vector<std::string> missing;
  SearchResult result = impl_->index->Read(
      "search", [&](const IndexReader::View& r) { return r.MakeSearcher().Search(request); },
      &missing);
  result.missing_nodes = std::move(missing);
  return result;
}

uint64_t Archive::Count(const SearchRequest& request) const {
  return impl_->index->Read("count", [&](const IndexReader::View& r) {
    return r.MakeSearcher().Count(request);
  });
}

uint64_t Archive::Count(const SearchRequest& request,
                        std::vector<std::string>* missing_nodes) const {
  return impl_->index->Read(
      "count", [&](const IndexReader::View& r) { return r.MakeSearcher().Count(request); },
      missing_nodes);
}

FacetResult Archive::Facets(const SearchRequest& request, FacetField by, size_t top) const {
  return CountFacets(*impl_->index, request, by, top);
}

HistogramResult Archive::Histogram(const SearchRequest& request, Interval by) const {
  return CountPerInterval(*impl_->index, request, by);
}

std::vector<HistogramResult> Archive::HistogramsSideBySide(
    const std::vector<SearchRequest>& requests, Interval by) const {
  return CountPerIntervalSideBySide(*impl_->index, requests, by);
}

SplitHistograms Archive::HistogramSplit(const SearchRequest& request, FacetField field, size_t top,
                                        Interval by) const {
  return CountPerIntervalSplit(*impl_->index, request, field, top, by);
}

std::vector<FacetResult> Archive::FacetsSideBySide(const std::vector<SearchRequest>& requests,
                                                   FacetField by, size_t top) const {
  return CountFacetsSideBySide(*impl_->index, requests, by, top);
}

uint64_t Archive::Export(const SearchRequest& request,
                         const std::function<bool(const Article&)>& fn) const {
  return ExportArticles(*impl_->index, request, fn);
}

uint64_t Archive::Export(const SearchRequest& request,
                         const std::function<bool(const Article&)>& fn,
                         std::vector<std::string>* missing_nodes) const {
  return ExportArticles(*impl_->index, request, fn, missing_nodes);
}

SearchResult Archive::Similar(const std::string& id, const SearchRequest& request) const {
  if (request.collapse) impl_->RequireLocal("similar with collapse");
  std::optional<StoredId> target =
      impl_->cluster ? ClusterResolve(*impl_, id) : impl_->index->LatestStore()->Resolve(id);
  if (!target) throw Error(ErrorCode::kNotFound, "no article with id " + id);
  return FindSimilar(*impl_->index, *target, request);
}

TermsResult Archive::Terms(const SearchRequest& request, const TermsOptions& options) const {
  impl_->RequireLocal("terms");
  return KeyTerms(*impl_->index, request, options);
}

uint64_t Archive::Kwic(const SearchRequest& request, const KwicOptions& options,
                       const std::function<bool(const KwicLine&)>& fn) const {
  return KeywordsInContext(*impl_->index, request, options, fn);
}

uint64_t Archive::Kwic(const SearchRequest& request, const KwicOptions& options,
                       const std::function<bool(const KwicLine&)>& fn,
                       std::vector<std::string>* missing_nodes) const {
  return KeywordsInContext(*impl_->index, request, options, fn, missing_nodes);
}

}  // namespace morgue
