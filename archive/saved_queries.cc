// Saved queries: named query texts kept in the store, which @name in any
// query stands for (query/parse.h expands them).
#include "archive/archive_impl.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/parse.h"

namespace morgue {

void Archive::SaveQuery(const std::string& name, const std::string& query) {
  impl_->RequireWritable();
  if (auto problem = SavedQueryNameProblem(name)) {
    // Bytes other than printable ASCII as \xNN: the name may hold a NUL.
    std::string shown;
    for (unsigned char c : name) {
      if (c >= 0x20 && c < 0x7f) {
        shown += static_cast<char>(c);
      } else {
        static const char kHex[] = "0123456789abcdef";
        shown += std::string("\\x") + kHex[c >> 4] + kHex[c & 15];
      }
    }
    throw Error(ErrorCode::kInvalidArgument, "bad saved query name \"" + shown + "\": " + *problem);
  }
  const Store& store = *impl_->store;
  const SavedQueryLookup lookup = [&store](const std::string& n) { return store.GetSavedQuery(n); };
  // Parses with the saved queries it uses, `name` counting as one already
  // being expanded: a use of it, directly or through others, is a cycle.
  if (!ParseText(query, Today(), &lookup, name)) {
    throw Error(ErrorCode::kQuerySyntax, "empty query at position 0").WithPosition(0);
  }
  impl_->store->PutSavedQuery(name, query);
  impl_->MarkStoreChanged();
}

bool Archive::DeleteQuery(const std::string& name) {
  impl_->RequireWritable();
  if (!impl_->store->DeleteSavedQuery(name)) return false;
  impl_->MarkStoreChanged();
  return true;
}

std::vector<SavedQuery> Archive::SavedQueries() const {
  std::vector<SavedQuery> out;
  if (impl_->cluster) return out;  // a cluster has none (yet)
  for (auto& [name, query] : impl_->index->LatestStore()->SavedQueries()) {
    out.push_back({std::move(name), std::move(query)});
  }
  return out;
}

}  // namespace morgue
