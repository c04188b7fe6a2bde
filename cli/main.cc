// morgue: the command-line client of the morgue library.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>

#include "cli/command.h"
#include "morgue/error.h"

namespace morgue::cli {
namespace {

const Command kCommands[] = {
    {"index", RunIndex, "read files into an archive (creating it)"},
    {"search", RunSearch, "ranked hits for a query"},
    {"count", RunCount, "the exact number of articles matching a query"},
    {"show", RunShow, "print one stored article"},
    {"delete", RunDelete, "remove one article from an archive"},
    {"stats", RunStats, "counts, date span, sizes and top values of an archive"},
    {"compact", RunCompact, "rewrite an archive compactly (after a bulk load)"},
    {"facets", RunFacets, "exact counts of matching articles per person, place, topic..."},
    {"histogram", RunHistogram, "matching articles per day, week, month or year (CSV, chart, SVG)"},
    {"export", RunExport, "every matching article as JSON Lines or CSV"},
    {"similar", RunSimilar, "articles like a given one"},
    {"terms", RunTerms, "words and phrases that distinguish the matches from the archive"},
    {"kwic", RunKwic, "every occurrence of the query's words in context (concordance lines)"},
    {"bench", RunBench, "benchmarks: index speed, query latency, synthetic corpora"},
    {"check", RunCheck, "verify that an archive's store and index agree"},
    {"repair", RunRepair, "rebuild an archive's index from its store"},
    {"backup", RunBackup, "a consistent copy of an archive, while it is in use"},
    {"serve", RunServe, "the archive over HTTP: a JSON API and a search page"},
    {"queries", RunQueries, "save, list and delete named queries (@NAME in any query)"},
    {"node", RunNode, "serve an archive as a node of a cluster (Xapian's remote backend)"},
    {"cluster", RunCluster, "make a cluster: several nodes read as one archive"},
};

void PrintUsage(std::ostream& out) {
  out << "usage: morgue <command> [options]\n\ncommands:\n";
  for (const auto& c : kCommands) {
    out << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << "\n";
  }
  out << "\noptions:\n"
         "  --help    this list (also -h, help)\n"
         "  --version print morgue's version\n"
         "\n'morgue <command> --help' describes a command's options.\n";
}

const char* g_command = "";
std::atomic<int64_t> g_committed{-1};

// A library that gives up calls std::terminate. Xapian 1.4.22 does when a
// write of its postlist table fails while it merges a batch's postings (a
// destructor throws during the unwinding; docs/reliability.md): the process
// cannot go on, but the archive is consistent (the store's log replays the
// batch), so say that rather than die with libstdc++'s one line.
[[noreturn]] void OnTerminate() {
  char message[512];
  int64_t committed = g_committed.load();
  int n = std::snprintf(
      message, sizeof message,
      "morgue %s: aborted: a library gave up after an unrecoverable failure, most likely a "
      "failed write (check the free disk space and the disk)\n",
      g_command);
  if (committed >= 0 && n > 0 && static_cast<size_t>(n) < sizeof message) {
    n += std::snprintf(message + n, sizeof message - n, kCommittedBeforeFailure,
                       static_cast<unsigned long long>(committed));
    if (n > 0 && static_cast<size_t>(n) + 1 < sizeof message) message[n++] = '\n';
  }
  if (n > 0) (void)!::write(STDERR_FILENO, message, std::min<size_t>(n, sizeof message - 1));
  std::abort();
}

// A bad option or query is the user's to change (2), and so is a request
// beyond a limit (kLimit: a query too long or too deep, a wildcard matching
// too many words, a histogram of too many intervals, a query that could not
// be prepared within --time-limit): each message says what to change.
int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kQuerySyntax:
    case ErrorCode::kLimit: return kExitUsage;
    default: return kExitFailure;
  }
}

}  // namespace

void NoteCommittedArticles(uint64_t articles) { g_committed.store(static_cast<int64_t>(articles)); }

}  // namespace morgue::cli

int main(int argc, char** argv) {
  using namespace morgue::cli;
  if (argc < 2) {
    PrintUsage(std::cerr);
    return kExitUsage;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(std::cout);
    return kExitOk;
  }
  if (name == "--version") {
    std::cout << "morgue " << MORGUE_VERSION << "\n";
    return kExitOk;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  for (const auto& c : kCommands) {
    if (name != c.name) continue;
    g_command = c.name;
    std::set_terminate(OnTerminate);
    try {
      return c.run(args);
    } catch (const UsageError& e) {
      std::cerr << "morgue " << name << ": " << TerminalSafeLines(e.what()) << "\n";
      return kExitUsage;
    } catch (const boost::program_options::error& e) {
      std::cerr << "morgue " << name << ": " << TerminalSafeLines(e.what()) << "\n";
      return kExitUsage;
    } catch (const morgue::Error& e) {
      // Messages quote queries, ids and file contents: escaped for the terminal.
      std::cerr << "morgue " << name << ": " << TerminalSafeLines(e.what()) << "\n";
      return ExitCodeFor(e.code());
    } catch (const std::exception& e) {
      std::cerr << "morgue " << name << ": unexpected failure: " << TerminalSafeLines(e.what())
                << "\n";
      return kExitFailure;
    }
  }
  std::vector<std::string> names;
  for (const auto& c : kCommands) names.emplace_back(c.name);
  names.emplace_back("--help");
  names.emplace_back("--version");
  const std::string closest = DidYouMean(name, names);
  std::cerr << "morgue: unknown command \"" << TerminalSafe(name) << "\""
            << (closest.empty() ? "" : "; did you mean \"" + closest + "\"?") << "\n\n";
  PrintUsage(std::cerr);
  return kExitUsage;
}
