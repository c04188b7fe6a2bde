#include "cli/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "morgue/search.h"

namespace morgue::cli {

namespace {

// Text as XML character data or attribute value: escaped, and valid UTF-8
// of characters XML 1.0 allows (a query may hold any bytes).
std::string Escape(const std::string& s) { return EscapeMarkup(s); }

// A tick step of 1, 2 or 5 times a power of ten giving about `ticks` ticks.
double NiceStep(double max, int ticks) {
  if (max <= 0) return 1;
  double raw = max / ticks;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

std::string Number(double v) {
  char buf[32];
  if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The place of the plot in the picture and its y scale.
struct Frame {
  double width, height, left, top, plot_w, plot_h, step, y_max;
};

// What both charts draw first: the document, the title and subtitle, the
// horizontal grid with its y ticks, and the y axis label.
void WriteFrame(std::ostream& svg, const Frame& f, const std::string& title,
                const std::string& subtitle, const std::string& y_label) {
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << f.width
      << "\" height=\"" << f.height << "\" viewBox=\"0 0 " << f.width << " " << f.height
      << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << f.width / 2 << "\" y=\"28\" text-anchor=\"middle\" font-size=\"16\" "
      << "font-weight=\"bold\">" << Escape(title) << "</text>\n";
  if (!subtitle.empty()) {
    svg << "<text x=\"" << f.width / 2 << "\" y=\"48\" text-anchor=\"middle\" fill=\"#444\">"
        << Escape(subtitle) << "</text>\n";
  }
  for (double v = 0; v <= f.y_max + f.step / 2; v += f.step) {
    const double y = f.top + f.plot_h - v / f.y_max * f.plot_h;
    svg << "<line x1=\"" << f.left << "\" y1=\"" << y << "\" x2=\"" << f.left + f.plot_w
        << "\" y2=\"" << y << "\" stroke=\"#ddd\"/>\n"
        << "<text x=\"" << f.left - 8 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">"
        << Number(v) << "</text>\n";
  }
  svg << "<text transform=\"translate(18," << f.top + f.plot_h / 2 << ") rotate(-90)\" "
      << "text-anchor=\"middle\">" << Escape(y_label) << "</text>\n";
}

}  // namespace

std::string RenderSvg(const BarChart& chart) {
  const double width = 900, height = 440;
  const double left = 80, right = 24, top = chart.subtitle.empty() ? 56 : 72, bottom = 90;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  // At most kMaxBars bars: beyond that, each bar stands for `per_bar`
  // consecutive intervals and shows the highest of them (a bar narrower
  // than a pixel shows nothing more, and the file stays small).
  const size_t intervals = chart.values.size();
  const size_t per_bar = std::max<size_t>(1, (intervals + kMaxBars - 1) / kMaxBars);
  std::vector<double> values;
  std::vector<std::string> firsts, labels;  // under the axis; in the bar's tooltip
  const auto label = [&](size_t k) { return k < chart.labels.size() ? chart.labels[k] : ""; };
  for (size_t i = 0; i < intervals; i += per_bar) {
    const size_t last = std::min(intervals, i + per_bar) - 1;
    values.push_back(*std::max_element(chart.values.begin() + i, chart.values.begin() + last + 1));
    firsts.push_back(label(i));
    labels.push_back(last == i ? label(i) : label(i) + " to " + label(last));
  }
  size_t n = values.size();
  double max = 0;
  for (double v : values) max = std::max(max, v);
  double step = NiceStep(max, 5);
  double y_max = max > 0 ? std::ceil(max / step) * step : 1;
  auto y_of = [&](double v) { return top + plot_h - v / y_max * plot_h; };

  std::ostringstream svg;
  WriteFrame(svg, {width, height, left, top, plot_w, plot_h, step, y_max}, chart.title,
             chart.subtitle, chart.y_label);
  // Bars, and at most about 16 x labels.
  double slot = n ? plot_w / static_cast<double>(n) : plot_w;
  double bar = std::max(1.0, slot * 0.8);
  size_t every = std::max<size_t>(1, (n + 15) / 16);
  svg << "<g fill=\"#4a4a4a\">\n";
  for (size_t i = 0; i < n; ++i) {
    double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
    double y = y_of(values[i]);
    svg << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << bar << "\" height=\""
        << top + plot_h - y << "\"><title>" << Escape(labels[i])
        << (per_bar > 1 ? ": at most " : ": ") << Number(values[i]) << "</title></rect>\n";
  }
  svg << "</g>\n";
  for (size_t i = 0; i < n; i += every) {
    double x = left + slot * (static_cast<double>(i) + 0.5);
    double y = top + plot_h + 14;
    svg << "<text x=\"" << x << "\" y=\"" << y << "\" text-anchor=\"end\" transform=\"rotate(-45 "
        << x << " " << y << ")\">" << Escape(firsts[i]) << "</text>\n";
  }
  // Axes last, over the bars.
  svg << "<line x1=\"" << left << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\""
      << top + plot_h << "\" stroke=\"black\"/>\n"
      << "<line x1=\"" << left << "\" y1=\"" << top + plot_h << "\" x2=\"" << left + plot_w
      << "\" y2=\"" << top + plot_h << "\" stroke=\"black\"/>\n"
      << "</svg>\n";
  return svg.str();
}

namespace {

// Okabe & Ito's palette (without its yellow, too pale on white), and dash
// patterns: series i has colour i % 7 and dash i % 6, so no two of the first
// 6 share either, and no two of the first 42 share both.
constexpr const char* kLineColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                        "#56B4E9", "#E69F00", "#000000"};
constexpr const char* kLineDashes[] = {"", "8 4", "2 3", "10 3 2 3", "4 4", "1 2 6 2"};

std::string DashOf(size_t i) {
  const char* dash = kLineDashes[i % 6];
  return *dash ? std::string(" stroke-dasharray=\"") + dash + "\"" : std::string();
}

}  // namespace

std::string RenderSvg(const LineChart& chart) {
  const size_t intervals = chart.labels.size();
  const size_t per_point = std::max<size_t>(1, (intervals + kMaxBars - 1) / kMaxBars);
  // Each series thinned as RenderSvg(BarChart) thins bars.
  std::vector<std::vector<double>> points(chart.series.size());
  std::vector<std::string> firsts, spans;  // under the axis; in the markers' tooltips
  const auto label = [&](size_t k) { return k < chart.labels.size() ? chart.labels[k] : ""; };
  for (size_t i = 0; i < intervals; i += per_point) {
    const size_t last = std::min(intervals, i + per_point) - 1;
    firsts.push_back(label(i));
    spans.push_back(last == i ? label(i) : label(i) + " to " + label(last));
  }
  double max = 0;
  for (size_t s = 0; s < chart.series.size(); ++s) {
    const std::vector<double>& v = chart.series[s].values;
    for (size_t i = 0; i < intervals; i += per_point) {
      double highest = 0;
      for (size_t k = i; k < std::min(intervals, i + per_point); ++k) {
        if (k < v.size()) highest = std::max(highest, v[k]);
      }
      points[s].push_back(highest);
      max = std::max(max, highest);
    }
  }
  const size_t n = firsts.size();
  const double width = 900, left = 80, right = 24, top = chart.subtitle.empty() ? 56 : 72;
  const double plot_w = width - left - right, plot_h = 290;
  // The legend under the x labels: two columns of rows.
  const double legend_top = top + plot_h + 90, row = 18, column = 420;
  const size_t rows = (chart.series.size() + 1) / 2;
  const double height = legend_top + row * static_cast<double>(rows) + 12;
  const double step = NiceStep(max, 5);
  const double y_max = max > 0 ? std::ceil(max / step) * step : 1;
  auto y_of = [&](double v) { return top + plot_h - v / y_max * plot_h; };
  const double slot = n ? plot_w / static_cast<double>(n) : plot_w;
  auto x_of = [&](size_t i) { return left + slot * (static_cast<double>(i) + 0.5); };

  std::ostringstream svg;
  WriteFrame(svg, {width, height, left, top, plot_w, plot_h, step, y_max}, chart.title,
             chart.subtitle, chart.y_label);
  const size_t every = std::max<size_t>(1, (n + 15) / 16);
  for (size_t i = 0; i < n; i += every) {
    const double x = x_of(i), y = top + plot_h + 14;
    svg << "<text x=\"" << x << "\" y=\"" << y << "\" text-anchor=\"end\" transform=\"rotate(-45 "
        << x << " " << y << ")\">" << Escape(firsts[i]) << "</text>\n";
  }
  // The series: a polyline each, markers with tooltips when there is room.
  const bool markers = n <= 60;
  for (size_t s = 0; s < chart.series.size(); ++s) {
    const char* colour = kLineColours[s % 7];
    svg << "<g class=\"series\"><title>" << Escape(chart.series[s].name) << "</title>\n"
        << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\"" << DashOf(s)
        << " points=\"";
    for (size_t i = 0; i < n; ++i) {
      svg << (i ? " " : "") << x_of(i) << "," << y_of(points[s][i]);
    }
    svg << "\"/>\n";
    if (markers) {
      for (size_t i = 0; i < n; ++i) {
        svg << "<circle cx=\"" << x_of(i) << "\" cy=\"" << y_of(points[s][i])
            << "\" r=\"2.5\" fill=\"" << colour << "\"><title>" << Escape(chart.series[s].name)
            << ", " << Escape(spans[i]) << ": " << Number(points[s][i]) << "</title></circle>\n";
      }
    }
    svg << "</g>\n";
  }
  svg << "<line x1=\"" << left << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\""
      << top + plot_h << "\" stroke=\"black\"/>\n"
      << "<line x1=\"" << left << "\" y1=\"" << top + plot_h << "\" x2=\"" << left + plot_w
      << "\" y2=\"" << top + plot_h << "\" stroke=\"black\"/>\n";
  // The legend: each series' line beside its name.
  for (size_t s = 0; s < chart.series.size(); ++s) {
    const double x = left + column * static_cast<double>(s % 2);
    const size_t legend_line = s / 2;  // two series a line
    const double y = legend_top + row * static_cast<double>(legend_line);
    svg << "<line x1=\"" << x << "\" y1=\"" << y << "\" x2=\"" << x + 36 << "\" y2=\"" << y
        << "\" stroke=\"" << kLineColours[s % 7] << "\" stroke-width=\"2\"" << DashOf(s) << "/>\n"
        << "<text x=\"" << x + 44 << "\" y=\"" << y + 4 << "\">" << Escape(chart.series[s].name)
        << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace morgue::cli
