// Builds articles in code (from a scraper, a database, another tool's output),
// indexes them into a new archive and searches it, with a query string and
// with a query built in code.
//
//   index_in_code /tmp/example.morgue
//   2 hits for "central bank" place:brazil
//     br-2 1987-03-02  Brazil central bank raises rates
//     br-1 1987-02-20  Brazil suspends interest payments
//   1 articles for (wheat OR "central bank") AND NOT place:Brazil AND date:1987-03-01..1987-03-31
//
// Build against an installed morgue (docs/library.md):
//   g++ -std=c++20 index_in_code.cc $(pkg-config --cflags --libs --static morgue) -o index_in_code
#include <cstdio>
#include <string>
#include <vector>

#include <morgue/archive.h>
#include <morgue/article.h>
#include <morgue/error.h>
#include <morgue/query.h>
#include <morgue/search.h>

namespace {

morgue::Article MakeArticle(std::string id, int year, int month, int day, std::string headline,
                            std::vector<std::string> paragraphs, std::string place) {
  morgue::Article article;
  article.source = "wire";  // the collection; (source, id) identifies an article
  article.id = std::move(id);
  article.published = morgue::Timestamp::FromCivil(year, month, day, 0, 0, 0, /*date_only=*/true);
  article.headline = std::move(headline);
  article.body = std::move(paragraphs);
  // Entities you already know (your own tagging) take precedence over the ones
  // morgue extracts from the text; the canonical form is what filters match.
  article.entities.push_back({place, morgue::EntityKind::kPlace, "", morgue::EntityOrigin::kUser});
  return article;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: index_in_code <new archive directory>\n");
    return 2;
  }
  try {
    auto archive = morgue::Archive::Open(argv[1], morgue::OpenMode::kCreate);

    std::vector<morgue::Article> articles;
    articles.push_back(MakeArticle(
        "br-1", 1987, 2, 20, "Brazil suspends interest payments",
        {"Brazil suspended interest payments on its foreign debt, the central bank said.",
         "\"We cannot pay now,\" the finance minister told reporters."},
        "Brazil"));
    articles.push_back(
        MakeArticle("br-2", 1987, 3, 2, "Brazil central bank raises rates",
                    {"The central bank raised its overnight rate to fight inflation."}, "Brazil"));
    articles.push_back(
        MakeArticle("ar-1", 1987, 3, 5, "Argentina wheat exports grow",
                    {"Argentine wheat exports grew in February, the grain board said."},
                    "Argentina"));

    // Durable and searchable when Add returns; adding the same (source, id)
    // again replaces the article (or does nothing when it is unchanged).
    morgue::AddStats stats = archive->Add(std::move(articles));
    std::printf("added %llu articles\n", static_cast<unsigned long long>(stats.added));

    morgue::SearchRequest request;
    request.query = "\"central bank\" place:brazil";
    request.sort = morgue::SortOrder::kNewest;
    request.snippets = false;
    morgue::SearchResult result = archive->Search(request);

    std::printf("%llu hits for %s\n", static_cast<unsigned long long>(result.total),
                request.query.c_str());
    for (const morgue::Hit& hit : result.hits) {
      std::string date = hit.published ? hit.published->ToIso8601() : "undated";
      std::printf("  %s %s  %s\n", hit.id.c_str(), date.c_str(), hit.headline.c_str());
    }

    // The same kind of question built in code: values from a program need no
    // quoting, and words are never taken for operators.
    using morgue::Query;
    morgue::SearchRequest built;
    built.built_query = (Query::Word("wheat") || Query::Phrase("central bank")) &&
                        !Query::Filter(morgue::FacetField::kPlace, "Brazil") &&
                        Query::Dates("1987-03", "1987-03");
    std::printf("%llu articles for %s\n", static_cast<unsigned long long>(archive->Count(built)),
                built.built_query.ToString().c_str());
    return 0;
  } catch (const morgue::Error& e) {
    std::fprintf(stderr, "index_in_code: %s: %s\n", morgue::ErrorCodeName(e.code()), e.what());
    return 1;
  }
}
