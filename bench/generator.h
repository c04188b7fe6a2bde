// A synthetic corpus for scaling benchmarks: statistics learned from a real
// corpus (word frequencies, lengths, dates, topics, entities) and a
// deterministic generator of JSON Lines articles that follow them.
//
// For measuring how costs grow with corpus size, never for correctness
// claims: the text is a bag of words in the model's proportions, not prose.
//
// Determinism: the output depends only on the model corpus, the options and
// the seed. Random numbers come from std::mt19937_64 (its sequence is fixed by
// the C++ standard) turned into numbers by this file's own code, never by the
// std:: distributions, whose algorithms differ between standard libraries.
#ifndef MORGUE_BENCH_GENERATOR_H_
#define MORGUE_BENCH_GENERATOR_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace morgue::bench {

// Items with counts, most frequent first (ties by item), for weighted sampling.
struct WeightedTable {
  std::vector<std::string> items;
  std::vector<double> cumulative;  // cumulative[i] = sum of the counts of items 0..i

  bool empty() const { return items.empty(); }
};

// What the generator learned from a corpus.
struct CorpusModel {
  uint64_t articles = 0;
  uint64_t tokens = 0;
  WeightedTable body_words, headline_words, topics, sections;
  WeightedTable entities[3];  // person, org, place (EntityKind order)
  std::vector<uint32_t> body_lengths, headline_lengths, paragraph_lengths;  // in words
  std::vector<uint32_t> topics_per_article, entities_per_article[3];
  // Per topic (same order as topics.items): its most distinctive body words.
  std::vector<WeightedTable> topic_words;
  // Share of body tokens that occur once in the whole corpus: how often the
  // generator invents a new word (so the vocabulary keeps growing with size).
  double novel_word_rate = 0;
  // First and last publication day (days since 1970-01-01); 0 when undated.
  int64_t first_day = 0, last_day = 0;
  uint64_t dated = 0;
};

// Reads every path with morgue::ReadPath (format detected) and learns the
// model. Throws morgue::Error(kNotFound) for a missing path and
// Error(kInvalidInput) when the paths hold no article.
CorpusModel LearnModel(const std::vector<std::string>& paths);

struct GenerateOptions {
  uint64_t articles = 1000;
  uint64_t seed = 1;
  std::string source = "synthetic";
  // First day (days since 1970-01-01); default: the model's first day.
  std::optional<int64_t> start_day;
  // Days the dates spread over; default: as many as keep the model's
  // articles per day, at least the model's own span, at most 50 years.
  std::optional<int64_t> days;
};

// Writes options.articles JSON objects, one per line, with id, source, title,
// text, published, section, people, organizations, places and topics
// (docs/formats.md). Returns the bytes written. Throws morgue::Error(kIO)
// when `out` fails.
uint64_t GenerateCorpus(const CorpusModel& model, const GenerateOptions& options,
                        std::ostream& out);

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_GENERATOR_H_
