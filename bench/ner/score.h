// Scores morgue's analysis (indexer/analysis.h) of GUM documents against
// GUM's human annotation: entities per article (what person:/org:/place:
// filters see), name mentions per paragraph (for a name finder), and quote
// speakers. The conventions are in docs/analysis.md, "Measured quality".
//
// Thread safety: plain values and pure functions.
#ifndef MORGUE_BENCH_NER_SCORE_H_
#define MORGUE_BENCH_NER_SCORE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/ner/gum.h"
#include "morgue/article.h"

namespace morgue::bench::ner {

// True positives, false positives, false negatives; `duplicates` counts the
// false positives that name an entity already found under another name;
// `optional` the predictions of a name nested in another one ("Portugal" in
// "the Bank of Portugal"), which count neither way.
struct Counts {
  uint64_t tp = 0, fp = 0, fn = 0, duplicates = 0, optional = 0;

  double Precision() const;  // 0 when nothing was predicted
  double Recall() const;     // 0 when there was nothing to find
  double F1() const;
  Counts& operator+=(const Counts& other);
};

// Counts per kind (indexed by EntityKind: person, organisation, place).
struct KindCounts {
  std::array<Counts, 3> kind;

  Counts Micro() const;  // summed over the kinds
  KindCounts& operator+=(const KindCounts& other);
};

// The GUM entity type of a kind ("person", "organization", "place").
const char* GumType(EntityKind kind);

// A document as morgue's indexer sees it: the headline is the first
// paragraph when it is a `head` block (else `# meta::title`), `caption`
// blocks are captions, every other paragraph is a body paragraph.
struct GumArticle {
  Article article;
  // Per GUM paragraph: its index in article.body, or -1 (headline, caption).
  std::vector<int32_t> body_index;
};
GumArticle ArticleFromDocument(const GumDocument& doc);

// A name with a leading "the "/"The " and a trailing possessive ("'s", "’s",
// "'", "’") dropped, as the gold names are compared.
std::string CleanName(std::string_view name);

// Whether the words of `a` (split on spaces) are those of `b`, or a
// contiguous run of them, or `b`'s are a run of `a`'s ("smith" and
// "john smith"). Empty strings match nothing.
bool WordRunMatch(std::string_view a, std::string_view b);

// How a found quote speaker compares with the gold's acceptable canonical
// names: its canonical form (CleanName first) or, for a person, that of the
// person PersonFromSpeaker makes of it, equals one (correct), is a whole-word
// run of one or holds one (partly), or neither (wrong). Both speaker scorers
// (GUM and the Wikinews gold) judge this way.
enum class SpeakerJudgement { kCorrect, kPartly, kWrong };
SpeakerJudgement JudgeSpeaker(EntityKind kind, std::string_view found_speaker,
                              const std::vector<std::string>& gold_names);

// An extracted place that stands for another: the country of a city or
// region ("Baghdad" with canonical "iraq"), told by a canonical form that is
// not its own name's.
bool IsImpliedPlace(const Entity& entity);

// One gold entity of an article: a coreference group with a named mention of
// `kind` that is not nested in another named person/organisation/place. A
// group whose named mentions of the kind all are nested ("Portugal" in "the
// Bank of Portugal", a place in a person's relative clause), or that only has
// mentions holding a proper noun without being named ("Mathematician Hermann
// Weyl", headed by the noun), is `optional`: finding it is no TP, missing it
// no FN, naming it no FP (then its names also hold those mentions' text and
// their runs of proper nouns). Required ones come first, each list in order
// of appearance.
struct GoldEntity {
  EntityKind kind = EntityKind::kPerson;
  std::string group;
  // CanonicalEntity(kind, CleanName(surface)) of every named mention of the
  // group, without repeats.
  std::vector<std::string> names;
  bool optional = false;
};
std::vector<GoldEntity> GoldEntities(const GumDocument& doc);

// The article level: predictions are `analysed.entities` of origin
// kExtracted, implied places skipped. A prediction whose canonical form is a
// name of an unmatched gold entity of its kind is a TP; one that names an
// already matched entity is an FP and a duplicate; one that names only an
// optional entity counts as `optional`. `lenient` matches by WordRunMatch
// instead of equality.
struct ArticleScore {
  KindCounts strict, lenient;
  std::array<uint64_t, 3> gold{}, predicted{};  // gold: the required entities
  uint64_t implied_skipped = 0;
  std::vector<std::string> misses;  // filled when asked: "FP person \"x\"", "FN place ..."
};
ArticleScore ScoreArticle(const GumDocument& doc, const Article& analysed,
                          bool collect_misses = false);

// The mention level, for a name finder run on each paragraph's text.
struct PredictedSpan {
  uint32_t begin = 0, end = 0;  // byte range in the paragraph text
  EntityKind kind = EntityKind::kPerson;
};
using NameFinder = std::function<std::vector<PredictedSpan>(std::string_view paragraph_text)>;

// Gold spans: the named person/organisation/place mentions, cut to their
// CleanName (no leading "the", no possessive); those nested in another and
// the unnamed ones holding a proper noun are optional, as in GoldEntities. Exact: same bytes and
// kind; overlap: any shared byte and the same kind; each gold span matched once.
struct MentionScore {
  KindCounts exact, overlap;
};
MentionScore ScoreMentions(const GumDocument& doc, const NameFinder& finder);

// The lemmas of the speech verbs that introduce a gold quotation.
const std::vector<std::string_view>& SpeechVerbs();

// A gold quotation with a named speaker, from GUM's dependency trees: text
// between double quote marks (>= 3 words) in a body paragraph, linked to a
// speech verb (ccomp/parataxis/obj either way) whose nsubj is a named
// person/organisation mention, or a mention whose coreference group has one
// (else one holding a proper noun: "Mathematician Hermann Weyl said").
struct GoldQuote {
  uint32_t paragraph = 0;       // GUM paragraph
  uint32_t begin = 0, end = 0;  // byte range of the quoted text in it
  EntityKind kind = EntityKind::kPerson;
  std::vector<std::string> names;  // acceptable speaker names (canonical)
};
std::vector<GoldQuote> GoldQuotes(const GumDocument& doc, uint64_t* quotations = nullptr);

// Each gold quote against the quote Analyze found in the same paragraph
// overlapping it: correct (canonical speaker among the names), partly (only
// by WordRunMatch), wrong, empty speaker, or no such quote.
struct SpeakerScore {
  uint64_t quotations = 0;  // quotations of >= 3 words in the document
  uint64_t named = 0;       // of them, with a named gold speaker
  uint64_t correct = 0, partly = 0, wrong = 0, empty = 0, not_found = 0;
  std::vector<std::string> misses;
  SpeakerScore& operator+=(const SpeakerScore& other);
};
SpeakerScore ScoreSpeakers(const GumDocument& doc, const GumArticle& built, const Article& analysed,
                           bool collect_misses = false);

}  // namespace morgue::bench::ner

#endif  // MORGUE_BENCH_NER_SCORE_H_
