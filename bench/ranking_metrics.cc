#include "bench/ranking_metrics.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "morgue/error.h"

namespace morgue::bench {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

// The value of attribute `name` in the tag text `tag`, "" when absent.
std::string Attribute(std::string_view tag, std::string_view name) {
  std::string key = std::string(name) + "=\"";
  size_t at = tag.find(key);
  if (at == std::string_view::npos) return "";
  size_t start = at + key.size();
  size_t end = tag.find('"', start);
  return end == std::string_view::npos ? "" : std::string(tag.substr(start, end - start));
}

// Adds the NEWID of every record in one SGML file to the sets of its topics.
void ReadTopics(const std::string& text, std::map<std::string, std::set<std::string>>* out) {
  size_t pos = 0;
  for (;;) {
    size_t open = text.find("<REUTERS", pos);
    if (open == std::string::npos) return;
    size_t tag_end = text.find('>', open);
    size_t close = text.find("</REUTERS>", open);
    if (tag_end == std::string::npos || close == std::string::npos) return;
    std::string_view record(text.data() + open, close - open);
    std::string id = Attribute(record.substr(0, tag_end - open), "NEWID");
    size_t topics = record.find("<TOPICS>");
    size_t topics_end = record.find("</TOPICS>");
    if (!id.empty() && topics != std::string_view::npos && topics_end != std::string_view::npos) {
      std::string_view list = record.substr(topics, topics_end - topics);
      for (size_t d = list.find("<D>"); d != std::string_view::npos; d = list.find("<D>", d)) {
        size_t end = list.find("</D>", d);
        if (end == std::string_view::npos) break;
        (*out)[std::string(list.substr(d + 3, end - d - 3))].insert(id);
        d = end;
      }
    }
    pos = close + 10;
  }
}

}  // namespace

std::vector<JudgedQuery> LoadJudgedQueries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::kNotFound, "cannot open judged set " + path);
  std::vector<JudgedQuery> queries;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = SplitTabs(line);
    if (f.size() != 3 || (f[0] != "A" && f[0] != "B") || f[1].empty() || f[2].empty()) {
      throw Error(ErrorCode::kInvalidInput,
                  path + ":" + std::to_string(number) + ": expected half (A|B), topic, query");
    }
    queries.push_back({f[0][0], f[1], f[2]});
  }
  return queries;
}

std::map<std::string, std::set<std::string>> ReutersTopicJudgements(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind("reut2-", 0) == 0 && it->path().extension() == ".sgm")
      files.push_back(it->path());
  }
  if (files.empty()) throw Error(ErrorCode::kNotFound, "no reut2-*.sgm file in " + dir);
  std::sort(files.begin(), files.end());
  std::map<std::string, std::set<std::string>> judgements;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf())) throw Error(ErrorCode::kIO, "cannot read " + file.string());
    ReadTopics(text.str(), &judgements);
  }
  return judgements;
}

double AveragePrecision(const std::vector<std::string>& ranked,
                        const std::set<std::string>& relevant) {
  if (relevant.empty()) return 0;
  double sum = 0;
  size_t found = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (relevant.count(ranked[i])) sum += static_cast<double>(++found) / static_cast<double>(i + 1);
  }
  return sum / static_cast<double>(relevant.size());
}

double NdcgAt(const std::vector<std::string>& ranked, const std::set<std::string>& relevant,
              size_t k) {
  if (relevant.empty()) return 0;
  double dcg = 0, ideal = 0;
  for (size_t i = 0; i < std::min(k, ranked.size()); ++i) {
    if (relevant.count(ranked[i])) dcg += 1.0 / std::log2(static_cast<double>(i) + 2);
  }
  for (size_t i = 0; i < std::min(k, relevant.size()); ++i) {
    ideal += 1.0 / std::log2(static_cast<double>(i) + 2);
  }
  return dcg / ideal;
}

double PrecisionAt(const std::vector<std::string>& ranked, const std::set<std::string>& relevant,
                   size_t k) {
  if (k == 0) return 0;
  size_t hits = 0;
  for (size_t i = 0; i < std::min(k, ranked.size()); ++i) hits += relevant.count(ranked[i]);
  return static_cast<double>(hits) / static_cast<double>(k);
}

double RecallAt(const std::vector<std::string>& ranked, const std::set<std::string>& relevant,
                size_t k) {
  if (relevant.empty()) return 0;
  size_t hits = 0;
  for (size_t i = 0; i < std::min(k, ranked.size()); ++i) hits += relevant.count(ranked[i]);
  return static_cast<double>(hits) / static_cast<double>(relevant.size());
}

void AddQuery(const std::vector<std::string>& ranked, const std::set<std::string>& relevant,
              Scores* sum, double* ap) {
  double precision = AveragePrecision(ranked, relevant);
  if (ap) *ap = precision;
  sum->map += precision;
  sum->ndcg10 += NdcgAt(ranked, relevant, 10);
  sum->p10 += PrecisionAt(ranked, relevant, 10);
  sum->recall1000 += RecallAt(ranked, relevant, 1000);
  ++sum->queries;
}

Scores Mean(Scores sum) {
  if (sum.queries == 0) return sum;
  double n = static_cast<double>(sum.queries);
  sum.map /= n;
  sum.ndcg10 /= n;
  sum.p10 /= n;
  sum.recall1000 /= n;
  return sum;
}

Scores Evaluate(const Archive& archive, const std::vector<JudgedQuery>& queries,
                const std::map<std::string, std::set<std::string>>& judgements,
                const RankingOptions& ranking, char half, size_t depth,
                std::vector<double>* per_query_ap) {
  Scores scores;
  for (const JudgedQuery& q : queries) {
    if (half != 0 && q.half != half) continue;
    auto judged = judgements.find(q.topic);
    if (judged == judgements.end() || judged->second.empty()) {
      throw Error(ErrorCode::kInvalidInput, "no article is tagged with topic " + q.topic);
    }
    SearchRequest request;
    request.query = q.query;
    request.ranking = ranking;
    request.limit = depth;
    request.snippets = false;
    std::vector<std::string> ranked;
    for (Hit& hit : archive.Search(request).hits) ranked.push_back(std::move(hit.id));
    double ap = 0;
    AddQuery(ranked, judged->second, &scores, &ap);
    if (per_query_ap) per_query_ap->push_back(ap);
  }
  scores = Mean(scores);
  return scores;
}

Scores EvaluateJudged(const Archive& archive, const JudgedCollection& collection,
                      const RankingOptions& ranking, bool all_words, char half) {
  Scores sum;
  for (const TopicQuery& q : collection.queries) {
    if (half != 0 && q.half != half) continue;
    SearchRequest request;
    request.query = MorgueQuery(QueryWords(q.text));
    request.default_and = all_words;
    request.ranking = ranking;
    request.limit = 1000;
    request.snippets = false;
    std::vector<std::string> ranked;
    if (!request.query.empty()) {
      for (Hit& hit : archive.Search(request).hits) ranked.push_back(std::move(hit.id));
    }
    auto relevant = collection.relevant.find(q.id);
    AddQuery(ranked,
             relevant == collection.relevant.end() ? std::set<std::string>{} : relevant->second,
             &sum);
  }
  return Mean(sum);
}

}  // namespace morgue::bench
