// libFuzzer target: the analysis (quotations and speakers, entities, canonical
// forms) on arbitrary text. The input's first line is the headline, the rest
// the body, one paragraph per blank-line-separated block; every canonical
// form is also computed for the raw input. Analysis never throws: any
// exception, crash, leak or undefined behaviour is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/analysis.h"
#include "morgue/article.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  morgue::Article article;
  article.id = "fuzz";
  article.source = "fuzz";
  size_t eol = text.find('\n');
  article.headline = std::string(text.substr(0, eol));
  if (eol != std::string_view::npos) {
    std::string_view rest = text.substr(eol + 1);
    while (!rest.empty()) {
      size_t end = rest.find("\n\n");
      article.body.emplace_back(rest.substr(0, end));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 2);
    }
  }
  for (auto kind : {morgue::EntityKind::kPerson, morgue::EntityKind::kOrganisation,
                    morgue::EntityKind::kPlace}) {
    (void)morgue::CanonicalEntity(kind, text);
  }
  // Re-analysis of what an older morgue stored: the input's quotations
  // again as supplied ones, with the headline as their speaker.
  morgue::Article legacy = article;
  morgue::Analyze(article);
  for (const morgue::Quote& q : article.quotes) {
    legacy.quotes.push_back({q.text, legacy.headline.substr(0, 300), q.paragraph, q.offset, "",
                             morgue::QuoteOrigin::kSupplied});
  }
  morgue::ReanalyzeLegacy(legacy);
  return 0;
}
