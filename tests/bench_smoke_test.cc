// `morgue bench` end to end with the real binary: index and query the sample
// corpus, and the synthetic corpus generator's determinism. Only the shape of
// the reports is checked, never a time.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "bench/index_benchmark.h"
#include "bench/ranking_fts5.h"
#include "bench/xapian_peer.h"
#include "morgue/error.h"
#include "morgue/reader.h"
#include "test_util.h"

namespace morgue {
namespace {

using nlohmann::json;
using test::Quote;
using test::RunMorgue;

std::vector<json> JsonLines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(json::parse(line));
  return lines;
}

// The sample corpus's articles as morgue's readers give them.
std::vector<Article> SampleArticles() {
  std::vector<Article> read;
  ReadPath(
      test::SampleCorpusDir(), {}, [&](Article&& a) { read.push_back(std::move(a)); },
      [](const ReadIssue&) {});
  return read;
}

// The FTS5 peer of bench index: the same records (counted by morgue's
// reader, independently), each row holding its article's text under the
// porter tokenizer; an existing file is never overwritten.
TEST(BenchSmokeTest, Fts5BuildsItsTableFromTheSameRecords) {
  test::TempDir dir;
  const std::vector<Article> read = SampleArticles();
  ASSERT_FALSE(read.empty());
  const std::string db_path = dir / "f.db";
  bench::Fts5Build build = bench::BuildFts5File({test::SampleCorpusDir()}, {}, db_path);
  EXPECT_EQ(build.rows, read.size());
  EXPECT_EQ(build.skipped, 0u);
  EXPECT_EQ(build.bytes, std::filesystem::file_size(db_path));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  for (const Article& a : read) {
    // The headline's first word (quoted: never FTS5 syntax) finds its article.
    std::string word = a.headline.substr(0, a.headline.find(' '));
    std::string sql = "SELECT count(*) FROM docs WHERE docs MATCH '\"";
    for (char c : word)
      sql += c == '\'' ? std::string("''") : c == '"' ? std::string("\"\"") : std::string(1, c);
    sql += "\"' AND id = '" + a.id + "'";
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
    ASSERT_EQ(sqlite3_step(s), SQLITE_ROW) << sql;
    EXPECT_EQ(sqlite3_column_int64(s, 0), 1) << sql;
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  try {
    bench::BuildFts5File({test::SampleCorpusDir()}, {}, db_path);
    ADD_FAILURE() << "an existing file was overwritten";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
  }
  EXPECT_EQ(std::filesystem::file_size(db_path), build.bytes);

  // The command: every engine in every run, the same rows as articles.
  auto index = RunMorgue("bench index --corpus " + Quote(test::SampleCorpusDir()) +
                         " --runs 3 --fts5 --xapian --format json");
  ASSERT_EQ(index.exit_code, 0) << index.err;
  json report = json::parse(index.out);
  EXPECT_EQ(report["fts5"]["rows"], report["articles"]);
  EXPECT_EQ(report["fts5"]["runs"].size(), 3u);
  EXPECT_GT(report["fts5"]["bytes"].get<uint64_t>(), 0u);
  EXPECT_GT(report["fts5"]["morgue_over_fts5"].get<double>(), 0);
  EXPECT_EQ(report["xapian"]["documents"], report["articles"]);
  EXPECT_EQ(report["xapian"]["runs"].size(), 3u);
  EXPECT_GT(report["xapian"]["morgue_over_xapian"].get<double>(), 0);
  EXPECT_TRUE(report["peak_rss_includes_peers"].get<bool>());
  // Hostile records: Cyrillic, Japanese, Arabic with bidi controls, quotes in
  // ids, an empty body, a 1 MB body, a cut JSON line and a binary file: both
  // engines take the same articles, the refused records counted once each.
  {
    std::ofstream out(dir / "h.jsonl");
    out << R"({"id":"ru","title":"Москва: нефть","text":"石油価格が上昇した。"})"
        << "\n"
        << R"({"id":"e","title":"only a title","text":""})"
        << "\n"
        << R"({"id":"q\"u'o","title":"it's \"quoted\"","text":"a b"})"
        << "\n"
        << R"({"id":"rtl","title":"النفط","text":"\u202e reversed \u200b"})"
        << "\n"
        << R"({"id":"long","title":"long","text":")" << std::string(1 << 20, 'x') << "\"}\n"
        << R"({"id": "cut", "title": )"
        << "\n";
    std::ofstream(dir / "b.jsonl", std::ios::binary) << std::string("\0\xff\xfe garbage\n", 13);
  }
  auto hostile = RunMorgue("bench index --corpus " + Quote(dir / "h.jsonl") + " " +
                           Quote(dir / "b.jsonl") + " --fts5 --xapian --format json");
  ASSERT_EQ(hostile.exit_code, 0) << hostile.err;
  json h = json::parse(hostile.out);
  EXPECT_EQ(h["articles"], 5);
  EXPECT_EQ(h["skipped"], 2);
  EXPECT_EQ(h["fts5"]["rows"], 5);
  EXPECT_EQ(h["xapian"]["documents"], 5);
  auto text =
      RunMorgue("bench index --corpus " + Quote(test::SampleCorpusDir()) + " --fts5 --xapian");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("sqlite fts5"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(std::to_string(read.size()) + " rows"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("plain xapian"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(std::to_string(read.size()) + " documents"), std::string::npos)
      << text.out;
}

// The order of a benchmark's runs: morgue first, then last, alternating;
// the peers' own order turning every two runs; each peer's result kept in
// the options' order whatever order it ran in.
TEST(BenchSmokeTest, IndexRunsAndPeersTakeTurns) {
  std::vector<std::string> order;
  bench::IndexBenchmarkOptions options;
  options.runs = 4;
  for (const char* name : {"a", "b"}) {
    options.peers.push_back({name, name, "rows", [&order, name](const std::string& dir) {
                               EXPECT_TRUE(std::filesystem::is_directory(dir));
                               order.push_back(name);
                               return bench::PeerRun{0, std::string(name) == "a" ? 1u : 2u, 0};
                             }});
  }
  const bench::IndexBenchmarkResult result = bench::RunIndexBenchmark(options, [&](Archive&) {
    order.push_back("morgue");
    return bench::IndexCounts{};
  });
  EXPECT_EQ(order, (std::vector<std::string>{"morgue", "a", "b", "a", "b", "morgue", "morgue", "b",
                                             "a", "b", "a", "morgue"}));
  ASSERT_EQ(result.runs.size(), 4u);
  for (const bench::IndexRun& run : result.runs) {
    ASSERT_EQ(run.peers.size(), 2u);
    EXPECT_EQ(run.peers[0].rows, 1u);
    EXPECT_EQ(run.peers[1].rows, 2u);
  }
  EXPECT_EQ(result.peer_median_seconds.size(), 2u);
}

// The plain Xapian floor of bench index: the same records dealt to two
// databases, each article's headline ("S") and body words with positions
// and no stems, its id as the document's data.
TEST(BenchSmokeTest, XapianFloorIndexesTheSameRecords) {
  test::TempDir dir;
  const std::vector<Article> read = SampleArticles();
  ASSERT_GT(read.size(), 2u);
  const bench::XapianBuild build =
      bench::BuildXapianIndex({test::SampleCorpusDir()}, {}, dir.path().string(), 2);
  EXPECT_EQ(build.rows, read.size());
  EXPECT_EQ(build.skipped, 0u);
  EXPECT_GT(build.bytes, 0u);
  std::map<std::string, const Article*> by_id;
  for (const Article& a : read) by_id[a.id] = &a;
  size_t seen = 0;
  for (const char* name : {"db-0", "db-1"}) {
    Xapian::Database db((dir / name));
    EXPECT_GE(db.get_doccount(), read.size() / 2) << name;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it, ++seen) {
      const Xapian::Document doc = db.get_document(*it);
      ASSERT_TRUE(by_id.count(doc.get_data())) << doc.get_data();
      const Article& a = *by_id[doc.get_data()];
      bool headline = false, body = false;
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        EXPECT_NE((*t)[0], 'Z') << "a stem: " << *t;
        EXPECT_GT(t.positionlist_count(), 0u) << *t;
        headline = headline || (*t)[0] == 'S';
        body = body || ((*t)[0] != 'S');
      }
      EXPECT_EQ(headline, !a.headline.empty()) << a.id;
      EXPECT_TRUE(body) << a.id;
    }
  }
  EXPECT_EQ(seen, read.size());
  EXPECT_THROW(bench::BuildXapianIndex({test::SampleCorpusDir()}, {}, dir.path().string(), 0),
               Error);
}

TEST(BenchSmokeTest, IndexThenQueryTheSample) {
  test::TempDir dir;
  std::string archive = dir / "sample.morgue";
  auto index = RunMorgue("bench index --corpus " + Quote(test::SampleCorpusDir()) + " --archive " +
                         Quote(archive) + " --compact --format json");
  ASSERT_EQ(index.exit_code, 0) << index.err;
  json report = json::parse(index.out);
  EXPECT_EQ(report["benchmark"], "index");
  EXPECT_EQ(report["articles"], 16);
  EXPECT_EQ(report["skipped"], 0);
  EXPECT_GT(report["seconds"].get<double>(), 0);
  EXPECT_GT(report["articles_per_second"].get<double>(), 0);
  EXPECT_GT(report["peak_rss_bytes"].get<uint64_t>(), 1u << 20);
  EXPECT_FALSE(report["peak_rss_includes_peers"].get<bool>());
  EXPECT_GT(report["archive_bytes"]["store"].get<uint64_t>(), 0u);
  EXPECT_GT(report["archive_bytes"]["xapian"].get<uint64_t>(), 0u);
  EXPECT_GT(report["compacted_bytes"]["total"].get<uint64_t>(), 0u);
  EXPECT_GT(report["machine"]["cpus"].get<unsigned>(), 0u);
  EXPECT_FALSE(report["morgue_version"].get<std::string>().empty());
  ASSERT_TRUE(std::filesystem::exists(archive)) << "--archive is kept";

  std::string queries = dir / "queries.tsv";
  std::ofstream(queries) << "# a tiny mix\nfree\tgrain prices\nentity\tplace:kenya\n"
                            "facets:place\t\nhistogram:month\tgrain\nexport\t\n";
  auto query = RunMorgue("bench query --archive " + Quote(archive) + " --queries " +
                         Quote(queries) + " --repeat 2 --format json");
  ASSERT_EQ(query.exit_code, 0) << query.err;
  json q = json::parse(query.out);
  EXPECT_EQ(q["articles"], 16);
  std::set<std::string> classes;
  for (const auto& c : q["classes"]) {
    classes.insert(c["class"].get<std::string>());
    EXPECT_LE(c["p50_us"].get<double>(), c["p95_us"].get<double>()) << c.dump();
    EXPECT_LE(c["p95_us"].get<double>(), c["p99_us"].get<double>()) << c.dump();
    EXPECT_EQ(c["runs"].get<size_t>(), 2 * c["queries"].get<size_t>()) << c.dump();
  }
  EXPECT_EQ(classes,
            (std::set<std::string>{"free", "entity", "facets", "histogram", "export", "mix"}));

  auto text = RunMorgue("bench query --archive " + Quote(archive) + " --queries " + Quote(queries) +
                        " --repeat 1");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("p95 us"), std::string::npos) << text.out;
}

TEST(BenchSmokeTest, RejectsBadQueryFilesAndArchives) {
  test::TempDir dir;
  std::string queries = dir / "bad.tsv";
  std::ofstream(queries) << "free oil without a tab\n";
  auto r =
      RunMorgue("bench query --archive " + Quote(dir / "none") + " --queries " + Quote(queries));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("bad.tsv:1"), std::string::npos) << r.err;
  EXPECT_EQ(RunMorgue("bench frobnicate").exit_code, 2);
  auto busy = RunMorgue("bench index --corpus " + Quote(test::SampleCorpusDir()) + " --archive " +
                        Quote(test::SampleCorpusDir()));
  EXPECT_EQ(busy.exit_code, 2) << "a non-empty --archive is refused: " << busy.err;
}

TEST(BenchSmokeTest, DefaultMixIsTheShippedReutersFile) {
  auto r = RunMorgue("bench query --list");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, test::ReadFile(std::string(MORGUE_SOURCE_DIR) + "/bench/queries/reuters.tsv"));
  size_t searches = 0;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string cls = line.substr(0, line.find('\t'));
    if (cls == "free" || cls == "phrase" || cls == "date" || cls == "entity" ||
        cls == "combination") {
      ++searches;
    }
  }
  EXPECT_EQ(searches, 40u);
}

TEST(BenchSmokeTest, GenerateIsDeterministicGivenTheSeed) {
  test::TempDir dir;
  std::string model = Quote(test::SampleCorpusDir());
  auto generate = [&](const std::string& name, int seed) {
    auto r = RunMorgue("bench generate --out " + Quote(dir / name) + " --articles 200 --seed " +
                       std::to_string(seed) + " --model " + model);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return test::ReadFile(dir / name);
  };
  std::string a = generate("a.jsonl", 7), b = generate("b.jsonl", 7), c = generate("c.jsonl", 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::vector<json> lines = JsonLines(a);
  ASSERT_EQ(lines.size(), 200u);
  std::set<std::string> ids;
  for (const auto& j : lines) {
    ids.insert(j["id"].get<std::string>());
    EXPECT_FALSE(j["title"].get<std::string>().empty());
    EXPECT_EQ(j["source"], "synthetic");
    EXPECT_EQ(j["published"].get<std::string>().size(), 20u)
        << j["published"];  // 2023-01-01T00:00:00Z
    for (const char* key : {"people", "organizations", "places", "topics"}) {
      EXPECT_TRUE(j[key].is_array()) << key;
    }
  }
  EXPECT_EQ(ids.size(), 200u);

  // The generated corpus is a valid morgue input.
  auto index = RunMorgue("bench index --corpus " + Quote(dir / "a.jsonl") + " --format json");
  ASSERT_EQ(index.exit_code, 0) << index.err;
  EXPECT_EQ(json::parse(index.out)["articles"], 200);
}

}  // namespace
}  // namespace morgue
