#include "bench/ner/speakers_gold.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "bench/ner/score.h"
#include "indexer/analysis.h"
#include "indexer/entities.h"
#include "indexer/speakers.h"
#include "morgue/error.h"
#include "morgue/reader.h"

namespace morgue::bench::ner {
namespace {

constexpr char kHeader[] = "url\tsplit\tparagraph\tquote_start\tspeaker\tkind\ttype";

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

[[noreturn]] void Malformed(const std::string& path, uint64_t line, const std::string& why) {
  throw Error(ErrorCode::kInvalidInput, path + ":" + std::to_string(line) + ": " + why)
      .WithFile(path)
      .WithLine(line);
}

// Byte sequences read as a double quote mark: “ ” „ ‟ ″ « »; as a single one: ‘ ’ ‚ ‛.
constexpr std::string_view kDoubleMarks[] = {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E",
                                             "\xE2\x80\x9F", "\xE2\x80\xB3", "\xC2\xAB",
                                             "\xC2\xBB"};
constexpr std::string_view kSingleMarks[] = {"\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9A",
                                             "\xE2\x80\x9B"};
// Spaces besides ASCII ones: NBSP, U+2000..U+200A, U+202F, U+205F, U+3000.
bool UnicodeSpaceAt(std::string_view s, size_t i, size_t* len) {
  auto at = [&](std::string_view seq) { return s.substr(i, seq.size()) == seq; };
  if (at("\xC2\xA0")) {
    *len = 2;
    return true;
  }
  if (i + 2 < s.size() && s[i] == '\xE2' && s[i + 1] == '\x80') {
    const auto c = static_cast<unsigned char>(s[i + 2]);
    if ((c >= 0x80 && c <= 0x8A) || c == 0xAF) {
      *len = 3;
      return true;
    }
  }
  if (at("\xE2\x81\x9F") || at("\xE3\x80\x80")) {
    *len = 3;
    return true;
  }
  return false;
}

std::string Describe(const SpeakerGoldRow& row) {
  return row.url + " paragraph " + std::to_string(row.paragraph) + " \"" + row.quote_start +
         "\" (gold " + (row.speaker.empty() ? std::string("-") : row.speaker) + ")";
}

}  // namespace

std::vector<SpeakerGoldRow> ReadSpeakersGold(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorCode::kNotFound, "cannot open the speakers gold " + path).WithFile(path);
  }
  std::vector<SpeakerGoldRow> out;
  std::string line;
  uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1) {
      if (line != kHeader) {
        Malformed(path, line_no,
                  std::string("expected the header \"") + kHeader + "\" (tab-separated)");
      }
      continue;
    }
    if (line.empty()) continue;
    const std::vector<std::string> f = SplitTabs(line);
    if (f.size() != 7) {
      Malformed(path, line_no,
                "expected 7 tab-separated columns, found " + std::to_string(f.size()));
    }
    SpeakerGoldRow row;
    row.line = line_no;
    row.url = f[0];
    if (row.url.empty()) Malformed(path, line_no, "empty url");
    row.split = f[1];
    if (row.split != "dev" && row.split != "test") {
      Malformed(path, line_no, "split \"" + row.split + "\" is not dev or test");
    }
    const std::string& p = f[2];
    if (p.empty() || p.size() > 9 ||
        !std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      Malformed(path, line_no, "paragraph \"" + p + "\" is not a number");
    }
    row.paragraph = static_cast<uint32_t>(std::stoul(p));
    row.quote_start = f[3];
    if (NormalizeQuoteText(row.quote_start).empty()) Malformed(path, line_no, "empty quote_start");
    const std::string& speaker = f[4];
    const std::string& kind = f[5];
    if (speaker.empty()) Malformed(path, line_no, "empty speaker (write - for none)");
    if (speaker == "-") {
      if (kind != "-") Malformed(path, line_no, "kind \"" + kind + "\" for speaker -: expected -");
    } else {
      row.speaker = speaker;
      if (kind == "person") row.kind = EntityKind::kPerson;
      else if (kind == "org") row.kind = EntityKind::kOrganisation;
      else Malformed(path, line_no, "kind \"" + kind + "\" is not person or org");
    }
    if (f[6] == "quote") row.quote = true;
    else if (f[6] == "other") row.quote = false;
    else Malformed(path, line_no, "type \"" + f[6] + "\" is not quote or other");
    if (!row.quote && !row.speaker.empty()) {
      Malformed(path, line_no, "type other with a speaker: expected -");
    }
    out.push_back(std::move(row));
  }
  if (in.bad()) throw Error(ErrorCode::kIO, "cannot read " + path).WithFile(path);
  if (line_no == 0) Malformed(path, 1, "empty file: expected the header");
  return out;
}

std::string NormalizeQuoteText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    size_t len = 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
        UnicodeSpaceAt(text, i, &len)) {
      pending_space = true;
      i += len ? len : 1;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    bool replaced = false;
    for (std::string_view m : kDoubleMarks) {
      if (text.substr(i, m.size()) == m) {
        out.push_back('"');
        i += m.size();
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    for (std::string_view m : kSingleMarks) {
      if (text.substr(i, m.size()) == m) {
        out.push_back('\'');
        i += m.size();
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    out.push_back(c);
    ++i;
  }
  return out;
}

double SpeakerGoldScore::CorrectRate() const {
  return named ? static_cast<double>(correct) / static_cast<double>(named) : 0;
}

SpeakerGoldScore& SpeakerGoldScore::operator+=(const SpeakerGoldScore& o) {
  articles += o.articles;
  rows += o.rows;
  named += o.named;
  correct += o.correct;
  partly += o.partly;
  wrong += o.wrong;
  empty += o.empty;
  not_found += o.not_found;
  unnamed += o.unnamed;
  unnamed_empty += o.unnamed_empty;
  unnamed_guessed += o.unnamed_guessed;
  unnamed_not_found += o.unnamed_not_found;
  other += o.other;
  other_found += o.other_found;
  other_with_speaker += o.other_with_speaker;
  remapped += o.remapped;
  misses.insert(misses.end(), o.misses.begin(), o.misses.end());
  return *this;
}

SpeakerGoldScore ScoreSpeakersGold(const std::vector<const SpeakerGoldRow*>& rows,
                                   const Article& analysed, bool collect_misses) {
  SpeakerGoldScore score;
  score.articles = 1;
  std::vector<std::string> paragraphs;
  paragraphs.reserve(analysed.body.size());
  for (const std::string& p : analysed.body) paragraphs.push_back(NormalizeQuoteText(p));
  for (const SpeakerGoldRow* row : rows) {
    ++score.rows;
    const std::string start = NormalizeQuoteText(row->quote_start);
    // The body paragraph: the last one holding the start, not after the gold number.
    std::optional<uint32_t> body;
    const size_t last =
        std::min<size_t>(row->paragraph, paragraphs.empty() ? 0 : paragraphs.size() - 1);
    for (size_t i = 0; i < paragraphs.size() && i <= last; ++i) {
      if (paragraphs[i].find(start) != std::string::npos) body = static_cast<uint32_t>(i);
    }
    // A reader that split finer than the gold (not seen): the first one after.
    for (size_t i = last + 1; !body && i < paragraphs.size(); ++i) {
      if (paragraphs[i].find(start) != std::string::npos) body = static_cast<uint32_t>(i);
    }
    if (body && *body != row->paragraph) ++score.remapped;
    const Quote* found = nullptr;
    if (body) {
      for (int pass = 0; pass < 2 && !found; ++pass) {
        for (const Quote& q : analysed.quotes) {
          if (q.paragraph != *body) continue;
          const std::string text = NormalizeQuoteText(q.text);
          const size_t at = text.find(start);
          if (pass == 0 ? at == 0 : at != std::string::npos) {
            found = &q;
            break;
          }
        }
      }
    }
    std::string verdict;
    if (!row->quote) {
      ++score.other;
      if (found) {
        ++score.other_found;
        if (!found->speaker.empty()) {
          ++score.other_with_speaker;
          verdict = "other, given speaker \"" + found->speaker + "\"";
        }
      }
    } else if (row->speaker.empty()) {
      ++score.unnamed;
      if (!found) {
        ++score.unnamed_not_found;
        verdict = "unnamed, quote not found";
      } else if (found->speaker.empty()) {
        ++score.unnamed_empty;
      } else {
        ++score.unnamed_guessed;
        verdict = "unnamed, guessed \"" + found->speaker + "\"";
      }
    } else {
      ++score.named;
      const EntityKind kind = *row->kind;
      if (!found) {
        ++score.not_found;
        verdict = "quote not found";
      } else if (found->speaker.empty()) {
        ++score.empty;
        verdict = "empty speaker";
      } else {
        const SpeakerJudgement judged =
            JudgeSpeaker(kind, found->speaker, {CanonicalEntity(kind, row->speaker)});
        if (judged == SpeakerJudgement::kCorrect) {
          ++score.correct;
        } else if (judged == SpeakerJudgement::kPartly) {
          ++score.partly;
          verdict = "partly: \"" + found->speaker + "\"";
        } else {
          ++score.wrong;
          verdict = "wrong: \"" + found->speaker + "\"";
        }
      }
    }
    if (collect_misses && !verdict.empty()) {
      // The words morgue took for the attribution, to tell a missed
      // attribution from a name read wrong.
      if (found != nullptr && !found->attribution.empty()) {
        verdict += " (attribution \"" + found->attribution + "\")";
      }
      score.misses.push_back(Describe(*row) + ": " + verdict);
    }
  }
  return score;
}

std::map<std::string, Article> ReadArticlesByUrl(const std::string& dir,
                                                 const std::vector<std::string>& urls) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ErrorCode::kNotFound, "no Wikinews directory at " + dir).WithFile(dir);
  }
  std::vector<std::string> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".csv") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  const std::set<std::string> wanted(urls.begin(), urls.end());
  std::map<std::string, Article> out;
  ReadOptions options;
  options.format = Format::kCsv;
  for (const std::string& file : files) {
    ReadPath(
        file, options,
        [&](Article&& a) {
          if (wanted.count(a.url) != 0 && out.count(a.url) == 0) {
            std::string url = a.url;
            out.emplace(std::move(url), std::move(a));
          }
        },
        [](const ReadIssue&) {});
  }
  return out;
}

}  // namespace morgue::bench::ner
