// Judged collections for the ranking evaluation (docs/ranking.md): documents,
// queries and relevance judgements, read from the classic SMART layout
// (CACM, CISI: `.I n` records with `.T`, `.W`, `.A` ... fields) or from TREC
// topics and qrels files with the documents in any format morgue reads; and
// the one way a query's words are cut for every system compared.
#ifndef MORGUE_BENCH_RANKING_COLLECTIONS_H_
#define MORGUE_BENCH_RANKING_COLLECTIONS_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/article.h"

namespace morgue::bench {

// One judged query of a collection: its number as the judgements name it,
// its text, and its half of the set ('A' or 'B'), for tuning on one half and
// checking on the other.
struct TopicQuery {
  std::string id;
  std::string text;
  char half = 'A';
};

// Query id -> the ids of its relevant documents. Queries with no relevant
// document are absent.
using Judgements = std::map<std::string, std::set<std::string>>;

struct JudgedCollection {
  std::string name;
  std::vector<Article> documents;   // source = name, id = the judgements' document id
  std::vector<TopicQuery> queries;  // only those with at least one relevant document
  Judgements relevant;
};

// Records of a SMART file: `.I n` starts a record, a line holding only `.X`
// (a letter) starts field X, which runs to the next such line. Returns
// (id, field letter -> text with lines joined by spaces) per record, in file
// order. Throws Error(kNotFound) when the file cannot be opened.
std::vector<std::pair<std::string, std::map<char, std::string>>> ReadSmartRecords(
    const std::string& path);

// A SMART collection: documents (`.T` title -> headline, `.W` abstract ->
// body, `.A` -> authors; a record with neither title nor text is skipped),
// queries (`.W`, or `.T` when there is no `.W`) and the relevance list
// ("query doc ..." per line: every pair listed is relevant). Query numbers
// are read as numbers ("01" and "1" are the same query). Half A holds the
// odd query numbers, B the even. Throws Error(kNotFound) for a missing
// file, Error(kInvalidInput) naming the line for a relevance line that is
// not two numbers.
JudgedCollection ReadSmartCollection(const std::string& name, const std::string& documents,
                                     const std::string& queries, const std::string& qrels);

// A TREC qrels file: "query iteration document relevance" per line; a
// document is relevant when relevance > 0. Throws Error(kNotFound),
// Error(kInvalidInput) naming the line for a malformed one.
Judgements ReadTrecQrels(const std::string& path);

// Topics: either TREC's SGML-like layout (<top> <num> Number: N <title> ...
// </top>; the title is the query) or lines "id<TAB>query text" ('#' comments
// and blank lines ignored). Half A holds every other topic in file order.
// Throws Error(kNotFound), Error(kInvalidInput) for a line without a tab.
std::vector<TopicQuery> ReadTopics(const std::string& path);

// The words of a natural-language query as every compared system gets them:
// runs of letters and digits (any byte >= 0x80 counts as a letter, so words
// in any script stay whole) and apostrophes between them, ASCII lower-cased.
// "What's C++?" -> what's, c.
std::vector<std::string> QueryWords(std::string_view text);

// `words` as a morgue query: the words side by side (lower case, so no
// operator; no punctuation, so no syntax).
std::string MorgueQuery(const std::vector<std::string>& words);

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_RANKING_COLLECTIONS_H_
