// CSV (RFC 4180) with a header row: quoted fields, doubled quotes, line
// breaks inside quotes, CRLF. Column names map like JSON keys (fields.h).
#include <string>
#include <vector>

#include "corpus/fields.h"
#include "corpus/json_record.h"
#include "corpus/reader_context.h"
#include "corpus/text.h"

namespace morgue::corpus {

namespace {

struct CsvRow {
  std::vector<std::string> fields;
  uint64_t line = 0;   // line where the row starts
  size_t bytes = 0;    // size of the row in the file
  std::string error;   // set when the row is malformed
};

// Reads the row starting at *pos; advances *pos and *line past it. Returns
// false at the end of input.
bool NextRow(std::string_view in, size_t* pos, uint64_t* line, CsvRow* row) {
  // Skip blank lines between records.
  while (*pos < in.size() && (in[*pos] == '\n' || in[*pos] == '\r')) {
    if (in[*pos] == '\n') ++*line;
    ++*pos;
  }
  if (*pos >= in.size()) return false;
  row->fields.clear();
  row->error.clear();
  row->line = *line;
  size_t start = *pos;
  std::string field;
  bool quoted = false, after_quote = false;
  size_t i = *pos;
  for (;; ++i) {
    if (i >= in.size()) {
      if (quoted) row->error = "unterminated quoted field";
      row->fields.push_back(std::move(field));
      break;
    }
    char c = in[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < in.size() && in[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++*line;
        field.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      row->fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
    } else if (c == '\n' || c == '\r') {
      row->fields.push_back(std::move(field));
      if (c == '\r' && i + 1 < in.size() && in[i + 1] == '\n') ++i;
      ++*line;
      ++i;
      break;
    } else if (c == '"' && field.empty() && !after_quote) {
      quoted = true;
    } else {
      field.push_back(c);  // a stray quote inside an unquoted field is kept
    }
  }
  *pos = i;
  row->bytes = *pos - start;
  return true;
}

bool IsListField(Field field) {
  return field == Field::kTopics || field == Field::kPeople || field == Field::kOrgs ||
         field == Field::kPlaces || field == Field::kAuthors;
}

// A cell as the JSON value its column expects.
nlohmann::json CellValue(Field field, const std::string& cell) {
  std::string_view trimmed = TrimView(cell);
  bool structured = field == Field::kQuotes || field == Field::kCaptions ||
                    field == Field::kEntities || IsListField(field);
  if (structured && !trimmed.empty() && trimmed.front() == '[') {
    auto parsed = nlohmann::json::parse(trimmed, nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  }
  if (field == Field::kAuthors && (cell.find(';') != std::string::npos ||
                                   cell.find('|') != std::string::npos)) {
    return SplitList(cell);
  }
  return cell;
}

}  // namespace

void ReadCsv(std::string_view bytes, ReadContext& context) {
  size_t pos = 0;
  uint64_t line = 1;
  CsvRow header;
  if (!NextRow(bytes, &pos, &line, &header) || !header.error.empty()) {
    context.Issue(header.line, 0, "cannot read the CSV header row");
    return;
  }
  std::vector<Field> columns;
  bool has_content = false;
  for (const std::string& name : header.fields) {
    Field field = FieldForName(TrimView(name));
    columns.push_back(field);
    has_content = has_content || field == Field::kTitle || field == Field::kBody;
  }
  if (!has_content) {
    context.Issue(header.line, 0, "CSV header has no title or text column (columns: " +
                                      std::string(bytes.substr(0, bytes.find('\n'))) + ")");
    return;
  }
  int url_column = -1;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c] == Field::kUrl && url_column < 0) url_column = static_cast<int>(c);
  }
  CsvRow row;
  uint64_t record = 0;
  while (NextRow(bytes, &pos, &line, &row)) {
    ++record;
    if (std::string reason = context.CheckRecordSize(row.bytes); !reason.empty()) {
      context.Issue(row.line, record, reason);
      continue;
    }
    if (!row.error.empty()) {
      context.Issue(row.line, record, row.error);
      continue;
    }
    if (row.fields.size() != columns.size()) {
      context.Issue(row.line, record,
                    "row has " + std::to_string(row.fields.size()) + " columns, the header has " +
                        std::to_string(columns.size()));
      continue;
    }
    Article article;
    std::string reason;
    for (size_t c = 0; c < columns.size() && reason.empty(); ++c) {
      if (columns[c] == Field::kIgnored || row.fields[c].empty()) continue;
      reason = ApplyJsonField(header.fields[c], CellValue(columns[c], row.fields[c]), &article);
    }
    if (reason.empty()) {
      std::string fallback_id = context.stem() + "-" + std::to_string(record);
      if (url_column >= 0 && !article.url.empty()) fallback_id = article.url;
      reason = FinishRecord(fallback_id, context, &article);
    }
    if (reason.empty()) {
      context.Emit(std::move(article), row.line, record);
    } else {
      context.Issue(row.line, record, reason);
    }
  }
}

}  // namespace morgue::corpus
