// The differential oracle: random queries from morgue's grammar, answered by
// the engine (through the public Archive API only) and by a brute-force
// evaluator written from docs/query-language.md, compared answer by answer.
//
// The evaluator never touches a Xapian database, Xapian::Query or Enquire,
// nor morgue's query/ or indexer/ code (lexer, parser, compiler,
// canonicaliser). It reads every stored article once (Archive::Get), splits
// each text field into words with Xapian::TermGenerator on a scratch
// document (the word splitter docs/query-language.md names) and stems with
// Xapian::Stem("english") (the Snowball stemmer the doc names; libstemmer is
// not installed on the build machine). Everything else -- phrases, NEAR
// windows, wildcards, filters, dates, AND/OR/NOT, default_and and the
// grouping of top-level filters -- is applied directly to those word lists.
//
// Each construct of the language is one small piece: the query generator is
// a table of weighted pieces (GenAtom in oracle.cc), the word rule is one
// function (OracleFold), so that features being added to the engine (see
// Features) are switched on in one place each.
#ifndef MORGUE_TESTS_ORACLE_ORACLE_H_
#define MORGUE_TESTS_ORACLE_ORACLE_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/archive.h"
#include "morgue/article.h"

namespace morgue::oracle {

// Where generator choices come from: a seeded PRNG (the test) or fuzz bytes.
class Choices {
 public:
  virtual ~Choices() = default;
  // A number in [0, n) (0 when n is 0).
  virtual uint64_t Below(uint64_t n) = 0;
  // True `percent` times in 100; false when the choice is 0 (so that fuzz
  // input past its end chooses the shortest query).
  bool Chance(unsigned percent) { return Below(100) >= 100 - percent; }
};

class SeededChoices : public Choices {
 public:
  explicit SeededChoices(uint64_t seed) : rng_(seed) {}
  uint64_t Below(uint64_t n) override {
    return n == 0 ? 0 : std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_);
  }

 private:
  std::mt19937_64 rng_;
};

// Fuzz input as choices: each choice eats bytes; past the end, every choice is 0.
class ByteChoices : public Choices {
 public:
  ByteChoices(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint64_t Below(uint64_t n) override;

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

// Constructs the engine may or may not support yet; the generator makes only
// the enabled ones (all of them by default; each can be switched off to
// find which construct a disagreement comes from).
struct Features {
  bool proximity_phrase = true;   // "a b"~N, "a b c"~N, headline:"a b"~N
  bool question_wildcard = true;  // wor?d, ec*nom*, пу?ин (patterns inside words)
  bool symbol_operators = true;   // | || && !x
  bool accent_folding = true;     // queries spelled otherwise: Erdogan = ERDOĞAN
};

// The oracle's one word rule: the form in which a query word and an indexed
// word are compared, after TermGenerator has split and lower-cased them.
// docs/query-language.md, "Words", written again with ICU directly (never
// the engine's indexer/fold.h): NFKC_Casefold; NFD with the diacritic marks
// dropped (after a Latin, Greek or Cyrillic letter, Hebrew points, Arabic
// harakat; Indic, Thai, Japanese marks kept); the letters that do not
// decompose spelled in ASCII; NFC.
std::string OracleFold(std::string_view term);

// The words of `text` as TermGenerator splits and lower-cases them, in order.
std::vector<std::string> SplitWords(std::string_view text);

// The text fields, in the order of the query language's field names.
enum Field : uint8_t { kHeadline = 0, kBody = 1, kQuote = 2, kCaption = 3, kFieldCount = 4 };
// The filter fields (speaker last).
enum FilterKind : uint8_t {
  kPerson = 0,
  kOrg,
  kPlace,
  kTopic,
  kSection,
  kSource,
  kLang,
  kId,
  kSpeaker,
  kFilterKindCount
};
const char* FilterName(FilterKind k);

struct Posting {
  uint32_t pos;
  uint32_t word;  // index into Corpus::words
};

// One stored article as the oracle sees it.
struct Doc {
  std::string key;             // source/id
  std::optional<int64_t> day;  // days since 1970-01-01 (UTC)
  std::array<std::vector<Posting>, kFieldCount> fields;
  std::array<std::set<std::string>, kFilterKindCount> values;
  std::string headline, body_start;  // for messages
};

// A set of documents (by index into Corpus::docs).
class Bits {
 public:
  Bits() = default;
  explicit Bits(size_t n, bool all = false);
  void Set(size_t i) { w_[i >> 6] |= uint64_t{1} << (i & 63); }
  bool Get(size_t i) const { return (w_[i >> 6] >> (i & 63)) & 1; }
  Bits& operator&=(const Bits& o);
  Bits& operator|=(const Bits& o);
  Bits operator~() const;
  size_t Count() const;
  size_t size() const { return n_; }

 private:
  void Trim();
  size_t n_ = 0;
  std::vector<uint64_t> w_;
};

class Corpus {
 public:
  // Reads every article of `archive` named in `keys` ("source/id") with
  // Archive::Get. Throws std::runtime_error when one is missing.
  void Load(const Archive& archive, const std::vector<std::string>& keys);
  // Adds one stored article (Load calls it).
  void Add(const Article& stored);

  const std::vector<Doc>& docs() const { return docs_; }
  const std::vector<std::string>& words() const { return words_; }
  size_t size() const { return docs_.size(); }
  // Docs whose speakers the oracle cannot put in canonical form itself
  // (see SimpleSpeaker in oracle.cc): speaker filters and facets are then
  // not generated / not compared.
  bool speakers_known() const { return speakers_known_; }
  // Every quotation lies in the body (the engine then skips the quote field).
  std::string Describe(size_t doc) const;

  // Word-level caches (by word index).
  const std::string& StemOf(uint32_t word) const;
  bool StartsWithLetter(uint32_t word) const;
  std::optional<uint32_t> Find(const std::string& word) const;
  // The word in the oracle's fold (OracleFold), computed once.
  const std::string& Folded(uint32_t word) const { return folded_[word]; }
  // Where a word occurs: (doc, bit 1 << Field of each field holding it), by doc.
  struct Occurrence {
    uint32_t doc;
    uint8_t fields;
  };
  const std::vector<Occurrence>& OccurrencesOf(uint32_t word) const { return occurrences_[word]; }
  // The words with the same fold as `word` (itself included), for queries
  // spelled otherwise than the text.
  const std::vector<uint32_t>& SameFold(uint32_t word) const;

 private:
  uint32_t Intern(const std::string& word);
  std::vector<Doc> docs_;
  std::vector<std::string> words_, folded_;
  std::vector<std::vector<Occurrence>> occurrences_;
  std::map<std::string, uint32_t, std::less<>> index_;
  mutable std::vector<std::string> stems_;
  mutable std::map<std::string, std::vector<uint32_t>> by_fold_;
  bool speakers_known_ = true;
};

// A query of the grammar, as the generator builds it.
struct Node {
  enum Kind {
    kOr,       // seqs joined by OR
    kSeq,      // items side by side
    kAnd,      // items joined by AND
    kNot,      // NOT x
    kMinus,    // -x
    kNear,     // words joined by NEAR/n
    kGroup,    // ( or ), optionally scoped to a text field
    kWord,     // bare word (one or more terms: several terms are a phrase)
    kPhrase,   // "quoted"
    kPrefix,   // word*
    kFilter,   // field:value
    kDate,     // date:...
    kPattern,  // a word with ? or * inside: pric?, ec*nom*
  } kind = kWord;
  std::vector<Node> kids;
  std::optional<Field> field;      // a text atom's or group's scope
  std::string text;                // how a text atom or a filter value is written
  std::vector<std::string> terms;  // the words of a text atom (SplitWords of text)
  FilterKind filter = kTopic;
  bool wildcard = false;            // filter value ends in *
  std::string field_name;           // as written (aliases, capitals)
  std::vector<unsigned> distances;  // NEAR: one per operator (0: plain NEAR)
  bool proximity = false;           // NEAR written as "a b c"~N (field: the whole)
  // Operators written as symbols: OR as | (1) or || (2), AND as && (1), -x as !x (1).
  unsigned symbol = 0;
  std::optional<int64_t> from, to;  // date: days, inclusive
};

// A generated request: the query and the request options around it.
struct Case {
  Node query;
  std::string text;  // query rendered
  bool default_and = true;
  std::optional<std::string> from, to;  // request.from / request.to as written
  std::optional<int64_t> from_day, to_day;
};

std::string Render(const Node& n);

// Generates a query over the words and values of `corpus`.
Case Generate(Choices& choices, const Corpus& corpus, const Features& features = {});

// The documents matching `c`, by the documented semantics.
Bits Evaluate(const Case& c, const Corpus& corpus);

// What one comparison found.
struct Outcome {
  bool skipped = false;       // the engine refused with kLimit (too many wildcard words)
  std::string disagreement;   // empty: the engine and the oracle agree
  uint64_t expected = 0;      // the oracle's number of matching articles
  double oracle_seconds = 0;  // spent evaluating (the rest is the engine's)
};

// Runs `c` through Count, Search (every id when the answer has at most
// `max_full` articles, else the total and the first page), Facets (one
// field, all values), Histogram (one interval) and Export, and compares each
// with the oracle. `choices` picks the facet field, interval and sort.
Outcome Compare(const Archive& archive, const Corpus& corpus, const Case& c, Choices& choices,
                size_t max_full = 3000);

// A corpus for the oracle, the same for the same seed: `n` short articles
// (ids 0..n-1, sources "gen" and "wire") over a small vocabulary so that
// random queries hit: English words with their inflections (and Porter2's
// odd ones: dying/die, skies/sky), numbers, U.S., hyphenated pairs, and
// words in Cyrillic, Greek, Vietnamese, Turkish, CJK and Arabic; one to three
// paragraphs, quotations outside the body with speakers, captions with
// credits, tagged entities, topics, sections, three languages; dated (some
// with a time of day) and undated articles; exact copies under other ids.
std::vector<Article> GeneratedCorpus(uint64_t seed, size_t n);

// When the engine's Count and the oracle's disagree on `c`: a smaller case
// that still disagrees (parts of OR / side-by-side / AND / NEAR lists and the
// request's from / to removed one at a time while the disagreement stays).
// `c` itself when they agree.
Case Shrink(const Archive& archive, const Corpus& corpus, Case c);

// Days since 1970-01-01 of a civil date, and back to "YYYY-MM-DD".
int64_t DaysFromCivil(int y, unsigned m, unsigned d);
std::string CivilFromDays(int64_t days);

}  // namespace morgue::oracle

#endif  // MORGUE_TESTS_ORACLE_ORACLE_H_
