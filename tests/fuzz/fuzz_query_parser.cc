// libFuzzer target: the query language parser on arbitrary bytes, with the
// options the archive uses (canonical entity forms, and also a span of days
// that closes open date ranges). A query either parses
// into a Xapian::Query or is refused with morgue::Error (kQuerySyntax,
// kLimit); so is a --from/--to date range. Any other exception, a crash, a leak or undefined
// behaviour is a bug.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/analysis.h"
#include "morgue/error.h"
#include "query/parser.h"

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
  for (const morgue::ParseOptions* o : {&options, &with_span}) {
    try {
      morgue::ParsedQuery parsed = morgue::ParseQuery(text, *o);
      (void)parsed.query.get_description();
    } catch (const morgue::Error&) {
      // A refused query: the expected outcome for most inputs.
    }
  }
  // --from / --to take the forms of date: (the input split at its first '|').
  size_t bar = text.find('|');
  try {
    (void)morgue::DateRangeQuery(std::string(text.substr(0, bar)),
                                 bar == std::string_view::npos
                                     ? std::nullopt
                                     : std::optional<std::string>(text.substr(bar + 1)));
  } catch (const morgue::Error&) {
  }
  return 0;
}
