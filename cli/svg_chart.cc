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
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << width
      << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << " " << height
      << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << width / 2 << "\" y=\"28\" text-anchor=\"middle\" font-size=\"16\" "
      << "font-weight=\"bold\">" << Escape(chart.title) << "</text>\n";
  if (!chart.subtitle.empty()) {
    svg << "<text x=\"" << width / 2 << "\" y=\"48\" text-anchor=\"middle\" fill=\"#444\">"
        << Escape(chart.subtitle) << "</text>\n";
  }
  // Grid lines and y ticks.
  for (double v = 0; v <= y_max + step / 2; v += step) {
    double y = y_of(v);
    svg << "<line x1=\"" << left << "\" y1=\"" << y << "\" x2=\"" << left + plot_w << "\" y2=\""
        << y << "\" stroke=\"#ddd\"/>\n"
        << "<text x=\"" << left - 8 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">" << Number(v)
        << "</text>\n";
  }
  svg << "<text transform=\"translate(18," << top + plot_h / 2 << ") rotate(-90)\" "
      << "text-anchor=\"middle\">" << Escape(chart.y_label) << "</text>\n";
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

}  // namespace morgue::cli
