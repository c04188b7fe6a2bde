#include "query/key_terms.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/document.h"
#include "indexer/field_words.h"
#include "morgue/error.h"
#include "query/counted_matches.h"
#include "query/histogram.h"
#include "query/searcher.h"
#include "query/selection.h"
#include "query/stop_words.h"
#include "query/term_archive_counts.h"
#include "storage/codec.h"
#include "storage/store.h"

namespace morgue {

namespace {

constexpr size_t kTermsPage = 1000;
constexpr uint64_t kMaxSample = 10'000'000;

// The index prefix of a field's words (docs/index-format.md).
std::string FieldPrefix(TermField field) {
  switch (field) {
    case TermField::kBody: return "";
    case TermField::kHeadline: return "S";
    case TermField::kQuote: return "XQ";
    case TermField::kCaption: return "XC";
  }
  return "";
}

// True when `term` is a word of the field with `prefix`: the prefix, then
// a word (words are folded, so never start with an ASCII capital, which
// would begin a longer prefix).
bool IsFieldTerm(std::string_view term, std::string_view prefix) {
  if (term.size() <= prefix.size() || term.compare(0, prefix.size(), prefix) != 0) return false;
  const char c = term[prefix.size()];
  return !(c >= 'A' && c <= 'Z');
}

// The words seen in the counted articles, each with a small id, so that a
// pair of words is one integer and counting costs no string per pair.
struct Vocabulary {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids;
  std::vector<std::string> words;
  std::vector<bool> stop;

  uint32_t Id(std::string_view word) {
    auto it = ids.find(word);
    if (it != ids.end()) return it->second;
    it = ids.emplace(std::string(word), static_cast<uint32_t>(words.size())).first;
    words.push_back(it->first);
    stop.push_back(IsQueryStopWord(it->first));
    return it->second;
  }

  // Gives the words added from id `first` on new ids in the order of their
  // text, as a term list would have added them (the ids are the order
  // words were first seen, which breaks ties between phrases); `word_ids` and
  // `pairs` (PairKey) are renumbered to match.
  void SortFrom(uint32_t first, std::vector<uint32_t>& word_ids, std::vector<uint64_t>& pairs) {
    const auto n = static_cast<uint32_t>(words.size());
    if (n - first < 2) return;
    std::vector<uint32_t> order(n - first);
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = first + i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return words[a] < words[b]; });
    std::vector<uint32_t> renumbered(n - first);  // old id - first -> new id
    std::vector<std::string> sorted_words;
    std::vector<bool> sorted_stop;
    for (uint32_t i = 0; i < order.size(); ++i) {
      renumbered[order[i] - first] = first + i;
      sorted_words.push_back(std::move(words[order[i]]));
      sorted_stop.push_back(stop[order[i]]);
    }
    for (uint32_t i = 0; i < order.size(); ++i) {
      words[first + i] = std::move(sorted_words[i]);
      stop[first + i] = sorted_stop[i];
      ids.find(words[first + i])->second = first + i;
    }
    auto map = [&](uint32_t id) { return id < first ? id : renumbered[id - first]; };
    for (uint32_t& id : word_ids) id = map(id);
    for (uint64_t& pair : pairs) {
      pair = (uint64_t{map(static_cast<uint32_t>(pair >> 32))} << 32) | map(pair & 0xffffffffu);
    }
  }
};

uint64_t PairKey(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }

struct Tally {
  uint64_t documents = 0;
  std::vector<uint32_t> words;  // by word id: counted articles holding it
  // Every article's distinct pairs (PairKey), appended; counted by sorting
  // once at the end (Phrases), which costs less than a hash map update each.
  std::vector<uint64_t> pairs;

  // (pair, counted articles holding it).
  std::vector<std::pair<uint64_t, uint64_t>> Phrases() {
    std::sort(pairs.begin(), pairs.end());
    std::vector<std::pair<uint64_t, uint64_t>> out;
    for (size_t i = 0; i < pairs.size();) {
      size_t j = i;
      while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
      out.emplace_back(pairs[i], j - i);
      i = j;
    }
    pairs.clear();
    pairs.shrink_to_fit();
    return out;
  }
};

// One counted article's distinct words and adjacent word pairs (PairKey),
// both with stop words left out when the options say so.
struct ArticleTerms {
  std::vector<uint32_t> words;
  std::vector<uint64_t> pairs;

  void Clear() {
    words.clear();
    pairs.clear();
  }
  // Adds the article to `tallies`.
  void AddTo(const std::vector<Tally*>& tallies, const Vocabulary& vocabulary,
             const TermsOptions& options) {
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    for (Tally* tally : tallies) {
      ++tally->documents;
      if (options.words) {
        if (tally->words.size() < vocabulary.words.size()) {
          tally->words.resize(vocabulary.words.size());
        }
        for (uint32_t id : words) ++tally->words[id];
      }
      tally->pairs.insert(tally->pairs.end(), pairs.begin(), pairs.end());
    }
  }
};

// The words of the field with `prefix` of the document `docid`, from the
// index's term list (words only: positions would cost a read each).
void ReadIndexedWords(const Xapian::Database& db, Xapian::docid docid, const std::string& prefix,
                      const TermsOptions& options, Vocabulary& vocabulary, ArticleTerms& out) {
  const auto end = db.termlist_end(docid);
  for (auto t = db.termlist_begin(docid); t != end; ++t) {
    const std::string& term = *t;
    if (!IsFieldTerm(term, prefix)) continue;
    const uint32_t id = vocabulary.Id(std::string_view(term).substr(prefix.size()));
    if (!(options.drop_stop_words && vocabulary.stop[id])) out.words.push_back(id);
  }
}

// The words and adjacent pairs of the field with `prefix` of `article`,
// cut as the indexer cuts them (ForEachIndexedText, FieldWords): the words
// and positions of the index.
void CutArticleWords(const Article& article, const std::string& prefix, const TermsOptions& options,
                     FieldWords& cutter, Vocabulary& vocabulary, ArticleTerms& out) {
  constexpr uint32_t kNone = UINT32_MAX;
  uint32_t previous = kNone;
  const std::function<void(std::string_view)> word = [&](std::string_view term) {
    if (term.empty()) {  // a position without a word
      previous = kNone;
      return;
    }
    const uint32_t id = vocabulary.Id(term);
    const bool stop = options.drop_stop_words && vocabulary.stop[id];
    if (!stop) out.words.push_back(id);
    if (previous != kNone && !(options.drop_stop_words && vocabulary.stop[previous]) && !stop) {
      out.pairs.push_back(PairKey(previous, id));
    }
    previous = id;
  };
  const auto first_new = static_cast<uint32_t>(vocabulary.words.size());
  ForEachIndexedText(article, [&](const std::string& text, const char* field_prefix) {
    if (text.empty() || prefix != field_prefix) return;
    previous = kNone;
    cutter.Cut(text, word);
  });
  vocabulary.SortFrom(first_new, out.words, out.pairs);
}

// The tallies of a run of counted articles (in docid order), with the
// words numbered as that run first saw them.
struct CountedRun {
  Vocabulary vocabulary;
  Tally whole;
  std::map<std::string, std::pair<std::string, Tally>> per_interval;  // start -> label, tally
  uint64_t undated = 0;
  std::vector<Tally*> tallies;

  // The tallies article `i` of `counted` counts in.
  const std::vector<Tally*>& TalliesOf(const CountedMatches& counted, size_t i,
                                       const TermsOptions& options) {
    tallies.assign(1, &whole);
    if (options.by) {
      std::optional<DayInterval> interval = IntervalOfDay(counted.days[i], *options.by);
      if (interval) {
        auto& slot = per_interval[interval->start];
        slot.first = interval->label;
        tallies.push_back(&slot.second);
      } else {
        ++undated;
      }
    }
    return tallies;
  }

  // Adds the run that follows this one. Its words new to this run get ids
  // after this run's in the order it numbered them: the ids one run over
  // both would have given (a word is numbered where it is first seen).
  void Add(CountedRun&& next) {
    std::vector<uint32_t> id(next.vocabulary.words.size());
    for (size_t i = 0; i < id.size(); ++i) id[i] = vocabulary.Id(next.vocabulary.words[i]);
    AddTally(whole, next.whole, id);
    for (auto& [start, named] : next.per_interval) {
      auto& slot = per_interval[start];
      slot.first = named.first;
      AddTally(slot.second, named.second, id);
    }
    undated += next.undated;
  }

 private:
  void AddTally(Tally& into, const Tally& from, const std::vector<uint32_t>& id) {
    into.documents += from.documents;
    if (!from.words.empty() && into.words.size() < vocabulary.words.size()) {
      into.words.resize(vocabulary.words.size());
    }
    for (size_t w = 0; w < from.words.size(); ++w) into.words[id[w]] += from.words[w];
    for (uint64_t pair : from.pairs) {
      into.pairs.push_back(PairKey(id[pair >> 32], id[pair & 0xffffffffu]));
    }
  }
};

bool ByScore(const TermScore& a, const TermScore& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.in_matches != b.in_matches) return a.in_matches > b.in_matches;
  return a.term < b.term;
}

// A term of a tally to score: a word id, or a pair key (phrase).
struct TermCandidate {
  uint64_t key;
  bool phrase;
  uint64_t k1;
};

// Scores a tally's terms against the archive counts of `counts` and keeps
// the top ones. With options.top > 0 only what could enter the top is
// counted: G2 falls as the archive count rises (for a term more frequent in
// the matches, the only ones listed), so a term's score is at most its G2
// with the least archive count known for it: its count in the matches, then
// (TermArchiveCounts::Least) a word's exact count or the articles carrying a
// phrase's pair term. Terms are taken highest bound first, each bound
// tightened before the term is counted, and counting stops when the highest
// bound left is below the top-th score so far: no term left could enter the
// top, so the answer is the one scoring every term would give, without a
// phrase match for each.
std::vector<TermScore> ScoreTally(Tally& tally, const Vocabulary& vocabulary, uint64_t archive,
                                  const TermsOptions& options, TermArchiveCounts& counts) {
  const uint64_t min_count = std::max<uint64_t>(options.min_count, 1);
  std::vector<TermCandidate> candidates;
  for (size_t id = 0; id < tally.words.size(); ++id) {
    if (tally.words[id] >= min_count) candidates.push_back({id, false, tally.words[id]});
  }
  // Phrases: the options.phrase_candidates most frequent in the matches
  // (ties by pair key, that is by the order the words were first seen).
  std::vector<std::pair<uint64_t, uint64_t>> phrases = tally.Phrases();
  std::erase_if(phrases, [&](const auto& p) { return p.second < min_count; });
  const size_t keep = std::min(options.phrase_candidates, phrases.size());
  std::partial_sort(phrases.begin(), phrases.begin() + static_cast<std::ptrdiff_t>(keep),
                    phrases.end(), [](const auto& a, const auto& b) {
                      return a.second != b.second ? a.second > b.second : a.first < b.first;
                    });
  for (size_t i = 0; i < keep; ++i)
    candidates.push_back({phrases[i].first, true, phrases[i].second});
  auto text = [&](const TermCandidate& c) {
    if (!c.phrase) return vocabulary.words[c.key];
    return vocabulary.words[c.key >> 32] + ' ' + vocabulary.words[c.key & 0xffffffffu];
  };
  const uint64_t n1 = tally.documents;
  // Only terms more frequent in the matches than in the archive.
  auto listed = [&](uint64_t k1, uint64_t k2) {
    return static_cast<double>(k1) * static_cast<double>(archive) >
           static_cast<double>(k2) * static_cast<double>(n1);
  };

  // Candidates by their bound: (bound, tightened, index), a max-heap.
  struct Bound {
    double bound;
    bool tightened;
    size_t index;
    bool operator<(const Bound& o) const {
      if (bound != o.bound) return bound < o.bound;
      return index > o.index;
    }
  };
  std::vector<Bound> heap;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const uint64_t k1 = candidates[i].k1;
    if (listed(k1, k1)) heap.push_back({LogLikelihood(k1, n1, k1, archive), false, i});
  }
  std::make_heap(heap.begin(), heap.end());

  std::vector<TermScore> out;
  std::vector<double> best;  // min-heap of the top scores so far (with options.top)
  const auto greater = std::greater<double>();
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end());
    const Bound next = heap.back();
    heap.pop_back();
    if (options.top > 0 && best.size() == options.top && next.bound < best.front()) break;
    const TermCandidate& c = candidates[next.index];
    std::string term = text(c);
    TermArchiveCounts::Count count =
        next.tightened ? counts.Get(term, c.phrase) : counts.Least(term, c.phrase);
    const uint64_t k2 = std::max(count.n, c.k1);
    if (!listed(c.k1, k2)) continue;
    const double score = LogLikelihood(c.k1, n1, k2, archive);
    if (!next.tightened && !count.exact) {  // a lower bound: count it when its turn comes
      heap.push_back({score, true, next.index});
      std::push_heap(heap.begin(), heap.end());
      continue;
    }
    out.push_back({std::move(term), c.phrase, c.k1, k2, score, !count.exact});
    if (options.top > 0) {
      if (best.size() < options.top) {
        best.push_back(score);
        std::push_heap(best.begin(), best.end(), greater);
      } else if (score > best.front()) {
        std::pop_heap(best.begin(), best.end(), greater);
        best.back() = score;
        std::push_heap(best.begin(), best.end(), greater);
      }
    }
  }
  const size_t top = options.top > 0 ? std::min(options.top, out.size()) : out.size();
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(top), out.end(),
                    ByScore);
  out.resize(top);
  return out;
}

}  // namespace

TermField ParseTermField(const std::string& name) {
  if (name == "body") return TermField::kBody;
  if (name == "headline") return TermField::kHeadline;
  if (name == "quote") return TermField::kQuote;
  if (name == "caption") return TermField::kCaption;
  throw Error(ErrorCode::kInvalidArgument,
              "unknown field \"" + name + "\" (use body, headline, quote or caption)");
}

double LogLikelihood(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2) {
  const double a = static_cast<double>(k1), b = static_cast<double>(n1 - std::min(k1, n1));
  const double c = static_cast<double>(k2), d = static_cast<double>(n2 - std::min(k2, n2));
  const double total = a + b + c + d;
  const double with = a + c, without = b + d, r1 = a + b, r2 = c + d;
  if (total == 0 || with == 0 || without == 0 || r1 == 0 || r2 == 0) return 0;
  auto term = [&](double observed, double row, double column) {
    return observed > 0 ? observed * std::log(observed * total / (row * column)) : 0.0;
  };
  const double g2 =
      2 * (term(a, r1, with) + term(b, r1, without) + term(c, r2, with) + term(d, r2, without));
  return std::max(g2, 0.0);
}

TermsResult KeyTerms(const IndexReader& index, const SearchRequest& request,
                     const TermsOptions& options) {
  if (options.max_documents < 1 || options.max_documents > kMaxSample) {
    throw Error(ErrorCode::kInvalidArgument, "the sample size must be 1 to 10000000, not " +
                                                 std::to_string(options.max_documents));
  }
  if (options.archive_sample < 1 || options.archive_sample > kMaxSample) {
    throw Error(ErrorCode::kInvalidArgument, "the archive sample must be 1 to 10000000, not " +
                                                 std::to_string(options.archive_sample));
  }
  if (!options.words && !options.phrases) {
    throw Error(ErrorCode::kInvalidArgument, "neither words nor phrases asked for");
  }
  const std::string prefix = FieldPrefix(options.field);
  return index.Read("terms", [&](const IndexReader::View& r) {
    const Xapian::Database& db = r.db();
    Searcher searcher = r.MakeSearcher();
    const Xapian::Query query = SelectionQuery(searcher, request);
    TermsResult result;
    result.archive = db.get_doccount();
    const CountedMatches counted =
        SelectCountedMatches(searcher.Shards(), query, options.collapse, options.max_documents,
                             options.seed, options.by.has_value());
    const std::vector<uint64_t>& matched = counted.docids;
    result.total = counted.total;
    result.groups = counted.groups;
    if (counted.sampled) {
      result.sampled = true;
      result.seed = options.seed;
    }

    // The counted articles in runs (one per thread where the view has a
    // pool, and with phrases: the words come from the store, read from any
    // thread), added up in docid order.
    const ShardView& view = searcher.Shards();
    const size_t runs = options.phrases && view.pool && matched.size() >= 2 * kTermsPage
                            ? std::min(view.pool->workers() + 1, matched.size() / kTermsPage)
                            : 1;
    std::vector<CountedRun> parts(runs);
    const ArticleSource* store = options.phrases ? r.store().get() : nullptr;
    auto count_run = [&](size_t k) {
      const size_t begin = matched.size() * k / runs, end = matched.size() * (k + 1) / runs;
      CountedRun& part = parts[k];
      ArticleTerms terms;
      if (!options.phrases) {
        // Words alone are in the index's term lists: no article is read.
        for (size_t i = begin; i < end; ++i) {
          terms.Clear();
          ReadIndexedWords(db, static_cast<Xapian::docid>(matched[i]), prefix, options,
                           part.vocabulary, terms);
          terms.AddTo(part.TalliesOf(counted, i, options), part.vocabulary, options);
        }
        return;
      }
      FieldWords cutter;
      std::vector<uint64_t> page;
      for (size_t first = begin; first < end; first += kTermsPage) {
        const size_t last = std::min(end, first + kTermsPage);
        page.assign(matched.begin() + static_cast<std::ptrdiff_t>(first),
                    matched.begin() + static_cast<std::ptrdiff_t>(last));
        std::vector<std::optional<std::string>> stored = store->GetArticles(page);
        for (size_t i = 0; i < stored.size(); ++i) {
          if (!stored[i]) continue;  // deleted since the index was read
          const Article article = DecodeArticle(*stored[i], ArticleParts::kText);
          stored[i].reset();
          terms.Clear();
          CutArticleWords(article, prefix, options, cutter, part.vocabulary, terms);
          terms.AddTo(part.TalliesOf(counted, first + i, options), part.vocabulary, options);
        }
      }
    };
    if (runs > 1) {
      view.pool->Run(runs, count_run);
    } else {
      count_run(0);
    }
    CountedRun& all = parts[0];
    for (size_t k = 1; k < runs; ++k) all.Add(std::move(parts[k]));
    Tally& whole = all.whole;
    Vocabulary& vocabulary = all.vocabulary;
    std::map<std::string, std::pair<std::string, Tally>>& per_interval = all.per_interval;
    result.undated = all.undated;
    result.documents = whole.documents;

    TermArchiveCounts counts(db, searcher.Shards(),
                             {prefix, options.phrase_match_limit, options.archive_sample,
                              options.seed});
    result.terms = ScoreTally(whole, vocabulary, result.archive, options, counts);
    for (auto& [start, named] : per_interval) {
      TermsInterval interval;
      interval.label = named.first;
      interval.start = start;
      interval.documents = named.second.documents;
      interval.terms = ScoreTally(named.second, vocabulary, result.archive, options, counts);
      result.intervals.push_back(std::move(interval));
    }
    result.archive_sample = counts.sample_size();
    return result;
  });
}

}  // namespace morgue
