// The `broad` class, chosen from the archive (bench/query_mix.h).
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "bench/query_mix.h"
#include "morgue/error.h"
#include "morgue/search.h"

namespace morgue::bench {

namespace {

// Articles whose bodies are read to find the most frequent words: enough for
// a stable top ten, few enough to take well under a second.
constexpr uint64_t kBroadWordSample = 5000;

bool QuotableValue(const std::string& v) {
  return !v.empty() && v.find_first_of("\"\\\n\r\t") == std::string::npos;
}

std::string FilterQuery(const char* field, const std::string& value) {
  return std::string(field) + ":\"" + value + "\"";
}

// The distinct words of `body`: runs of ASCII letters (lower-cased) and
// non-ASCII bytes; a run holding a digit, an apostrophe or other punctuation
// inside is no word (the index cuts those differently).
std::set<std::string> BodyWords(const std::string& body) {
  std::set<std::string> words;
  std::string word;
  bool clean = true;
  auto flush = [&] {
    if (!word.empty() && clean) words.insert(word);
    word.clear();
    clean = true;
  };
  for (unsigned char c : body) {
    if (c >= 0x80 || (c >= 'a' && c <= 'z')) {
      word += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      word += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= '0' && c <= '9') || c == '\'' || c == '_') {
      clean = false;
      word += static_cast<char>(c);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

int BroadDaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::vector<std::string> BroadQueryTexts(const Archive& archive) {
  std::vector<std::string> texts;
  const SearchRequest all;
  // The largest filter values, and the smallest of each field for NOT.
  const std::pair<FacetField, const char*> filters[] = {{FacetField::kPlace, "place"},
                                                        {FacetField::kTopic, "topic"},
                                                        {FacetField::kOrg, "org"}};
  std::vector<std::string> nots;
  for (const auto& [field, name] : filters) {
    FacetResult facets = archive.Facets(all, field, 0);
    size_t taken = 0;
    for (const auto& v : facets.values) {
      if (taken == (field == FacetField::kOrg ? 2u : 3u)) break;
      if (QuotableValue(v.value)) texts.push_back(FilterQuery(name, v.value)), ++taken;
    }
    for (auto it = facets.values.rbegin(); it != facets.values.rend(); ++it) {
      if (field == FacetField::kOrg) break;
      if (QuotableValue(it->value)) {
        nots.push_back("NOT " + FilterQuery(name, it->value));
        break;
      }
    }
  }
  // The two largest months, whole: as a month and as a range of days.
  HistogramResult months = archive.Histogram(all, Interval::kMonth);
  std::vector<HistogramBin> bins = months.bins;
  std::stable_sort(bins.begin(), bins.end(),
                   [](const HistogramBin& a, const HistogramBin& b) { return a.count > b.count; });
  for (size_t i = 0; i < bins.size() && i < 2 && bins[i].count > 0; ++i) {
    int year = 0, month = 0;
    if (std::sscanf(bins[i].start.c_str(), "%d-%d", &year, &month) != 2 || month < 1 || month > 12)
      continue;
    char range[64];
    std::snprintf(range, sizeof range, "date:%04d-%02d-01..%04d-%02d-%02d", year, month, year,
                  month, BroadDaysInMonth(year, month));
    texts.push_back("date:" + bins[i].label);
    texts.push_back(range);
  }
  // The ten most frequent body words (by the articles holding them) of the
  // first kBroadWordSample articles.
  std::map<std::string, uint64_t> df;
  uint64_t read = 0;
  archive.Export(all, [&](const Article& a) {
    std::string body;
    for (const auto& p : a.body) body += p + "\n";
    for (const auto& w : BodyWords(body)) ++df[w];
    return ++read < kBroadWordSample;
  });
  std::vector<std::pair<std::string, uint64_t>> words(df.begin(), df.end());
  std::stable_sort(words.begin(), words.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (size_t i = 0; i < words.size() && i < 10; ++i) texts.push_back(words[i].first);
  texts.insert(texts.end(), nots.begin(), nots.end());
  return texts;
}

void ExpandArchiveQueries(const Archive& archive, std::vector<BenchQuery>* queries) {
  std::vector<BenchQuery> out;
  std::vector<std::string> broad;
  bool chosen = false;
  for (auto& q : *queries) {
    if (q.text != kFromArchive) {
      out.push_back(std::move(q));
      continue;
    }
    if (!chosen) broad = BroadQueryTexts(archive), chosen = true;
    for (const auto& text : broad) {
      BenchQuery b = q;
      b.text = text;
      out.push_back(std::move(b));
    }
  }
  *queries = std::move(out);
}

}  // namespace morgue::bench
