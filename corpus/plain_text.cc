// The plain-text layout: one article per file.
//
//   [Updated ]Jan 1, 2020 - World        date line (optional) and section
//   Headline
//   Alt text                             optional, duplicates the caption start
//   Caption text. Photo: Credit          optional
//   Body paragraphs, blank-line separated; bullet lines (•, -, *) are
//   paragraphs; a paragraph followed by a line "— Speaker" is a block quote.
//   "Go deeper" navigation lines are dropped.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "corpus/fields.h"
#include "corpus/reader_context.h"
#include "corpus/text.h"

namespace morgue {

namespace {

using Block = std::vector<std::string_view>;  // consecutive non-blank lines

constexpr std::string_view kEmDash = "\xE2\x80\x94";
constexpr std::string_view kEnDash = "\xE2\x80\x93";
constexpr std::string_view kBullet = "\xE2\x80\xA2";

std::vector<Block> SplitBlocks(std::string_view text) {
  std::vector<Block> blocks;
  Block current;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    if (NormalizeSpace(line).empty()) {
      if (!current.empty()) blocks.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(line);
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (!current.empty()) blocks.push_back(std::move(current));
  return blocks;
}

std::string JoinBlock(const Block& block) {
  std::string joined;
  for (std::string_view line : block) {
    joined.append(line);
    joined.push_back(' ');
  }
  return NormalizeSpace(joined);
}

// "Jan 1, 2020" exactly (full or abbreviated month, comma optional).
std::optional<Timestamp> ParseDayMonthYear(std::string_view s) {
  size_t space = s.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  int month = MonthFromName(s.substr(0, space));
  if (month == 0) return std::nullopt;
  size_t pos = space + 1;
  int day = 0, year = 0, digits = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && digits < 2) {
    day = day * 10 + (s[pos++] - '0');
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (pos < s.size() && s[pos] == ',') ++pos;
  if (pos >= s.size() || s[pos] != ' ') return std::nullopt;
  ++pos;
  if (s.size() - pos != 4) return std::nullopt;
  for (; pos < s.size(); ++pos) {
    if (s[pos] < '0' || s[pos] > '9') return std::nullopt;
    year = year * 10 + (s[pos] - '0');
  }
  return Timestamp::FromCivil(year, month, day, 0, 0, 0, true);
}

// "[Updated ]Mon D, YYYY[ - Section]".
bool ParseDateLine(std::string_view line, Timestamp* date, std::string* section) {
  std::string normalized = NormalizeSpace(line);
  std::string_view s = normalized;
  if (StartsWith(s, "Updated ")) s.remove_prefix(8);
  std::string_view date_part = s, section_part;
  for (std::string_view dash : {std::string_view("-"), kEmDash, kEnDash}) {
    std::string separator = " " + std::string(dash) + " ";
    size_t at = s.find(separator);
    if (at != std::string_view::npos) {
      date_part = s.substr(0, at);
      section_part = s.substr(at + separator.size());
      break;
    }
  }
  auto parsed = ParseDayMonthYear(date_part);
  if (!parsed) return false;
  *date = *parsed;
  *section = std::string(TrimView(section_part));
  return true;
}

bool ParseCaption(const std::string& text, Caption* caption) {
  size_t at = text.find("Photo:");
  if (at == std::string::npos) return false;
  caption->text = std::string(TrimView(std::string_view(text).substr(0, at)));
  caption->credit = std::string(TrimView(std::string_view(text).substr(at + 6)));
  return true;
}

bool IsNavigation(std::string_view line) {
  return line == "Go deeper" || StartsWith(line, "Go deeper:");
}

// The bullet marker's length when `line` (trimmed) is a bullet item, else 0.
size_t BulletLength(std::string_view line) {
  if (StartsWith(line, kBullet)) return kBullet.size();
  if (line.size() > 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') return 1;
  return 0;
}

std::string StripQuoteMarks(const std::string& text) {
  std::string_view s = text;
  for (std::string_view mark : {"\"", "\xE2\x80\x9C", "\xE2\x80\x9D"}) {
    if (StartsWith(s, mark)) s.remove_prefix(mark.size());
    if (s.size() >= mark.size() && s.substr(s.size() - mark.size()) == mark) {
      s.remove_suffix(mark.size());
    }
  }
  return std::string(TrimView(s));
}

// Appends the body paragraphs, bullets and block quotes of `blocks`.
void ReadBody(const std::vector<Block>& blocks, size_t first, Article* article) {
  std::string current;
  auto flush = [&]() {
    std::string paragraph = NormalizeSpace(current);
    if (!paragraph.empty()) article->body.push_back(std::move(paragraph));
    current.clear();
  };
  for (size_t b = first; b < blocks.size(); ++b) {
    for (std::string_view raw : blocks[b]) {
      std::string_view line = TrimView(raw);
      if (IsNavigation(line)) {
        flush();
      } else if (StartsWith(line, kEmDash)) {
        flush();
        std::string speaker = NormalizeSpace(line.substr(kEmDash.size()));
        uint32_t index = static_cast<uint32_t>(article->body.size() - 1);
        bool quoted = !article->quotes.empty() && article->quotes.back().paragraph == index;
        if (article->body.empty() || quoted) {
          current = std::string(line);  // not after a paragraph: ordinary text
          continue;
        }
        article->quotes.push_back(Quote{StripQuoteMarks(article->body.back()),
                                        std::move(speaker),
                                        index,
                                        0,
                                        {},
                                        QuoteOrigin::kSupplied});
      } else if (size_t bullet = BulletLength(line); bullet > 0) {
        flush();
        current = std::string(line.substr(bullet));
        flush();
      } else {
        current.push_back(' ');
        current.append(line);
      }
    }
    flush();
  }
}

}  // namespace

void ReadPlainText(std::string_view bytes, ReadContext& context) {
  if (std::string reason = context.CheckRecordSize(bytes.size()); !reason.empty()) {
    context.Issue(0, 1, reason);
    return;
  }
  std::string text = CleanText(bytes);
  std::vector<Block> blocks = SplitBlocks(text);
  Article article;
  article.id = context.stem();
  article.source = context.DefaultSource("text");
  size_t next = 0;
  if (!blocks.empty()) {
    Timestamp date;
    if (ParseDateLine(blocks[0][0], &date, &article.section)) {
      article.published = date;
      blocks[0].erase(blocks[0].begin());
      if (blocks[0].empty()) next = 1;
    }
  }
  if (next >= blocks.size()) {
    context.Issue(0, 1, "no headline after the date line");
    return;
  }
  // Without a date line, a first paragraph of several lines is not a headline:
  // the file is not in this layout (a word list, a README).
  if (!article.published && blocks[next].size() > 2) {
    context.Issue(1, 1,
                  "not in the plain-text layout: no date line and the first paragraph has " +
                      std::to_string(blocks[next].size()) + " lines");
    return;
  }
  // The headline is the first line; further lines of its block start the body.
  article.headline = NormalizeSpace(blocks[next][0]);
  blocks[next].erase(blocks[next].begin());
  if (blocks[next].empty()) ++next;
  Caption caption;
  if (next < blocks.size() && ParseCaption(JoinBlock(blocks[next]), &caption)) {
    article.captions.push_back(caption);
    ++next;
  } else if (next + 1 < blocks.size() && ParseCaption(JoinBlock(blocks[next + 1]), &caption) &&
             StartsWith(caption.text, JoinBlock(blocks[next]))) {
    article.captions.push_back(caption);  // blocks[next] is the photo's alt text
    next += 2;
  }
  ReadBody(blocks, next, &article);
  if (!article.published && article.body.empty()) {
    context.Issue(0, 1, "no date line and no body text");
    return;
  }
  // The line of the date line (or headline): the first one with text.
  std::string_view before_text = bytes.substr(0, bytes.find_first_not_of(" \t\r\n"));
  uint64_t first_line =
      1 + static_cast<uint64_t>(std::count(before_text.begin(), before_text.end(), '\n'));
  context.Emit(std::move(article), first_line, 1);
}

}  // namespace morgue
