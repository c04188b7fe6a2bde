// Ranking evaluation shared by morgue_ranking_eval and tests/ranking_test.cc:
// the judged query set, Reuters topic judgements read from the SGML, and the
// measures (MAP, nDCG@10, P@10). See docs/ranking.md.
#ifndef MORGUE_BENCH_RANKING_METRICS_H_
#define MORGUE_BENCH_RANKING_METRICS_H_

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench/ranking_collections.h"
#include "morgue/archive.h"
#include "morgue/search.h"

namespace morgue::bench {

// One judged query: what a researcher types, the Reuters topic whose tagged
// articles answer it, and the half of the set it belongs to ('A' or 'B').
struct JudgedQuery {
  char half = 'A';
  std::string topic;
  std::string query;
};

// Reads a judged set (bench/judged/reuters-topics.tsv: "half<TAB>topic<TAB>query"
// lines, '#' comments and blank lines ignored). Throws Error(kNotFound) when
// the file cannot be opened, Error(kInvalidInput) naming the line for a line
// that is not three fields with half A or B.
std::vector<JudgedQuery> LoadJudgedQueries(const std::string& path);

// Article ids (NEWID) per topic, read from every reut2-*.sgm in `dir`.
// Throws Error(kNotFound) when `dir` holds no reut2-*.sgm file, Error(kIO)
// when one cannot be read.
std::map<std::string, std::set<std::string>> ReutersTopicJudgements(const std::string& dir);

// Average precision of `ranked` against `relevant`: the mean, over ALL
// relevant ids (retrieved or not), of the precision at each relevant one's
// rank. 0 when `relevant` is empty.
double AveragePrecision(const std::vector<std::string>& ranked,
                        const std::set<std::string>& relevant);

// nDCG@k with binary gains (log2 discount); 0 when `relevant` is empty.
double NdcgAt(const std::vector<std::string>& ranked, const std::set<std::string>& relevant,
              size_t k);

// Fraction of the first k positions (k, not the list length) that are relevant.
double PrecisionAt(const std::vector<std::string>& ranked, const std::set<std::string>& relevant,
                   size_t k);

// Fraction of the relevant ids found in the first k positions (trec_eval's
// recall_1000 with k = 1000); 0 when `relevant` is empty.
double RecallAt(const std::vector<std::string>& ranked, const std::set<std::string>& relevant,
                size_t k);

// Means over a set of queries.
struct Scores {
  double map = 0;
  double ndcg10 = 0;
  double p10 = 0;
  size_t queries = 0;
  double recall1000 = 0;
};

// The measures of one ranked list (trec_eval's map, ndcg_cut_10 with binary
// gains, P_10 and recall_1000, for the list as given: ties are not re-sorted)
// added to `sum`, whose `queries` goes up by one. Divide with Mean().
void AddQuery(const std::vector<std::string>& ranked, const std::set<std::string>& relevant,
              Scores* sum, double* ap = nullptr);

// `sum` (AddQuery's) divided by its number of queries.
Scores Mean(Scores sum);

// Runs each query of `queries` in `half` ('A', 'B', or 0 for all) through
// archive.Search with `ranking` (words ANDed, as the command line does; top
// `depth` hits, no snippets) and averages the measures. Throws what
// Archive::Search throws, and Error(kInvalidInput) for a query whose topic
// has no judged article. With `per_query_ap`, also appends each evaluated
// query's average precision, in the order of `queries`.
Scores Evaluate(const Archive& archive, const std::vector<JudgedQuery>& queries,
                const std::map<std::string, std::set<std::string>>& judgements,
                const RankingOptions& ranking, char half = 0, size_t depth = 1000,
                std::vector<double>* per_query_ap = nullptr);

// Runs every query of `collection` in `half` ('A', 'B', or 0 for all) as
// its QueryWords, ANDed (`all_words`) or ORed, through archive.Search with
// `ranking` (top 1000, no snippets) and averages the measures. Throws what
// Archive::Search throws.
Scores EvaluateJudged(const Archive& archive, const JudgedCollection& collection,
                      const RankingOptions& ranking, bool all_words, char half = 0);

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_RANKING_METRICS_H_
