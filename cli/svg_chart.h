// A bar chart as a standalone SVG document, for `morgue histogram --svg`.
#ifndef MORGUE_CLI_SVG_CHART_H_
#define MORGUE_CLI_SVG_CHART_H_

#include <cstddef>
#include <string>
#include <vector>

namespace morgue::cli {

struct BarChart {
  std::string title;                // drawn above the plot
  std::string subtitle;             // smaller, under the title (may be empty)
  std::string y_label;              // e.g. "articles" or "share of all articles (%)"
  std::vector<std::string> labels;  // one per bar, under the x axis (thinned when crowded)
  std::vector<double> values;       // one per bar, >= 0
};

// The most bars a chart draws (about one per pixel of its plot): a chart of
// more intervals draws each bar for several consecutive ones, at the height
// of the highest, so the document stays small (about 150 bytes a bar).
inline constexpr size_t kMaxBars = 800;

// The chart as an SVG 1.1 document: axes, "nice" y ticks with grid lines,
// x labels, bars, title; plain black and grey, sized to paste into a paper.
// Always well-formed XML: every text is escaped, invalid UTF-8 and the
// characters XML forbids written as U+FFFD.
std::string RenderSvg(const BarChart& chart);

// Several series over the same intervals (`morgue histogram` with several
// queries or --split), drawn as lines over one another.
struct LineChart {
  std::string title, subtitle, y_label;  // as BarChart's
  std::vector<std::string> labels;       // one per interval, under the x axis
  struct Series {
    std::string name;            // in the legend
    std::vector<double> values;  // one per interval, >= 0
  };
  std::vector<Series> series;
};

// The chart as an SVG 1.1 document: one polyline per series, each with its
// own colour (the Okabe-Ito palette, told apart by most colour-blind
// readers) AND its own dash pattern (so that grey print and any reader tell
// them apart too), point markers when the intervals are few, and a legend
// under the plot naming each series with its line. More than kMaxBars
// intervals are drawn as kMaxBars points, each the highest of the
// intervals it stands for. Well-formed XML as RenderSvg(BarChart).
std::string RenderSvg(const LineChart& chart);

}  // namespace morgue::cli

#endif  // MORGUE_CLI_SVG_CHART_H_
