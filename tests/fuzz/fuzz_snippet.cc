// libFuzzer target: snippets and headline highlighting on arbitrary text.
// Input: the first byte sets the passage length; the first line holds the
// terms to mark (space-separated; "Z" + stem for stems); the rest are body
// paragraphs, one per line, except that a line starting with '>' is a
// quotation, '#' a caption and '=' the headline. Besides crashes, leaks and
// undefined behaviour, a bug is: highlight ranges that MarkHighlights does
// not mark in pairs, or a passage (markers and "…" taken out) that is not a
// piece of one of the article's texts (made valid UTF-8 as snippets are).
// The same snippet marked as HTML (SnippetEscape::kHtml) must be that
// passage with its text escaped: no raw < > " ' and no & but an entity's,
// and unescaped it must equal EscapeMarkup of the plain one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/article.h"
#include "query/snippet.h"

namespace {

constexpr char kOpen[] = "\x01";
constexpr char kClose[] = "\x02";
constexpr std::string_view kEllipsis = "…";

// `s` without markers and with a leading / trailing "…" taken off.
std::string Plain(const std::string& s, bool strip_ellipses) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == kOpen[0]) {
      if (depth++ != 0) std::abort();  // nested marker
    } else if (c == kClose[0]) {
      if (--depth != 0) std::abort();  // close without open
    } else {
      out += c;
    }
  }
  if (depth != 0) std::abort();  // open without close
  if (strip_ellipses) {
    if (out.rfind(kEllipsis, 0) == 0) out.erase(0, kEllipsis.size());
    if (out.size() >= kEllipsis.size() &&
        out.compare(out.size() - kEllipsis.size(), kEllipsis.size(), kEllipsis) == 0) {
      out.erase(out.size() - kEllipsis.size());
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t length = 1 + data[0];
  std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  for (char& c : input) {
    if (c == kOpen[0] || c == kClose[0]) c = ' ';
  }
  std::vector<std::string> lines;
  for (size_t start = 0;;) {
    size_t nl = input.find('\n', start);
    lines.push_back(input.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  std::vector<std::string> terms;
  for (size_t start = 0; start <= lines[0].size();) {
    size_t sp = lines[0].find(' ', start);
    if (sp == std::string::npos) sp = lines[0].size();
    if (sp > start) terms.push_back(lines[0].substr(start, sp - start));
    start = sp + 1;
  }
  morgue::Article a;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (!l.empty() && l[0] == '>')
      a.quotes.push_back({l.substr(1), "", 0, 0, "", morgue::QuoteOrigin::kSupplied});
    else if (!l.empty() && l[0] == '#') a.captions.push_back({l.substr(1), ""});
    else if (!l.empty() && l[0] == '=') a.headline = l.substr(1);
    else a.body.push_back(l);
  }
  std::string body;
  for (const auto& p : a.body) {
    if (!body.empty()) body += ' ';
    body += p;
  }

  const morgue::Snippeter snippeter(terms, "english");
  // Highlight's text is the whole text made valid UTF-8.
  const auto valid = [&](const std::string& text) { return snippeter.Highlight(text).text; };
  const morgue::Snippet made = snippeter.Make(a, morgue::SnippetOptions{length});
  const std::string snippet = morgue::MarkHighlights(made.text, made.highlights, kOpen, kClose,
                                                     morgue::SnippetEscape::kNone);
  const std::string passage = Plain(snippet, true);
  bool found = valid(body).find(passage) != std::string::npos ||
               valid(a.headline).find(passage) != std::string::npos;
  for (const auto& q : a.quotes) found = found || valid(q.text).find(passage) != std::string::npos;
  for (const auto& c : a.captions) {
    found = found || valid(c.text).find(passage) != std::string::npos;
  }
  if (!found) std::abort();
  // At most `length` bytes of the text: each U+FFFD (3 bytes) may stand
  // for one invalid byte.
  size_t replaced = 0;
  for (size_t at = passage.find("\xEF\xBF\xBD"); at != std::string::npos;
       at = passage.find("\xEF\xBF\xBD", at + 3)) {
    ++replaced;
  }
  if (passage.size() - 2 * replaced > length) std::abort();

  const morgue::Snippet headline = snippeter.Highlight(a.headline);
  const std::string marked = morgue::MarkHighlights(headline.text, headline.highlights, kOpen,
                                                    kClose, morgue::SnippetEscape::kNone);
  if (Plain(marked, false) != valid(a.headline)) std::abort();

  const std::string escaped =
      morgue::MarkHighlights(made.text, made.highlights, "", "", morgue::SnippetEscape::kHtml);
  for (char c : escaped) {
    if (c == '<' || c == '>' || c == '"' || c == '\'') std::abort();  // raw markup
  }
  for (size_t at = escaped.find('&'); at != std::string::npos; at = escaped.find('&', at + 1)) {
    const std::string_view rest = std::string_view(escaped).substr(at);
    if (rest.rfind("&amp;", 0) && rest.rfind("&lt;", 0) && rest.rfind("&gt;", 0) &&
        rest.rfind("&quot;", 0) && rest.rfind("&#39;", 0)) {
      std::abort();  // a bare &
    }
  }
  // Escaping piece by piece is escaping the whole: the same passage.
  if (escaped != morgue::EscapeMarkup(Plain(snippet, false))) std::abort();
  return 0;
}
