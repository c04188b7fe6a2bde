// English stop words: the function words a question typed as a sentence is
// full of ("what problems are there in making up titles?"). With words ORed
// (default_and = false) they are left out of a query that has other words
// (query/compile.cc), so they neither add score nor make a match on their
// own. The list is Snowball's English stop list (docs/query-language.md
// prints it). Internal to query/. Thread-safe.
#ifndef MORGUE_QUERY_STOP_WORDS_H_
#define MORGUE_QUERY_STOP_WORDS_H_

#include <string_view>

namespace morgue {

// True when `term` (an index term: folded, lower case, apostrophes as "'")
// is an English stop word.
bool IsQueryStopWord(std::string_view term);

}  // namespace morgue

#endif  // MORGUE_QUERY_STOP_WORDS_H_
