// Generating a synthetic JSON Lines corpus from a CorpusModel
// (bench/generator.h).
#include "bench/generator.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "morgue/article.h"
#include "morgue/error.h"

namespace morgue::bench {

namespace {

// Random numbers from the standard engine, mapped by our own code (portable).
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  // Uniform in [0, 1), 53 random bits.
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1p-53; }
  // Uniform in [0, n), n > 0 (the modulo bias is below 2^-40 for n < 2^24).
  uint64_t Below(uint64_t n) { return engine_() % n; }
  bool Chance(double p) { return Unit() < p; }

 private:
  std::mt19937_64 engine_;
};

const std::string& Sample(const WeightedTable& t, Random& r) {
  double x = r.Unit() * t.cumulative.back();
  size_t i = std::upper_bound(t.cumulative.begin(), t.cumulative.end(), x) - t.cumulative.begin();
  return t.items[std::min(i, t.items.size() - 1)];
}

bool Usable(const WeightedTable& t) { return !t.empty() && t.cumulative.back() > 0; }

template <typename T>
T SampleOf(const std::vector<T>& v, Random& r, T fallback) {
  return v.empty() ? fallback : v[r.Below(v.size())];
}

// A made-up word for the long tail of the vocabulary: word ids follow a
// Pareto law, so new words keep appearing as the corpus grows (Heaps' law),
// the rarer the higher the id.
std::string NovelWord(Random& r) {
  static const char kConsonants[] = "bcdfghklmnprstvz";
  static const char kVowels[] = "aeiou";
  auto id = static_cast<uint64_t>(1000 * std::pow(1.0 - r.Unit(), -1.0 / 0.6));
  std::string w;
  do {
    w += kConsonants[id % 16];
    w += kVowels[(id / 16) % 5];
    id /= 80;
  } while (id > 0);
  return w;
}

// Per ISO-like week, each topic's weight: its corpus frequency, multiplied
// 4-16x during bursts (a burst starts in a given week with probability 0.04
// and lasts 1-3 weeks). Row w holds cumulative weights over model.topics.
std::vector<std::vector<double>> TopicWeeks(const CorpusModel& model, int64_t weeks, Random& r) {
  size_t topics = model.topics.items.size();
  std::vector<std::vector<double>> multiplier(static_cast<size_t>(weeks),
                                              std::vector<double>(topics, 1));
  for (size_t t = 0; t < topics; ++t) {
    for (int64_t w = 0; w < weeks; ++w) {
      if (!r.Chance(0.04)) continue;
      double boost = 4 + 12 * r.Unit();
      int64_t length = 1 + static_cast<int64_t>(r.Below(3));
      for (int64_t i = w; i < std::min(weeks, w + length); ++i) multiplier[i][t] = boost;
    }
  }
  std::vector<std::vector<double>> cumulative(static_cast<size_t>(weeks),
                                              std::vector<double>(topics));
  for (int64_t w = 0; w < weeks; ++w) {
    double sum = 0, previous = 0;
    for (size_t t = 0; t < topics; ++t) {
      double count = model.topics.cumulative[t] - previous;
      previous = model.topics.cumulative[t];
      sum += count * multiplier[w][t];
      cumulative[w][t] = sum;
    }
  }
  return cumulative;
}

size_t SampleIndex(const std::vector<double>& cumulative, Random& r) {
  double x = r.Unit() * cumulative.back();
  size_t i = std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin();
  return std::min(i, cumulative.size() - 1);
}

}  // namespace

uint64_t GenerateCorpus(const CorpusModel& model, const GenerateOptions& options,
                        std::ostream& out) {
  Random r(options.seed);
  Random burst_random(options.seed ^ 0x9e3779b97f4a7c15ULL);
  int64_t start = options.start_day.value_or(model.dated ? model.first_day : 0);
  int64_t span = model.dated ? model.last_day - model.first_day + 1 : 365;
  int64_t days = options.days.value_or(0);
  if (days <= 0) {
    double per_day =
        static_cast<double>(std::max<uint64_t>(model.dated, 1)) / static_cast<double>(span);
    days = std::max<int64_t>(span,
                             static_cast<int64_t>(static_cast<double>(options.articles) / per_day));
    days = std::min<int64_t>(days, 50 * 365);
  }
  int64_t weeks = days / 7 + 1;
  auto topic_weeks = Usable(model.topics) ? TopicWeeks(model, weeks, burst_random)
                                          : std::vector<std::vector<double>>{};
  static const char* kEntityKeys[3] = {"people", "organizations", "places"};

  uint64_t bytes = 0;
  std::string line;
  for (uint64_t n = 0; n < options.articles; ++n) {
    nlohmann::json j;
    j["id"] = "syn-" + std::to_string(n + 1);
    j["source"] = options.source;
    int64_t day = start + static_cast<int64_t>(r.Below(static_cast<uint64_t>(days)));
    Timestamp when{day * 86400 + static_cast<int64_t>(r.Below(86400)), false};
    j["published"] = when.ToIso8601();

    // Topics, with this week's bursts.
    std::vector<size_t> topics;
    uint32_t topic_count = SampleOf(model.topics_per_article, r, 0u);
    if (!topic_weeks.empty()) {
      const auto& week = topic_weeks[static_cast<size_t>((day - start) / 7)];
      for (uint32_t i = 0; i < topic_count * 3 && topics.size() < topic_count; ++i) {
        size_t t = SampleIndex(week, r);
        if (std::find(topics.begin(), topics.end(), t) == topics.end()) topics.push_back(t);
      }
    }
    j["topics"] = nlohmann::json::array();
    for (size_t t : topics) j["topics"].push_back(model.topics.items[t]);

    // Headline and body: words in the model's proportions, some from the topics' own words.
    std::string title;
    uint32_t title_words = std::max(1u, SampleOf(model.headline_lengths, r, 6u));
    for (uint32_t i = 0; i < title_words && Usable(model.headline_words); ++i) {
      if (!title.empty()) title += ' ';
      title += Sample(model.headline_words, r);
    }
    j["title"] = title.empty() ? "untitled" : title;
    std::vector<std::string> words;
    uint32_t body_words = SampleOf(model.body_lengths, r, 100u);
    for (uint32_t i = 0; i < body_words && Usable(model.body_words); ++i) {
      if (!topics.empty() && r.Chance(0.15)) {
        const WeightedTable& tw = model.topic_words[topics[r.Below(topics.size())]];
        if (Usable(tw)) {
          words.push_back(Sample(tw, r));
          continue;
        }
      }
      words.push_back(r.Chance(model.novel_word_rate) ? NovelWord(r) : Sample(model.body_words, r));
    }
    // Entities: in their fields, and mentioned once each in the text.
    for (size_t k = 0; k < 3; ++k) {
      j[kEntityKeys[k]] = nlohmann::json::array();
      if (!Usable(model.entities[k])) continue;
      uint32_t count = SampleOf(model.entities_per_article[k], r, 0u);
      for (uint32_t i = 0; i < count; ++i) {
        const std::string& name = Sample(model.entities[k], r);
        if (std::find(j[kEntityKeys[k]].begin(), j[kEntityKeys[k]].end(), name) !=
            j[kEntityKeys[k]].end())
          continue;
        j[kEntityKeys[k]].push_back(name);
        words.insert(words.begin() + static_cast<long>(r.Below(words.size() + 1)), name);
      }
    }
    std::string text;
    uint32_t left_in_paragraph = SampleOf(model.paragraph_lengths, r, 40u);
    for (const auto& w : words) {
      if (!text.empty()) text += left_in_paragraph == 0 ? "\n\n" : " ";
      if (left_in_paragraph == 0) left_in_paragraph = SampleOf(model.paragraph_lengths, r, 40u);
      text += w;
      --left_in_paragraph;
    }
    j["text"] = text;
    if (Usable(model.sections)) {
      const std::string& section = Sample(model.sections, r);
      if (!section.empty()) j["section"] = section;
    }
    line = j.dump();
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    bytes += line.size();
    if (!out) throw Error(ErrorCode::kIO, "writing the generated corpus failed");
  }
  return bytes;
}

}  // namespace morgue::bench
