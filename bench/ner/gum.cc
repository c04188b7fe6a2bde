#include "bench/ner/gum.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <system_error>

#include "morgue/error.h"

namespace morgue::bench::ner {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool ParseNumber(std::string_view s, uint32_t* out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// What a comment line "# key = value" holds after "key =", or nullopt-like
// false when the line is not that key.
bool CommentValue(std::string_view line, std::string_view key, std::string_view* value) {
  if (line.substr(0, 2) != "# ") return false;
  std::string_view rest = line.substr(2);
  if (rest.substr(0, key.size()) != key) return false;
  rest = Trim(rest.substr(key.size()));
  if (rest.empty() || rest.front() != '=') return false;
  *value = Trim(rest.substr(1));
  return true;
}

struct OpenMention {
  GumMention mention;
  uint64_t line = 0;
};

class Parser {
 public:
  explicit Parser(const std::string& file) : file_(file) {}

  std::vector<GumDocument> Run(std::string_view text) {
    size_t start = 0;
    while (start < text.size()) {
      size_t at = text.find('\n', start);
      std::string_view line =
          text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start);
      ++line_no_;
      Line(Trim(line), line);
      if (at == std::string_view::npos) break;
      start = at + 1;
    }
    EndSentence();
    EndDocument();
    return std::move(docs_);
  }

 private:
  [[noreturn]] void Fail(const std::string& why, uint64_t line = 0) const {
    throw Error(ErrorCode::kInvalidInput,
                file_ + ":" + std::to_string(line ? line : line_no_) + ": " + why)
        .WithFile(file_)
        .WithLine(line ? line : line_no_);
  }

  GumDocument& Doc() {
    if (!doc_open_) {
      docs_.emplace_back();
      doc_open_ = true;
    }
    return docs_.back();
  }

  void Line(std::string_view trimmed, std::string_view raw) {
    if (trimmed.empty()) {
      EndSentence();
      return;
    }
    if (trimmed.front() == '#') {
      Comment(trimmed);
      return;
    }
    Token(raw);
  }

  void Comment(std::string_view line) {
    std::string_view value;
    if (CommentValue(line, "newdoc id", &value)) {
      EndSentence();
      EndDocument();
      Doc().id = std::string(value);
    } else if (CommentValue(line, "meta::title", &value)) {
      Doc().title = std::string(value);
    } else if (line == "# newpar") {
      NewParagraph();
    } else if (CommentValue(line, "newpar_block", &value)) {
      GumDocument& doc = Doc();
      if (doc.paragraphs.empty() || doc.paragraphs.back().last > doc.paragraphs.back().first) {
        NewParagraph();
      }
      std::vector<std::string>& blocks = doc.paragraphs.back().blocks;
      blocks.clear();
      for (std::string_view part : Split(value, '|')) {
        part = Trim(part);
        std::string_view name = part.substr(0, part.find_first_of(" ("));
        if (!name.empty()) blocks.emplace_back(name);
      }
    } else if (CommentValue(line, "text", &value)) {
      sentence_text_ = std::string(value);
    }
  }

  void NewParagraph() {
    GumDocument& doc = Doc();
    FinishParagraphText();
    multi_until_ = 0;  // a multiword token does not cross paragraphs
    GumParagraph p;
    p.first = p.last = static_cast<uint32_t>(doc.tokens.size());
    doc.paragraphs.push_back(std::move(p));
  }

  void FinishParagraphText() {
    GumDocument& doc = Doc();
    if (doc.paragraphs.empty()) return;
    std::string& t = doc.paragraphs.back().text;
    while (!t.empty() && t.back() == ' ') t.pop_back();
  }

  GumParagraph& Paragraph() {
    GumDocument& doc = Doc();
    if (doc.paragraphs.empty()) NewParagraph();
    return doc.paragraphs.back();
  }

  void Token(std::string_view line) {
    std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() != 10) {
      Fail("a token line has " + std::to_string(f.size()) + " tab-separated fields, not 10");
    }
    std::string_view id = f[0];
    if (id.find('.') != std::string_view::npos) return;  // an empty node: no text
    bool space_after = true;
    const std::vector<std::string_view> misc = Split(f[9], '|');
    for (std::string_view m : misc) {
      if (m == "SpaceAfter=No") space_after = false;
    }
    GumParagraph& par = Paragraph();
    GumDocument& doc = Doc();
    const uint32_t paragraph = static_cast<uint32_t>(doc.paragraphs.size() - 1);
    if (size_t dash = id.find('-'); dash != std::string_view::npos) {
      uint32_t from = 0, to = 0;
      if (!ParseNumber(id.substr(0, dash), &from) || !ParseNumber(id.substr(dash + 1), &to) ||
          from > to || from != words_in_sentence_ + 1) {
        Fail("bad multiword token id \"" + std::string(id) + "\"");
      }
      multi_begin_ = static_cast<uint32_t>(par.text.size());
      par.text += f[1];
      multi_end_ = static_cast<uint32_t>(par.text.size());
      multi_form_ = std::string(f[1]);
      multi_until_ = to;
      multi_offset_ = 0;
      if (space_after) par.text += ' ';
      return;
    }
    uint32_t number = 0;
    if (!ParseNumber(id, &number) || number != words_in_sentence_ + 1) {
      Fail("token id \"" + std::string(id) + "\" does not follow " +
           std::to_string(words_in_sentence_));
    }
    ++words_in_sentence_;
    uint32_t head = 0;
    if (!ParseNumber(f[6], &head)) Fail("token head \"" + std::string(f[6]) + "\" is no number");
    GumToken t;
    t.form = std::string(f[1]);
    t.lemma = std::string(f[2]);
    t.upos = std::string(f[3]);
    t.deprel = std::string(f[7]);
    t.head = head;  // sentence-relative until the sentence ends
    t.paragraph = paragraph;
    t.line = line_no_;
    if (number <= multi_until_) {
      // A part of a multiword token: its piece of the form when the parts
      // spell it, else the whole.
      if (multi_form_.compare(multi_offset_, t.form.size(), t.form) == 0) {
        t.begin = multi_begin_ + multi_offset_;
        multi_offset_ += static_cast<uint32_t>(t.form.size());
        t.end = t.begin + static_cast<uint32_t>(t.form.size());
      } else {
        t.begin = multi_begin_;
        t.end = multi_end_;
      }
    } else {
      t.begin = static_cast<uint32_t>(par.text.size());
      par.text += t.form;
      t.end = static_cast<uint32_t>(par.text.size());
      if (space_after) par.text += ' ';
    }
    const uint32_t index = static_cast<uint32_t>(doc.tokens.size());
    doc.tokens.push_back(std::move(t));
    par.last = index + 1;
    for (std::string_view m : misc) {
      if (m.substr(0, 7) == "Entity=") Entities(m.substr(7), index);
    }
  }

  // "(1-person-new-...(2-place-...)" openings, "1)" closings, in order.
  void Entities(std::string_view s, uint32_t index) {
    size_t i = 0;
    while (i < s.size()) {
      if (s[i] == '(') {
        size_t end = s.find_first_of("()", i + 1);
        std::string_view body = s.substr(i + 1, end == std::string_view::npos ? end : end - i - 1);
        std::vector<std::string_view> fields = Split(body, '-');
        if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) {
          Fail("entity opening \"(" + std::string(body) + "\" has no group and type");
        }
        OpenMention open;
        open.mention.group = std::string(fields[0]);
        open.mention.type = std::string(fields[1]);
        open.mention.first = index;
        open.line = line_no_;
        i = end == std::string_view::npos ? s.size() : end;
        if (i < s.size() && s[i] == ')') {
          Close(std::move(open), index);
          ++i;
        } else {
          open_.push_back(std::move(open));
        }
      } else {
        size_t end = s.find_first_of("()", i);
        if (end == std::string_view::npos || s[end] != ')') {
          Fail("entity annotation \"" + std::string(s) + "\" is malformed");
        }
        std::string_view group = s.substr(i, end - i);
        size_t k = open_.size();
        while (k > 0 && open_[k - 1].mention.group != group) --k;
        if (k == 0) Fail("entity " + std::string(group) + " is closed but was never opened");
        OpenMention open = std::move(open_[k - 1]);
        open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(k - 1));
        Close(std::move(open), index);
        i = end + 1;
      }
    }
  }

  void Close(OpenMention open, uint32_t index) {
    open.mention.last = index + 1;
    // Heads are resolved when the document ends (they need the sentence's heads).
    pending_.push_back(std::move(open));
  }

  void EndSentence() {
    if (words_in_sentence_ == 0) {
      sentence_text_.clear();
      return;
    }
    GumDocument& doc = Doc();
    const uint32_t first = static_cast<uint32_t>(doc.tokens.size()) - words_in_sentence_;
    for (uint32_t i = first; i < doc.tokens.size(); ++i) {
      GumToken& t = doc.tokens[i];
      if (t.head > words_in_sentence_) {
        Fail("token head " + std::to_string(t.head) + " is outside its sentence of " +
                 std::to_string(words_in_sentence_) + " words",
             t.line);
      }
      t.head = t.head == 0 ? kNoToken : first + t.head - 1;
    }
    doc.sentences.push_back(
        GumSentence{std::move(sentence_text_), first, static_cast<uint32_t>(doc.tokens.size())});
    sentence_text_.clear();
    words_in_sentence_ = 0;
    multi_until_ = 0;
  }

  void EndDocument() {
    if (!doc_open_) return;
    if (!open_.empty()) {
      Fail("entity " + open_.back().mention.group + " is opened but never closed",
           open_.back().line);
    }
    FinishParagraphText();
    GumDocument& doc = docs_.back();
    std::stable_sort(pending_.begin(), pending_.end(),
                     [](const OpenMention& a, const OpenMention& b) {
                       return a.mention.first != b.mention.first ? a.mention.first < b.mention.first
                                                                 : a.mention.last > b.mention.last;
                     });
    for (OpenMention& open : pending_) {
      GumMention& m = open.mention;
      m.head = m.first;
      for (uint32_t i = m.first; i < m.last; ++i) {
        const uint32_t h = doc.tokens[i].head;
        if (h == kNoToken || h < m.first || h >= m.last) {
          m.head = i;
          break;
        }
      }
      m.named = doc.tokens[m.head].upos == "PROPN";
      doc.mentions.push_back(std::move(m));
    }
    pending_.clear();
    doc_open_ = false;
  }

  std::string file_;
  uint64_t line_no_ = 0;
  std::vector<GumDocument> docs_;
  bool doc_open_ = false;
  uint32_t words_in_sentence_ = 0;
  std::string sentence_text_;
  std::vector<OpenMention> open_;
  std::vector<OpenMention> pending_;
  // The multiword token being spelt by its parts.
  uint32_t multi_until_ = 0, multi_begin_ = 0, multi_end_ = 0, multi_offset_ = 0;
  std::string multi_form_;
};

}  // namespace

bool GumParagraph::Has(std::string_view block) const {
  for (const std::string& b : blocks) {
    if (b == block) return true;
  }
  return false;
}

std::string GumDocument::Text(uint32_t first, uint32_t last) const {
  if (first >= last || last > tokens.size()) return "";
  const GumToken& a = tokens[first];
  const GumToken& b = tokens[last - 1];
  if (a.paragraph == b.paragraph && a.paragraph < paragraphs.size() && a.begin <= b.end &&
      b.end <= paragraphs[a.paragraph].text.size()) {
    return paragraphs[a.paragraph].text.substr(a.begin, b.end - a.begin);
  }
  std::string out;
  for (uint32_t i = first; i < last; ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i].form;
  }
  return out;
}

std::vector<GumDocument> ParseGum(std::string_view text, const std::string& file) {
  return Parser(file).Run(text);
}

std::vector<GumDocument> ReadGumFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kNotFound, "cannot open " + path).WithFile(path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error(ErrorCode::kIO, "cannot read " + path).WithFile(path);
  return ParseGum(buffer.str(), path);
}

std::vector<SplitEntry> ReadSplit(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::kNotFound, "cannot open the split file " + path).WithFile(path);
  std::vector<SplitEntry> out;
  std::string line;
  uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view l = Trim(line);
    if (l.empty() || l.front() == '#') continue;
    std::vector<std::string_view> f = Split(l, '\t');
    if (f.size() != 2 || f[0].empty() || (f[1] != "train" && f[1] != "dev" && f[1] != "test")) {
      throw Error(ErrorCode::kInvalidInput, path + ":" + std::to_string(line_no) +
                                                ": expected \"document<TAB>train|dev|test\"")
          .WithFile(path)
          .WithLine(line_no);
    }
    out.push_back(SplitEntry{std::string(f[0]), std::string(f[1])});
  }
  return out;
}

}  // namespace morgue::bench::ner
