// morgue delete: remove one article from an archive.
#include <iostream>

#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

int RunDelete(const std::vector<std::string>& args) {
  po::options_description options("morgue delete options");
  std::string archive_dir, id;
  options.add_options()("archive,a", po::value(&archive_dir)->required(), "archive directory")(
      "id", po::value(&id)->required(),
      "the article: ID, or SOURCE/ID when several sources share it");
  po::positional_options_description positional;
  positional.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue delete --archive DIR ID", options, positional, &vm)) return kExitOk;

  auto archive = Archive::Open(archive_dir, OpenMode::kReadWrite);
  // Get resolves a bare id to its source (and refuses an ambiguous one).
  std::optional<Article> article = archive->Get(id);
  if (!article || !archive->Delete(article->source, article->id)) {
    std::cerr << "morgue delete: no article " << id << " in " << archive_dir << "\n";
    return kExitFailure;
  }
  TextPrinter().Write("deleted " + article->source + "/" + article->id + "; " + archive_dir +
                      " holds " + std::to_string(archive->ArticleCount()) + " articles\n");
  return kExitOk;
}

}  // namespace morgue::cli
