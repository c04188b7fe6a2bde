// Archive administration: statistics and compaction.
#include <algorithm>
#include <filesystem>

#include "indexer/shards.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/archive_impl.h"
#include "storage/manifest.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

uint64_t TreeSize(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::error_code file_ec;
    if (it->is_regular_file(file_ec)) {
      uint64_t size = it->file_size(file_ec);
      if (!file_ec) total += size;
    }
  }
  return total;
}

// The `top` most frequent values of the boolean terms with `prefix` (0: all),
// with exact counts from the terms' frequencies. Terms that start with one
// of `skip` belong to a longer prefix and are left out.
std::vector<FacetCount> TopTerms(const Xapian::Database& db, const std::string& prefix,
                                 std::initializer_list<const char*> skip, size_t top) {
  std::vector<FacetCount> all;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    const std::string term = *t;
    bool other = std::any_of(skip.begin(), skip.end(),
                             [&](const char* s) { return term.rfind(s, 0) == 0; });
    if (other || term.size() == prefix.size()) continue;
    all.push_back({term.substr(prefix.size()), t.get_termfreq()});
  }
  auto by_count = [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  if (top == 0 || top >= all.size()) {
    std::sort(all.begin(), all.end(), by_count);
  } else {
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(top), all.end(),
                      by_count);
    all.resize(top);
  }
  return all;
}

// "YYYYMMDD" -> the day as a date-only timestamp.
std::optional<Timestamp> DayOf(const std::string& day) {
  if (day.size() != 8) return std::nullopt;
  try {
    return Timestamp::FromCivil(std::stoi(day.substr(0, 4)), std::stoi(day.substr(4, 2)),
                                std::stoi(day.substr(6, 2)), 0, 0, 0, /*date_only=*/true);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

ArchiveStats Archive::Stats(size_t top) const {
  const Impl& im = *impl_;
  ArchiveStats stats;
  stats.format_version = im.manifest.version;
  stats.language = im.manifest.language;
  stats.shards = im.manifest.shards;
  stats.articles = im.store->ArticleCount();
  stats.quarantined = im.store->Quarantined().size();
  WithReader(im, "stats", [&](const Xapian::Database& db) {
    // Day terms "DYYYYMMDD": the first and last give the exact span (value
    // slot bounds may be loose after deletions); year terms count dated articles.
    std::string first_day, last_day;
    for (auto t = db.allterms_begin("D"); t != db.allterms_end("D"); ++t) {
      if (first_day.empty()) first_day = (*t).substr(1);
      last_day = (*t).substr(1);
    }
    stats.first = DayOf(first_day);
    stats.last = DayOf(last_day);
    uint64_t dated = 0;
    for (auto t = db.allterms_begin("Y"); t != db.allterms_end("Y"); ++t) dated += t.get_termfreq();
    uint64_t indexed = db.get_doccount();
    stats.undated = indexed > dated ? indexed - dated : 0;
    // Section terms share "XS" with the source and speaker prefixes; values
    // are lower-cased, so the upper-case longer prefixes never collide.
    stats.top_sources = TopTerms(db, "XSRC", {}, top);
    stats.top_sections = TopTerms(db, "XS", {"XSRC", "XSPK"}, top);
    stats.top_persons = TopTerms(db, "XP", {}, top);
    stats.top_orgs = TopTerms(db, "XO", {}, top);
    stats.top_places = TopTerms(db, "XL", {}, top);
    return 0;
  });
  stats.store_bytes = TreeSize(fs::path(im.dir) / "store");
  stats.index_bytes = TreeSize(fs::path(im.dir) / "xapian");
  stats.total_bytes = TreeSize(im.dir);
  return stats;
}

void Archive::Compact() {
  Impl& im = *impl_;
  im.RequireWritable();
  im.CatchUp();
  im.store->Compact();
  try {
    im.writer->Compact();
  } catch (const Xapian::Error& e) {
    ThrowXapian(e, "cannot compact the search index of " + im.dir);
  }
  im.InvalidateReader();
  FollowArchivePermissions((fs::path(im.dir) / "xapian").string(), im.dir);
}

}  // namespace morgue
