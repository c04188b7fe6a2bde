// morgue histogram: matching articles per day, week, month or year, with the
// share of all articles, as a terminal bar chart, CSV, JSON or an SVG file;
// several queries (or one per value of a field, --split) side by side.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>

#include "cli/command.h"
#include "cli/json_documents.h"
#include "cli/query_series.h"
#include "cli/svg_chart.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

// A bar of `width` cells for value/max, in eighths of a cell.
std::string Bar(double value, double max, int width) {
  static const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  int eighths = max > 0 ? static_cast<int>(std::lround(value / max * width * 8)) : 0;
  std::string bar;
  for (int i = 0; i < eighths / 8; ++i) bar += "█";
  bar += kEighths[eighths % 8];
  int cells = eighths / 8 + (eighths % 8 ? 1 : 0);
  bar.append(static_cast<size_t>(std::max(0, width - cells)), ' ');
  return bar;
}

void PrintChart(const HistogramResult& r, const std::string& title, bool share) {
  TextPrinter text;
  text.Printf("%s\n", TerminalSafe(title).c_str());
  double max = 0;
  for (const auto& b : r.bins) {
    max = std::max(max, share ? b.share.value_or(0) : static_cast<double>(b.count));
  }
  bool unknown = false;
  for (const auto& b : r.bins) {
    double v = share ? b.share.value_or(0) : static_cast<double>(b.count);
    // No article of the archive in the interval: no share, not 0.00%.
    char percent[32] = "      -";
    if (b.share) std::snprintf(percent, sizeof percent, "%6.2f%%", 100 * *b.share);
    unknown |= !b.share;
    text.Printf("%-10s %s %8llu  %s\n", b.label.c_str(), Bar(v, max, 50).c_str(),
                static_cast<unsigned long long>(b.count), percent);
  }
  text.Printf("%s", CountOf(r.total, "matching article").c_str());
  if (r.undated) text.Printf(", %llu without a date", static_cast<unsigned long long>(r.undated));
  text.Printf("\n");
  if (unknown) text.Printf("-: the archive has no article in the interval\n");
}

// Glyphs telling the series' bars apart in the terminal (the legend shows
// each beside its number and label).
constexpr const char* kSeriesGlyphs[] = {"█", "▒", "=", "#", "░", "+", ":", "*"};

// A bar of whole cells of `glyph` for value/max.
std::string GlyphBar(double value, double max, int width, const char* glyph) {
  const int cells = max > 0 ? static_cast<int>(std::lround(value / max * width)) : 0;
  std::string bar;
  for (int i = 0; i < cells; ++i) bar += glyph;
  bar.append(static_cast<size_t>(std::max(0, width - cells)), ' ');
  return bar;
}

std::string ShareText(const std::optional<double>& share) {
  char percent[32] = "      -";
  if (share) std::snprintf(percent, sizeof percent, "%6.2f%%", 100 * *share);
  return percent;
}

// One row per series per interval, each series' bars of its own glyph, on
// one scale; the legend first.
void PrintSeriesChart(const std::vector<std::string>& labels,
                      const std::vector<HistogramResult>& results, const std::string& title,
                      bool share) {
  TextPrinter text;
  text.Printf("%s\n", TerminalSafe(title).c_str());
  for (size_t s = 0; s < results.size(); ++s) {
    std::string totals = CountOf(results[s].total, "matching article");
    if (results[s].undated) totals += ", " + std::to_string(results[s].undated) + " without a date";
    text.Printf("%3zu %s  %s (%s)\n", s + 1, kSeriesGlyphs[s % std::size(kSeriesGlyphs)],
                TerminalSafe(labels[s]).c_str(), totals.c_str());
  }
  double max = 0;
  bool unknown = false;
  for (const auto& r : results) {
    for (const auto& b : r.bins) {
      max = std::max(max, share ? b.share.value_or(0) : static_cast<double>(b.count));
    }
  }
  const size_t bins = results.empty() ? 0 : results.front().bins.size();
  for (size_t i = 0; i < bins; ++i) {
    for (size_t s = 0; s < results.size(); ++s) {
      const HistogramBin& b = results[s].bins[i];
      const double v = share ? b.share.value_or(0) : static_cast<double>(b.count);
      unknown |= !b.share;
      text.Printf("%-10s %3zu %s %8llu  %s\n", s == 0 ? b.label.c_str() : "", s + 1,
                  GlyphBar(v, max, 40, kSeriesGlyphs[s % std::size(kSeriesGlyphs)]).c_str(),
                  static_cast<unsigned long long>(b.count), ShareText(b.share).c_str());
    }
  }
  if (unknown) {
    text.Printf("-: no article of the archive in the interval (within the query's dates)\n");
  }
}

// The series' bins as one SVG line chart.
void WriteSeriesSvg(const std::string& path, const std::vector<std::string>& labels,
                    const std::vector<HistogramResult>& results, const std::string& title,
                    const std::string& subtitle, bool share) {
  LineChart chart;
  chart.title = title;
  chart.subtitle = subtitle;
  chart.y_label = share ? "share of all articles (%)" : "articles";
  if (!results.empty()) {
    for (const auto& b : results.front().bins) chart.labels.push_back(b.label);
  }
  for (size_t s = 0; s < results.size(); ++s) {
    LineChart::Series line{labels[s], {}};
    for (const auto& b : results[s].bins) {
      line.values.push_back(share ? 100 * b.share.value_or(0) : static_cast<double>(b.count));
    }
    chart.series.push_back(std::move(line));
  }
  std::ofstream out(path, std::ios::binary);
  out << RenderSvg(chart);
  out.close();
  if (!out) throw Error(ErrorCode::kIO, "cannot write " + path).WithFile(path);
}

// The long ("tidy") CSV of several series: one record per series and interval.
void PrintSeriesCsv(const std::vector<std::string>& labels,
                    const std::vector<HistogramResult>& results) {
  CsvPrinter csv;
  csv.Header({"series", "interval", "start", "count", "all", "share"});
  for (size_t s = 0; s < results.size(); ++s) {
    for (const auto& b : results[s].bins) {
      char share[32] = "";  // empty: the archive has no article in the interval
      if (b.share) std::snprintf(share, sizeof share, "%.6f", *b.share);
      csv.Text(labels[s]).Value(b.label).Value(b.start).Number(b.count).Number(b.all).Value(share);
      if (!csv.EndRecord()) return;
    }
  }
}

std::string DatesOf(const SearchRequest& request) {
  return request.from || request.to
             ? ", " + request.from.value_or("…") + " to " + request.to.value_or("…")
             : "";
}

// `morgue histogram` with several queries. Returns the exit status.
int PrintSideBySide(const Archive& archive, const std::vector<QuerySeries>& series,
                    Interval interval, const std::string& by, Format format,
                    const std::string& svg_path, bool share) {
  std::vector<SearchRequest> requests;
  std::vector<std::string> labels;
  for (const QuerySeries& s : series) {
    requests.push_back(s.request);
    labels.push_back(s.label);
  }
  const std::vector<HistogramResult> results = archive.HistogramsSideBySide(requests, interval);
  const std::string title =
      "Articles per " + by + ": " + CountOf(results.size(), "query", "queries") + " side by side";
  if (!svg_path.empty()) {
    const std::string dates = DatesOf(requests.front());
    WriteSeriesSvg(svg_path, labels, results, title, dates.empty() ? dates : dates.substr(2),
                   share);
  }
  if (format == Format::kJson) {
    JsonPrinter().Print(HistogramSeriesJson(by, labels, requests, results));
  } else if (format == Format::kCsv) {
    PrintSeriesCsv(labels, results);
  } else {
    PrintSeriesChart(labels, results, title, share);
    TextPrinter().Printf("%s", PartialLine(results.front().missing_nodes).c_str());
  }
  return PartialExit("histogram", results.front().missing_nodes);
}

// The label of the matches outside a split's values in CSV (JSON keeps
// them apart, under "outside").
constexpr const char* kOutsideLabel = "(other)";

// `morgue histogram --split FIELD`. Returns the exit status.
int PrintSplit(const Archive& archive, const SearchRequest& request, const std::string& field,
               size_t top, Interval interval, const std::string& by, Format format,
               const std::string& svg_path, bool share) {
  const SplitHistograms split =
      archive.HistogramSplit(request, ParseFacetField(field), top, interval);
  const std::string what =
      request.query.empty() ? "All articles" : "Articles matching \"" + request.query + "\"";
  const std::string title = what + " per " + by + ", by " + field;
  const std::string outside_line =
      split.values.empty() ? CountOf(split.total, "matching article") + ", none with a " + field
                           : std::to_string(split.outside.total) + " of the " +
                                 CountOf(split.total, "matching article") + " have none of the " +
                                 CountOf(split.values.size(), field + " value") + " shown";
  if (!svg_path.empty()) {
    WriteSeriesSvg(svg_path, split.values, split.series, title, outside_line + DatesOf(request),
                   share);
  }
  if (format == Format::kJson) {
    JsonPrinter().Print(HistogramSplitJson(request, by, field, top, split));
  } else if (format == Format::kCsv) {
    std::vector<std::string> labels = split.values;
    std::vector<HistogramResult> results = split.series;
    labels.push_back(kOutsideLabel);
    results.push_back(split.outside);
    PrintSeriesCsv(labels, results);
  } else {
    PrintSeriesChart(split.values, split.series, title, share);
    TextPrinter().Printf("%s\n%s", outside_line.c_str(), PartialLine(split.missing_nodes).c_str());
  }
  return PartialExit("histogram", split.missing_nodes);
}

}  // namespace

nlohmann::json HistogramJson(const SearchRequest& request, const std::string& by,
                             const HistogramResult& result) {
  nlohmann::json out = {{"query", request.query},
                        {"by", by},
                        {"total", result.total},
                        {"undated", result.undated},
                        {"bins", nlohmann::json::array()}};
  for (const auto& b : result.bins) {
    out["bins"].push_back({{"interval", b.label},
                           {"start", b.start},
                           {"count", b.count},
                           {"all", b.all},
                           {"share", b.share ? nlohmann::json(*b.share) : nlohmann::json()}});
  }
  AddPartialJson(out, result.missing_nodes);
  return out;
}

namespace {

// One series of a side-by-side document: the histogram's document under a
// label, without `by` (the document's own).
nlohmann::json SeriesJson(const std::string& label, const SearchRequest& request,
                          const HistogramResult& result) {
  nlohmann::json out = HistogramJson(request, "", result);
  out.erase("by");
  out.erase("partial");  // said once, at the top
  out.erase("missing_nodes");
  out["label"] = label;
  return out;
}

}  // namespace

nlohmann::json HistogramSeriesJson(const std::string& by, const std::vector<std::string>& labels,
                                   const std::vector<SearchRequest>& requests,
                                   const std::vector<HistogramResult>& results) {
  nlohmann::json out = {{"by", by}, {"series", nlohmann::json::array()}};
  for (size_t s = 0; s < results.size(); ++s) {
    out["series"].push_back(SeriesJson(labels[s], requests[s], results[s]));
  }
  if (!results.empty()) AddPartialJson(out, results.front().missing_nodes);
  return out;
}

nlohmann::json HistogramSplitJson(const SearchRequest& request, const std::string& by,
                                  const std::string& field, size_t top,
                                  const SplitHistograms& split) {
  nlohmann::json out = {
      {"by", by},   {"query", request.query}, {"split", field},
      {"top", top}, {"total", split.total},   {"series", nlohmann::json::array()}};
  for (size_t s = 0; s < split.series.size(); ++s) {
    nlohmann::json one = SeriesJson(split.values[s], request, split.series[s]);
    one["value"] = split.values[s];
    out["series"].push_back(std::move(one));
  }
  nlohmann::json outside = HistogramJson(request, by, split.outside);
  outside.erase("by");
  outside.erase("query");
  outside.erase("partial");
  outside.erase("missing_nodes");
  out["outside"] = std::move(outside);
  AddPartialJson(out, split.missing_nodes);
  return out;
}

int RunHistogram(const std::vector<std::string>& args) {
  po::options_description options("morgue histogram options");
  QueryArgs q;
  std::string by, format_name, svg_path, plot, queries_path, split;
  uint64_t split_top = 5;
  AddQueryOptions(options, q, /*query_required=*/false);
  options.add_options()("queries", po::value(&queries_path),
                        "FILE of LABEL<TAB>QUERY lines: the queries side by side (with "
                        "--query repeated: those too)")(
      "split", po::value(&split),
      "source | section | place: one series per value of the field among the matches")(
      "split-top", UnsignedValue(&split_top), "with --split: the values with the most matches");
  options.add_options()("by", po::value(&by)->default_value("month"),
                        "day | week (ISO, from Monday) | month | year")(
      "format", po::value(&format_name),
      "text (a bar chart) | csv | json; default: text on a terminal, else csv")(
      "svg", po::value(&svg_path),
      "also write the chart to this SVG file")("plot", po::value(&plot)->default_value("count"),
                                               "what the bars show: count | share");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  std::vector<std::string> rest = args;
  const std::vector<std::string> repeated = TakeRepeatedQueries(rest);
  if (!ParseArgs(rest, "morgue histogram --archive DIR [QUERY] --by month", options, positional,
                 &vm)) {
    return kExitOk;
  }
  if (format_name.empty()) format_name = StdoutIsTerminal() ? "text" : "csv";
  const Format format =
      ParseOutputFormat(format_name, {Format::kText, Format::kCsv, Format::kJson});
  if (plot != "count" && plot != "share") throw UsageError("--plot must be count or share");
  Interval interval = ParseInterval(by);
  const std::vector<QuerySeries> series = SeriesFrom(q, repeated, queries_path);
  if (vm.count("split-top") && !vm["split-top"].defaulted() && split.empty()) {
    throw UsageError("--split-top goes with --split");
  }
  if (!split.empty()) {
    if (split != "source" && split != "section" && split != "place") {
      throw UsageError("--split must be source, section or place");
    }
    if (!series.empty()) throw UsageError("--split takes one query, not several");
    if (split_top == 0 || split_top > kMaxSideBySide) {
      throw UsageError("--split-top must be 1 to " + std::to_string(kMaxSideBySide));
    }
  }
  SearchRequest request = RequestFrom(q);
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly, ReadingOptions(q.allow_partial));
  bool share = plot == "share";
  if (!series.empty()) {
    return PrintSideBySide(*archive, series, interval, by, format, svg_path, share);
  }
  if (!split.empty()) {
    return PrintSplit(*archive, request, split, split_top, interval, by, format, svg_path, share);
  }
  HistogramResult result = archive->Histogram(request, interval);
  std::string what =
      request.query.empty() ? "All articles" : "Articles matching \"" + request.query + "\"";
  std::string title = what + " per " + by;

  if (!svg_path.empty()) {
    BarChart chart;
    chart.title = title;
    chart.subtitle = CountOf(result.total, "article") +
                     (request.from || request.to
                          ? ", " + request.from.value_or("…") + " to " + request.to.value_or("…")
                          : "");
    chart.y_label = share ? "share of all articles (%)" : "articles";
    for (const auto& b : result.bins) {
      chart.labels.push_back(b.label);
      chart.values.push_back(share ? 100 * b.share.value_or(0) : static_cast<double>(b.count));
    }
    std::ofstream out(svg_path, std::ios::binary);
    out << RenderSvg(chart);
    out.close();
    if (!out) throw Error(ErrorCode::kIO, "cannot write " + svg_path).WithFile(svg_path);
  }

  if (format == Format::kJson) {
    JsonPrinter().Print(HistogramJson(request, by, result));
  } else if (format == Format::kCsv) {
    CsvPrinter csv;
    csv.Header({"interval", "start", "count", "all", "share"});
    for (const auto& b : result.bins) {
      char share[32] = "";  // empty: the archive has no article in the interval
      if (b.share) std::snprintf(share, sizeof share, "%.6f", *b.share);
      csv.Value(b.label).Value(b.start).Number(b.count).Number(b.all).Value(share).EndRecord();
    }
  } else {
    PrintChart(result, title, share);
    TextPrinter().Printf("%s", PartialLine(result.missing_nodes).c_str());
  }
  return PartialExit("histogram", result.missing_nodes);
}

}  // namespace morgue::cli
