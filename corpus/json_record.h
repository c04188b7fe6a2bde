// Mapping of JSON values onto Article fields, shared by the JSON Lines and CSV
// readers (a CSV cell is handled as a JSON string). Internal to corpus/.
#ifndef MORGUE_CORPUS_JSON_RECORD_H_
#define MORGUE_CORPUS_JSON_RECORD_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "corpus/reader_context.h"
#include "morgue/article.h"

namespace morgue {

// Applies one key/value pair to *article (unknown keys and nulls are ignored).
// Returns "" or why the record must be refused (a value of the wrong type).
// A value that is kept out of the article without refusing it (a date that
// cannot be read: the article stays undated) adds a warning to *warnings.
std::string ApplyJsonField(const std::string& key, const nlohmann::json& value, Article* article,
                           std::vector<std::string>* warnings);

// Checks and completes a record after its fields: refuses one with neither a
// title nor text, fills the id (`fallback_id`) and source when missing, and
// locates quotes. Returns "" or the reason.
std::string FinishRecord(const std::string& fallback_id, const ReadContext& context,
                         Article* article);

}  // namespace morgue

#endif  // MORGUE_CORPUS_JSON_RECORD_H_
