// A program outside morgue's tree that uses only the installed package: it
// creates an archive, adds three articles built in code, searches and counts
// (with a query string and a query built in code),
// reopens the archive read-only, and checks that a morgue::Error thrown inside
// the library is caught here with its code (type_info across a shared library).
// tests/package/run.sh builds it with CMake and with pkg-config and compares
// its output with the expected lines.
//
//   consumer <new archive directory>
#include <cstdio>
#include <string>
#include <vector>

#include <morgue/archive.h>
#include <morgue/article.h>
#include <morgue/error.h>
#include <morgue/query.h>
#include <morgue/search.h>

namespace {

morgue::Article MakeArticle(const std::string& id, const std::string& headline,
                            const std::string& body, int month) {
  morgue::Article article;
  article.id = id;
  article.source = "consumer";
  article.headline = headline;
  article.body = {body};
  article.published = morgue::Timestamp::FromCivil(1987, month, 15);
  return article;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer <new archive directory>\n");
    return 2;
  }
  const std::string dir = argv[1];
  try {
    {
      auto archive = morgue::Archive::Open(dir, morgue::OpenMode::kCreate);
      morgue::AddStats stats = archive->Add({
          MakeArticle("a1", "Oil prices rise", "Crude oil prices rose sharply on Monday.", 3),
          MakeArticle("a2", "Wheat harvest", "The wheat harvest was larger than expected.", 4),
          MakeArticle("a3", "Refinery opens", "A new oil refinery opened near the port.", 4),
      });
      std::printf("added %llu\n", static_cast<unsigned long long>(stats.added));
    }
    auto archive = morgue::Archive::Open(dir, morgue::OpenMode::kReadOnly);
    morgue::SearchRequest request;
    request.query = "oil";
    request.sort = morgue::SortOrder::kOldest;
    morgue::SearchResult result = archive->Search(request);
    std::printf("search oil: %llu", static_cast<unsigned long long>(result.total));
    for (const morgue::Hit& hit : result.hits) std::printf(" %s", hit.id.c_str());
    std::printf("\n");
    request.query = "harvest OR refinery";
    std::printf("count harvest OR refinery: %llu\n",
                static_cast<unsigned long long>(archive->Count(request)));
    request.query.clear();
    request.built_query = morgue::Query::Word("oil") &&
                          !morgue::Query::Word("refinery", morgue::TextField::kHeadline);
    result = archive->Search(request);
    std::printf("built %s: %llu", request.built_query.ToString().c_str(),
                static_cast<unsigned long long>(result.total));
    for (const morgue::Hit& hit : result.hits) std::printf(" %s", hit.id.c_str());
    std::printf("\n");
    std::printf("articles: %llu\n", static_cast<unsigned long long>(archive->ArticleCount()));
  } catch (const morgue::Error& e) {
    std::fprintf(stderr, "consumer: %s: %s\n", morgue::ErrorCodeName(e.code()), e.what());
    return 1;
  }
  try {
    morgue::Archive::Open(dir + "/no-such-archive", morgue::OpenMode::kReadOnly);
    std::printf("missing archive: opened?\n");
  } catch (const morgue::Error& e) {
    std::printf("missing archive: %s\n", morgue::ErrorCodeName(e.code()));
  }
  return 0;
}
