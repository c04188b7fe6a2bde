// morgue check: verify that an archive's store and index agree.
#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

int RunCheck(const std::vector<std::string>& args) {
  po::options_description options("morgue check options");
  TextPrinter text;
  std::string archive_dir;
  options.add_options()("archive,a", po::value(&archive_dir)->required(), "archive directory");
  po::positional_options_description positional;
  po::variables_map vm;
  if (!ParseArgs(args, "morgue check --archive DIR", options, positional, &vm)) return kExitOk;

  // Read-only: a writer in another process may go on meanwhile.
  std::unique_ptr<Archive> archive;
  try {
    archive = Archive::Open(archive_dir, OpenMode::kReadOnly);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kCorruption) throw;
    text.Printf("%s is damaged: %s\n", archive_dir.c_str(), e.what());
    text.Printf("'morgue repair --archive %s' rebuilds a damaged index from the store; "
                "a damaged store or manifest needs a backup\n",
                archive_dir.c_str());
    return kExitFailure;
  }
  CheckReport r = archive->Check();
  text.Printf("articles in store:  %llu\n", static_cast<unsigned long long>(r.articles));
  text.Printf("ids in id map:      %llu\n", static_cast<unsigned long long>(r.ids));
  text.Printf("documents in index: %llu\n", static_cast<unsigned long long>(r.documents));
  if (r.saved_queries) {
    text.Printf("saved queries:      %llu\n", static_cast<unsigned long long>(r.saved_queries));
  }
  if (r.pending) {
    text.Printf("pending operations: %llu (logged, not yet indexed: a running writer or the "
                "next writable open indexes them)\n",
                static_cast<unsigned long long>(r.pending));
  }
  if (r.ok()) {
    text.Printf("%s is consistent\n", archive_dir.c_str());
    return kExitOk;
  }
  text.Printf("%s has %s listed:\n", archive_dir.c_str(),
              CountOf(r.problems.size(), "problem").c_str());
  for (const auto& p : r.problems) text.Printf("  %s\n", TerminalSafe(p).c_str());
  text.Printf("missing from index: %llu, missing from store: %llu, dangling ids: %llu, "
              "undecodable articles: %llu, quarantined: %llu, unreadable stretches: %llu "
              "(%s lost)\n",
              static_cast<unsigned long long>(r.missing_from_index),
              static_cast<unsigned long long>(r.missing_from_store),
              static_cast<unsigned long long>(r.dangling_ids),
              static_cast<unsigned long long>(r.undecodable),
              static_cast<unsigned long long>(r.quarantined),
              static_cast<unsigned long long>(r.unreadable), CountOf(r.lost, "article").c_str());
  // Repair rebuilds only the index: a damaged store needs a backup.
  if (r.store_damaged) {
    text.Printf("the article store is damaged: restore a backup, or copy every article that "
                "can still be read into a new archive with 'morgue repair --archive %s "
                "--salvage NEW' ('morgue repair' alone rebuilds only the index, from the store)\n",
                archive_dir.c_str());
  } else {
    text.Printf("'morgue repair --archive %s' rebuilds the index from the store\n",
                archive_dir.c_str());
  }
  return kExitFailure;
}

}  // namespace morgue::cli
