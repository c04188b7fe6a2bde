// Saved queries (Archive::SaveQuery, @name in queries): expansion equals the
// query written out in parentheses (checked as counts and ids, and against a
// brute-force scan of the generated articles), cycles and unknown names are
// syntax errors at the '@', names are validated, the store keeps them
// through reopen, backup and compaction, Check reports them, and the write
// lock rules hold (a second writer is refused while one holds the lock).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "morgue/query.h"
#include "test_util.h"

namespace morgue {
namespace {

// 60 articles: "oil" in every 2nd, "iran" in every 3rd, "gas" in every 5th.
std::vector<Article> SavedCorpus() {
  std::vector<Article> out;
  for (int i = 0; i < 60; ++i) {
    Article a;
    a.source = "s";
    a.id = std::to_string(i);
    a.headline = "item " + a.id;
    std::string body = "news";
    if (i % 2 == 0) body += " oil";
    if (i % 3 == 0) body += " iran";
    if (i % 5 == 0) body += " gas";
    a.body = {body};
    a.published = Timestamp::FromCivil(1990, 1 + i % 12, 1 + i % 28);
    out.push_back(std::move(a));
  }
  return out;
}

template <typename Pred>
uint64_t Brute(Pred pred) {
  uint64_t n = 0;
  for (const Article& a : SavedCorpus()) {
    const std::string& b = a.body[0];
    if (pred(b.find("oil") != std::string::npos, b.find("iran") != std::string::npos,
             b.find("gas") != std::string::npos)) {
      ++n;
    }
  }
  return n;
}

void ExpectSyntaxError(const std::function<void()>& fn, int64_t position,
                       const std::string& message) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected " << message;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax) << e.what();
    EXPECT_EQ(e.position(), position) << e.what();
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
  }
}

class SavedQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = Archive::Open(dir_ / "a", OpenMode::kCreate);
    archive_->Add(SavedCorpus());
  }
  uint64_t Count(const std::string& query) const {
    SearchRequest r;
    r.query = query;
    return archive_->Count(r);
  }
  std::vector<std::string> Ids(const std::string& query) const {
    SearchRequest r;
    r.query = query;
    r.limit = 1000;
    r.sort = SortOrder::kOldest;
    std::vector<std::string> ids;
    for (const Hit& h : archive_->Search(r).hits) ids.push_back(h.id);
    return ids;
  }
  test::TempDir dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(SavedQueriesTest, ExpandsAsAGroup) {
  archive_->SaveQuery("energy", "oil OR gas");
  archive_->SaveQuery("mideast", "iran");
  archive_->SaveQuery("both", "@energy @mideast");
  // As written out in parentheses; and against the brute-force scan.
  EXPECT_EQ(Ids("@energy"), Ids("(oil OR gas)"));
  EXPECT_EQ(Count("@energy"), Brute([](bool o, bool, bool g) { return o || g; }));
  EXPECT_EQ(Count("iran @energy"), Brute([](bool o, bool i, bool g) { return i && (o || g); }));
  EXPECT_EQ(Count("-@energy"), Brute([](bool o, bool, bool g) { return !(o || g); }));
  EXPECT_EQ(Count("@both"), Brute([](bool o, bool i, bool g) { return i && (o || g); }));
  EXPECT_EQ(Count("@mideast OR gas"), Brute([](bool, bool i, bool g) { return i || g; }));
  EXPECT_EQ(Ids("@both"), Ids("((oil OR gas) iran)"));
  // Query::Parse text and the --explain description.
  SearchRequest built;
  built.built_query = Query::Parse("@energy");
  EXPECT_EQ(archive_->Count(built), Count("oil OR gas"));
  SearchRequest explain;
  explain.query = "iran @energy";
  explain.explain = true;
  const std::string shown = archive_->Search(explain).query_description;
  EXPECT_NE(shown.find("oil OR gas"), std::string::npos) << shown;
  // Replaced: the new text counts.
  archive_->SaveQuery("energy", "gas");
  EXPECT_EQ(Count("@energy"), Brute([](bool, bool, bool g) { return g; }));
}

TEST_F(SavedQueriesTest, UnknownNamesAndCyclesAreSyntaxErrorsAtTheAt) {
  ExpectSyntaxError([&] { Count("oil @nothing"); }, 4, "unknown saved query @nothing");
  archive_->SaveQuery("a", "oil");
  archive_->SaveQuery("b", "gas @a");
  // a -> b -> a: refused when saved.
  ExpectSyntaxError([&] { archive_->SaveQuery("a", "iran OR @b"); }, 8, "leads back to itself");
  ExpectSyntaxError([&] { archive_->SaveQuery("c", "@c"); }, 0, "leads back to itself");
  EXPECT_EQ(Count("@a"), Count("oil"));  // unchanged
  // A saved query that uses one deleted later: an error where it is used.
  EXPECT_TRUE(archive_->DeleteQuery("a"));
  EXPECT_FALSE(archive_->DeleteQuery("a"));
  ExpectSyntaxError([&] { Count("iran @b"); }, 5, "in saved query @b: unknown saved query @a");
  CheckReport report = archive_->Check();
  EXPECT_EQ(report.saved_queries, 1U);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.problems[0].find("@b"), std::string::npos) << report.problems[0];
  // Saving checks the query parses.
  ExpectSyntaxError([&] { archive_->SaveQuery("d", "oil AND"); }, 4, "AND");
  ExpectSyntaxError([&] { archive_->SaveQuery("d", "oil @zz"); }, 4, "unknown saved query @zz");
  try {
    archive_->SaveQuery("d", "   ");
    ADD_FAILURE() << "an empty query was saved";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
  }
  EXPECT_EQ(archive_->SavedQueries().size(), 1U);
}

TEST_F(SavedQueriesTest, NamesFollowTheRule) {
  const std::vector<std::string> bad_names = {"",
                                              "Energy",
                                              "1oil",
                                              "_x",
                                              "-x",
                                              "a b",
                                              "a.b",
                                              "a/b",
                                              "ölpreis",
                                              std::string(65, 'a'),
                                              std::string("a\0b", 3),
                                              "a\xff"};
  for (const std::string& bad : bad_names) {
    try {
      archive_->SaveQuery(bad, "oil");
      ADD_FAILURE() << "saved under \"" << bad << "\"";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << bad;
      EXPECT_NE(std::string(e.what()).find("starting with a letter"), std::string::npos);
    }
  }
  archive_->SaveQuery(std::string(64, 'a'), "oil");
  archive_->SaveQuery("x-1_y", "gas");
  EXPECT_EQ(Count("@x-1_y"), Count("gas"));
  // In a query, a name outside the rule is an error, not a word.
  ExpectSyntaxError([&] { Count("oil @Energy"); }, 4, "bad saved query name");
  ExpectSyntaxError([&] { Count("@x.y"); }, 0, "bad saved query name");
  // '@' not followed by a letter stays text as before.
  EXPECT_EQ(Count("oil @"), Count("oil"));
}

TEST_F(SavedQueriesTest, ExpansionIsBounded) {
  // Each level uses the one below twice: 2^20 copies of "oil".
  archive_->SaveQuery("l0", "oil");
  std::string last = "l0";
  bool refused = false;
  for (int level = 1; level <= 20 && !refused; ++level) {
    const std::string name = "l" + std::to_string(level);
    try {
      archive_->SaveQuery(name, "@" + last + " @" + last);
      last = name;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kLimit) << e.what();
      refused = true;
    }
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(Count("@" + last), Count("oil"));
}

TEST_F(SavedQueriesTest, KeptByReopenBackupAndCompactAndListed) {
  archive_->SaveQuery("energy", "oil OR gas");
  archive_->SaveQuery("mideast", "iran -\"saudi arabia\"");
  archive_->Compact();
  archive_->Backup(dir_ / "copy");
  archive_.reset();
  for (const std::string& path : {dir_ / "a", dir_ / "copy"}) {
    auto reopened = Archive::Open(path, OpenMode::kReadOnly);
    const std::vector<SavedQuery> saved = reopened->SavedQueries();
    ASSERT_EQ(saved.size(), 2U) << path;
    EXPECT_EQ(saved[0].name, "energy");
    EXPECT_EQ(saved[0].query, "oil OR gas");
    EXPECT_EQ(saved[1].name, "mideast");
    SearchRequest r;
    r.query = "@energy";
    EXPECT_EQ(reopened->Count(r), Brute([](bool o, bool, bool g) { return o || g; }));
    const CheckReport report = reopened->Check();
    EXPECT_TRUE(report.ok()) << report.problems[0];
    EXPECT_EQ(report.saved_queries, 2U);
    // Read-only: no saving.
    EXPECT_THROW(reopened->SaveQuery("x", "oil"), Error);
    EXPECT_THROW(reopened->DeleteQuery("energy"), Error);
  }
}

// A handle opened read-only before a query is saved, changed or deleted
// (a notebook, a server) sees it at its next read. Before, a read-only
// handle kept its first store: "@name" stayed unknown, or kept its old text.
TEST_F(SavedQueriesTest, AReadOnlyHandleSeesSavesAndDeletesAtItsNextRead) {
  auto reader = Archive::Open(dir_ / "a", OpenMode::kReadOnly);
  SearchRequest r;
  r.query = "@energy";
  EXPECT_THROW(reader->Count(r), Error);
  archive_->SaveQuery("energy", "oil OR gas");
  EXPECT_EQ(reader->Count(r), Brute([](bool o, bool, bool g) { return o || g; }));
  ASSERT_EQ(reader->SavedQueries().size(), 1U);
  archive_->SaveQuery("energy", "gas");
  EXPECT_EQ(reader->Count(r), Brute([](bool, bool, bool g) { return g; }));
  EXPECT_EQ(reader->SavedQueries().at(0).query, "gas");
  EXPECT_TRUE(archive_->DeleteQuery("energy"));
  EXPECT_THROW(reader->Count(r), Error);
  EXPECT_TRUE(reader->SavedQueries().empty());
  EXPECT_FALSE(archive_->DeleteQuery("energy"));
}

TEST_F(SavedQueriesTest, CommandLine) {
  const std::string a = test::Quote(dir_ / "a");
  archive_.reset();  // the command takes the write lock
  test::CommandResult out = test::RunMorgue("queries save energy 'oil OR gas' -a " + a);
  ASSERT_EQ(out.exit_code, 0) << out.err;
  out = test::RunMorgue("queries save mideast -a " + a + " -- iran -@energy");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  out = test::RunMorgue("queries list -a " + a);
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out, "@energy\toil OR gas\n@mideast\tiran -@energy\n");
  out = test::RunMorgue("count -a " + a + " @mideast");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out,
            std::to_string(Brute([](bool o, bool i, bool g) { return i && !(o || g); })) + "\n");
  out = test::RunMorgue("search -a " + a + " @mideast --explain -n 0");
  EXPECT_NE(out.out.find("parsed query: "), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("oil OR gas"), std::string::npos) << out.out;
  out = test::RunMorgue("queries save Bad oil -a " + a);
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(out.err.find("starting with a letter"), std::string::npos) << out.err;
  out = test::RunMorgue("queries save loop -a " + a + " '@loop'");
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(out.err.find("leads back to itself"), std::string::npos) << out.err;
  out = test::RunMorgue("count -a " + a + " 'oil @nope'");
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(out.err.find("unknown saved query @nope"), std::string::npos) << out.err;
  out = test::RunMorgue("queries delete energy -a " + a);
  EXPECT_EQ(out.exit_code, 0) << out.err;
  out = test::RunMorgue("queries delete energy -a " + a);
  EXPECT_EQ(out.exit_code, 1) << out.err;
  out = test::RunMorgue("queries rename energy -a " + a);
  EXPECT_EQ(out.exit_code, 2) << out.err;
  out = test::RunMorgue("queries list -a " + a + " --format json");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.out.find("\"name\": \"mideast\""), std::string::npos) << out.out;
  out = test::RunMorgue("check -a " + a);
  EXPECT_EQ(out.exit_code, 1) << out.out << out.err;  // @mideast uses the deleted @energy
  EXPECT_NE((out.out + out.err).find("@mideast"), std::string::npos) << out.out << out.err;
}

// Saving follows the archive's lock: while another writer holds it (here
// this process, as an indexing process would), `morgue queries save` fails
// naming the holder, and nothing is saved.
TEST_F(SavedQueriesTest, SavingWhileAnotherProcessWritesIsRefused) {
  test::CommandResult out =
      test::RunMorgue("queries save energy oil -a " + test::Quote(dir_ / "a"));
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(out.err.find("pid"), std::string::npos) << out.err;
  EXPECT_TRUE(archive_->SavedQueries().empty());
}

}  // namespace
}  // namespace morgue
