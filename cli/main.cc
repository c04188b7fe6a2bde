// morgue: the command-line client of the morgue library.
#include <cstring>
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
    {"bench", RunBench, "benchmarks: index speed, query latency, synthetic corpora"},
    {"check", RunCheck, "verify that an archive's store and index agree"},
    {"repair", RunRepair, "rebuild an archive's index from its store"},
    {"backup", RunBackup, "a consistent copy of an archive, while it is in use"},
};

void PrintUsage(std::ostream& out) {
  out << "usage: morgue <command> [options]\n\ncommands:\n";
  for (const auto& c : kCommands) {
    out << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << "\n";
  }
  out << "\n'morgue <command> --help' describes a command's options.\n";
}

int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kQuerySyntax:
      return kExitUsage;
    default:
      return kExitFailure;
  }
}

}  // namespace
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
    try {
      return c.run(args);
    } catch (const UsageError& e) {
      std::cerr << "morgue " << name << ": " << e.what() << "\n";
      return kExitUsage;
    } catch (const boost::program_options::error& e) {
      std::cerr << "morgue " << name << ": " << e.what() << "\n";
      return kExitUsage;
    } catch (const morgue::Error& e) {
      std::cerr << "morgue " << name << ": " << e.what() << "\n";
      return ExitCodeFor(e.code());
    } catch (const std::exception& e) {
      std::cerr << "morgue " << name << ": unexpected failure: " << e.what() << "\n";
      return kExitFailure;
    }
  }
  std::cerr << "morgue: unknown command \"" << name << "\"\n\n";
  PrintUsage(std::cerr);
  return kExitUsage;
}
