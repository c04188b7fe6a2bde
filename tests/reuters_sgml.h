// A minimal reader of the Reuters-21578 SGML files (../shared), written
// independently of morgue's reader, for end-to-end tests that compare the
// real binary's answers with counts taken straight from the tags and text.
// Header-only so that it needs no build change.
#ifndef MORGUE_TESTS_REUTERS_SGML_H_
#define MORGUE_TESTS_REUTERS_SGML_H_

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "test_util.h"

namespace morgue::test {

struct ReutersRecord {
  std::string newid, date_day, text;  // date_day "1987-03-05"
  std::string title;                  // with &lt; &gt; &amp; decoded
  bool has_text = false;              // any letter or digit outside references such as &#3;
  std::set<std::string> topics, places;
};

namespace reuters_detail {

inline std::string Between(const std::string& s, const std::string& open,
                           const std::string& close) {
  size_t a = s.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  size_t b = s.find(close, a);
  return b == std::string::npos ? "" : s.substr(a, b - a);
}

inline std::set<std::string> DValues(const std::string& list) {
  std::set<std::string> out;
  for (size_t pos = 0; (pos = list.find("<D>", pos)) != std::string::npos;) {
    size_t end = list.find("</D>", pos);
    out.insert(list.substr(pos + 3, end - pos - 3));
    pos = end;
  }
  return out;
}

inline std::string Day(const std::string& date) {  // " 5-MAR-1987 15:01:01.79"
  static const char* months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  int day = 0, year = 0, m = 0;
  char month[4] = {};
  if (std::sscanf(date.c_str(), " %d-%3s-%d", &day, month, &year) != 3) return "";
  for (int i = 0; i < 12; ++i) {
    if (std::strcmp(month, months[i]) == 0) m = i + 1;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, m, day);
  return buf;
}

inline std::string DecodeEntities(std::string s) {
  for (auto [from, to] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
    for (size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, std::strlen(from), to);
  }
  return s;
}

}  // namespace reuters_detail

// Every record of the 22 files (parsed once per process); empty when the
// shared corpus is absent.
inline const std::vector<ReutersRecord>& ReutersRecords() {
  static const std::vector<ReutersRecord> records = [] {
    using namespace reuters_detail;
    std::vector<ReutersRecord> out;
    if (SharedCorpusDir().empty()) return out;
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(SharedCorpusDir() + "/reuters21578")) {
      if (e.path().extension() == ".sgm") files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::string s = ReadFile(f);
      for (size_t pos = 0; (pos = s.find("<REUTERS ", pos)) != std::string::npos;) {
        size_t end = s.find("</REUTERS>", pos);
        std::string rec = s.substr(pos, end - pos);
        pos = end;
        ReutersRecord r;
        r.newid = Between(rec, "NEWID=\"", "\"");
        r.date_day = Day(Between(rec, "<DATE>", "</DATE>"));
        r.topics = DValues(Between(rec, "<TOPICS>", "</TOPICS>"));
        r.places = DValues(Between(rec, "<PLACES>", "</PLACES>"));
        std::string text = Between(rec, "<TEXT", "</TEXT>");
        std::string body = Between(text, "<BODY>", "</BODY>");
        if (text.find("TYPE=\"UNPROC\"") != std::string::npos)
          body = text.substr(text.find('>') + 1);
        r.title = DecodeEntities(Between(text, "<TITLE>", "</TITLE>"));
        r.text = r.title + "\n" + body;
        for (size_t i = 0; i < r.text.size() && !r.has_text; ++i) {
          if (r.text.compare(i, 2, "&#") == 0) {
            i = r.text.find(';', i);
            if (i == std::string::npos) break;
          } else {
            r.has_text = std::isalnum(static_cast<unsigned char>(r.text[i]));
          }
        }
        out.push_back(std::move(r));
      }
    }
    return out;
  }();
  return records;
}

// True when `word` (lower case) occurs in `text` as a whole token: a run of
// letters and digits with inner apostrophes, as Xapian splits words.
inline bool HasToken(const std::string& text, const std::string& word) {
  std::string token;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    token.clear();
    for (; i < text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (std::isalnum(c)) {
        token.push_back(static_cast<char>(std::tolower(c)));
      } else if (c == '\'' && !token.empty() && i + 1 < text.size() &&
                 std::isalnum(static_cast<unsigned char>(text[i + 1]))) {
        token.push_back('\'');
      } else {
        break;
      }
    }
    if (token == word) return true;
  }
  return false;
}

}  // namespace morgue::test

#endif  // MORGUE_TESTS_REUTERS_SGML_H_
