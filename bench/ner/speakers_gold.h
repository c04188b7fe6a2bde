// Scores quote speakers against a hand-made gold list of quotations in news
// articles (bench/ner/wikinews-speakers.tsv, described in its .md): for each
// gold quotation, the Quote morgue::Analyze found there and whether its
// speaker names the gold speaker. The conventions are in docs/analysis.md,
// "Measured quality".
//
// Thread safety: plain values and functions without state.
#ifndef MORGUE_BENCH_NER_SPEAKERS_GOLD_H_
#define MORGUE_BENCH_NER_SPEAKERS_GOLD_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/article.h"

namespace morgue::bench::ner {

// One row of the gold TSV (columns url, split, paragraph, quote_start,
// speaker, kind, type; a header row first).
struct SpeakerGoldRow {
  std::string url;
  std::string split;       // "dev" or "test"
  uint32_t paragraph = 0;  // 0-based over the non-empty lines of the article text
  std::string quote_start;
  std::string speaker;             // "" for "-" (the text does not name who spoke)
  std::optional<EntityKind> kind;  // person or organisation; none for "-"
  bool quote = true;               // type "quote"; false for "other" (not speech)
  uint64_t line = 0;               // 1-based line in the file
};

// Reads the gold file. Throws Error(kNotFound) when it cannot be opened and
// Error(kInvalidInput) naming "file:line" for a malformed row (wrong column
// count, a split other than dev/test, a paragraph that is not a number, an
// empty quote_start, a kind that does not fit the speaker, a type other than
// quote/other), or a header that is not the expected one.
std::vector<SpeakerGoldRow> ReadSpeakersGold(const std::string& path);

// Text as quotations are compared: curly and other double quote marks become
// '"', curly single marks '\'', every run of whitespace one space, both ends
// trimmed.
std::string NormalizeQuoteText(std::string_view text);

// The outcomes, summed over rows.
struct SpeakerGoldScore {
  uint64_t articles = 0;
  uint64_t rows = 0;
  // type quote with a named speaker.
  uint64_t named = 0;
  uint64_t correct = 0, partly = 0, wrong = 0, empty = 0, not_found = 0;
  // type quote with speaker "-": right when Analyze leaves the speaker empty,
  // a guess when it gives one.
  uint64_t unnamed = 0, unnamed_empty = 0, unnamed_guessed = 0, unnamed_not_found = 0;
  // type other (names, titles, scare quotes): found as a quote at all, and
  // found as a quote with a speaker.
  uint64_t other = 0, other_found = 0, other_with_speaker = 0;
  // Rows whose quotation is in a different paragraph of the article (as the
  // reader split it) than the gold's paragraph number.
  uint64_t remapped = 0;
  std::vector<std::string> misses;  // filled when asked

  double CorrectRate() const;  // correct / named; 0 when nothing is named
  SpeakerGoldScore& operator+=(const SpeakerGoldScore& other);
};

// Scores the gold rows of one article against its analysed form (Analyze
// done; only Quote::text, speaker, paragraph and offset are read; a miss also
// shows the attribution).
//
// Paragraphs: the gold numbers non-empty lines; the reader joins lines not
// separated by a blank line, so a body paragraph can hold several gold
// paragraphs. A row's paragraph is the body paragraph holding quote_start
// (normalised) with the highest index not above the gold number; a row whose
// quote_start is in no such paragraph is not found.
// Quote: among the Quotes of that paragraph, the first whose normalised text
// starts with the normalised quote_start, else the first containing it.
// Speaker: correct when CanonicalEntity(kind, gold) equals the canonical form
// of the found speaker's CleanName ("the Flood Office" is `flood office`) or,
// for a person, of PersonFromSpeaker of it ("Mayor Jane Porter" names `jane
// porter`); partly when one is a whole-word run of the other (WordRunMatch:
// `porter` and `jane porter`); else wrong.
SpeakerGoldScore ScoreSpeakersGold(const std::vector<const SpeakerGoldRow*>& rows,
                                   const Article& analysed, bool collect_misses = false);

// Reads every *.csv file of `dir` (sorted by name) through morgue's public
// reader (ReadPath, as `morgue index` does) and returns the articles whose url
// is in `urls`, by url. Throws Error(kNotFound) when `dir` is not a
// directory; reader issues are ignored (a skipped record is a url missing).
std::map<std::string, Article> ReadArticlesByUrl(const std::string& dir,
                                                 const std::vector<std::string>& urls);

}  // namespace morgue::bench::ner

#endif  // MORGUE_BENCH_NER_SPEAKERS_GOLD_H_
