#include "query/searcher.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <utility>

#include "indexer/analysis.h"
#include "indexer/document.h"
#include "morgue/error.h"
#include "query/pair_filter.h"
#include "query/parser.h"
#include "query/random_order.h"
#include "query/remote_nodes.h"
#include "query/render.h"
#include "query/selection.h"
#include "query/snippet.h"
#include "query/stem_expander.h"
#include "query/stop_words.h"
#include "query/text_terms.h"
#include "storage/codec.h"
#include "storage/store.h"

namespace morgue {

namespace {

bool Blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

Query FiltersQuery(const std::vector<Filter>& filters) {
  // One OR group per field, in the order fields first appear; groups ANDed.
  std::vector<std::pair<FacetField, std::vector<Query>>> groups;
  for (const Filter& f : filters) {
    auto g = std::find_if(groups.begin(), groups.end(),
                          [&](const auto& x) { return x.first == f.field; });
    if (g == groups.end()) g = groups.insert(groups.end(), {f.field, {}});
    g->second.push_back(Query::Filter(f.field, f.value));
  }
  std::vector<Query> ands;
  for (auto& [field, alternatives] : groups) ands.push_back(Query::Or(std::move(alternatives)));
  return Query::And(std::move(ands));
}

Xapian::BM25Weight RankingWeight(const RankingOptions& ranking, bool words_ored) {
  // Xapian clamps bad parameters silently; a wrong ranking must not be.
  if (!(ranking.bm25_k1 >= 0) || std::isinf(ranking.bm25_k1)) {
    throw Error(ErrorCode::kInvalidArgument, "BM25 k1 must be a number >= 0");
  }
  if (!(ranking.bm25_b >= 0 && ranking.bm25_b <= 1)) {
    throw Error(ErrorCode::kInvalidArgument, "BM25 b must be a number from 0 to 1");
  }
  if (!(ranking.bm25_b_ored >= 0 && ranking.bm25_b_ored <= 1)) {
    throw Error(ErrorCode::kInvalidArgument, "BM25 b for words ORed must be a number from 0 to 1");
  }
  // k2 = 0 and k3 = 1: no query-length or query-term-frequency parts; a
  // length normalisation floor of half the average length.
  return Xapian::BM25Weight(ranking.bm25_k1, 0, 1.0,
                            words_ored ? ranking.bm25_b_ored : ranking.bm25_b, 0.5);
}

bool SelectsAll(const SearchRequest& request) {
  return Blank(request.query) && request.built_query.empty() && request.filters.empty();
}

Searcher::Searcher(const Xapian::Database& db, std::function<const ArticleSource&()> store,
                   SearchContext context)
    : db_(db),
      store_(std::move(store)),
      stem_language_(StemmerFor(context.language)),
      quotes_in_body_(context.quotes_in_body),
      stem_cache_(context.stem_cache),
      shards_(context.shards),
      pair_words_(context.pair_words),
      all_fields_terms_(context.all_fields_terms),
      remote_(context.remote) {}

std::vector<std::string> Searcher::WildcardTerms(const std::string& pattern, unsigned max,
                                                 const Deadline& deadline) const {
  // The terms starting with the pattern's part before its first wildcard,
  // kept when the whole pattern matches them ('?' one character, '*' any).
  const std::string prefix = pattern.substr(0, pattern.find_first_of("*?"));
  const bool prefix_only = prefix.size() + 1 == pattern.size() && pattern.back() == '*';
  std::vector<std::string> terms;
  for (const Xapian::Database& shard : *shards_.shards) {
    deadline.Check();
    unsigned in_shard = 0;
    unsigned seen = 0;
    for (auto it = shard.allterms_begin(prefix); it != shard.allterms_end(prefix); ++it) {
      if ((++seen & 63) == 0) deadline.Check();
      const std::string term = *it;
      if (!prefix_only && !MatchesWildcard(pattern, term)) continue;
      if (++in_shard > max && max) {
        throw Error(ErrorCode::kLimit, "a wildcard in the query matches too many words; make it "
                                       "longer (Wildcard " +
                                           pattern + " expands to more than " +
                                           std::to_string(max) + " terms)");
      }
      terms.push_back(term);
    }
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

Xapian::Query Searcher::BuildQuery(const SearchRequest& request,
                                   std::vector<std::string>* highlight_terms,
                                   std::string* description, bool* weighted,
                                   const Deadline& deadline, std::string* normalised,
                                   bool ranked) const {
  ParseOptions options;
  options.default_and = request.default_and;
  options.drop_stop_words = request.ranking.drop_stop_words;
  options.combine_fields = request.ranking.combine_fields;
  const RankingOptions& ranking = request.ranking;
  if (!(ranking.proximity_weight >= 0) || std::isinf(ranking.proximity_weight)) {
    throw Error(ErrorCode::kInvalidArgument, "the proximity weight must be a number >= 0");
  }
  if (ranking.proximity_window < 2 || ranking.proximity_window > kMaxProximityWindow) {
    throw Error(ErrorCode::kInvalidArgument,
                "the proximity window must be 2 to " + std::to_string(kMaxProximityWindow) +
                    " words (" + std::to_string(ranking.proximity_window) + " given)");
  }
  if (ranked) {
    options.proximity_weight = ranking.proximity_weight;
    options.proximity_window = ranking.proximity_window;
  }
  for (double w : {request.ranking.headline_weight, request.ranking.body_weight,
                   request.ranking.quote_weight, request.ranking.caption_weight}) {
    if (!(w >= 0) || std::isinf(w)) {
      throw Error(ErrorCode::kInvalidArgument, "a field weight must be a number >= 0");
    }
  }
  options.stem_language = stem_language_;
  options.today = Today(request.now);
  options.saved_queries = [this](const std::string& name) { return store_().GetSavedQuery(name); };
  options.weights.headline = request.ranking.headline_weight;
  options.weights.body = request.ranking.body_weight;
  options.weights.quote = request.ranking.quote_weight;
  options.weights.caption = request.ranking.caption_weight;
  options.quotes_in_body = options.weights.quote == 0 && quotes_in_body_;
  options.all_fields_terms = all_fields_terms_;
  options.canonical = [](EntityKind kind, std::string_view name) {
    return CanonicalEntity(kind, name);
  };
  uint64_t expansions = 0;      // wildcards and stems expanded, for a time-limit error
  uint64_t expanded_terms = 0;  // the terms they expanded to
  std::optional<StemExpander> expander;
  if (!stem_language_.empty()) {
    expander.emplace(db_, stem_language_, stem_cache_);
    options.stem_terms = [&](const std::string& prefix, const std::string& stem) {
      auto words = expander->Expand(prefix, stem, deadline);
      ++expansions;
      expanded_terms += words.size();
      return words;
    };
  }
  options.wildcard_terms = [&](const std::string& term, unsigned max) {
    auto terms = WildcardTerms(term, max, deadline);
    ++expansions;
    expanded_terms += terms.size();
    return terms;
  };
  if (pair_words_ && !pair_words_->empty()) {
    options.phrase_filter = [this](const std::vector<std::string>& words) {
      return PhrasePairFilter(*pair_words_, words);
    };
  }
  Query built = request.built_query;
  if (!request.filters.empty()) {
    built = built.empty() ? FiltersQuery(request.filters)
                          : Query::And({std::move(built), FiltersQuery(request.filters)});
  }
  std::optional<std::optional<DaySpan>> span;  // looked up once, when needed
  options.day_span = [this, &span] {
    if (!span) span = Span();
    return *span;
  };
  ParsedQuery parsed;
  try {
    parsed = CompileQuery(Blank(request.query) ? "" : request.query, built, options);
  } catch (const DeadlinePassed&) {
    deadline.FailPreparing(expansions, expanded_terms);
  }
  Xapian::Query query = parsed.query;
  if (request.from || request.to) {
    query =
        Xapian::Query(Xapian::Query::OP_FILTER, query,
                      DateRangeQuery(request.from, request.to, options.day_span, &options.today));
  }
  // A match must have some of the time left: none left is a query that
  // could not be prepared in time. Nor can Xapian's setup of the match be
  // stopped: it opens a posting list per term and shard, and frees them
  // after (5 to 14 us each, measured on 2 shared cores, loaded or not:
  // 43,000 terms in 2 shards took 0.45 to 1.2 s); a query whose terms
  // would take longer than what is left, at 10 us each, fails too.
  const uint64_t setup_us = expanded_terms * shards_.shards->size() * 10;
  if (deadline.Passed() || (deadline.IsSet() && !deadline.Leaves(setup_us))) {
    deadline.FailPreparing(expansions, expanded_terms);
  }
  if (highlight_terms) *highlight_terms = std::move(parsed.highlight_terms);
  if (weighted) *weighted = parsed.weighted;
  if (description) *description = query.get_description();
  if (normalised) {
    *normalised = std::move(parsed.description);
    if (request.from || request.to) {
      // The request's own date bounds, written as the query's own date
      // filters are (date:19870301..19870430), after the query's filters.
      const DayRange days = DateBounds(request.from, request.to, &options.today);
      const std::string dates = DescribeDates(days.from, days.to);
      if (normalised->empty()) {
        *normalised = dates;
      } else {
        *normalised +=
            (normalised->find(" FILTER ") == std::string::npos ? " FILTER " : " AND ") + dates;
      }
    }
  }
  return query;
}

namespace {

// Expansion terms: body words (no prefix: not starting with a capital) that
// start with a letter, are no stop word, and are neither one of the query's
// words nor share a stem with one (query_terms: highlight terms, the words
// and their "Z" stems).
class ExpansionTerms : public Xapian::ExpandDecider {
 public:
  ExpansionTerms(const std::vector<std::string>& query_terms, const std::string& language)
      : query_terms_(query_terms) {
    if (!language.empty()) stemmer_.emplace(language);
  }
  bool operator()(const std::string& term) const override {
    if (term.size() < 2 || !StartsWithLetter(term)) return false;
    if (term[0] >= 'A' && term[0] <= 'Z') return false;
    if (IsQueryStopWord(term) || Known(term)) return false;
    return !stemmer_ || !Known("Z" + (*stemmer_)(term));
  }

 private:
  bool Known(const std::string& term) const {
    return std::find(query_terms_.begin(), query_terms_.end(), term) != query_terms_.end();
  }
  const std::vector<std::string>& query_terms_;
  std::optional<Xapian::Stem> stemmer_;
};

}  // namespace

Xapian::Query Searcher::Expand(const Xapian::Query& query, const SearchRequest& request,
                               const std::vector<std::string>& query_terms) const {
  if (!(request.ranking.expand_weight >= 0) || std::isinf(request.ranking.expand_weight)) {
    throw Error(ErrorCode::kInvalidArgument, "the expansion weight must be a number >= 0");
  }
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(RankingWeight(request.ranking, !request.default_and));
  // Every match weighed (a match that stops early can leave one of the
  // best out: EarlyStopKeepsThePage).
  const Xapian::MSet top = enquire.get_mset(0, request.ranking.expand_docs, db_.get_doccount());
  if (top.empty()) return query;
  Xapian::RSet feedback;
  for (auto it = top.begin(); it != top.end(); ++it) feedback.add_document(*it);
  const ExpansionTerms decider(query_terms, stem_language_);
  const Xapian::ESet eset = enquire.get_eset(request.ranking.expand_terms, feedback, &decider);
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
  if (terms.empty()) return query;
  // AND_MAYBE: the expansion adds weight to the matches, never a match.
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, terms.begin(),
                                                   terms.end()),
                                     request.ranking.expand_weight));
}

std::optional<DaySpan> Searcher::Span() const {
  DaySpan span{db_.get_value_lower_bound(kSlotDay), db_.get_value_upper_bound(kSlotDay),
               db_.get_value_freq(kSlotDay) == db_.get_doccount()};
  if (span.first.empty() || span.last.empty()) return std::nullopt;
  return span;
}

uint64_t GroupCount(const ValueTally& fingerprints) {
  uint64_t with_fingerprint = 0;
  for (const auto& [fingerprint, articles] : fingerprints.counts()) with_fingerprint += articles;
  return fingerprints.counts().size() + (fingerprints.seen() - with_fingerprint);
}

void Searcher::RequireLocalFeatures(const SearchRequest& request) const {
  if (!remote_) return;
  const char* what = request.collapse                     ? "collapsing near-identical copies"
                     : request.sort == SortOrder::kRandom ? "sort random"
                                                          : nullptr;
  if (what) {
    throw Error(ErrorCode::kInvalidArgument,
                std::string(what) + " is not available on a cluster yet (docs/distributed.md)");
  }
}

uint64_t Searcher::Count(const SearchRequest& request) const {
  RequireLocalFeatures(request);
  Xapian::Query query = BuildQuery(request);
  if (!request.collapse) return CountMatches(shards_, CountingQuery(query, all_fields_terms_));
  // Copies of one story may lie in different shards: their fingerprints are
  // tallied in one match over all (Xapian's collapsed count is an estimate).
  ValueTally fingerprints(kSlotFingerprint);
  RunExactMatch(db_, query, {&fingerprints});
  return GroupCount(fingerprints);
}

namespace {

// A hit before its article is fetched.
struct Ranked {
  explicit Ranked(uint64_t d, double s = 0) : docid(d), score(s) {}
  uint64_t docid;
  double score;
  uint64_t group_size = 1;
  std::string explanation;
};

// The articles of a cluster's page of hits, from their documents' data: a
// round trip each, node after node. Xapian 1.4.22's MSet::fetch does not
// send the requests ahead over the remote backend (strace shows a request
// and its answer per document, with or without it), and on an MSet that
// does not begin at the first match (`--offset`) it indexes out of bounds:
// a crash (ClusterReutersTest). So it is not called.
std::vector<std::optional<std::string>> FetchArticles(const Xapian::MSet& mset) {
  std::vector<std::optional<std::string>> out;
  out.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    std::string data = it.get_document().get_data();
    if (data.empty()) ThrowNoArticle(*it);
    out.emplace_back(std::move(data));
  }
  return out;
}

}  // namespace

Hit MakeHit(std::string_view stored, double score, const Snippeter& snippeter,
            const SearchRequest& request) {
  // Entities, topics and language are decoded only when the article is
  // returned: a hit and its snippet do not need them.
  Article article =
      DecodeArticle(stored, request.fetch_articles ? ArticleParts::kAll : ArticleParts::kText);
  Hit hit;
  hit.id = article.id;
  hit.source = article.source;
  hit.published = article.published;
  hit.headline = article.headline;
  hit.score = score;
  if (request.snippets) {
    Snippet snippet = snippeter.Make(article, {request.snippet_length});
    hit.snippet = std::move(snippet.text);
    hit.highlights = std::move(snippet.highlights);
  }
  if (request.fetch_articles) hit.article = std::move(article);
  return hit;
}

SearchResult Searcher::Search(const SearchRequest& request) const {
  RequireLocalFeatures(request);
  const Deadline deadline(request.time_limit_ms);
  std::vector<std::string> highlight_terms;
  std::string description;
  bool weighted = true;
  // Xapian's description of a query is a long string: made only for --explain.
  std::string normalised;
  Xapian::Query query =
      BuildQuery(request, &highlight_terms, request.explain ? &description : nullptr, &weighted,
                 deadline, request.explain ? &normalised : nullptr,
                 /*ranked=*/request.sort == SortOrder::kRelevance);

  if (request.sort == SortOrder::kRandom && request.collapse) {
    throw Error(ErrorCode::kInvalidArgument,
                "sort random does not combine with collapse: sample the articles, or collapse "
                "them in another order");
  }
  if (weighted && request.sort == SortOrder::kRelevance && request.ranking.expand_docs > 0) {
    query = Expand(query, request, highlight_terms);
  }

  SearchResult result;
  if (request.explain) {
    result.parsed_query = std::move(description);
    result.query_description = std::move(normalised);
  }
  const Xapian::doccount first =
      static_cast<Xapian::doccount>(std::min<uint64_t>(request.offset, db_.get_doccount()));
  const Xapian::doccount limit =
      static_cast<Xapian::doccount>(std::min<uint64_t>(request.limit, 100000));
  // BM25, or BoolWeight when nothing adds weight (every match would score 0
  // under BM25 too, in the same order: by docid or by date).
  const Xapian::BM25Weight bm25 = RankingWeight(request.ranking, !request.default_and);
  const Xapian::BoolWeight boolean;
  MatchOrder order;
  order.weight = weighted ? static_cast<const Xapian::Weight*>(&bm25) : &boolean;
  order.by_value = request.sort != SortOrder::kRelevance;
  order.slot = kSlotTime;
  order.descending = request.sort == SortOrder::kNewest;
  // Collapsing, time limits and explanations need one match over all shards.
  const bool one_match = request.collapse || request.time_limit_ms || request.explain;
  // Ranked by BM25 alone, a query whose matches are counted without a match
  // (a bare word: its all-fields term's document frequency, or the union of
  // its variants' posting lists) takes its page from a match that stops
  // where no other article can enter it (Xapian's max-weight bounds) instead
  // of one that weighs every match to count them. Other queries are counted
  // in the match that ranks them: a second pass would cost more than it
  // saves (docs/performance.md, "Issue 20").
  // On a cluster the same holds for an unweighted query in docid order
  // counted from statistics (a filter, a month, a range of days, NOT of
  // one; the local plan, CountAndFirst below, would read posting lists
  // through the client): a node of one shard then stops at the page (Xapian
  // stops a boolean match early on one database only). A word's variants
  // (an OR of all-fields terms) are counted on a cluster by an unweighted
  // match on the nodes (CountWithoutMatch), which costs them less than
  // weighing every match (`of` at 1M over 4 nodes: 48 -> 12 ms).
  // Only one word's query stops early when ranked: Xapian 1.4.22's matcher
  // can leave a hit out of a page when it stops early an OR of several
  // words (EarlyStopKeepsThePage).
  std::optional<uint64_t> counted;
  if (!one_match && !order.by_value && (weighted ? EarlyStopKeepsThePage(query) : remote_)) {
    counted = CountWithoutMatch(db_, CountingQuery(query, all_fields_terms_), !remote_);
  }
  std::vector<Ranked> ranked;
  // A cluster's hits, fetched with the match that found them.
  std::optional<std::vector<std::optional<std::string>>> fetched;
  if (request.sort == SortOrder::kRandom) {
    // Every match is keyed, exactly (no time limit applies), unweighted.
    RandomMatches matches = FirstInRandomOrder(shards_, query, request.seed, first + limit);
    result.total = matches.total;
    result.total_exact = true;
    for (size_t k = first; k < matches.docids.size(); ++k) {
      Ranked r(matches.docids[k]);
      if (request.explain) {
        r.explanation = "random order: key " + std::to_string(RandomKey(request.seed, r.docid)) +
                        " of seed " + std::to_string(request.seed);
      }
      ranked.push_back(std::move(r));
    }
  } else if (!weighted && !order.by_value && !one_match && !remote_) {
    // Nothing adds weight, so the order is by docid: count every match,
    // then take the page from the first matches of each shard (place:japan
    // at 1M articles: 8 ms, against 19 for one pass keeping the page).
    FirstMatches matches = CountAndFirst(shards_, query, first + limit);
    result.total = matches.total;
    result.total_exact = true;
    for (size_t k = first; k < matches.docids.size(); ++k) ranked.emplace_back(matches.docids[k]);
  } else if (shards_.lanes && !one_match) {
    // Each lane of shards at once, weighted with the whole archive's
    // statistics: the same weights and order as one match over all.
    TopMatchesResult matches = TopMatches(shards_, query, order, first + limit, counted);
    result.total = matches.total;
    result.total_exact = true;
    for (size_t k = first; k < matches.hits.size(); ++k) {
      ranked.emplace_back(matches.hits[k].docid, matches.hits[k].weight);
    }
  } else if (counted) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    SetOrder(enquire, order);
    const Xapian::MSet mset = enquire.get_mset(first, limit);  // checkatleast 0
    result.total = *counted;
    result.total_exact = true;
    for (auto it = mset.begin(); it != mset.end(); ++it) ranked.emplace_back(*it, it.get_weight());
    if (remote_) fetched = FetchArticles(mset);
  } else {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    SetOrder(enquire, order);
    // With collapse, Xapian's counts of articles and groups are estimates
    // (the groups' even with every match seen): the fingerprints of every
    // match are tallied instead. Hits, offset and limit count groups.
    ValueTally fingerprints(kSlotFingerprint);
    if (request.collapse) {
      enquire.set_collapse_key(kSlotFingerprint);
      enquire.add_matchspy(&fingerprints);
    }
    auto stopped = std::make_shared<std::atomic<bool>>(false);
    if (deadline.IsSet()) {
      // Xapian's time limit stops counting beyond the page; the filter ends
      // the match itself when the deadline passes. With collapse, every
      // match must be counted (the groups): only the filter stops it, so
      // that `stopped` says whether every match was seen.
      if (!request.collapse) {
        enquire.set_time_limit(static_cast<double>(request.time_limit_ms) / 1000.0);
      }
      // A cluster's nodes know no morgue posting source: Xapian's own limit
      // (approximate over several nodes) stops them, and the bounds say
      // whether every match was counted.
      if (!remote_) {
        enquire.set_query(
            Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query((new DeadlineSource(deadline, stopped))->release())));
      }
    }
    Xapian::MSet mset = enquire.get_mset(first, limit, db_.get_doccount());
    // Without a deadline every match is seen (check_at_least = all). With
    // one, every match was seen unless the deadline stopped the match, or
    // Xapian's time limit stopped its counting: its bounds then differ.
    // With collapse, even the uncollapsed bounds are not exact (opec:
    // 144..193 for 146 matches), and Xapian's time limit is not set: every
    // match was seen unless the deadline stopped the match.
    if (!request.collapse) {
      result.total = mset.get_matches_estimated();
      result.total_exact =
          !deadline.IsSet() ||
          (!stopped->load() && mset.get_matches_lower_bound() == mset.get_matches_upper_bound());
    } else if (!stopped->load()) {
      result.total = fingerprints.seen();
      result.groups = GroupCount(fingerprints);
      result.total_exact = true;
    } else {
      // Xapian's estimates, but never below what was seen.
      result.total =
          std::max<uint64_t>(mset.get_uncollapsed_matches_estimated(), fingerprints.seen());
      result.groups =
          std::min<uint64_t>(result.total, std::max<uint64_t>(mset.get_matches_estimated(),
                                                              GroupCount(fingerprints)));
      result.total_exact = false;
    }
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Ranked r(*it, it.get_weight());
      if (request.collapse) r.group_size = it.get_collapse_count() + 1;
      if (request.explain) {
        std::string terms;
        for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it);
             ++t) {
          if ((*t).rfind(kPairPrefix, 0) == 0) continue;  // a phrase's filter, not a weight
          if (!terms.empty()) terms += ", ";
          terms += *t;
        }
        // Xapian's get_percent() also counts the query terms matched, filters
        // included: the best hit could read 44%.
        const double best = mset.get_max_attained();
        const long percent = best > 0 ? std::lround(100.0 * it.get_weight() / best) : 0;
        r.explanation = "BM25 score " + std::to_string(it.get_weight()) + " (" +
                        std::to_string(percent) + "% of the best); matched terms: " + terms;
      }
      ranked.push_back(std::move(r));
    }
    if (remote_) fetched = FetchArticles(mset);
  }

  std::vector<std::optional<std::string>> stored;
  if (fetched) {
    stored = std::move(*fetched);
  } else {
    std::vector<uint64_t> docids;
    for (const Ranked& r : ranked) docids.push_back(r.docid);
    stored = store_().GetArticles(docids);
  }

  Snippeter snippeter(highlight_terms, stem_language_);
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (!stored[i]) continue;  // deleted since the index was read
    Hit hit = MakeHit(*stored[i], ranked[i].score, snippeter, request);
    if (request.collapse) hit.group_size = ranked[i].group_size;
    if (request.explain) hit.explanation = std::move(ranked[i].explanation);
    result.hits.push_back(std::move(hit));
  }
  return result;
}

SortOrder ParseSortOrder(const std::string& name) {
  if (name == "relevance") return SortOrder::kRelevance;
  if (name == "newest") return SortOrder::kNewest;
  if (name == "oldest") return SortOrder::kOldest;
  if (name == "random") return SortOrder::kRandom;
  throw Error(ErrorCode::kInvalidArgument,
              "unknown sort order \"" + name + "\" (use relevance, newest, oldest or random)");
}

}  // namespace morgue
