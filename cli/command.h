// The CLI's shared pieces: the command table, exit codes, option helpers.
// Output (formats, printers, JSON of articles and hits) is cli/printer.h.
#ifndef MORGUE_CLI_COMMAND_H_
#define MORGUE_CLI_COMMAND_H_

#include <boost/program_options.hpp>
#include <charconv>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "cli/printer.h"
#include "morgue/archive.h"
#include "morgue/article.h"
#include "morgue/search.h"

namespace morgue::cli {

namespace po = boost::program_options;

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
// --allow-partial: the answer leaves out cluster nodes that did not answer
// (the output and stderr name them; docs/commands.md).
inline constexpr int kExitPartial = 3;

// A usage mistake found by the CLI itself (exit code 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using CommandFn = int (*)(const std::vector<std::string>& args);

struct Command {
  const char* name;
  CommandFn run;
  const char* summary;
};

int RunIndex(const std::vector<std::string>& args);
int RunSearch(const std::vector<std::string>& args);
int RunCount(const std::vector<std::string>& args);
int RunShow(const std::vector<std::string>& args);
// Deletes one article (exit 1 when there is none).
int RunDelete(const std::vector<std::string>& args);
int RunNode(const std::vector<std::string>& args);
int RunCluster(const std::vector<std::string>& args);
// Prints counts, date span, sizes and top values, as text or JSON.
int RunStats(const std::vector<std::string>& args);
// Compacts the store and the index, printing the sizes before and after.
int RunCompact(const std::vector<std::string>& args);
int RunFacets(const std::vector<std::string>& args);
int RunHistogram(const std::vector<std::string>& args);
int RunExport(const std::vector<std::string>& args);
int RunSimilar(const std::vector<std::string>& args);
int RunTerms(const std::vector<std::string>& args);
int RunKwic(const std::vector<std::string>& args);
// morgue bench index|query|generate: benchmarks on the user's corpus (cli/cmd_bench.h).
int RunBench(const std::vector<std::string>& args);
// Verifies an archive (exit 1 listing the problems when store and index disagree).
int RunCheck(const std::vector<std::string>& args);
// Rebuilds an archive's index from its store.
int RunRepair(const std::vector<std::string>& args);
// Copies an archive consistently while it is in use.
int RunBackup(const std::vector<std::string>& args);
// Saves, lists and deletes named queries (exit 1 deleting one that is not saved).
int RunQueries(const std::vector<std::string>& args);
// Serves the archive over HTTP: the JSON API and the search page (cli/cmd_serve.h).
int RunServe(const std::vector<std::string>& args);

// For the message printed when a library aborts the process (std::terminate;
// cli/main.cc): the number of articles this run has committed so far. Safe to
// call from any thread.
void NoteCommittedArticles(uint64_t articles);

// The line saying what a failed `morgue index` run kept, after an error or an
// abort (printf format: one unsigned long long, the articles committed).
inline constexpr char kCommittedBeforeFailure[] =
    "the first %llu articles this run read were committed before the failure; run the same "
    "command again to index the rest";

// An option value that must be a whole number from 0 to the largest T:
// "-1", "+1", "1e3", "" and too large numbers are usage errors naming the
// option (Boost.Program_options alone reads "-1" into an unsigned as its
// largest value). Used through UnsignedValue.
template <typename T>
struct Unsigned {
  T value{};
};

template <typename T>
void validate(boost::any& v, const std::vector<std::string>& values, Unsigned<T>*, int) {
  po::validators::check_first_occurrence(v);
  const std::string& s = po::validators::get_single_string(values);
  T n{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    throw po::error_with_option_name("the argument ('" + s +
                                     "') for option '%canonical_option%' is invalid: it must be a "
                                     "whole number from 0 to " +
                                     std::to_string(std::numeric_limits<T>::max()));
  }
  v = Unsigned<T>{n};
}

// The option value that sets `*target` (an unsigned integer), checked as
// Unsigned says; its default is `*target` as it is, unless `required`.
template <typename T>
po::typed_value<Unsigned<T>>* UnsignedValue(T* target, bool required = false) {
  auto* value =
      po::value<Unsigned<T>>()->notifier([target](const Unsigned<T>& n) { *target = n.value; });
  if (required) return value->required();
  return value->default_value(Unsigned<T>{*target}, std::to_string(*target));
}

// The option value that sets `*target` (a real number), its default shown as
// the shortest text that reads back as it ("1.6", not "1.6000000000000001").
po::typed_value<double>* DoubleValue(double* target);

// The number of single-character insertions, deletions, substitutions and
// swaps of neighbours that turn `a` into `b`.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` (a mistyped command or option) within 2
// edits and fewer than a third of its length; "" when none is that close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// Parses `args` against `options` (+ positional), printing help and
// returning false when --help was given. Throws UsageError: for an unknown
// option, naming the closest one ("did you mean '--limit'?"); for a missing
// positional argument, "missing QUERY" (its name in capitals) and `usage`.
bool ParseArgs(const std::vector<std::string>& args, const char* usage,
               po::options_description& options,
               const po::positional_options_description& positional, po::variables_map* vm);

// Query words given as several arguments are joined with spaces.
std::string JoinQuery(const std::vector<std::string>& words);

// The options of every query command: --archive, --from, --to, --default-op
// and the query words (positional "query", -1).
struct QueryArgs {
  std::string archive_dir;
  std::vector<std::string> words;
  std::string from, to, default_op;
  uint64_t time_limit_ms = 0;  // --time-limit: search stops after this long (0: none)
  // --keep-stop-words (docs/query-language.md, "Stop words").
  bool keep_stop_words = false;
  // --allow-partial: on a cluster, leave out nodes that do not answer
  // (ArchiveOptions::allow_partial); ignored by an archive of its own.
  bool allow_partial = false;
};

// Adds --allow-partial, setting *allow (AddQueryOptions adds it too).
void AddAllowPartialOption(po::options_description& options, bool* allow);

// The options a read command opens its archive with: --allow-partial.
ArchiveOptions ReadingOptions(bool allow_partial);

// For an answer that leaves out the cluster nodes `missing` (none: does
// nothing, returns kExitOk): says so on stderr, naming them, and returns
// kExitPartial, the exit status of every partial answer.
int PartialExit(const char* command, const std::vector<std::string>& missing);

// The text line marking an answer that leaves out the nodes `missing`
// ("" for none), ending in a newline.
std::string PartialLine(const std::vector<std::string>& missing);

// Adds "partial": true and "missing_nodes" to a JSON answer (an object)
// that leaves out the nodes `missing`; nothing for none.
void AddPartialJson(nlohmann::json& out, const std::vector<std::string>& missing);

// Adds the QueryArgs options to `options`. With query_required false, no
// query words select every article.
void AddQueryOptions(po::options_description& options, QueryArgs& q, bool query_required = true);

// The request the options describe. Throws UsageError for a bad --default-op.
SearchRequest RequestFrom(const QueryArgs& q);

// `seed` (the value of --seed) for `sort`: --seed is required with random (UsageError without
// it), refused with any other order.
uint64_t SeedFor(SortOrder sort, const po::variables_map& vm, uint64_t seed);

}  // namespace morgue::cli

#endif  // MORGUE_CLI_COMMAND_H_
