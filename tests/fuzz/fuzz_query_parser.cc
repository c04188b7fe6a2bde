// libFuzzer target: the query language parser on arbitrary bytes, with the
// options the archive uses (canonical entity forms, and also a span of days
// that closes open date ranges, and a wildcard expander so that '?' and
// inner '*' patterns compile). A query either parses
// into a Xapian::Query or is refused with morgue::Error (kQuerySyntax,
// kLimit); so is a --from/--to date range. What Query::Parse refuses as a
// syntax error, ParseQuery refuses too. Any other exception, a crash, a
// leak or undefined behaviour is a bug. The corpus (corpus/query) holds the
// syntax of other engines (docs/query-language.md, "Syntax from other
// engines").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/analysis.h"
#include "morgue/error.h"
#include "morgue/query.h"
#include "query/parser.h"
#include "query/text_terms.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const morgue::ParseOptions options = [] {
    morgue::ParseOptions o;
    o.canonical = morgue::CanonicalEntity;
    return o;
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // As the archive parses: open date ranges closed at a span of days.
  static const morgue::ParseOptions with_span = [] {
    morgue::ParseOptions o = options;
    o.day_span = [] {
      return std::optional<morgue::DaySpan>(morgue::DaySpan{"19870226", "19871020", true});
    };
    return o;
  }();
  // As the searcher expands wildcards: through a callback (here every
  // pattern "matches" itself and one more word).
  static const morgue::ParseOptions expanding = [] {
    morgue::ParseOptions o = options;
    o.wildcard_terms = [](const std::string& pattern, unsigned) {
      return std::vector<std::string>{pattern, pattern + "x"};
    };
    return o;
  }();
  bool syntax_error = false;
  for (const morgue::ParseOptions* o : {&options, &with_span, &expanding}) {
    try {
      morgue::ParsedQuery parsed = morgue::ParseQuery(text, *o);
      (void)parsed.query.get_description();
    } catch (const morgue::Error& e) {
      // A refused query: the expected outcome for most inputs.
      if (o == &expanding && e.code() == morgue::ErrorCode::kQuerySyntax) syntax_error = true;
    }
  }
  bool parse_refused = false;
  try {
    (void)morgue::Query::Parse(text);
  } catch (const morgue::Error& e) {
    parse_refused = e.code() == morgue::ErrorCode::kQuerySyntax;
  }
  // What Query::Parse refuses, a search refuses (over 10,000 bytes
  // ParseQuery says kLimit first). The converse need not hold: a filter
  // value is checked once the options' canonical form is known.
  if (size <= 10000 && parse_refused && !syntax_error) __builtin_trap();
  // --from / --to take the forms of date: (the input split at its first '|').
  size_t bar = text.find('|');
  // The wildcard matcher on the two halves as pattern and word.
  if (bar != std::string_view::npos) {
    (void)morgue::MatchesWildcard(text.substr(0, bar), text.substr(bar + 1));
  }
  try {
    (void)morgue::DateRangeQuery(std::string(text.substr(0, bar)),
                                 bar == std::string_view::npos
                                     ? std::nullopt
                                     : std::optional<std::string>(text.substr(bar + 1)));
  } catch (const morgue::Error&) {
  }
  return 0;
}
