#include "query/snippet.h"

#include <algorithm>
#include <array>

namespace morgue {

namespace {

// Byte classes for the word scan: a table lookup per byte instead of
// comparisons (the scan runs over every byte of every hit's body).
constexpr unsigned char kAlnum = 1;  // ASCII letter or digit
constexpr unsigned char kWord = 2;   // a byte of a word: ASCII alnum or any non-ASCII byte
constexpr unsigned char kInner = 4;  // joins two word parts: ' . , &

constexpr std::array<unsigned char, 256> MakeClasses() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum) t[c] = kAlnum | kWord;
    if (c >= 0x80) t[c] = kWord;
  }
  t['\''] = t['.'] = t[','] = t['&'] = kInner;
  return t;
}
constexpr std::array<unsigned char, 256> kClasses = MakeClasses();

inline unsigned char Class(char c) { return kClasses[static_cast<unsigned char>(c)]; }
inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Moves `pos` back to the start of a UTF-8 character.
size_t CharStart(const std::string& s, size_t pos) {
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

}  // namespace

Snippeter::Snippeter(const std::vector<std::string>& terms, const std::string& stem_language) {
  for (const auto& t : terms) {
    if (t.empty()) continue;
    if (t[0] == 'Z') stems_.insert(t.substr(1));
    else words_.insert(t);
  }
  if (!stem_language.empty() && !stems_.empty()) {
    try {
      stemmer_ = Xapian::Stem(stem_language);
    } catch (const Xapian::Error&) {
      stems_.clear();
    }
  }
  // Cheap filters: most words of a text cannot match and are passed over
  // without being lowered, looked up or stemmed.
  for (const auto& w : words_) first_bytes_[static_cast<unsigned char>(w[0])] = true;
  for (const auto& st : stems_) {
    if (st.empty()) continue;
    first_bytes_[static_cast<unsigned char>(st[0])] = true;
    stem_heads_.insert(st.substr(0, 2));
  }
}

bool Snippeter::Matches(const std::string& lower) const {
  if (lower.empty() || !first_bytes_[static_cast<unsigned char>(lower[0])]) return false;
  if (words_.count(lower)) return true;
  if (stems_.empty() || !stem_heads_.count(lower.substr(0, 2))) return false;
  auto [it, inserted] = stem_memo_.try_emplace(lower, false);
  if (inserted) it->second = stems_.count(stemmer_(lower)) > 0;
  return it->second;
}

std::vector<Snippeter::Word> Snippeter::Words(const std::string& text) const {
  std::vector<Word> words;
  words.reserve(text.size() / 5);
  const bool can_match = !words_.empty() || !stems_.empty();
  const char* const data = text.data();
  const size_t n = text.size();
  size_t i = 0;
  std::string lower;
  while (i < n) {
    while (i < n && !(Class(data[i]) & kWord)) ++i;
    if (i == n) break;
    const size_t begin = i;
    bool joined = false;  // contains '.' or ',' between letters ("U.S.", "1,750")
    while (i < n) {
      const unsigned char cls = Class(data[i]);
      if (!(cls & kWord)) {
        if (!(cls & kInner) || i + 1 >= n || !(Class(data[i + 1]) & kAlnum)) break;
        joined |= data[i] == '.' || data[i] == ',';
      }
      ++i;
    }
    bool match = false;
    if (can_match && first_bytes_[static_cast<unsigned char>(Lower(data[begin]))]) {
      lower.clear();
      for (size_t j = begin; j < i; ++j) {
        if (data[j] != '.' && data[j] != ',') lower.push_back(Lower(data[j]));
      }
      match = Matches(lower);
      if (!match && joined) {
        // Xapian may also keep the run whole; try it with its punctuation.
        lower.clear();
        for (size_t j = begin; j < i; ++j) lower.push_back(Lower(data[j]));
        match = Matches(lower);
      }
    }
    words.push_back({begin, i, match});
  }
  return words;
}

std::string Snippeter::Highlight(const std::string& text, const SnippetOptions& o) const {
  std::string out;
  size_t last = 0;
  for (const Word& w : Words(text)) {
    if (!w.match) continue;
    out.append(text, last, w.begin - last);
    out += o.open;
    out.append(text, w.begin, w.end - w.begin);
    out += o.close;
    last = w.end;
  }
  out.append(text, last, std::string::npos);
  return out;
}

std::string Snippeter::Make(const Article& article, const SnippetOptions& o) const {
  // Candidate texts in order of preference; the first with a match wins.
  std::vector<const std::string*> texts;
  std::string body;
  for (const auto& p : article.body) {
    if (!body.empty()) body += ' ';
    body += p;
  }
  texts.push_back(&body);
  for (const auto& q : article.quotes) texts.push_back(&q.text);
  for (const auto& c : article.captions) texts.push_back(&c.text);
  texts.push_back(&article.headline);

  if (words_.empty() && stems_.empty()) {
    // Nothing can be marked: the passage is the start of the body.
    size_t begin = 0;
    while (begin < body.size() && !(Class(body[begin]) & kWord)) ++begin;
    return Passage(body, {}, begin == body.size() ? 0 : begin, o);
  }

  const std::string* chosen = &body;
  std::vector<Word> words = Words(body);
  auto has_match = [](const std::vector<Word>& w) {
    return std::any_of(w.begin(), w.end(), [](const Word& x) { return x.match; });
  };
  if (!has_match(words)) {
    for (size_t k = 1; k < texts.size(); ++k) {
      std::vector<Word> w = Words(*texts[k]);
      if (has_match(w)) {
        chosen = texts[k];
        words = std::move(w);
        break;
      }
    }
  }
  const std::string& text = *chosen;
  if (text.empty()) return "";

  // The window of at most o.length bytes, starting at a word, with most matches.
  std::vector<size_t> prefix(words.size() + 1, 0);
  for (size_t i = 0; i < words.size(); ++i) prefix[i + 1] = prefix[i] + words[i].match;
  size_t best_start = 0, best_count = 0;
  for (size_t i = 0, j = 0; i < words.size(); ++i) {
    j = std::max(j, i);
    while (j < words.size() && words[j].end - words[i].begin <= o.length) ++j;
    if (prefix[j] - prefix[i] > best_count) {
      best_count = prefix[j] - prefix[i];
      best_start = i;
    }
  }
  // Start a little before the window's first match so it has some context.
  size_t first = best_start;
  while (best_count > 0 && first < words.size() && !words[first].match) ++first;
  if (first == words.size()) first = best_start;
  size_t back = first;
  while (back > 0 && words[first].begin - words[back - 1].begin < o.length / 4) --back;
  return Passage(text, words, words.empty() ? 0 : words[back].begin, o);
}

std::string Snippeter::Passage(const std::string& text, const std::vector<Word>& words,
                               size_t begin, const SnippetOptions& o) {
  size_t end = std::min(text.size(), begin + o.length);
  end = CharStart(text, end);
  if (end < text.size()) {
    size_t space = text.rfind(' ', end);
    if (space != std::string::npos && space > begin) end = space;
  }

  std::string out;
  if (begin > 0) out += "…";
  size_t last = begin;
  for (const Word& w : words) {
    if (w.begin < begin || w.end > end || !w.match) continue;
    out.append(text, last, w.begin - last);
    out += o.open;
    out.append(text, w.begin, w.end - w.begin);
    out += o.close;
    last = w.end;
  }
  out.append(text, last, end - last);
  if (end < text.size()) out += "…";
  return out;
}

}  // namespace morgue
