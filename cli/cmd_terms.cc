// morgue terms: the words and two-word phrases that distinguish the
// matching articles from the archive (log-likelihood), overall or per interval.
#include <cstdio>

#include "cli/command.h"
#include "cli/json_documents.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

nlohmann::json TermsListJson(const std::vector<TermScore>& terms) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : terms) {
    out.push_back({{"term", t.term},
                   {"phrase", t.phrase},
                   {"in_matches", t.in_matches},
                   {"in_archive", t.in_archive},
                   {"in_archive_estimated", t.archive_estimated},
                   {"score", t.score}});
  }
  return out;
}

// What was counted, for the text output and stderr: "counted 950 of 1000
// matching articles (one per group of copies); sampled ..."
std::string CountedLine(const TermsOptions& options, const TermsResult& r) {
  std::string line =
      "counted " + std::to_string(r.documents) + " of " + CountOf(r.total, "matching article");
  if (options.collapse) {
    line += " (one per group of near-identical copies: " + CountOf(r.groups, "group") + ")";
  }
  if (r.sampled) {
    line += "; a seeded sample (seed " + std::to_string(r.seed) + ") of the " +
            std::to_string(r.groups) + ", above --sample-size";
  }
  line += "; against " + CountOf(r.archive, "article") + " of the archive";
  return line;
}

// Says which archive counts are estimates, and from what (none: "").
std::string EstimatedLine(const TermsOptions& options, const TermsResult& r) {
  if (r.archive_sample == 0) return "";
  return "~: archive counts estimated from a seeded sample (seed " + std::to_string(options.seed) +
         ") of " + std::to_string(r.archive_sample) + " of the " + CountOf(r.archive, "article") +
         ", for phrases whose exact count would check more than --phrase-match-limit articles; "
         "their G2 is computed from the estimate, and the list chosen with it. Every other count "
         "is exact.";
}

void PrintTermsText(TextPrinter& text, const std::vector<TermScore>& terms) {
  if (terms.empty()) {
    text.Printf(
        "  (no term in at least --min-count counted articles is more frequent there than in the "
        "archive)\n");
    return;
  }
  text.Printf("  %10s  %9s  %9s  %s\n", "G2", "matches", "archive", "term");
  for (const auto& t : terms) {
    const std::string archive = (t.archive_estimated ? "~" : "") + std::to_string(t.in_archive);
    text.Printf("  %10.1f  %9llu  %9s  %s\n", t.score,
                static_cast<unsigned long long>(t.in_matches), archive.c_str(),
                TerminalSafe(t.term).c_str());
  }
}

}  // namespace

nlohmann::json TermsJson(const SearchRequest& request, const std::string& field,
                         const TermsOptions& options, const TermsResult& r) {
  nlohmann::json out = {{"query", request.query},
                        {"field", field},
                        {"total", r.total},
                        {"groups", r.groups},
                        {"collapsed", options.collapse},
                        {"documents", r.documents},
                        {"sampled", r.sampled},
                        {"archive", r.archive},
                        {"score", r.archive_sample ? "log-likelihood G2, from an estimated "
                                                     "archive count where in_archive_estimated"
                                                   : "log-likelihood G2"},
                        {"terms", TermsListJson(r.terms)}};
  out["seed"] = r.sampled ? nlohmann::json(r.seed) : nlohmann::json(nullptr);
  out["archive_sample"] =
      r.archive_sample ? nlohmann::json{{"articles", r.archive_sample}, {"seed", options.seed}}
                       : nlohmann::json(nullptr);
  if (options.by) {
    out["undated"] = r.undated;
    out["intervals"] = nlohmann::json::array();
    for (const auto& i : r.intervals) {
      out["intervals"].push_back({{"label", i.label},
                                  {"start", i.start},
                                  {"documents", i.documents},
                                  {"terms", TermsListJson(i.terms)}});
    }
  }
  return out;
}

int RunTerms(const std::vector<std::string>& args) {
  po::options_description options("morgue terms options");
  QueryArgs q;
  std::string field = "body", format_name, by, kinds = "both";
  TermsOptions to;
  uint64_t top = to.top, min_count = to.min_count, sample = to.max_documents, seed = to.seed,
           candidates = to.phrase_candidates, match_limit = to.phrase_match_limit,
           archive_sample = to.archive_sample;
  bool no_collapse = false, keep_stop = false, exact = false;
  AddQueryOptions(options, q, /*query_required=*/false);
  options.add_options()("field", po::value(&field)->default_value("body"),
                        "body | headline | quote | caption")(
      "top,n", UnsignedValue(&top), "terms to list, the highest score first (0: all)")(
      "kind", po::value(&kinds)->default_value("both"),
      "words | phrases | both")("by", po::value(&by),
                                "also the top terms per day | week | month | year")(
      "min-count", UnsignedValue(&min_count),
      "a term must be in at least this many counted articles (default 3)")(
      "sample-size", UnsignedValue(&sample),
      "count every match up to this many (after collapse), else a seeded sample of it (default "
      "10000)")("seed", UnsignedValue(&seed), "the sample's seed (default 1)")(
      "phrase-candidates", UnsignedValue(&candidates),
      "phrases scored: the most frequent in the matches (default 200)")(
      "phrase-match-limit", UnsignedValue(&match_limit),
      "a phrase's archive count is estimated when its exact count would check more articles "
      "than this (default 20000)")(
      "archive-sample", UnsignedValue(&archive_sample),
      "estimated archive counts are counted over a seeded sample of this many articles "
      "(default 100000)")("exact", po::bool_switch(&exact),
                          "every archive count exact, however long it takes")(
      "no-collapse", po::bool_switch(&no_collapse),
      "count every copy of a wire story")("keep-stop-terms", po::bool_switch(&keep_stop),
                                          "keep stop words and phrases with them")(
      "format", po::value(&format_name)->default_value("text"), "text | json | csv");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue terms --archive DIR [QUERY] [--field F] [--by month]", options,
                 positional, &vm)) {
    return kExitOk;
  }
  const Format format =
      ParseOutputFormat(format_name, {Format::kText, Format::kJson, Format::kCsv});
  to.field = ParseTermField(field);
  to.top = top;
  to.min_count = min_count;
  to.max_documents = sample;
  to.seed = seed;
  to.phrase_candidates = candidates;
  to.phrase_match_limit = exact ? UINT64_MAX : match_limit;
  to.archive_sample = archive_sample;
  if (exact && vm.count("phrase-match-limit")) {
    throw UsageError("--exact and --phrase-match-limit: give one");
  }
  to.collapse = !no_collapse;
  to.drop_stop_words = !keep_stop;
  if (kinds == "words") {
    to.phrases = false;
  } else if (kinds == "phrases") {
    to.words = false;
  } else if (kinds != "both") {
    throw UsageError("--kind must be words, phrases or both, not \"" + kinds + "\"");
  }
  if (!by.empty()) to.by = ParseInterval(by);
  SearchRequest request = RequestFrom(q);
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);
  TermsResult result = archive->Terms(request, to);

  if (format == Format::kJson) {
    JsonPrinter().Print(TermsJson(request, field, to, result));
  } else if (format == Format::kCsv) {
    CsvPrinter csv;
    csv.Header({"interval", "start", "term", "phrase", "in_matches", "counted", "in_archive",
                "archive", "score", "sampled", "in_archive_estimated", "archive_sample"});
    auto rows = [&](const std::string& label, const std::string& start, uint64_t counted,
                    const std::vector<TermScore>& terms) {
      for (const auto& t : terms) {
        char score[32];
        std::snprintf(score, sizeof score, "%.3f", t.score);
        csv.Value(label)
            .Value(start)
            .Text(t.term)
            .Value(t.phrase ? "1" : "0")
            .Number(t.in_matches)
            .Number(counted)
            .Number(t.in_archive)
            .Number(result.archive)
            .Value(score)
            .Value(result.sampled ? "1" : "0")
            .Value(t.archive_estimated ? "1" : "0")
            .Number(result.archive_sample)
            .EndRecord();
      }
    };
    rows("all", "", result.documents, result.terms);
    for (const auto& i : result.intervals) rows(i.label, i.start, i.documents, i.terms);
  } else {
    TextPrinter text;
    text.Printf("%s\n", CountedLine(to, result).c_str());
    text.Printf("%s terms by log-likelihood (G2):\n", field.c_str());
    PrintTermsText(text, result.terms);
    for (const auto& i : result.intervals) {
      text.Printf("\n%s: %s\n", i.label.c_str(), CountOf(i.documents, "counted article").c_str());
      PrintTermsText(text, i.terms);
    }
    if (to.by && result.undated) {
      text.Printf("\n%s without a date (in no interval)\n",
                  CountOf(result.undated, "counted article").c_str());
    }
    if (const std::string estimated = EstimatedLine(to, result); !estimated.empty()) {
      text.Printf("\n%s\n", estimated.c_str());
    }
  }
  return kExitOk;
}

}  // namespace morgue::cli
