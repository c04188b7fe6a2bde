// Counts the articles matching a query in each month: the numbers behind a
// "how often was X in the news" chart.
//
//   count_by_month news.morgue '"interest rates" place:brazil'
//   1987-02   12  of  1630   0.74%
//   1987-03   31  of  2403   1.29%
//   ...
//
// Build against an installed morgue (docs/library.md):
//   g++ -std=c++20 count_by_month.cc $(pkg-config --cflags --libs --static morgue) -o
//   count_by_month
#include <cstdio>
#include <string>

#include <morgue/archive.h>
#include <morgue/error.h>
#include <morgue/search.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: count_by_month <archive> <query>\n");
    return 2;
  }
  try {
    auto archive = morgue::Archive::Open(argv[1], morgue::OpenMode::kReadOnly);

    morgue::SearchRequest request;
    request.query = argv[2];
    morgue::HistogramResult months = archive->Histogram(request, morgue::Interval::kMonth);

    for (const morgue::HistogramBin& bin : months.bins) {
      // No share when the archive has no article in the month.
      char share[32] = "      -";
      if (bin.share) std::snprintf(share, sizeof share, "%6.2f%%", 100.0 * *bin.share);
      std::printf("%s  %5llu  of %6llu  %s\n", bin.label.c_str(),
                  static_cast<unsigned long long>(bin.count),
                  static_cast<unsigned long long>(bin.all), share);
    }
    std::printf("total %llu (undated %llu)\n", static_cast<unsigned long long>(months.total),
                static_cast<unsigned long long>(months.undated));
    return 0;
  } catch (const morgue::Error& e) {
    // e.code() says what failed; a bad query also says where (e.position()).
    std::fprintf(stderr, "count_by_month: %s\n", e.what());
    if (e.code() == morgue::ErrorCode::kQuerySyntax) {
      std::fprintf(stderr, "  %s\n  %*s^\n", argv[2], static_cast<int>(e.position()), "");
      return 2;
    }
    return 1;
  }
}
