// Compiling queries: a query tree (query/query_node.h), typed or built in
// code, becomes a Xapian::Query over the archive's terms and value slots
// (docs/index-format.md), with its readable description and the terms to
// highlight. Compiling is where the options apply: field weights, stemming,
// entity names' canonical forms, wildcard and stem expansion, the archive's
// day span. Internal header (Xapian types allowed). Thread-safe: the stemmer
// is kept thread-local.
#ifndef MORGUE_QUERY_COMPILE_H_
#define MORGUE_QUERY_COMPILE_H_

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/article.h"
#include "morgue/query.h"
#include "morgue/search.h"
#include "query/date_query.h"
#include "query/parse.h"

namespace morgue {

// Weights of the four text fields for a word or phrase that is not scoped to
// a field (OP_SCALE_WEIGHT, applied after BM25 saturation). Must be >= 0.
// The defaults are RankingOptions' (include/morgue/search.h), the one place
// where ranking defaults are defined.
struct FieldWeights {
  double headline = RankingOptions{}.headline_weight;
  double body = RankingOptions{}.body_weight;
  double quote = RankingOptions{}.quote_weight;
  double caption = RankingOptions{}.caption_weight;
};

struct ParseOptions {
  // Affects behaviour.
  bool default_and = true;  // words side by side are ANDed; false = ORed
  // With words ORed (default_and false): bare unscoped words that are stop
  // words (query/stop_words.h) are left out of a run of words side by side
  // that holds another positive word, phrase or group.
  bool drop_stop_words = false;
  // A bare unscoped word scores with one BM25 over its terms in every field
  // of weight > 0 (OP_SYNONYM), plus (w - 1) times a field's own for a
  // weight w > 1 (RankingOptions::combine_fields).
  bool combine_fields = false;
  // With words ORed: each two bare unscoped words side by side (stop words
  // left out) add `proximity_weight` times their positional terms' weight
  // where they occur within `proximity_window` words of each other in a
  // field of weight > 0 (OP_NEAR under OP_AND_MAYBE: the matches unchanged;
  // RankingOptions::proximity_weight). 0: none.
  double proximity_weight = 0;
  unsigned proximity_window = 8;
  FieldWeights weights;
  std::string stem_language = "english";  // a Snowball language; "" or "none" = no stemming
  // The most terms one wildcard may expand to in one field; more is a
  // Xapian::WildcardError at match time (0 = no limit).
  unsigned max_wildcard_expansion = 1000;
  // Canonical form of person/org/place/speaker values, the same function the
  // indexer used (morgue::CanonicalEntity). Empty: lower-case and collapse
  // whitespace.
  std::function<std::string(EntityKind, std::string_view)> canonical;
  // The indexed terms matching the wildcard `term`: a field's prefix, then
  // the pattern as typed in index terms, '?' for one character and '*' for
  // any run ("Swom?n", "XKmoney*"; MatchesWildcard, query/text_terms.h), at
  // most `max` in any one shard (more: Error(kLimit)). Empty: OP_WILDCARD,
  // expanded by Xapian in each shard at match time, which takes only a
  // pattern ending in its one '*' (others: Error(kInvalidArgument)). Given
  // (with a time limit), the expansion can be timed.
  std::function<std::vector<std::string>(const std::string& term, unsigned max)> wildcard_terms;
  // The indexed words of one field (`prefix`) whose stem is `stem`: an
  // archive indexes unstemmed words only, and a bare word matches all the
  // words sharing its stem (OP_SYNONYM). Empty: match "Z" + prefix + stem
  // terms instead, as Xapian's TermGenerator STEM_SOME writes them.
  std::function<std::vector<std::string>(const std::string& prefix, const std::string& stem)>
      stem_terms;
  // Every quotation of the archive is body text (no article has
  // kQuoteOutsideBodyTerm): the quote field holds only words the body holds
  // at the same places, so an unscoped word or phrase whose quote weight is
  // 0 does not search it (it could find nothing more). False: search it.
  bool quotes_in_body = false;
  // Every document has all-fields terms (kAllFieldsPrefix, indexer/
  // document.h): with combine_fields, a bare unscoped word whose fields
  // together are the headline, body and captions (each of weight > 0, quote
  // weight 0) reads its all-fields term(s) instead of OP_SYNONYM over the
  // field terms: the same matches, the same wdf, one posting list.
  bool all_fields_terms = false;
  // The archive's day span, asked for only when a date range has an open
  // side: it is closed there, so that it becomes date terms rather than a
  // comparison of every candidate's day. Empty or nullopt: not known.
  DaySpanLookup day_span;
  // The day relative dates (date:today, date:-7d.., date:last-30-days) are
  // resolved against (default: the system clock's, read when first needed).
  Today today;
  // The saved queries @name stands for (query/parse.h). Empty: none, and
  // every @name is an unknown saved query.
  SavedQueryLookup saved_queries;
  // For the words of a body phrase, a query that every article holding the
  // phrase matches and that is cheaper to match than its words' positions
  // (query/pair_filter.h); the phrase is filtered by it. Empty function or
  // empty Query: none.
  std::function<Xapian::Query(const std::vector<std::string>& words)> phrase_filter;
};

struct ParsedQuery {
  // The whole query: the ranked part, filtered by the boolean filters.
  Xapian::Query query;
  // Unprefixed lower-case words and "Z" stems of the positive words and
  // phrases (field-scoped ones included), for snippet highlighting.
  std::vector<std::string> highlight_terms;
  // False when nothing in it adds weight (filters, dates, negations only):
  // every match then scores 0, and a matcher may count without BM25.
  bool weighted = true;
  // A readable normalised form, e.g. `opec AND "oil price" FILTER person:"james baker"`.
  std::string description;
};

// Parses `text` (query/parse.h) and compiles it. Throws Error(kQuerySyntax)
// with WithPosition(byte offset) and a message naming what is wrong and
// where; Error(kLimit) for a query of more than 10,000 bytes or nested more
// than 100 deep; Error(kInvalidArgument) for bad options (negative weight,
// unknown stem language).
ParsedQuery ParseQuery(std::string_view text, const ParseOptions& options);

// `text` (may be blank) and a query built in code (may be empty()) ANDed;
// at least one of them must be given ("empty query" otherwise). Throws as
// ParseQuery does, and Error(kInvalidArgument) for a built query that cannot
// be compiled (a person/org/place value with no canonical form).
ParsedQuery CompileQuery(std::string_view text, const Query& built, const ParseOptions& options);

}  // namespace morgue

#endif  // MORGUE_QUERY_COMPILE_H_
