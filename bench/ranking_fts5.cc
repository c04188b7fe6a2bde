#include "bench/ranking_fts5.h"

#include <sqlite3.h>

#include "morgue/error.h"

namespace morgue::bench {

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
    std::string text = message ? message : "";
    sqlite3_free(message);
    if (rc != SQLITE_OK) throw Error(ErrorCode::kIO, std::string("sqlite: ") + text);
  }
};

namespace {

struct Statement {
  sqlite3_stmt* s = nullptr;
  ~Statement() { sqlite3_finalize(s); }
};

}  // namespace

Fts5Index::Fts5Index(const std::vector<Article>& documents) : db_(std::make_unique<Db>()) {
  db_->Check(sqlite3_open(":memory:", &db_->db), "open");
  db_->Exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, headline, body, "
            "tokenize = 'porter unicode61')");
  db_->Exec("BEGIN");
  Statement insert;
  db_->Check(sqlite3_prepare_v2(db_->db, "INSERT INTO docs(id, headline, body) VALUES (?, ?, ?)",
                                -1, &insert.s, nullptr),
             "prepare");
  for (const Article& a : documents) {
    std::string body = a.BodyText();
    sqlite3_bind_text(insert.s, 1, a.id.data(), static_cast<int>(a.id.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.s, 2, a.headline.data(), static_cast<int>(a.headline.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.s, 3, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
    db_->Check(sqlite3_step(insert.s), "insert");
    sqlite3_reset(insert.s);
  }
  db_->Exec("COMMIT");
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
