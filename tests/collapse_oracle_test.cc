// Search with collapse (and without), Count and Similar checked against a
// brute-force oracle: every matching article exported (Archive::Export, no
// collapse) and grouped by a fingerprint computed here from its stored text
// (ContentFingerprint of the exported article, not the index's value slot).
// Each page, walked with offset, must hold only matching articles, one per
// group, each group once, with its exact size; total must be the number of
// matching articles and groups the number of groups. Before: with collapse,
// total was Xapian's estimate of the collapsed matches (Reuters `opec`: 230
// for 152 articles in 144 groups).
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "indexer/document.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

struct Oracle {
  std::set<std::string> ids;                       // source/id of every match
  std::map<std::string, std::string> fingerprint;  // source/id -> its group
  std::map<std::string, uint64_t> group_size;      // fingerprint -> matching articles
};

std::string Key(const std::string& source, const std::string& id) { return source + "/" + id; }

Oracle Evaluate(const Archive& archive, SearchRequest request) {
  request.collapse = false;
  Oracle o;
  archive.Export(request, [&](const Article& a) {
    const std::string key = Key(a.source, a.id);
    const std::string fp = ContentFingerprint(a);
    o.ids.insert(key);
    o.fingerprint[key] = fp;
    ++o.group_size[fp];
    return true;
  });
  return o;
}

// Walks every page of `request` (collapse or not) `page` hits at a time and
// checks it against the oracle.
void CheckPages(const Archive& archive, SearchRequest request, uint64_t page, const Oracle& o) {
  const std::string what =
      "query \"" + request.query + "\"" + (request.collapse ? " collapsed" : "") + ", pages of " +
      std::to_string(page) + ", sort " + std::to_string(static_cast<int>(request.sort)) +
      (request.time_limit_ms ? ", time limit" : "");
  SCOPED_TRACE(what);
  request.snippets = false;
  request.limit = page;
  std::set<std::string> seen_ids, seen_groups;
  std::vector<std::string> walked;
  for (request.offset = 0;; request.offset += page) {
    SearchResult r = archive.Search(request);
    ASSERT_TRUE(r.total_exact);
    ASSERT_EQ(r.total, o.ids.size());
    ASSERT_EQ(r.groups, request.collapse ? o.group_size.size() : 0u);
    const uint64_t items = request.collapse ? o.group_size.size() : o.ids.size();
    const uint64_t expected_hits =
        request.offset >= items ? 0 : std::min<uint64_t>(page, items - request.offset);
    ASSERT_EQ(r.hits.size(), expected_hits) << "offset " << request.offset;
    for (const Hit& h : r.hits) {
      const std::string key = Key(h.source, h.id);
      ASSERT_EQ(o.ids.count(key), 1u) << key << " does not match";
      EXPECT_TRUE(seen_ids.insert(key).second) << key << " on two pages";
      walked.push_back(key);
      if (!request.collapse) continue;
      const std::string& fp = o.fingerprint.at(key);
      EXPECT_TRUE(seen_groups.insert(fp).second) << key << ": its group was shown before";
      EXPECT_EQ(h.group_size, o.group_size.at(fp)) << key;
    }
    if (r.hits.empty()) break;
  }
  EXPECT_EQ(walked.size(), request.collapse ? o.group_size.size() : o.ids.size());
  // The pages are one list cut in pieces.
  request.offset = 0;
  request.limit = walked.size() + 1;
  std::vector<std::string> whole;
  for (const Hit& h : archive.Search(request).hits) whole.push_back(Key(h.source, h.id));
  EXPECT_EQ(whole, walked);
}

void CheckQuery(const Archive& archive, const std::string& query, uint64_t page) {
  SearchRequest request;
  request.query = query;
  const Oracle o = Evaluate(archive, request);
  ASSERT_FALSE(o.ids.empty()) << query << ": pick a query that matches";
  EXPECT_EQ(archive.Count(request), o.ids.size()) << query;
  SearchRequest collapsed = request;
  collapsed.collapse = true;
  EXPECT_EQ(archive.Count(collapsed), o.group_size.size()) << query;
  for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest}) {
    request.sort = sort;
    collapsed.sort = sort;
    CheckPages(archive, request, page, o);
    CheckPages(archive, collapsed, page, o);
  }
  // A time limit never reached: one timed match, still exact.
  collapsed.sort = SortOrder::kRelevance;
  collapsed.time_limit_ms = 600'000;
  CheckPages(archive, collapsed, page, o);
}

// Similar: the articles considered and their groups, against the same
// similar search unpaged and uncollapsed.
void CheckSimilar(const Archive& archive, const std::string& id, uint64_t page) {
  SCOPED_TRACE("similar " + id);
  SearchRequest all;
  all.snippets = false;
  all.limit = 100000;
  SearchResult every = archive.Similar(id, all);
  EXPECT_EQ(every.total, every.hits.size());
  EXPECT_EQ(every.groups, 0u);
  std::map<std::string, std::string> fingerprint;
  std::map<std::string, uint64_t> group_size;
  all.fetch_articles = true;
  for (const Hit& h : archive.Similar(id, all).hits) {
    const std::string fp = ContentFingerprint(*h.article);
    fingerprint[Key(h.source, h.id)] = fp;
    ++group_size[fp];
  }
  SearchRequest collapsed = all;
  collapsed.fetch_articles = false;
  collapsed.collapse = true;
  collapsed.limit = page;
  std::set<std::string> groups;
  for (collapsed.offset = 0;; collapsed.offset += collapsed.limit) {
    SearchResult r = archive.Similar(id, collapsed);
    ASSERT_EQ(r.total, every.total);
    ASSERT_EQ(r.groups, group_size.size());
    for (const Hit& h : r.hits) {
      const std::string& fp = fingerprint.at(Key(h.source, h.id));
      EXPECT_TRUE(groups.insert(fp).second);
      EXPECT_EQ(h.group_size, group_size.at(fp));
    }
    if (r.hits.empty()) break;
  }
  EXPECT_EQ(groups.size(), group_size.size());
}

// Stories over a small vocabulary, each sent 1 to 6 times (by different
// sources, on different days: copies that collapse), over three shards;
// some copies differ after their 60th word (same fingerprint), some
// stories differ from another in one early word (a group of their own).
std::vector<Article> WireCopies() {
  const std::vector<std::string> words = {"oil",   "opec",  "prices", "crude", "wheat",
                                          "bank",  "rates", "cocoa",  "talks", "output",
                                          "grain", "iran",  "saudi",  "stock", "market"};
  std::mt19937 rng(17);
  std::vector<Article> articles;
  int serial = 0;
  for (int story = 0; story < 80; ++story) {
    std::string headline = words[rng() % words.size()] + " " + words[rng() % words.size()];
    std::string body;
    const int length = 5 + static_cast<int>(rng() % 70);
    for (int w = 0; w < length; ++w) body += words[rng() % words.size()] + " ";
    const int copies = 1 + static_cast<int>(rng() % 6);
    for (int c = 0; c < copies; ++c) {
      Article a;
      a.source = c % 2 ? "paper" : "wire";
      a.id = std::to_string(++serial);
      a.headline = headline;
      a.body = {body + (length > 62 && c == 1 ? " late addition" : "")};
      if (serial % 5 != 0) a.published = Timestamp::FromCivil(1987, 1 + serial % 12, 1 + c);
      articles.push_back(a);
    }
    if (story % 9 == 0) {  // a near copy that is not one: its first word differs
      Article a = articles.back();
      a.id = std::to_string(++serial);
      a.body = {"different " + body};
      articles.push_back(a);
    }
  }
  return articles;
}

TEST(CollapseOracleTest, GeneratedWireCopiesOnThreeShards) {
  test::TempDir dir;
  ArchiveOptions options;
  options.shards = 3;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate, options);
  archive->Add(WireCopies());
  for (const std::string query : {"oil", "opec OR wheat", "source:paper", "cocoa -iran",
                                  "date:1987-03..1987-08 market", "prices"}) {
    CheckQuery(*archive, query, 7);
  }
  CheckSimilar(*archive, "wire/1", 3);
  CheckSimilar(*archive, "paper/2", 3);
}

TEST(CollapseOracleTest, Reuters) {
  const std::string dir = test::SharedReutersArchive();
  if (dir.empty()) GTEST_SKIP() << "the shared corpus (../shared/corpus) is absent";
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  CheckQuery(*archive, "opec", 10);
  CheckQuery(*archive, "subroto", 4);
  CheckQuery(*archive, "topic:cocoa", 25);
  CheckQuery(*archive, "oil", 400);
  CheckSimilar(*archive, "3571", 2000);
}

// A time limit that stops the collapsed match: total and groups are then
// flagged as estimates; when the answer says it is exact, it is.
TEST(CollapseOracleTest, ATimeLimitNeverPassesOffAnEstimateAsExact) {
  const std::string dir = test::SharedReutersArchive();
  if (dir.empty()) GTEST_SKIP() << "the shared corpus (../shared/corpus) is absent";
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  SearchRequest request;
  request.query = "said OR oil OR the";
  request.collapse = true;
  request.snippets = false;
  const SearchResult exact = archive->Search(request);
  ASSERT_TRUE(exact.total_exact);
  const Oracle o = Evaluate(*archive, request);
  ASSERT_EQ(exact.total, o.ids.size());
  ASSERT_EQ(exact.groups, o.group_size.size());
  int estimates = 0;
  for (uint64_t ms : {1, 2, 3, 5, 8, 13, 21, 34, 55, 1000}) {
    request.time_limit_ms = ms;
    try {
      const SearchResult r = archive->Search(request);
      EXPECT_LE(r.groups, r.total) << ms << " ms";
      if (r.total_exact) {
        EXPECT_EQ(r.total, exact.total) << ms << " ms";
        EXPECT_EQ(r.groups, exact.groups) << ms << " ms";
      } else {
        ++estimates;
      }
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kLimit) << e.what();  // could not be prepared in time
    }
  }
  std::cout << estimates << " of 10 time limits gave estimates\n";
}

}  // namespace
}  // namespace morgue
