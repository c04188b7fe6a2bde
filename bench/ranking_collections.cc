#include "bench/ranking_collections.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "morgue/error.h"

namespace morgue::bench {
namespace {

std::ifstream OpenOrThrow(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kNotFound, "cannot open " + path);
  return in;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "007" -> "7"; "0" stays "0".
std::string StripZeros(const std::string& number) {
  size_t first = number.find_first_not_of('0');
  return first == std::string::npos ? "0" : number.substr(first);
}

std::vector<std::string> Fields(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string f; in >> f;) out.push_back(f);
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::map<char, std::string>>> ReadSmartRecords(
    const std::string& path) {
  std::ifstream in = OpenOrThrow(path);
  std::vector<std::pair<std::string, std::map<char, std::string>>> records;
  char field = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > 3 && line.compare(0, 3, ".I ") == 0 && AllDigits(Trim(line.substr(3)))) {
      records.push_back({StripZeros(Trim(line.substr(3))), {}});
      field = 0;
      continue;
    }
    if (line.size() == 2 && line[0] == '.' && std::isupper(static_cast<unsigned char>(line[1]))) {
      field = line[1];
      continue;
    }
    if (records.empty() || field == 0) continue;
    std::string& text = records.back().second[field];
    std::string trimmed = Trim(line);
    if (trimmed.empty()) continue;
    if (!text.empty()) text += ' ';
    text += trimmed;
  }
  return records;
}

JudgedCollection ReadSmartCollection(const std::string& name, const std::string& documents,
                                     const std::string& queries, const std::string& qrels) {
  JudgedCollection c;
  c.name = name;
  for (auto& [id, fields] : ReadSmartRecords(documents)) {
    if (fields['T'].empty() && fields['W'].empty()) continue;
    Article a;
    a.id = id;
    a.source = name;
    a.headline = fields['T'];
    if (!fields['W'].empty()) a.body.push_back(fields['W']);
    if (!fields['A'].empty()) a.authors.push_back(fields['A']);
    c.documents.push_back(std::move(a));
  }
  std::ifstream in = OpenOrThrow(qrels);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::vector<std::string> f = Fields(line);
    if (f.empty()) continue;
    if (f.size() < 2 || !AllDigits(f[0]) || !AllDigits(f[1])) {
      throw Error(ErrorCode::kInvalidInput,
                  qrels + ":" + std::to_string(number) + ": expected query and document numbers");
    }
    c.relevant[StripZeros(f[0])].insert(StripZeros(f[1]));
  }
  for (auto& [id, fields] : ReadSmartRecords(queries)) {
    std::string text = fields['W'].empty() ? fields['T'] : fields['W'];
    if (text.empty() || !c.relevant.count(id)) continue;
    char half = (id.back() - '0') % 2 == 1 ? 'A' : 'B';  // by the last digit: any length
    c.queries.push_back({id, text, half});
  }
  return c;
}

Judgements ReadTrecQrels(const std::string& path) {
  std::ifstream in = OpenOrThrow(path);
  Judgements out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::vector<std::string> f = Fields(line);
    if (f.empty()) continue;
    char* end = nullptr;
    double relevance = f.size() == 4 ? std::strtod(f[3].c_str(), &end) : 0;
    if (f.size() != 4 || end == f[3].c_str() || *end != '\0') {
      throw Error(ErrorCode::kInvalidInput, path + ":" + std::to_string(number) +
                                                ": expected 'query iteration document relevance'");
    }
    if (relevance > 0) out[f[0]].insert(f[2]);
  }
  return out;
}

std::vector<TopicQuery> ReadTopics(const std::string& path) {
  std::ifstream in = OpenOrThrow(path);
  std::ostringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  std::vector<TopicQuery> out;
  auto half = [&out] { return out.size() % 2 == 0 ? 'A' : 'B'; };
  if (text.find("<top>") != std::string::npos) {
    for (size_t top = text.find("<top>"); top != std::string::npos;
         top = text.find("<top>", top + 5)) {
      size_t end = text.find("</top>", top);
      std::string_view t(text.data() + top, (end == std::string::npos ? text.size() : end) - top);
      auto tag = [&t](std::string_view name) -> std::string {
        size_t at = t.find(name);
        if (at == std::string_view::npos) return "";
        at += name.size();
        size_t next = t.find('<', at);
        return Trim(
            t.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
      };
      std::string num = tag("<num>");
      if (num.rfind("Number:", 0) == 0) num = Trim(num.substr(7));
      std::string title = tag("<title>");
      if (title.rfind("Topic:", 0) == 0) title = Trim(title.substr(6));
      if (!num.empty() && !title.empty()) out.push_back({num, title, half()});
    }
    return out;
  }
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos || Trim(line.substr(0, tab)).empty()) {
      throw Error(ErrorCode::kInvalidInput,
                  path + ":" + std::to_string(number) + ": expected 'id<TAB>query'");
    }
    out.push_back({Trim(line.substr(0, tab)), Trim(line.substr(tab + 1)), half()});
  }
  return out;
}

std::vector<std::string> QueryWords(std::string_view text) {
  auto letter = [](unsigned char c) { return c >= 0x80 || std::isalnum(c); };
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    bool inner_apostrophe = c == '\'' && !word.empty() && i + 1 < text.size() &&
                            letter(static_cast<unsigned char>(text[i + 1]));
    if (letter(c) || inner_apostrophe) {
      word += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string MorgueQuery(const std::vector<std::string>& words) {
  std::string q;
  for (const std::string& w : words) {
    if (!q.empty()) q += ' ';
    q += w;
  }
  return q;
}

}  // namespace morgue::bench
