// Word-pair terms: in a large archive, each article also carries a boolean
// term for every two adjacent body words that are both among the archive's
// most frequent words ("XW" + first + " " + second). A body phrase of such
// words is then matched only in the articles holding its pairs, instead of
// checking positions in every article holding all its words: "net loss" in
// an archive of 1M synthetic articles is ~96,000 candidates without pairs;
// with them, the ~1,800 articles holding the pair and those written before
// the pairs began.
//
// The words are chosen once, when a shard writer first finds the archive at
// or above `pairs_from` articles, from its document frequencies, and kept in
// each shard's metadata (kPairsKey) with the first local docid whose
// document carries pair terms: articles indexed before keep none, and a
// query restricts its pair filter to the later ones (query/pair_filter.h).
// The terms are boolean (wdf 0): document lengths and BM25 scores do not
// change. docs/index-format.md describes the format.
#ifndef MORGUE_INDEXER_WORD_PAIRS_H_
#define MORGUE_INDEXER_WORD_PAIRS_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace morgue {

inline constexpr char kPairPrefix[] = "XW";
inline constexpr char kPairsKey[] = "morgue.pairs";
// How many words are chosen: 64 gives 2-3 pair terms per article (2.2 in
// Reuters-21578's text, 2.9 in the synthetic corpus; function words never
// qualify).
inline constexpr size_t kPairWordCount = 64;

// The pair words of an archive, sorted.
class PairWords {
 public:
  PairWords() = default;
  explicit PairWords(std::vector<std::string> words);
  bool empty() const { return words_.empty(); }
  bool Contains(std::string_view word) const;
  const std::vector<std::string>& words() const { return words_; }
  // The words joined by spaces (how metadata and queries carry them).
  std::string Joined() const;
  bool operator==(const PairWords&) const = default;

 private:
  std::vector<std::string> words_;
};

// "XW" + first + " " + second.
std::string PairTerm(std::string_view first, std::string_view second);

// Adds the pair terms of the body words of `doc` (unprefixed terms with
// positions, as DocumentBuilder writes them): one boolean term per distinct
// pair of adjacent positions whose words are both in `words`.
void AddPairTerms(Xapian::Document& doc, const PairWords& words);

// The kPairWordCount unprefixed words with the highest document frequency
// over `shards` that hold a letter and are not English function words, each
// in at least 1% of the articles.
PairWords ChoosePairWords(const std::vector<Xapian::Database>& shards);

// A shard's kPairsKey value: its first local docid carrying pair terms, and
// the words.
struct PairsMark {
  Xapian::docid from = 0;
  PairWords words;
};
std::string FormatPairsMark(const PairsMark& mark);
// nullopt when `value` is empty or not a mark.
std::optional<PairsMark> ParsePairsMark(const std::string& value);

// The words of the first of `shards` marked with pair words (empty: none is).
PairWords MarkedPairWords(const std::vector<Xapian::Database>& shards);

}  // namespace morgue

#endif  // MORGUE_INDEXER_WORD_PAIRS_H_
