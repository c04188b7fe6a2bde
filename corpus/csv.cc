// CSV (RFC 4180) with a header row: quoted fields, doubled quotes, line
// breaks inside quotes, CRLF. Column names map like JSON keys (fields.h).
// A stray or unterminated quote does not swallow the rows after it: a quoted
// field over several lines must make a well-formed row, else the reader
// reports the row and re-synchronises at the next line that starts one.
#include <string>
#include <vector>

#include "corpus/fields.h"
#include "corpus/json_record.h"
#include "corpus/reader_context.h"
#include "corpus/text.h"

namespace morgue {

namespace {

struct CsvRow {
  std::vector<std::string> fields;
  uint64_t line = 0;               // line where the row starts
  uint64_t end_line = 0;           // line where it ends
  size_t start = 0;                // offset of the row in the file
  size_t bytes = 0;                // size of the row in the file
  bool unterminated = false;       // a quoted field runs to the end of the input
  bool quoted_line_break = false;  // a quoted field holds a line break
  // The first character after a closing quote other than a comma, a line end
  // or a space ('"abc"def'); 0 when there is none.
  char after_quote = 0;
};

// Reads the row starting at *pos; advances *pos and *line past it. Returns
// false at the end of input. Line ends are LF, CRLF or a lone CR, inside
// quotes too. Field text beyond `keep_bytes` from the row's start is not
// kept (the row is refused as too large anyway), so memory stays bounded.
bool NextRow(std::string_view in, size_t* pos, uint64_t* line, size_t keep_bytes, CsvRow* row) {
  // Skip blank lines between records.
  while (*pos < in.size() && (in[*pos] == '\n' || in[*pos] == '\r')) {
    if (in[*pos] == '\n' || *pos + 1 >= in.size() || in[*pos + 1] != '\n') ++*line;
    ++*pos;
  }
  if (*pos >= in.size()) return false;
  row->fields.clear();
  row->line = *line;
  row->start = *pos;
  row->unterminated = false;
  row->quoted_line_break = false;
  row->after_quote = 0;
  const size_t start = *pos;
  std::string field;
  bool quoted = false, after_quote = false;
  size_t i = *pos;
  for (;; ++i) {
    if (i >= in.size()) {
      row->unterminated = quoted;
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
        continue;
      }
      if (c == '\n' || (c == '\r' && (i + 1 >= in.size() || in[i + 1] != '\n'))) {
        ++*line;
        row->quoted_line_break = true;
      }
      if (i - start < keep_bytes) field.push_back(c);
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
      if (after_quote && c != ' ' && c != '\t' && row->after_quote == 0) row->after_quote = c;
      // A stray quote inside an unquoted field is kept.
      if (i - start < keep_bytes) field.push_back(c);
    }
  }
  *pos = i;
  row->end_line = *line - (i > start && (in[i - 1] == '\n' || in[i - 1] == '\r') ? 1 : 0);
  row->bytes = *pos - start;
  return true;
}

// Why a row made by a quoted field that runs over line breaks (or to the end
// of the input) cannot be a record: an unterminated quote, a wrong number of
// columns, or text after its closing quote. Such a field is most likely a
// stray quote that swallowed the rows after it. "" for a plausible row.
std::string ImplausibleRow(const CsvRow& row, size_t columns) {
  if (row.unterminated) return "unterminated quoted field: it runs to the end of the file";
  if (!row.quoted_line_break) return "";
  std::string runs = "a quoted field runs over lines " + std::to_string(row.line) + "-" +
                     std::to_string(row.end_line);
  if (row.fields.size() != columns) {
    return runs + " and the record it makes has " + std::to_string(row.fields.size()) +
           " columns, the header has " + std::to_string(columns);
  }
  if (row.after_quote != 0) {
    return runs + " and its closing quote is followed by '" + std::string(1, row.after_quote) +
           "', not by a comma or a line end";
  }
  return "";
}

// Offset just past the first line end at or after `from` (the input's size
// when there is none).
size_t LineAfter(std::string_view in, size_t from) {
  size_t end = in.find_first_of("\r\n", from);
  if (end == std::string_view::npos) return in.size();
  return end + (in[end] == '\r' && end + 1 < in.size() && in[end + 1] == '\n' ? 2 : 1);
}

// The line number of the last line of `in`, counting from `line` at `from`.
uint64_t LastLine(std::string_view in, size_t from, uint64_t line) {
  for (size_t i = from; i < in.size(); ++i) {
    if (in[i] == '\n' || (in[i] == '\r' && (i + 1 >= in.size() || in[i + 1] != '\n'))) {
      if (i + 1 < in.size()) ++line;
    }
  }
  return line;
}

std::string LineSpan(uint64_t first, uint64_t last) {
  if (first == last) return "line " + std::to_string(first);
  return "lines " + std::to_string(first) + "-" + std::to_string(last);
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
  if (field == Field::kAuthors &&
      (cell.find(';') != std::string::npos || cell.find('|') != std::string::npos)) {
    return SplitList(cell);
  }
  return cell;
}

}  // namespace

void ReadCsv(std::string_view bytes, ReadContext& context) {
  const size_t keep = context.options().max_record_bytes + 1;
  size_t pos = 0;
  uint64_t line = 1;
  CsvRow header;
  if (!NextRow(bytes, &pos, &line, keep, &header)) {
    context.Issue(1, 0, "cannot read the CSV header row");
    return;
  }
  if (header.unterminated || header.quoted_line_break) {
    context.Issue(header.line, 0,
                  "cannot read the CSV header row: " +
                      (header.unterminated ? std::string("it has an unterminated quoted field")
                                           : "a quoted field in it runs over " +
                                                 LineSpan(header.line, header.end_line)));
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
    context.Issue(header.line, 0,
                  "CSV header has no title or text column (columns: " +
                      std::string(bytes.substr(0, bytes.find('\n'))) + ")");
    return;
  }
  int url_column = -1;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c] == Field::kUrl && url_column < 0) url_column = static_cast<int>(c);
  }
  CsvRow row;
  uint64_t record = 0;
  while (NextRow(bytes, &pos, &line, keep, &row)) {
    ++record;
    if (std::string cause = ImplausibleRow(row, columns.size()); !cause.empty()) {
      // Back off to the line after the row's start and re-synchronise at the
      // next line that starts a plausible row of the header's width.
      size_t next = LineAfter(bytes, row.start);
      uint64_t next_line = row.line + 1;
      CsvRow candidate;
      bool found = false;
      for (;;) {
        size_t p = next;
        uint64_t l = next_line;
        if (!NextRow(bytes, &p, &l, keep, &candidate)) break;
        if (candidate.fields.size() == columns.size() &&
            ImplausibleRow(candidate, columns.size()).empty()) {
          found = true;
          break;
        }
        next = LineAfter(bytes, candidate.start);
        next_line = candidate.line + 1;
      }
      if (found) {
        pos = candidate.start;
        line = candidate.line;
        context.Issue(row.line, record,
                      cause + "; " + LineSpan(row.line, candidate.line - 1) +
                          " skipped, reading resumes at line " + std::to_string(candidate.line));
      } else {
        context.Issue(row.line, record,
                      cause + "; " + LineSpan(row.line, LastLine(bytes, row.start, row.line)) +
                          " skipped, no well-formed row follows");
        pos = bytes.size();
      }
      continue;
    }
    if (std::string reason = context.CheckRecordSize(row.bytes); !reason.empty()) {
      context.Issue(row.line, record, reason);
      continue;
    }
    if (row.fields.size() != columns.size()) {
      context.Issue(row.line, record,
                    "row has " + std::to_string(row.fields.size()) + " columns, the header has " +
                        std::to_string(columns.size()));
      continue;
    }
    Article article;
    std::vector<std::string> warnings;
    std::string reason;
    for (size_t c = 0; c < columns.size() && reason.empty(); ++c) {
      if (columns[c] == Field::kIgnored || row.fields[c].empty()) continue;
      reason = ApplyJsonField(header.fields[c], CellValue(columns[c], row.fields[c]), &article,
                              &warnings);
    }
    if (reason.empty()) {
      std::string fallback_id = context.stem() + "-" + std::to_string(record);
      if (url_column >= 0 && !article.url.empty()) fallback_id = article.url;
      reason = FinishRecord(fallback_id, context, &article);
    }
    if (reason.empty()) {
      for (const std::string& warning : warnings) context.Warn(row.line, record, warning);
      context.Emit(std::move(article), row.line, record);
    } else {
      context.Issue(row.line, record, reason);
    }
  }
}

}  // namespace morgue
