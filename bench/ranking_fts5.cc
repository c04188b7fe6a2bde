#include "bench/ranking_fts5.h"

#include <sqlite3.h>

#include <filesystem>
#include <functional>

#include "morgue/error.h"

namespace morgue::bench {

// An open SQLite database (closed with it); failures become Error(kIO).
struct Fts5Index::Db {
  sqlite3* db = nullptr;
  ~Db() { sqlite3_close(db); }

  void Check(int rc, const char* what) const {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
      throw Error(ErrorCode::kIO, std::string("sqlite ") + what + ": " + sqlite3_errmsg(db));
    }
  }
  void Exec(const char* sql) const {
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if (rc != SQLITE_OK) throw Error(ErrorCode::kIO, std::string("sqlite: ") + text);
  }
};

namespace {

struct Statement {
  sqlite3_stmt* s = nullptr;
  ~Statement() { sqlite3_finalize(s); }
};

// Creates the table in `db` (BM25 over headline and body, porter stems) and
// inserts every article `each` gives, in one transaction.
void WriteTable(const Fts5Index::Db& db, const std::function<void(const ArticleSink&)>& each) {
  db.Exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, headline, body, "
          "tokenize = 'porter unicode61')");
  db.Exec("BEGIN");
  Statement insert;
  db.Check(sqlite3_prepare_v2(db.db, "INSERT INTO docs(id, headline, body) VALUES (?, ?, ?)", -1,
                              &insert.s, nullptr),
           "prepare");
  auto bind = [&](int column, const std::string& text) {
    db.Check(sqlite3_bind_text(insert.s, column, text.data(), static_cast<int>(text.size()),
                               SQLITE_TRANSIENT),
             "bind");
  };
  each([&](Article&& a) {
    bind(1, a.id);
    bind(2, a.headline);
    bind(3, a.BodyText());
    db.Check(sqlite3_step(insert.s), "insert");
    sqlite3_reset(insert.s);
  });
  db.Exec("COMMIT");
}

}  // namespace

Fts5Index::Fts5Index(const std::vector<Article>& documents) : db_(std::make_unique<Db>()) {
  db_->Check(sqlite3_open(":memory:", &db_->db), "open");
  WriteTable(*db_, [&](const ArticleSink& sink) {
    for (Article a : documents) sink(std::move(a));
  });
}

Fts5Build BuildFts5File(const std::vector<std::string>& paths, const ReadOptions& options,
                        const std::string& db_path) {
  std::error_code ec;
  if (std::filesystem::exists(db_path, ec)) {
    throw Error(ErrorCode::kInvalidArgument, "the FTS5 database " + db_path + " exists already");
  }
  Fts5Build build;
  {
    Fts5Index::Db db;
    db.Check(sqlite3_open_v2(db_path.c_str(), &db.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             nullptr),
             "open");
    WriteTable(db, [&](const ArticleSink& sink) {
      for (const std::string& path : paths) {
        ReadPath(path, options, sink, [&](const ReadIssue& issue) {
          if (issue.skipped) ++build.skipped;  // a warning's article was read
        });
      }
    });
    Statement count;
    db.Check(sqlite3_prepare_v2(db.db, "SELECT count(*) FROM docs", -1, &count.s, nullptr),
             "prepare");
    db.Check(sqlite3_step(count.s), "count");
    build.rows = static_cast<uint64_t>(sqlite3_column_int64(count.s, 0));
  }
  build.bytes = std::filesystem::file_size(db_path, ec);
  return build;
}

Fts5Index::~Fts5Index() = default;

std::vector<std::string> Fts5Index::Search(const std::vector<std::string>& words, bool all,
                                           size_t limit) const {
  std::string match;
  for (const std::string& w : words) {
    if (!match.empty()) match += all ? " AND " : " OR ";
    match += '"';
    for (char c : w) {
      if (c == '"') match += '"';  // FTS5 escapes a quote by doubling it
      match += c;
    }
    match += '"';
  }
  std::vector<std::string> ids;
  if (match.empty()) return ids;
  Statement query;
  db_->Check(sqlite3_prepare_v2(db_->db,
                                "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs), "
                                "rowid LIMIT ?",
                                -1, &query.s, nullptr),
             "prepare");
  sqlite3_bind_text(query.s, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(query.s, 2, static_cast<sqlite3_int64>(limit));
  int rc = 0;
  while ((rc = sqlite3_step(query.s)) == SQLITE_ROW) {
    const unsigned char* id = sqlite3_column_text(query.s, 0);
    ids.emplace_back(id ? reinterpret_cast<const char*>(id) : "");
  }
  db_->Check(rc, "query");
  return ids;
}

}  // namespace morgue::bench
