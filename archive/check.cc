// Archive::Check: the store and the index verified against each other.
//
// The index is read first, then a fresh read-only snapshot of the store: the
// store is then at or ahead of the index, and the operations logged after the
// index's applied mark explain every difference a running writer causes.
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "archive/archive_impl.h"
#include "indexer/document.h"
#include "indexer/shard_layout.h"
#include "indexer/shards.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/parse.h"
#include "storage/codec.h"
#include "storage/store.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxListed = 100;

// The index: global docid -> unique term, and each shard's applied mark.
struct IndexView {
  bool opened = false;
  std::map<uint64_t, std::string> docs;  // docid -> "Q<source>/<id>" ("" when none)
  uint64_t min_applied = UINT64_MAX, max_applied = 0;
};

// The store: a consistent snapshot of its column families.
struct StoreView {
  std::map<uint64_t, std::string> articles;     // docid -> unique term ("" when undecodable)
  std::map<uint64_t, std::string> names;        // docid -> "source/id" (decodable articles)
  std::map<std::string, uint64_t> ids;          // unique term -> docid
  std::map<std::string, std::string> id_names;  // unique term -> "source/id" of the id map
  std::map<uint64_t, QuarantineEntry> quarantined;
  std::map<std::string, std::string> saved_queries;  // name -> text
  std::vector<LostRange> lost;  // stretches of the articles that cannot be read
  bool Lost(uint64_t docid) const {
    return std::any_of(lost.begin(), lost.end(),
                       [&](const LostRange& r) { return docid >= r.first && docid <= r.last; });
  }
  std::set<uint64_t> pending;  // docids touched by operations after the index's mark
  uint64_t count = 0, last_seq = 0, pending_ops = 0;
};

class Reporter {
 public:
  explicit Reporter(CheckReport* r) : r_(r) {}
  void Add(uint64_t* counter, const std::string& line) {
    ++*counter;
    if (*counter <= kMaxListed) r_->problems.push_back(line);
  }
  void Add(const std::string& line) { r_->problems.push_back(line); }

 private:
  CheckReport* r_;
};

IndexView ReadIndex(const std::string& dir, unsigned n, Reporter& rep) {
  IndexView view;
  const ShardLayout layout{n};
  for (unsigned shard = 0; shard < n; ++shard) {
    const std::string path = ShardPath(dir, shard);
    try {
      std::ostringstream out;
      size_t errors = Xapian::Database::check(path, Xapian::DBCHECK_SHORT_TREE, &out);
      if (errors) {
        rep.Add("index shard " + path + ": Xapian's check found " + std::to_string(errors) +
                " errors; run morgue repair");
      }
      Xapian::Database db(path);
      std::string mark = db.get_metadata(kAppliedKey);
      uint64_t applied = mark.empty() ? 0 : std::stoull(mark);
      view.min_applied = std::min(view.min_applied, applied);
      view.max_applied = std::max(view.max_applied, applied);
      for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        view.docs[layout.GlobalOf(*p, shard)];
      }
      for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
        for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
          view.docs[layout.GlobalOf(*p, shard)] = *t;
        }
      }
    } catch (const Xapian::Error& e) {
      rep.Add("index shard " + path + " cannot be read (" + e.get_description() +
              "); run morgue repair");
      return view;
    } catch (const std::exception& e) {
      rep.Add("index shard " + path + " has a bad applied mark (" + e.what() +
              "); run morgue repair");
      return view;
    }
  }
  view.opened = true;
  if (view.min_applied == UINT64_MAX) view.min_applied = 0;
  return view;
}

// Opens a read-only snapshot of the store and reads all of it. Returns false
// (with a problem reported) when the store cannot be opened or read.
bool ReadStore(const std::string& dir, uint64_t applied, StoreView* view, Reporter& rep,
               CheckReport* report) {
  const std::string path = (fs::path(dir) / "store").string();
  std::unique_ptr<Store> store;
  try {
    store = Store::OpenSnapshot(path);
  } catch (const Error& e) {
    // As before Store::OpenSnapshot: RocksDB's status alone after the path,
    // not "cannot open the article store PATH: " a second time.
    std::string why = e.what();
    const std::string said = "cannot open the article store " + path + ": ";
    if (why.rfind(said, 0) == 0) why.erase(0, said.size());
    rep.Add("the article store " + path + " cannot be opened: " + why);
    report->store_damaged = true;
    return false;
  }
  if (std::string bad = store->VerifyChecksums(); !bad.empty()) {
    rep.Add("the article store " + path + " fails its checksums: " + bad);
    report->store_damaged = true;
  }

  view->count = store->ArticleCount();
  view->last_seq = store->last_seq();

  auto scan = [&](StoreFamily family,
                  const std::function<void(std::string_view, std::string_view)>& fn) {
    if (std::string bad = store->ScanFamily(family, fn); !bad.empty()) {
      rep.Add("the article store " + path + " cannot be read: " + bad);
      report->store_damaged = true;
    }
  };
  scan(StoreFamily::kMeta, [&](std::string_view key, std::string_view value) {
    std::optional<QuarantineEntry> e = ParseQuarantineEntry(key, value);
    if (e) view->quarantined[e->docid] = std::move(*e);
    if (auto q = ParseSavedQueryEntry(key, value)) view->saved_queries.insert(std::move(*q));
  });
  // Past damaged blocks: what follows one is still compared.
  const std::vector<LostRange> lost =
      store->ForEachArticleSalvaging([&](uint64_t docid, std::string_view bytes) {
        try {
          Article a = DecodeArticle(bytes);
          view->articles[docid] = UniqueTerm(a.source, a.id);
          view->names[docid] = a.source + "/" + a.id;
        } catch (const Error&) {
          view->articles[docid] = "";
          rep.Add(&report->undecodable,
                  "article at docid " + std::to_string(docid) + " cannot be decoded");
        }
      });
  for (const LostRange& range : lost) {
    view->lost.push_back(range);
    report->store_damaged = true;
    rep.Add(&report->unreadable, "the articles at docids " + std::to_string(range.first) + " to " +
                                     std::to_string(range.last) +
                                     " cannot be read: " + range.reason);
  }
  scan(StoreFamily::kIds, [&](std::string_view key_view, std::string_view value) {
    const std::string key(key_view);
    size_t nul = key.find('\0');
    if (nul == std::string::npos || value.size() != 8) {
      rep.Add(&report->dangling_ids, "a malformed id map entry in " + path);
      return;
    }
    const std::string source = key.substr(nul + 1), id = key.substr(0, nul);
    const std::string term = UniqueTerm(source, id);
    view->ids[term] = DecodeDocidKey(value);
    view->id_names[term] = source + "/" + id;
  });
  scan(StoreFamily::kOplog, [&](std::string_view key, std::string_view value) {
    if (key.size() != 8 || value.size() != 9) {
      rep.Add("a malformed operation log entry in " + path);
      return;
    }
    if (DecodeDocidKey(key) <= applied) return;
    ++view->pending_ops;
    view->pending.insert(DecodeDocidKey(value.substr(1)));
  });
  return true;
}

void Compare(const IndexView& index, const StoreView& store, Reporter& rep, CheckReport* r) {
  if (store.lost.empty() && store.count != store.articles.size()) {
    rep.Add("the store's article counter says " + std::to_string(store.count) + " but it holds " +
            std::to_string(store.articles.size()) + " articles");
  }
  for (const auto& [term, docid] : store.ids) {
    auto a = store.articles.find(docid);
    if (a == store.articles.end() && store.Lost(docid)) {
      rep.Add(&r->lost, "article " + store.id_names.at(term) + " (docid " + std::to_string(docid) +
                            ") is in an unreadable part of the store");
    } else if (a == store.articles.end()) {
      rep.Add(&r->dangling_ids, "id " + store.id_names.at(term) + " maps to docid " +
                                    std::to_string(docid) + ", which holds no article");
    } else if (!a->second.empty() && a->second != term) {
      rep.Add(&r->dangling_ids, "id " + store.id_names.at(term) + " maps to docid " +
                                    std::to_string(docid) + ", which holds " +
                                    store.names.at(docid));
    }
  }
  for (const auto& [docid, term] : store.articles) {
    if (term.empty()) continue;
    auto id = store.ids.find(term);
    if (id == store.ids.end() || id->second != docid) {
      rep.Add(&r->dangling_ids, "article " + store.names.at(docid) + " (docid " +
                                    std::to_string(docid) + ") is missing from the id map");
    }
  }
  for (const auto& [docid, e] : store.quarantined) {
    rep.Add(&r->quarantined, "article " + e.name + " (docid " + std::to_string(docid) +
                                 ") is quarantined, stored but not searchable: " + e.reason +
                                 "; add it again with the value shortened, or delete it");
  }
  if (!index.opened) return;
  if (index.max_applied > store.last_seq) {
    rep.Add("the index has applied operation " + std::to_string(index.max_applied) +
            " but the store logged only up to " + std::to_string(store.last_seq) +
            "; run morgue repair");
  }
  for (const auto& [docid, term] : store.articles) {
    if (term.empty() || store.pending.count(docid) || store.quarantined.count(docid)) continue;
    const std::string& name = store.names.at(docid);
    auto doc = index.docs.find(docid);
    if (doc == index.docs.end()) {
      rep.Add(&r->missing_from_index,
              "article " + name + " (docid " + std::to_string(docid) + ") is not in the index");
    } else if (doc->second != term) {
      rep.Add(&r->missing_from_index, "docid " + std::to_string(docid) + " holds " + name +
                                          " in the store but " +
                                          (doc->second.empty() ? "no id" : doc->second.substr(1)) +
                                          " in the index; run morgue repair");
    }
  }
  for (const auto& [docid, term] : index.docs) {
    if (store.pending.count(docid) || store.articles.count(docid) || store.Lost(docid)) continue;
    rep.Add(&r->missing_from_store, "indexed docid " + std::to_string(docid) + " (" +
                                        (term.empty() ? std::string("no id") : term.substr(1)) +
                                        ") has no stored article");
  }
}

// Each saved query must still parse with the saved queries it uses.
void CheckSavedQueries(const std::map<std::string, std::string>& saved, Reporter& rep,
                       CheckReport* report) {
  report->saved_queries = saved.size();
  const SavedQueryLookup lookup = [&saved](const std::string& name) -> std::optional<std::string> {
    auto it = saved.find(name);
    if (it == saved.end()) return std::nullopt;
    return it->second;
  };
  for (const auto& [name, text] : saved) {
    try {
      if (SavedQueryNameProblem(name)) {
        rep.Add("saved query \"" + name + "\" has a name this morgue does not take");
      } else if (!ParseText(text, Today(), &lookup, name)) {
        rep.Add("saved query @" + name + " is empty");
      }
    } catch (const Error& e) {
      rep.Add("saved query @" + name + " does not parse: " + e.what());
    }
  }
}

}  // namespace

CheckReport Archive::Check() const {
  const Impl& im = *impl_;
  im.RequireLocal("check");
  // A writer that commits between the two reads can trim log entries the
  // comparison needs: when the index moved meanwhile, look again.
  for (int attempt = 0;; ++attempt) {
    CheckReport report;
    Reporter rep(&report);
    IndexView index = ReadIndex(im.dir, im.manifest.shards, rep);
    StoreView store;
    if (ReadStore(im.dir, index.min_applied, &store, rep, &report)) {
      Compare(index, store, rep, &report);
    }
    report.articles = store.articles.size();
    report.ids = store.ids.size();
    report.documents = index.docs.size();
    report.pending = store.pending_ops;
    CheckSavedQueries(store.saved_queries, rep, &report);
    report.store_damaged = report.store_damaged || report.undecodable > 0;
    if (report.ok() || attempt == 2 || !index.opened) return report;
    CheckReport again;
    Reporter quiet(&again);
    IndexView now = ReadIndex(im.dir, im.manifest.shards, quiet);
    if (now.min_applied == index.min_applied && now.max_applied == index.max_applied) {
      return report;
    }
  }
}

}  // namespace morgue
