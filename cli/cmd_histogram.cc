// morgue histogram: matching articles per day, week, month or year, with the
// share of all articles, as a terminal bar chart, CSV, JSON or an SVG file.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "cli/command.h"
#include "cli/json_documents.h"
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
  return out;
}

int RunHistogram(const std::vector<std::string>& args) {
  po::options_description options("morgue histogram options");
  QueryArgs q;
  std::string by, format_name, svg_path, plot;
  AddQueryOptions(options, q, /*query_required=*/false);
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
  if (!ParseArgs(args, "morgue histogram --archive DIR [QUERY] --by month", options, positional,
                 &vm)) {
    return kExitOk;
  }
  if (format_name.empty()) format_name = StdoutIsTerminal() ? "text" : "csv";
  const Format format =
      ParseOutputFormat(format_name, {Format::kText, Format::kCsv, Format::kJson});
  if (plot != "count" && plot != "share") throw UsageError("--plot must be count or share");
  Interval interval = ParseInterval(by);
  SearchRequest request = RequestFrom(q);
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);
  HistogramResult result = archive->Histogram(request, interval);
  bool share = plot == "share";
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
  }
  return kExitOk;
}

}  // namespace morgue::cli
