// morgue repair: rebuild an archive's index from its store.
#include <cstdio>

#include "cli/command.h"
#include "morgue/archive.h"

namespace morgue::cli {

int RunRepair(const std::vector<std::string>& args) {
  po::options_description options("morgue repair options");
  std::string archive_dir;
  options.add_options()("archive,a", po::value(&archive_dir)->required(), "archive directory");
  po::positional_options_description positional;
  po::variables_map vm;
  if (!ParseArgs(args, "morgue repair --archive DIR", options, positional, &vm)) return kExitOk;

  RepairReport r = Archive::Repair(archive_dir);
  std::printf("rebuilt the index of %s from %llu stored articles in %.2f s\n",
              archive_dir.c_str(), static_cast<unsigned long long>(r.articles), r.seconds);
  return kExitOk;
}

}  // namespace morgue::cli
