// No input can poison an archive: every article is checked against the
// limits of the layers below before it is logged, ids are unambiguous, and a
// logged operation the index refuses is quarantined instead of stopping every
// later write.
#include <gtest/gtest.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "indexer/analysis.h"
#include "indexer/document.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/manifest.h"
#include "test_util.h"

namespace morgue {
namespace {

Article Story(const std::string& source, const std::string& id, const std::string& body) {
  Article a;
  a.source = source;
  a.id = id;
  a.headline = "Story " + id.substr(0, 20);
  a.body = {body};
  return a;
}

using test::CountOf;

TEST(PoisonTest, AnIdLongerThanAnyTermIsStoredWholeAndFoundByIt) {
  test::TempDir tmp;
  auto archive = Archive::Open(tmp / "a.morgue", OpenMode::kCreate);
  const std::string long_id = "https://ru.wikinews.org/wiki/" + std::string(350, 'L');
  const std::string other_long = long_id + "2";  // shares the first 380 bytes
  archive->Add({Story("wiki", long_id, "alpha"), Story("wiki", other_long, "alpha beta"),
                Story("wiki", "short", "alpha")});
  // Every later writable open and write works (the batch used to poison it).
  archive.reset();
  archive = Archive::Open(tmp / "a.morgue", OpenMode::kReadWrite);
  archive->Add({Story("wiki", "later", "alpha")});

  EXPECT_EQ(CountOf(*archive, "alpha"), 4u);
  EXPECT_EQ(CountOf(*archive, "id:\"wiki/" + long_id + "\""), 1u);
  EXPECT_EQ(CountOf(*archive, "id:\"wiki/" + other_long + "\" beta"), 1u);
  std::optional<Article> got = archive->Get("wiki/" + long_id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, long_id);
  EXPECT_EQ(archive->Get(other_long)->id, other_long);
  EXPECT_TRUE(archive->Delete("wiki", long_id));
  EXPECT_EQ(CountOf(*archive, "alpha"), 3u);
  CheckReport report = archive->Check();
  EXPECT_TRUE(report.ok()) << report.problems.front();
}

TEST(PoisonTest, AValueTooLongForTheIndexRefusesTheBatchAndWritesNothing) {
  struct Case {
    const char* what;
    void (*spoil)(Article&);
  };
  const std::string huge(300, 'x');
  static std::string big;
  big = huge;
  const Case cases[] = {
      {"source", [](Article& a) { a.source = big; }},
      {"section", [](Article& a) { a.section = big; }},
      {"language", [](Article& a) { a.language = big; }},
      {"topic",
       [](Article& a) {
         a.topics = {"ok", big};
       }},
      {"person",
       [](Article& a) {
         a.entities.push_back({big, EntityKind::kPerson, "", EntityOrigin::kUser});
       }},
      {"place",
       [](Article& a) {
         a.entities.push_back({big, EntityKind::kPlace, "", EntityOrigin::kTagged});
       }},
      {"org",
       [](Article& a) {
         a.entities.push_back({"x", EntityKind::kOrganisation, big, EntityOrigin::kUser});
       }},
      {"speaker",
       [](Article& a) {
         a.quotes.push_back({"it is so", big, 0, 0, "", QuoteOrigin::kSupplied});
       }},
      {"id", [](Article& a) { a.id = std::string(kMaxIdBytes + 1, 'i'); }},
      {"id", [](Article& a) { a.id = "a\nb"; }},
      {"id", [](Article& a) { a.id = std::string("a\0b", 3); }},
      {"source", [](Article& a) { a.source = "bad\xff"; }},
      {"id", [](Article& a) { a.id.clear(); }},
      {"date", [](Article& a) { a.published = Timestamp::FromCivil(1, 1, 1); }},
      // Glass stores a zero byte as two: 150 of them make a term too long.
      {"topic", [](Article& a) { a.topics = {std::string(150, '\0')}; }},
      {"section", [](Article& a) { a.section = "news\x1b[31m"; }},
      {"date",
       [](Article& a) {
         a.published = Timestamp{INT64_MAX / 2, false};
       }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    test::TempDir tmp;
    auto archive = Archive::Open(tmp / "a.morgue", OpenMode::kCreate);
    archive->Add({Story("wire", "1", "alpha")});
    Article bad = Story("wire", "2", "alpha");
    c.spoil(bad);
    EXPECT_NE(ArticleProblem(bad), "");
    try {
      archive->Add({Story("wire", "3", "alpha"), bad, Story("wire", "4", "alpha")});
      ADD_FAILURE() << "the batch was taken";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(e.record(), 2u);
      EXPECT_NE(std::string(e.what()).find(c.what), std::string::npos) << e.what();
    }
    // Nothing of the batch was written; the archive takes the next one.
    EXPECT_EQ(archive->ArticleCount(), 1u);
    EXPECT_FALSE(archive->Get("wire/3"));
    archive->Add({Story("wire", "5", "alpha")});
    archive.reset();
    archive = Archive::Open(tmp / "a.morgue", OpenMode::kReadWrite);
    EXPECT_EQ(CountOf(*archive, "alpha"), 2u);
    EXPECT_TRUE(archive->Check().ok());
  }
}

TEST(PoisonTest, SourcesWithSlashesNeverShareAKey) {
  test::TempDir tmp;
  auto archive = Archive::Open(tmp / "a.morgue", OpenMode::kCreate);
  archive->Add({Story("a", "b/c", "first one"), Story("a/b", "c", "second one"),
                Story("a%2Fb", "c", "third one")});
  EXPECT_EQ(archive->ArticleCount(), 3u);
  EXPECT_TRUE(archive->Check().ok());
  // "a/b/c" reads as a/(b/c) and as (a/b)/c: both articles match, and Get
  // names both instead of choosing.
  EXPECT_EQ(CountOf(*archive, "id:a/b/c"), 2u);
  EXPECT_EQ(CountOf(*archive, "id:a/b/c first"), 1u);
  EXPECT_EQ(CountOf(*archive, "id:a%2Fb/c"), 1u);
  try {
    archive->Get("a/b/c");
    ADD_FAILURE() << "an ambiguous name was resolved";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("a/b/c names several articles"), std::string::npos);
  }
  EXPECT_EQ(archive->Get("b/c")->source, "a");  // the bare id
  EXPECT_TRUE(archive->Delete("a/b", "c"));
  EXPECT_EQ(archive->Get("a/b/c")->source, "a");
  EXPECT_EQ(CountOf(*archive, "id:a/b/c"), 1u);
  EXPECT_TRUE(archive->Check().ok());
}

// The readers report what an archive would refuse as a skipped record with
// its line, and read on: the run is not stopped by one refused batch.
TEST(PoisonTest, ReadersSkipWhatTheArchiveWouldRefuseNamingTheLine) {
  const std::string long_topic(300, 't');
  test::Collected got =
      test::Read("in.jsonl",
                 "{\"id\": \"1\", \"title\": \"fine\", \"text\": \"a\"}\n"
                 "{\"id\": \"2\", \"title\": \"bad\", \"text\": \"b\", \"topics\": [\"" +
                     long_topic +
                     "\"]}\n"
                     "{\"id\": \"3\", \"title\": \"fine\", \"text\": \"c\"}\n");
  ASSERT_EQ(got.articles.size(), 2u);
  EXPECT_EQ(got.articles[1].id, "3");
  ASSERT_EQ(got.issues.size(), 1u);
  EXPECT_EQ(got.issues[0].line, 2u);
  EXPECT_TRUE(got.issues[0].skipped);
  EXPECT_NE(got.issues[0].reason.find("topic 1 is 300 bytes long"), std::string::npos)
      << got.issues[0].reason;
}

// Archives of format 1 wrote "Q<source>/<id>" without escaping the source:
// the same for every source without '/' or '%'; Check lists the others and
// Repair re-indexes them.
TEST(PoisonTest, AnOldUnescapedUniqueTermIsListedByCheckAndMendedByRepair) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Archive::Open(dir, OpenMode::kCreate, {"en", 1})->Add({Story("a/b", "c", "alpha")});
  {
    Xapian::WritableDatabase shard(dir + "/xapian/shard-0", Xapian::DB_OPEN);
    Xapian::Document doc = shard.get_document(1);
    doc.remove_term("Qa%2Fb/c");
    doc.add_boolean_term("Qa/b/c");
    shard.replace_document(1, doc);
    shard.commit();
  }
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  CheckReport report = archive->Check();
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.problems[0].find("a/b/c in the store"), std::string::npos) << report.problems[0];
  EXPECT_NE(report.problems[0].find("morgue repair"), std::string::npos) << report.problems[0];
  archive.reset();
  Archive::Repair(dir);
  archive = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_TRUE(archive->Check().ok());
  EXPECT_EQ(CountOf(*archive, "id:a/b/c"), 1u);
}

// A format 1 archive is refused until repaired; the repair gives those
// articles the new unique terms.
TEST(PoisonTest, AFormatOneArchiveRepairedGetsTheNewUniqueTerms) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Archive::Open(dir, OpenMode::kCreate, {"en", 1})
      ->Add({Story("a/b", "c", "alpha"), Story("x%y", "1", "alpha"), Story("plain", "2", "alpha")});
  {
    Xapian::WritableDatabase shard(dir + "/xapian/shard-0", Xapian::DB_OPEN);
    for (Xapian::docid d : {1u, 2u}) {
      Xapian::Document doc = shard.get_document(d);
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if ((*t).rfind("Q", 0) == 0) {
          doc.remove_term(*t);
          break;
        }
      }
      doc.add_boolean_term(d == 1 ? "Qa/b/c" : "Qx%y/1");  // as format 1 wrote them
      shard.replace_document(d, doc);
    }
    shard.commit();
  }
  std::ofstream(dir + "/MORGUE", std::ios::trunc)
      << "morgue-archive 1\nlanguage=en\nshards=1\ncreated=2026-01-01T00:00:00Z\n"
         "marks_quotes_outside_body=1\n";
  // Format 1 is refused until a repair rebuilds the index (with escaped
  // unique terms, and folded words: tests/unicode_repair_test.cc).
  EXPECT_THROW(Archive::Open(dir, OpenMode::kReadOnly), Error);
  Archive::Repair(dir);
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_EQ(archive->Stats().format_version, kArchiveFormatVersion);
  EXPECT_TRUE(archive->Check().ok());
  EXPECT_EQ(CountOf(*archive, "id:a/b/c"), 1u);
  EXPECT_EQ(CountOf(*archive, "id:x%y/1"), 1u);
  EXPECT_EQ(CountOf(*archive, "alpha"), 3u);
}

// An archive of wire/1 whose log holds wire/2, which the index refuses.
std::string ArchiveWithAnUnindexableLog(const test::TempDir& tmp) {
  std::string dir = tmp / "a.morgue";
  Archive::Open(dir, OpenMode::kCreate)->Add({Story("wire", "1", "alpha")});
  // What an older morgue could log: it checked nothing before logging.
  Article poisoned = Story("wire", "2", "alpha poisoned");
  poisoned.topics = {std::string(300, 't')};
  test::AddUnchecked(dir, {poisoned});
  return dir;
}

TEST(PoisonTest, ALoggedArticleTheIndexRefusesIsQuarantinedNotAWall) {
  test::TempDir tmp;
  const std::string dir = ArchiveWithAnUnindexableLog(tmp);

  // The writable open replays the log: the good part is applied, the
  // refused article is quarantined, and the archive takes writes.
  auto archive = Archive::Open(dir, OpenMode::kReadWrite);
  archive->Add({Story("wire", "3", "alpha")});
  EXPECT_EQ(CountOf(*archive, "alpha"), 2u);
  EXPECT_EQ(archive->ArticleCount(), 3u);
  EXPECT_TRUE(archive->Get("wire/2"));  // kept in the store
  EXPECT_EQ(archive->Stats().quarantined, 1u);
  CheckReport report = archive->Check();
  EXPECT_EQ(report.quarantined, 1u);
  EXPECT_EQ(report.missing_from_index, 0u);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].find("wire/2"), std::string::npos) << report.problems[0];
  EXPECT_NE(report.problems[0].find("topic"), std::string::npos) << report.problems[0];

  // Repair keeps it quarantined; replacing it with a valid article ends that.
  archive.reset();
  Archive::Repair(dir);
  archive = Archive::Open(dir, OpenMode::kReadWrite);
  EXPECT_EQ(archive->Check().quarantined, 1u);
  archive->Add({Story("wire", "2", "alpha mended")});
  EXPECT_EQ(CountOf(*archive, "alpha"), 3u);
  EXPECT_EQ(archive->Stats().quarantined, 0u);
  EXPECT_TRUE(archive->Check().ok());
}

TEST(PoisonTest, TheCommandsReportQuarantinedArticles) {
  test::TempDir tmp;
  const std::string dir = ArchiveWithAnUnindexableLog(tmp);
  { auto writer = Archive::Open(dir, OpenMode::kReadWrite); }  // quarantines it
  auto text = test::RunMorgue("stats --archive " + test::Quote(dir));
  EXPECT_NE(text.out.find("quarantined 1 (stored but not searchable"), std::string::npos)
      << text.out;
  auto json = test::RunMorgue("stats --format json --archive " + test::Quote(dir));
  EXPECT_EQ(nlohmann::json::parse(json.out).at("quarantined"), 1) << json.out;
  auto check = test::RunMorgue("check --archive " + test::Quote(dir));
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("quarantined: 1,"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("wire/2 (docid 2) is quarantined"), std::string::npos) << check.out;
}

TEST(PoisonTest, ADeletedQuarantinedArticleLeavesNoTrace) {
  test::TempDir tmp;
  const std::string dir = ArchiveWithAnUnindexableLog(tmp);
  auto archive = Archive::Open(dir, OpenMode::kReadWrite);
  EXPECT_TRUE(archive->Delete("wire", "2"));
  archive.reset();
  archive = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_EQ(archive->Stats().quarantined, 0u);
  EXPECT_TRUE(archive->Check().ok());
}

bool IndexTermsHoldAZero(const Article& a) {
  auto zero = [](const std::string& s) { return s.find('\0') != std::string::npos; };
  bool any = zero(a.source) || zero(a.section) || zero(a.language);
  for (const auto& t : a.topics) any |= zero(t);
  for (const auto& e : a.entities) any |= zero(e.canonical);
  for (const auto& q : a.quotes) any |= zero(q.speaker);
  return any;
}

// IndexProblem says "" exactly when Xapian takes every term Build makes, on
// articles whose every field length sweeps the limit, zero bytes included.
TEST(PoisonTest, IndexProblemAgreesWithTheTermsBuildMakes) {
  std::mt19937 rng(7);
  auto text = [&](size_t lo, size_t hi) {
    std::uniform_int_distribution<size_t> len(lo, hi);
    static const std::string kPieces[] = {"a",   "B",    "é", "Ω", " ", "ß",
                                          "İ",   "日本", "-", "/", "%", std::string(1, '\0'),
                                          "\x01"};
    std::string s;
    size_t n = len(rng);
    while (s.size() < n) s += kPieces[rng() % std::size(kPieces)];
    return s;
  };
  DocumentBuilder builder;
  test::TempDir tmp;
  Xapian::WritableDatabase db(tmp / "db", Xapian::DB_CREATE);
  int refused = 0, taken = 0;
  for (int i = 0; i < 400; ++i) {
    Article a;
    a.source = text(1, 300);
    a.id = text(1, 600);
    a.section = rng() % 2 ? text(0, 300) : "";
    a.language = rng() % 3 ? "en" : text(1, 300);
    a.topics = {text(1, 300)};
    a.body = {"Some words here."};
    a.entities = {{text(1, 300), static_cast<EntityKind>(rng() % 3), "", EntityOrigin::kUser}};
    a.quotes = {{"a quotation", text(1, 300), 0, 0, "", QuoteOrigin::kSupplied}};
    for (Entity& e : a.entities) e.canonical = CanonicalEntity(e.kind, e.name);
    const std::string problem = IndexProblem(a);
    // The oracle is Xapian itself: a glass database commits the document or
    // refuses it ("Term too long", "Key too long").
    bool committed = true;
    try {
      db.replace_document(1, builder.Build(a));
      db.commit();
    } catch (const Xapian::Error&) {
      committed = false;
      db = Xapian::WritableDatabase(tmp / std::to_string(i), Xapian::DB_CREATE);
    }
    // Never a term Xapian refuses. With zero bytes, a term Xapian takes in a
    // one-document posting list may be refused: glass writes a zero byte as
    // two, and a longer list's chunk keys append the docid.
    const bool zeros = IndexTermsHoldAZero(a);
    if (problem.empty()) {
      EXPECT_TRUE(committed) << "taken: " << a.section;
    }
    if (!zeros) {
      EXPECT_EQ(problem.empty(), committed) << problem;
    }
    (problem.empty() ? taken : refused)++;
  }
  // The sweep reaches both sides of the limit (values reach 300 bytes: folding,
  // indexer/fold.h, shortens "é" and "İ" to one byte).
  EXPECT_GT(refused, 50);
  EXPECT_GT(taken, 50);
}

}  // namespace
}  // namespace morgue
