#include "cli/command.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace morgue::cli {

size_t EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and
  // swaps of two neighbours ("serach") cost 1 each.
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  // Up to 2 edits, and fewer than a third of the word: "ab" suggests nothing.
  const size_t most = std::min<size_t>(2, word.size() / 3);
  std::string best;
  size_t best_distance = most + 1;
  for (const std::string& c : candidates) {
    const size_t distance = EditDistance(word, c);
    if (distance < best_distance) {
      best = c;
      best_distance = distance;
    }
  }
  return best;
}

namespace {

// "--limt" -> the long name of the option it is closest to, with "--".
std::string ClosestOption(const std::string& given, const po::options_description& options) {
  std::vector<std::string> names;
  for (const auto& option : options.options()) {
    if (!option->long_name().empty()) names.push_back("--" + option->long_name());
  }
  const size_t equals = given.find('=');
  return DidYouMean(given.substr(0, equals), names);
}

// The name the usage line gives a positional option: "query" -> "QUERY".
std::string PlaceholderOf(const std::string& name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

bool IsPositional(const std::string& name, const po::positional_options_description& positional) {
  const unsigned count = std::min(positional.max_total_count(), 16u);
  for (unsigned i = 0; i < count; ++i) {
    if (positional.name_for_position(i) == name) return true;
  }
  return false;
}

// The usage line with "--" before its QUERY: "morgue count --archive DIR -- QUERY".
std::string WithDashes(const std::string& usage) {
  const size_t at = usage.rfind(" QUERY");
  if (at == std::string::npos) return usage;
  return usage.substr(0, at) + " --" + usage.substr(at);
}

// "--from -7d" as "--from=-7d": Boost takes a value starting with '-' for
// an option. Only a value of the relative form (a '-', a digit) is joined.
std::vector<std::string> RelativeDatesJoined(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  out.reserve(args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--from" || a == "--to") && i + 1 < args.size() && args[i + 1].size() > 1 &&
        args[i + 1][0] == '-' && args[i + 1][1] >= '0' && args[i + 1][1] <= '9') {
      out.push_back(a + "=" + args[i + 1]);
      ++i;
    } else {
      out.push_back(a);
    }
  }
  return out;
}

}  // namespace

bool ParseArgs(const std::vector<std::string>& args, const char* usage,
               po::options_description& options,
               const po::positional_options_description& positional, po::variables_map* vm) {
  options.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(RelativeDatesJoined(args))
                  .options(options)
                  .positional(positional)
                  .run(),
              *vm);
  } catch (const po::unknown_option& e) {
    const std::string given = e.get_option_name();
    const std::string closest = ClosestOption(given, options);
    // "-iran" in `morgue search -a DIR opec -iran` is an excluded query word
    // to the user, an option to Boost: say how to write it.
    const bool query_word = closest.empty() && given.size() > 1 && given[0] == '-' &&
                            given[1] != '-' && IsPositional("query", positional);
    throw UsageError(
        "unknown option '" + given + "'" +
        (closest.empty() ? "" : "; did you mean '" + closest + "'?") +
        (query_word ? "; a query word starting with '-' must come after --: " + WithDashes(usage)
                    : " ('--help' lists the options)"));
  }
  if (vm->count("help")) {
    std::cout << "usage: " << usage << "\n\n" << options << "\n";
    return false;
  }
  try {
    po::notify(*vm);
  } catch (const po::required_option& e) {
    // Boost names a missing positional argument "the option '--query'".
    std::string name = e.get_option_name();
    name.erase(0, name.find_first_not_of('-'));
    if (!IsPositional(name, positional)) throw;
    throw UsageError("missing " + PlaceholderOf(name) + "\nusage: " + usage);
  }
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
                                             "first day (YYYY, YYYY-MM or YYYY-MM-DD, or today, "
                                             "yesterday, -7d, -2w, -3M, -1y), inclusive, UTC")(
      "to", po::value(&q.to),
      "last day (YYYY, YYYY-MM or YYYY-MM-DD, or today, yesterday, -7d...), inclusive, UTC")(
      "default-op", po::value(&q.default_op)->default_value("and"), "and | or: how words combine")(
      "keep-stop-words", po::bool_switch(&q.keep_stop_words),
      "with --default-op or: search stop words (the, what, in...) too; by default they are "
      "left out of a query that has other words (docs/query-language.md)")(
      "time-limit", UnsignedValue(&q.time_limit_ms),
      "MS: search answers within about this long, with an estimated total or an error when "
      "the query cannot be prepared in time (0: no limit); other commands are exact and ignore it")(
      "allow-partial", po::bool_switch(&q.allow_partial),
      "on a cluster: answer from the nodes that answer, leaving out those down or slow; the "
      "answer says which it leaves out and the command exits 3 (an archive of its own ignores "
      "it)")("query", words,
             query_required ? "the query (docs/query-language.md)"
                            : "the query (docs/query-language.md); none: every article");
}

void AddAllowPartialOption(po::options_description& options, bool* allow) {
  options.add_options()("allow-partial", po::bool_switch(allow),
                        "on a cluster: answer from the nodes that answer, leaving out those down "
                        "or slow; the answer says which it leaves out and the command exits 3 (an "
                        "archive of its own ignores it)");
}

ArchiveOptions ReadingOptions(bool allow_partial) {
  ArchiveOptions options;
  options.allow_partial = allow_partial;
  return options;
}

namespace {

std::string JoinNodes(const std::vector<std::string>& missing) {
  std::string nodes;
  for (const std::string& node : missing) nodes += (nodes.empty() ? "" : "; ") + node;
  return nodes;
}

}  // namespace

int PartialExit(const char* command, const std::vector<std::string>& missing) {
  if (missing.empty()) return kExitOk;
  std::fprintf(stderr,
               "morgue %s: partial answer (--allow-partial): %zu cluster node%s left out, the "
               "counts and articles cover the other nodes only: %s\n",
               command, missing.size(), missing.size() == 1 ? "" : "s",
               TerminalSafe(JoinNodes(missing)).c_str());
  return kExitPartial;
}

std::string PartialLine(const std::vector<std::string>& missing) {
  if (missing.empty()) return "";
  return "PARTIAL: left out " + CountOf(missing.size(), "cluster node") +
         " that did not answer; every count covers the other nodes only: " +
         TerminalSafe(JoinNodes(missing)) + "\n";
}

void AddPartialJson(nlohmann::json& out, const std::vector<std::string>& missing) {
  if (missing.empty()) return;
  out["partial"] = true;
  out["missing_nodes"] = missing;
}

SearchRequest RequestFrom(const QueryArgs& q) {
  SearchRequest r;
  r.query = JoinQuery(q.words);
  if (!q.from.empty()) r.from = q.from;
  if (!q.to.empty()) r.to = q.to;
  r.time_limit_ms = q.time_limit_ms;
  r.ranking.drop_stop_words = !q.keep_stop_words;
  if (q.default_op == "or") r.default_and = false;
  else if (q.default_op != "and") throw UsageError("--default-op must be and or or");
  return r;
}

uint64_t SeedFor(SortOrder sort, const po::variables_map& vm, uint64_t seed) {
  const bool given = vm.count("seed") > 0 && !vm["seed"].defaulted();
  if (sort == SortOrder::kRandom && !given) {
    throw UsageError(
        "--sort random needs --seed N (any whole number): the same seed gives the same sample, "
        "so write it down with the results");
  }
  if (sort != SortOrder::kRandom && given) throw UsageError("--seed goes with --sort random");
  return seed;
}

po::typed_value<double>* DoubleValue(double* target) {
  char text[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, *target);
    if (std::strtod(text, nullptr) == *target) break;
  }
  return po::value(target)->default_value(*target, text);
}

}  // namespace morgue::cli
