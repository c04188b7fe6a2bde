// The FTS5 build beside `morgue bench index` (bench/fts5_build.h).
#include "bench/fts5_build.h"

#include <sqlite3.h>

#include <filesystem>
#include <memory>

#include "morgue/error.h"

namespace morgue::bench {

namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct Finalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

void Check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw Error(ErrorCode::kIO, std::string("sqlite ") + what + ": " + sqlite3_errmsg(db));
  }
}

void Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  if (rc != SQLITE_OK) throw Error(ErrorCode::kIO, std::string("sqlite: ") + text);
}

std::unique_ptr<sqlite3_stmt, Finalizer> Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  Check(db, sqlite3_prepare_v2(db, sql, -1, &s, nullptr), "prepare");
  return std::unique_ptr<sqlite3_stmt, Finalizer>(s);
}

void Bind(sqlite3* db, sqlite3_stmt* s, int column, const std::string& text) {
  Check(db,
        sqlite3_bind_text(s, column, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT),
        "bind");
}

}  // namespace

Fts5Build BuildFts5File(const std::vector<std::string>& paths, const ReadOptions& options,
                        const std::string& db_path) {
  std::error_code ec;
  if (std::filesystem::exists(db_path, ec)) {
    throw Error(ErrorCode::kInvalidArgument, "the FTS5 database " + db_path + " exists already");
  }
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, Closer> db(raw);
  Check(db.get(), rc, "open");
  Exec(db.get(), "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, headline, body, "
                 "tokenize = 'porter unicode61')");
  Exec(db.get(), "BEGIN");
  auto insert = Prepare(db.get(), "INSERT INTO docs(id, headline, body) VALUES (?, ?, ?)");
  Fts5Build build;
  for (const std::string& path : paths) {
    ReadPath(
        path, options,
        [&](Article&& a) {
          Bind(db.get(), insert.get(), 1, a.id);
          Bind(db.get(), insert.get(), 2, a.headline);
          Bind(db.get(), insert.get(), 3, a.BodyText());
          Check(db.get(), sqlite3_step(insert.get()), "insert");
          sqlite3_reset(insert.get());
        },
        [&](const ReadIssue& issue) {
          if (issue.skipped) ++build.skipped;  // a warning's article was read
        });
  }
  Exec(db.get(), "COMMIT");
  auto count = Prepare(db.get(), "SELECT count(*) FROM docs");
  Check(db.get(), sqlite3_step(count.get()), "count");
  build.rows = static_cast<uint64_t>(sqlite3_column_int64(count.get(), 0));
  count.reset();
  insert.reset();
  db.reset();
  build.bytes = std::filesystem::file_size(db_path, ec);
  return build;
}

}  // namespace morgue::bench
