// morgue compact: rewrite an archive's store and index compactly.
#include <chrono>

#include "cli/command.h"
#include "morgue/archive.h"

namespace morgue::cli {

namespace {

void PrintSizes(TextPrinter& text, const char* when, const ArchiveStats& s) {
  text.Printf("%s: %.1f MB (store %.1f MB, index %.1f MB)\n", when, s.total_bytes / 1e6,
              s.store_bytes / 1e6, s.index_bytes / 1e6);
}

}  // namespace

int RunCompact(const std::vector<std::string>& args) {
  po::options_description options("morgue compact options");
  std::string archive_dir;
  options.add_options()("archive,a", po::value(&archive_dir)->required(), "archive directory");
  po::positional_options_description positional;
  po::variables_map vm;
  if (!ParseArgs(args, "morgue compact --archive DIR", options, positional, &vm)) return kExitOk;

  auto archive = Archive::Open(archive_dir, OpenMode::kReadWrite);
  TextPrinter text;
  PrintSizes(text, "before", archive->Stats(1));
  text.Flush();
  auto start = std::chrono::steady_clock::now();
  archive->Compact();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  PrintSizes(text, "after", archive->Stats(1));
  text.Printf("compacted %s in %.2f s\n", archive_dir.c_str(), secs);
  return kExitOk;
}

}  // namespace morgue::cli
