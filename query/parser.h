// The query language: what researchers type, turned into a Xapian::Query over
// the archive's terms and value slots (docs/index-format.md). The language is
// described with examples in docs/query-language.md.
//
//   morgue::ParseOptions options;
//   options.canonical = morgue::CanonicalEntity;
//   morgue::ParsedQuery q = morgue::ParseQuery(
//       "opec \"oil price\" -iran person:\"James Baker\" date:1987-03", options);
//   enquire.set_query(q.query);
//
// This header is the entry point; the work is done, in the order data flows, by
//   query/lexer.h       text -> tokens
//   query/text_terms.h  words -> index terms, as the indexer makes them
//   query/day_range.h   date values -> YYYYMMDD days
//   query/parse.h       tokens -> the query tree (query/query_node.h)
//   query/compile.h     the tree -> Xapian::Query (ParseQuery, CompileQuery,
//                       ParseOptions), through query/expr.h and
//                       query/date_query.h
//   query/render.h      the tree or a compiled query -> the language's text
//
// Internal header (Xapian types allowed). Thread-safe: ParseQuery keeps its
// scratch state (stemmer, term generator) thread-local.
#ifndef MORGUE_QUERY_PARSER_H_
#define MORGUE_QUERY_PARSER_H_

#include "query/compile.h"
#include "query/date_query.h"
#include "query/parse.h"

#endif  // MORGUE_QUERY_PARSER_H_
