// Learning a CorpusModel from a real corpus (bench/generator.h).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>

#include "bench/generator.h"
#include "morgue/error.h"
#include "morgue/reader.h"

namespace morgue::bench {

namespace {

using Counts = std::unordered_map<std::string, uint64_t>;

// Most frequent first, ties by item: independent of hash-map order.
WeightedTable ToTable(const Counts& counts, size_t keep = 0) {
  std::vector<std::pair<std::string, uint64_t>> v(counts.begin(), counts.end());
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (keep && v.size() > keep) v.resize(keep);
  WeightedTable t;
  double sum = 0;
  for (auto& [item, n] : v) {
    sum += static_cast<double>(n);
    t.items.push_back(std::move(item));
    t.cumulative.push_back(sum);
  }
  return t;
}

// Splits on whitespace; tokens keep their punctuation ("said." "U.S.,").
template <typename Fn>
void ForEachToken(const std::string& text, Fn fn) {
  size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < n && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) fn(text.substr(start, i - start));
  }
}

constexpr size_t kTopicWords = 40;

}  // namespace

CorpusModel LearnModel(const std::vector<std::string>& paths) {
  CorpusModel m;
  Counts body, headline, topics, sections, entities[3];
  std::map<std::string, Counts> per_topic;  // topic -> body word counts
  int64_t first = INT64_MAX, last = INT64_MIN;
  ReadOptions options;
  for (const auto& path : paths) {
    ReadPath(
        path, options,
        [&](Article&& a) {
          ++m.articles;
          uint32_t words = 0;
          std::vector<std::string> article_words;
          for (const auto& paragraph : a.body) {
            uint32_t in_paragraph = 0;
            ForEachToken(paragraph, [&](std::string w) {
              ++body[w];
              ++in_paragraph;
              if (!a.topics.empty()) article_words.push_back(std::move(w));
            });
            if (in_paragraph) m.paragraph_lengths.push_back(in_paragraph);
            words += in_paragraph;
          }
          m.tokens += words;
          m.body_lengths.push_back(words);
          uint32_t title_words = 0;
          ForEachToken(a.headline, [&](std::string w) {
            ++headline[w];
            ++title_words;
          });
          m.headline_lengths.push_back(title_words);
          m.topics_per_article.push_back(static_cast<uint32_t>(a.topics.size()));
          for (const auto& t : a.topics) {
            ++topics[t];
            Counts& tw = per_topic[t];
            for (const auto& w : article_words) ++tw[w];
          }
          ++sections[a.section];
          uint32_t per_kind[3] = {0, 0, 0};
          for (const auto& e : a.entities) {
            if (e.origin == EntityOrigin::kExtracted) continue;
            auto k = static_cast<size_t>(e.kind);
            ++entities[k][e.name];
            ++per_kind[k];
          }
          for (size_t k = 0; k < 3; ++k) m.entities_per_article[k].push_back(per_kind[k]);
          if (a.published) {
            int64_t day =
                a.published->unix_seconds / 86400 - (a.published->unix_seconds % 86400 < 0);
            first = std::min(first, day);
            last = std::max(last, day);
            ++m.dated;
          }
        },
        [](const ReadIssue&) {});
  }
  if (m.articles == 0) {
    throw Error(ErrorCode::kInvalidInput, "the model corpus holds no article");
  }
  uint64_t hapax = 0;
  for (const auto& [w, n] : body) hapax += (n == 1);
  // A small corpus has mostly hapaxes; 5% is already above most real ones.
  m.novel_word_rate =
      m.tokens ? std::min(0.05, static_cast<double>(hapax) / static_cast<double>(m.tokens)) : 0;
  if (m.dated) {
    m.first_day = first;
    m.last_day = last;
  }
  m.body_words = ToTable(body);
  m.headline_words = ToTable(headline);
  m.topics = ToTable(topics);
  m.sections = ToTable(sections);
  for (size_t k = 0; k < 3; ++k) m.entities[k] = ToTable(entities[k]);
  // A topic's words: frequent in its articles, rare elsewhere (count x idf).
  for (const auto& topic : m.topics.items) {
    const Counts& tw = per_topic[topic];
    Counts scored;
    for (const auto& [w, n] : tw) {
      if (n < 3) continue;
      double idf = std::log(static_cast<double>(m.tokens) / static_cast<double>(body[w]));
      scored[w] = static_cast<uint64_t>(static_cast<double>(n) * std::max(idf, 0.0) * 100);
    }
    m.topic_words.push_back(ToTable(scored, kTopicWords));
  }
  // Sorted, so that the model is the same whatever the reading order within a file.
  for (auto* v :
       {&m.body_lengths, &m.headline_lengths, &m.paragraph_lengths, &m.topics_per_article,
        &m.entities_per_article[0], &m.entities_per_article[1], &m.entities_per_article[2]}) {
    std::sort(v->begin(), v->end());
  }
  return m;
}

}  // namespace morgue::bench
