#include "cli/command.h"

#include <iostream>

namespace morgue::cli {

bool ParseArgs(const std::vector<std::string>& args, const char* usage,
               po::options_description& options,
               const po::positional_options_description& positional, po::variables_map* vm) {
  options.add_options()("help,h", "show this help");
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), *vm);
  if (vm->count("help")) {
    std::cout << "usage: " << usage << "\n\n" << options << "\n";
    return false;
  }
  po::notify(*vm);
  return true;
}

std::string JoinQuery(const std::vector<std::string>& words) {
  std::string q;
  for (const auto& w : words) {
    if (!q.empty()) q += ' ';
    q += w;
  }
  return q;
}

void AddQueryOptions(po::options_description& options, QueryArgs& q, bool query_required) {
  auto* words = po::value(&q.words);
  if (query_required) words->required();
  options.add_options()("archive,a", po::value(&q.archive_dir)->required(),
                        "archive directory")("from", po::value(&q.from),
                                             "first day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive")(
      "to", po::value(&q.to), "last day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive")(
      "default-op", po::value(&q.default_op)->default_value("and"), "and | or: how words combine")(
      "time-limit", UnsignedValue(&q.time_limit_ms),
      "MS: search answers within about this long, with an estimated total or an error when "
      "the query cannot be prepared in time (0: no limit); other commands are exact and ignore it")(
      "query", words,
      query_required ? "the query (docs/query-language.md)"
                     : "the query (docs/query-language.md); none: every article");
}

SearchRequest RequestFrom(const QueryArgs& q) {
  SearchRequest r;
  r.query = JoinQuery(q.words);
  if (!q.from.empty()) r.from = q.from;
  if (!q.to.empty()) r.to = q.to;
  r.time_limit_ms = q.time_limit_ms;
  if (q.default_op == "or") r.default_and = false;
  else if (q.default_op != "and") throw UsageError("--default-op must be and or or");
  return r;
}

}  // namespace morgue::cli
