// morgue repair: rebuild an archive's index from its store.
#include <cstdio>

#include "cli/command.h"
#include "morgue/archive.h"

namespace morgue::cli {

int RunRepair(const std::vector<std::string>& args) {
  po::options_description options("morgue repair options");
  std::string archive_dir, salvage_to;
  options.add_options()("archive,a", po::value(&archive_dir)->required(), "archive directory")(
      "salvage", po::value(&salvage_to),
      "build a new archive in this directory from every article of DIR that can still be read "
      "(for a damaged store, which repair alone refuses); DIR is only read");
  po::positional_options_description positional;
  po::variables_map vm;
  if (!ParseArgs(args, "morgue repair --archive DIR [--salvage NEW]", options, positional, &vm)) {
    return kExitOk;
  }

  if (!salvage_to.empty()) {
    SalvageReport s = Archive::Salvage(archive_dir, salvage_to);
    for (const std::string& line : s.lost)
      std::fprintf(stderr, "morgue repair: %s\n", line.c_str());
    if (s.manifest_damaged) {
      std::fprintf(stderr,
                   "morgue repair: the manifest of %s is damaged: %s has the default "
                   "settings (language en, 2 shards)\n",
                   archive_dir.c_str(), salvage_to.c_str());
    }
    TextPrinter().Printf(
        "salvaged %llu articles from %s into %s in %.2f s; %llu unreadable stretches of "
        "the store (%llu articles known lost), %llu articles not copied, %llu copied undated\n",
        static_cast<unsigned long long>(s.copied), archive_dir.c_str(), salvage_to.c_str(),
        s.seconds, static_cast<unsigned long long>(s.unreadable),
        static_cast<unsigned long long>(s.lost_known),
        static_cast<unsigned long long>(s.not_copied), static_cast<unsigned long long>(s.changed));
    return kExitOk;
  }

  RepairReport r = Archive::Repair(archive_dir);
  TextPrinter().Printf("rebuilt the index of %s from %s in %.2f s\n", archive_dir.c_str(),
                       CountOf(r.articles, "stored article").c_str(), r.seconds);
  return kExitOk;
}

}  // namespace morgue::cli
