// What researchers ask of a set of matching articles beyond counts: the
// terms that distinguish it from the archive (Archive::Terms) and every
// occurrence of the query's words in context (Archive::Kwic).
// docs/research.md explains both, with examples.
//
// Thread safety: plain values; the Parse* functions are thread-safe.
#ifndef MORGUE_RESEARCH_H_
#define MORGUE_RESEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "morgue/article.h"
#include "morgue/export.h"
#include "morgue/search.h"

namespace morgue {

// The text field whose words Archive::Terms counts.
enum class TermField { kBody, kHeadline, kQuote, kCaption };

// Parses "body", "headline", "quote", "caption". Throws
// Error(kInvalidArgument) naming the accepted values for any other name.
MORGUE_EXPORT TermField ParseTermField(const std::string& name);

// What Archive::Terms counts and how. Every field has its default here.
struct TermsOptions {
  TermField field = TermField::kBody;
  // Terms to return (per interval with `by`), the highest score first; 0: all.
  size_t top = 20;
  bool words = true;
  bool phrases = true;  // two-word phrases (adjacent words of one paragraph)
  // One article per group of near-identical copies (the same content
  // fingerprint as SearchRequest::collapse; the lowest docid of each group
  // is counted), so that wire copies do not count a story many times.
  bool collapse = true;
  // Leave out terms that are English stop words (docs/query-language.md),
  // and phrases with a stop word in them.
  bool drop_stop_words = true;
  // A term must be in at least this many counted articles to be scored.
  uint64_t min_count = 3;
  // Up to this many counted articles (after collapse) every one is read;
  // beyond it a uniform sample of exactly this many, chosen by `seed`
  // (the same seed and archive give the same sample). 1..10,000,000.
  uint64_t max_documents = 10000;
  uint64_t seed = 1;
  // Phrases are scored for the this many most frequent in the counted
  // articles (after min_count and stop words; ties by phrase), since each
  // needs a phrase match over the archive for its archive count.
  size_t phrase_candidates = 200;
  // A phrase's archive count is exact (from the word-pair terms where the
  // index has them, else a phrase match) unless its phrase matches would
  // check the positions of more than this many articles (those holding its
  // rarer word; with pair terms, only those written before they began) and
  // more than twice what a match over the sample would; then it is estimated
  // (TermScore::archive_estimated): counted over a seeded sample of about
  // `archive_sample` articles of the archive (blocks of consecutive
  // articles, chosen by `seed`) and scaled to the archive. Counts in an
  // archive of at most `archive_sample` articles are always exact.
  // UINT64_MAX: every count exact, however long it takes.
  uint64_t phrase_match_limit = 20'000;
  uint64_t archive_sample = 100'000;  // 1..10,000,000
  // When set, also the top terms of each interval's matches (by the UTC day
  // of publication; undated matches are in no interval).
  std::optional<Interval> by;
};

// One term of Archive::Terms.
struct TermScore {
  std::string term;  // an indexed word, or two separated by a space
  bool phrase = false;
  uint64_t in_matches = 0;  // counted articles with the term in the field
  uint64_t in_archive = 0;  // articles of the archive with it (all, never collapsed)
  // Dunning's log-likelihood ratio G2 of the 2x2 table (counted articles
  // with / without the term) x (the counted articles, the archive); only
  // terms more frequent in the matches than in the archive are listed.
  // Computed from in_archive as given: from an estimate when archive_estimated.
  double score = 0;
  // in_archive is an estimate from a seeded sample of the archive
  // (TermsResult::archive_sample articles), not an exact count.
  bool archive_estimated = false;
};

// The top terms of the matches of one interval (TermsOptions::by).
struct TermsInterval {
  std::string label;       // as HistogramBin::label
  std::string start;       // YYYY-MM-DD
  uint64_t documents = 0;  // counted articles in the interval
  std::vector<TermScore> terms;
};

// Archive::Terms's answer.
struct TermsResult {
  uint64_t total = 0;      // matching articles
  uint64_t groups = 0;     // groups of near-identical copies among them (collapse), else total
  uint64_t documents = 0;  // articles counted: groups, or the sample
  bool sampled = false;    // documents is a seeded sample of the groups
  uint64_t seed = 0;       // the sample's seed (when sampled)
  uint64_t archive = 0;    // articles in the archive: the reference
  // The articles of the archive (a seeded sample, TermsOptions::seed) that
  // the estimated archive counts were counted over; 0: every count is exact.
  uint64_t archive_sample = 0;
  uint64_t undated = 0;  // counted articles without a date (with `by`)
  std::vector<TermScore> terms;
  std::vector<TermsInterval> intervals;  // with `by`: every interval holding a counted article
};

// How Archive::Kwic cuts its lines.
struct KwicOptions {
  // Characters (code points) of context on each side of the match, cut
  // to whole words where one fits; 1..10,000.
  size_t width = 40;
};

// One occurrence of a query word or phrase in an article.
struct KwicLine {
  std::string id;
  std::string source;
  std::optional<Timestamp> published;
  std::string field;     // "headline", "body", "quote" or "caption"
  size_t paragraph = 0;  // of body, quote or caption (0 for the headline)
  uint64_t offset = 0;   // byte offset of the match in that paragraph
  // The context before the match (right-aligned: its end touches the
  // match), the matched text as written, the context after; line breaks
  // and tabs as spaces.
  std::string left, match, right;
};

}  // namespace morgue

#endif  // MORGUE_RESEARCH_H_
