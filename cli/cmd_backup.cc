// morgue backup: a consistent copy of an archive, taken while it is in use.
#include <chrono>
#include <cstdio>

#include "cli/command.h"
#include "morgue/archive.h"

namespace morgue::cli {

int RunBackup(const std::vector<std::string>& args) {
  po::options_description options("morgue backup options");
  std::string archive_dir, dest;
  options.add_options()("archive,a", po::value(&archive_dir)->required(),
                        "archive directory")("dest", po::value(&dest)->required(),
                                             "the new directory for the copy");
  po::positional_options_description positional;
  positional.add("dest", 1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue backup --archive DIR DEST", options, positional, &vm)) {
    return kExitOk;
  }
  auto start = std::chrono::steady_clock::now();
  // Read-only: a writer in another process may go on meanwhile.
  auto archive = Archive::Open(archive_dir, OpenMode::kReadOnly);
  archive->Backup(dest);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto copy = Archive::Open(dest, OpenMode::kReadOnly);
  TextPrinter().Printf("copied %s to %s: %llu articles in %.2f s\n", archive_dir.c_str(),
                       dest.c_str(), static_cast<unsigned long long>(copy->ArticleCount()), secs);
  return kExitOk;
}

}  // namespace morgue::cli
