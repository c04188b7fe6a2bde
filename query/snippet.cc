#include "query/snippet.h"

#include <algorithm>
#include <array>
#include <bit>
#include <optional>

#include "indexer/fold.h"

namespace morgue {

namespace {

// Byte classes for the word scan: a table lookup per byte instead of
// comparisons (the scan may run over every byte of a hit's body).
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
inline unsigned char Lower(char c) {
  return static_cast<unsigned char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
}

// The filter key of a word or stem: its first two lower-cased bytes (a
// one-byte word: its byte and 0), '.' and ',' left out when `strip`.
inline size_t Head(const char* s, size_t n, bool strip) {
  size_t key = 0;
  int taken = 0;
  for (size_t i = 0; i < n && taken < 2; ++i) {
    if (strip && (s[i] == '.' || s[i] == ',')) continue;
    key = (key << 8) | Lower(s[i]);
    ++taken;
  }
  return taken == 1 ? key << 8 : key;
}

// The length of the valid UTF-8 sequence at text[i], or 0 when the byte
// there starts none (overlong forms, surrogates and values above U+10FFFF
// are invalid). Never reaches past an ASCII byte.
size_t SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  const size_t n = b < 0x80             ? 1
                   : (b & 0xE0) == 0xC0 ? 2
                   : (b & 0xF0) == 0xE0 ? 3
                   : (b & 0xF8) == 0xF0 ? 4
                                        : 0;
  if (n <= 1) return n;
  if (i + n > text.size()) return 0;
  uint32_t cp = b & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Appends `piece` to `out` as valid UTF-8 (each byte that starts no valid
// sequence as U+FFFD) and returns the code points appended.
uint64_t AppendValid(std::string* out, std::string_view piece) {
  uint64_t code_points = 0;
  for (size_t i = 0; i < piece.size(); ++code_points) {
    const size_t n = SequenceLength(piece, i);
    if (n == 0) {
      *out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out->append(piece, i, n);
      i += n;
    }
  }
  return code_points;
}

// Moves `pos` back to the start of a UTF-8 character.
size_t CharStart(const std::string& s, size_t pos) {
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// The end of the word starting at `begin` (a word byte): word bytes, and
// ' . , & between a word byte and an ASCII letter or digit ("U.S.",
// "1,750", "AT&T", "don't"). Sets *joined when it holds '.' or ','.
size_t WordEnd(const std::string& text, size_t begin, bool* joined) {
  const size_t n = text.size();
  size_t i = begin;
  while (i < n) {
    const unsigned char cls = Class(text[i]);
    if (!(cls & kWord)) {
      if (!(cls & kInner) || i + 1 >= n || !(Class(text[i + 1]) & kAlnum)) break;
      *joined |= text[i] == '.' || text[i] == ',';
    }
    ++i;
  }
  return i;
}

// The first word of `text` starting after byte `after` (or at 0 when
// `after` is npos), or text.size() when there is none. The scan starts
// after a byte that always separates words, so it splits as a scan from
// the start would.
size_t FirstWordAfter(const std::string& text, size_t after) {
  size_t i = 0;
  if (after != std::string::npos) {
    i = after + 1;
    while (i > 0 && (Class(text[i - 1]) & (kWord | kInner))) --i;
  }
  const size_t n = text.size();
  while (i < n) {
    while (i < n && !(Class(text[i]) & kWord)) ++i;
    if (i == n) break;
    if (after == std::string::npos || i > after) return i;
    bool joined = false;
    i = WordEnd(text, i, &joined);
  }
  return n;
}

}  // namespace

// An article's body paragraphs joined by spaces, joined only as far as
// they are read: a snippet usually comes from the first paragraphs.
class Snippeter::Body {
 public:
  explicit Body(const std::vector<std::string>& paragraphs) : paragraphs_(paragraphs) {}
  const std::string& text() const { return text_; }
  // Appends the next paragraph; false when none is left.
  bool More() {
    if (next_ == paragraphs_.size()) return false;
    if (!text_.empty()) text_ += ' ';
    text_ += paragraphs_[next_++];
    return true;
  }
  // Makes text() hold more than `size` bytes when the body has them.
  void Beyond(size_t size) {
    while (text_.size() <= size && More()) {
    }
  }

 private:
  const std::vector<std::string>& paragraphs_;
  std::string text_;
  size_t next_ = 0;
};

// Reads a text's words one at a time and stops at each match; with a Body,
// the text grows by a paragraph whenever the scan reaches its end.
class Snippeter::Scan {
 public:
  Scan(const Snippeter& s, const std::string& text, Body* body = nullptr)
      : s_(s), text_(text), body_(body) {}

  // Appends the next match starting at or before byte `limit` to `out`;
  // false when there is none (the text ends, or the next word starts
  // after `limit`).
  bool Next(std::vector<Match>* out, size_t limit = std::string::npos) {
    for (;;) {
      if (NextIn(out, limit)) return true;
      if (pos_ > limit || !body_ || !body_->More()) return false;
    }
  }

 private:
  bool NextIn(std::vector<Match>* out, size_t limit) {
    const std::string& t = text_;
    const size_t n = t.size();
    while (pos_ < n) {
      while (pos_ < n && !(Class(t[pos_]) & kWord)) ++pos_;
      if (pos_ == n || pos_ > limit) break;
      const size_t begin = pos_;
      bool joined = false;
      pos_ = WordEnd(t, begin, &joined);
      const std::string_view word(t.data() + begin, pos_ - begin);
      // A word with non-ASCII letters is folded as the index folds it
      // (indexer/fold.h: "Erdoğan" is "erdogan"), its first bytes unknown
      // until then; the passage keeps the original text.
      const bool ascii = IsAscii(word);
      if (ascii && !s_.heads_[Head(word.data(), word.size(), true)] &&
          !(joined && s_.heads_[Head(word.data(), word.size(), false)])) {
        continue;
      }
      auto matches = [&](bool strip) {
        lower_.clear();
        for (char c : word) {
          if (!strip || (c != '.' && c != ',')) lower_.push_back(static_cast<char>(Lower(c)));
        }
        return s_.Matches(ascii ? lower_ : Fold(lower_));
      };
      uint64_t words = matches(true);
      // Xapian may also keep the run whole; try it with its punctuation.
      if (!words && joined) words = matches(false);
      if (words) {
        out->push_back({begin, pos_, words});
        return true;
      }
    }
    return false;
  }

  const Snippeter& s_;
  const std::string& text_;
  Body* body_;
  size_t pos_ = 0;
  std::string lower_;
};

Snippeter::Snippeter(const std::vector<std::string>& terms, const std::string& stem_language) {
  if (!stem_language.empty()) {
    try {
      stemmer_ = Xapian::Stem(stem_language);
    } catch (const Xapian::Error&) {
    }
  }
  const bool stemming = !stemmer_.is_none();
  // One bit per query word: stems first, then words (a word whose stem is
  // one of the stems shares that stem's bit). Past 64, they share the last.
  unsigned next = 0;
  auto bit = [&next] { return uint64_t{1} << std::min(next++, 63u); };
  for (const auto& t : terms) {
    if (t.size() > 1 && t[0] == 'Z' && stemming && !stems_.count(t.substr(1))) {
      stems_[t.substr(1)] = bit();
    }
  }
  for (const auto& t : terms) {
    if (t.empty() || t[0] == 'Z' || words_.count(t)) continue;
    auto stem = stemming ? stems_.find(stemmer_(t)) : stems_.end();
    words_[t] = stem != stems_.end() ? stem->second : bit();
  }
  for (const auto& [w, b] : words_) {
    heads_[Head(w.data(), w.size(), false)] = true;
    all_ |= b;
  }
  for (const auto& [st, b] : stems_) {
    heads_[Head(st.data(), st.size(), false)] = true;
    all_ |= b;
  }
}

uint64_t Snippeter::Matches(const std::string& lower) const {
  uint64_t words = 0;
  if (auto it = words_.find(lower); it != words_.end()) words = it->second;
  if (stems_.empty()) return words;
  auto [it, inserted] = stem_memo_.try_emplace(lower, 0);
  if (inserted) {
    auto stem = stems_.find(stemmer_(lower));
    if (stem != stems_.end()) it->second = stem->second;
  }
  return words | it->second;
}

Snippet Snippeter::Highlight(const std::string& text) const {
  std::vector<Match> matches;
  if (all_) {
    Scan scan(*this, text);
    while (scan.Next(&matches)) {
    }
  }
  return Passage(text, matches, 0, text.size());
}

Snippet Snippeter::Make(const Article& article, const SnippetOptions& o) const {
  Body body(article.body);
  const size_t length = o.length;

  // The first text with a match, in order of preference.
  const std::string* text = &body.text();
  std::vector<Match> matches;
  std::optional<Scan> scan;
  if (all_) {
    scan.emplace(*this, body.text(), &body);
    if (!scan->Next(&matches)) {
      std::vector<const std::string*> texts;
      for (const auto& q : article.quotes) texts.push_back(&q.text);
      for (const auto& c : article.captions) texts.push_back(&c.text);
      texts.push_back(&article.headline);
      for (const std::string* t : texts) {
        scan.emplace(*this, *t);
        if (scan->Next(&matches)) {
          text = t;
          break;
        }
      }
    }
  }
  if (matches.empty()) {
    // Nothing to mark: the passage is the start of the body.
    const std::string& b = body.text();
    size_t start = FirstWordAfter(b, std::string::npos);
    while (start == b.size() && body.More()) start = FirstWordAfter(b, std::string::npos);
    if (start == b.size()) start = 0;
    body.Beyond(start + length);
    return Passage(b, {}, start, length);
  }

  // Windows of at most `length` bytes from one match to another. Each is
  // scored by the query words it shows, then by its matches; the first that
  // shows every query word ends the search.
  size_t best = 0, best_shown = 0, best_count = 0;
  std::array<uint32_t, 64> in_window{};
  uint64_t shown = 0;
  auto add = [&](uint64_t words, int step) {
    for (uint64_t w = words; w; w &= w - 1) {
      const int b = std::countr_zero(w);
      in_window[b] += step;
      if (in_window[b]) shown |= uint64_t{1} << b;
      else shown &= ~(uint64_t{1} << b);
    }
  };
  for (size_t i = 0, j = 0; i < matches.size() || scan->Next(&matches); ++i) {
    if (j < i) j = i;
    while ((j < matches.size() || scan->Next(&matches)) &&
           matches[j].end - matches[i].begin <= length) {
      add(matches[j++].words, +1);
    }
    const size_t count_shown = static_cast<size_t>(std::popcount(shown));
    if (count_shown > best_shown || (count_shown == best_shown && j - i > best_count)) {
      best = i;
      best_shown = count_shown;
      best_count = j - i;
    }
    if (shown == all_) break;
    if (j > i) add(matches[i].words, -1);
  }

  // Start a little before the window's first match so it has some context:
  // at the first word less than a quarter of the length before it.
  const size_t first = matches[best].begin;
  const size_t quarter = length / 4;
  const size_t begin = std::min(first, FirstWordAfter(*text, first >= quarter ? first - quarter
                                                                              : std::string::npos));
  // The passage's text and the matches in it.
  if (text == &body.text()) body.Beyond(begin + length);
  while (scan->Next(&matches, begin + length)) {
  }
  return Passage(*text, matches, begin, length);
}

Snippet Snippeter::Passage(const std::string& text, const std::vector<Match>& matches, size_t begin,
                           size_t length) {
  size_t end = std::min(text.size(), begin + length);
  // Not inside a UTF-8 character, and never before `begin` (invalid UTF-8
  // can start with continuation bytes).
  end = std::max(begin, CharStart(text, end));
  if (end < text.size()) {
    size_t space = text.rfind(' ', end);
    if (space != std::string::npos && space > begin) end = space;
  }

  // Matches begin and end at word boundaries, next to an ASCII byte or at
  // an invalid one: the text between them converts on its own as it would
  // whole, so code points can be counted piece by piece.
  Snippet out;
  const std::string_view all(text);
  uint64_t at = 0;  // code points of out.text so far
  if (begin > 0) at += AppendValid(&out.text, "…");
  size_t last = begin;
  for (const Match& m : matches) {
    if (m.begin < begin || m.end > end) continue;
    at += AppendValid(&out.text, all.substr(last, m.begin - last));
    const uint64_t start = at;
    at += AppendValid(&out.text, all.substr(m.begin, m.end - m.begin));
    out.highlights.push_back({start, at});
    last = m.end;
  }
  at += AppendValid(&out.text, all.substr(last, end - last));
  if (end < text.size()) AppendValid(&out.text, "…");
  return out;
}

std::string MarkHighlights(std::string_view text, const std::vector<HighlightRange>& highlights,
                           std::string_view open, std::string_view close, SnippetEscape escape) {
  std::string out;
  auto append = [&](std::string_view piece) {
    switch (escape) {
      case SnippetEscape::kHtml: out += EscapeMarkup(piece); break;
      case SnippetEscape::kTerminal: out += EscapeForTerminal(piece); break;
      case SnippetEscape::kNone: out += piece; break;
    }
  };
  // Byte offsets of code points, walking the text once.
  size_t byte = 0;
  uint64_t code_point = 0;
  auto advance_to = [&](uint64_t target) {
    while (code_point < target && byte < text.size()) {
      const size_t n = SequenceLength(text, byte);
      byte += n == 0 ? 1 : n;
      ++code_point;
    }
    return byte;
  };
  size_t last = 0;
  for (const HighlightRange& h : highlights) {
    if (h.start < code_point || h.end <= h.start) continue;  // out of order or empty
    const size_t b = advance_to(h.start);
    const size_t e = advance_to(h.end);
    if (code_point < h.end) break;  // beyond the text
    append(text.substr(last, b - last));
    out += open;
    append(text.substr(b, e - b));
    out += close;
    last = e;
  }
  append(text.substr(last));
  return out;
}

}  // namespace morgue
