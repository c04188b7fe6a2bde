#include "query/similar.h"

#include <algorithm>
#include <cctype>

#include "indexer/document.h"
#include "morgue/error.h"
#include "query/searcher.h"
#include "query/selection.h"
#include "query/snippet.h"
#include "storage/codec.h"
#include "storage/store.h"

namespace morgue {

namespace {

constexpr Xapian::termcount kSimilarTerms = 40;

// Keeps body words (no prefix) and headline words ("S" + word): no filters,
// ids, dates, stems or purely numeric tokens.
class WordDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    std::string_view word = term;
    if (!word.empty() && word[0] == 'S') word.remove_prefix(1);
    if (word.size() < 2 || std::isupper(static_cast<unsigned char>(word[0]))) return false;
    return !std::all_of(word.begin(), word.end(),
                        [](unsigned char c) { return std::isdigit(c) || std::ispunct(c); });
  }
};

}  // namespace

SearchResult FindSimilar(const IndexReader& index, const StoredId& target,
                         const SearchRequest& request) {
  std::vector<std::string> words;  // for highlighting
  struct Match {
    Xapian::docid docid;
    double weight;
    uint64_t group_size;
  };
  std::vector<Match> matches;
  SearchResult result;
  std::shared_ptr<const ArticleSource> store;  // the snapshot's
  auto match = [&](const IndexReader::View& r) {
    store = r.store();
    const Xapian::Database& db = r.db();
    Searcher searcher = r.MakeSearcher();
    std::string unique = UniqueTerm(target.source, target.id);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(unique));
    Xapian::RSet rset;
    rset.add_document(static_cast<Xapian::docid>(target.docid));
    WordDecider decider;
    Xapian::ESet eset = enquire.get_eset(kSimilarTerms, rset, &decider);

    std::vector<std::string> terms;
    words.clear();
    for (auto it = eset.begin(); it != eset.end(); ++it) {
      terms.push_back(*it);
      words.push_back((*it)[0] == 'S' ? (*it).substr(1) : *it);
    }
    Xapian::Query like(Xapian::Query::OP_OR, terms.begin(), terms.end());
    Xapian::Query query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(unique));
    if (request.from || request.to || !SelectsAll(request)) {
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, SelectionQuery(searcher, request));
    }
    enquire.set_query(query);
    enquire.set_weighting_scheme(RankingWeight(request.ranking));
    // Every match is seen (check_at_least = all): without collapse Xapian's
    // count is exact; with it, only an estimate, so the fingerprints of
    // every match are tallied.
    ValueTally fingerprints(kSlotFingerprint);
    if (request.collapse) {
      enquire.set_collapse_key(kSlotFingerprint);
      enquire.add_matchspy(&fingerprints);
    }
    Xapian::doccount count = db.get_doccount();
    Xapian::doccount first =
        static_cast<Xapian::doccount>(std::min<uint64_t>(request.offset, count));
    Xapian::doccount limit =
        static_cast<Xapian::doccount>(std::min<uint64_t>(request.limit, 100000));
    Xapian::MSet mset = enquire.get_mset(first, limit, count);
    matches.clear();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      matches.push_back({*it, it.get_weight(), uint64_t{it.get_collapse_count()} + 1});
    }
    if (!request.collapse) return uint64_t{mset.get_matches_estimated()};
    result.groups = GroupCount(fingerprints);
    return fingerprints.seen();
  };
  result.total = index.Read("similar", match, &result.missing_nodes);

  std::vector<uint64_t> docids;
  for (const Match& m : matches) docids.push_back(m.docid);
  auto stored = store->GetArticles(docids);
  Snippeter snippeter(words, StemmerFor(index.settings().language));
  for (size_t i = 0; i < matches.size(); ++i) {
    if (!stored[i]) continue;  // deleted since the index was read
    Hit hit = MakeHit(*stored[i], matches[i].weight, snippeter, request);
    if (request.collapse) hit.group_size = matches[i].group_size;
    result.hits.push_back(std::move(hit));
  }
  return result;
}

}  // namespace morgue
