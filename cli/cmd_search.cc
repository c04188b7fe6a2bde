// morgue search / morgue count.
#include "cli/command.h"
#include "cli/json_documents.h"
#include "morgue/archive.h"

namespace morgue::cli {

namespace {

// The opening line of `search`'s text: how many articles match (and, with
// collapse, how many groups they form), saying when these are estimates.
std::string TotalsLine(const SearchResult& result, bool collapse) {
  const std::string about = result.total_exact ? "" : "about ";
  std::string line = about + CountOf(result.total, "matching article");
  if (collapse) line += " in " + about + CountOf(result.groups, "group");
  if (result.total_exact) return line;
  return line + " (--time-limit stopped the search early: the " +
         (collapse ? "numbers are estimates" : "total is an estimate") +
         " and the hits the best of the articles looked at)";
}

}  // namespace

nlohmann::json SearchJson(const SearchRequest& request, const SearchResult& result,
                          bool xapian_query) {
  nlohmann::json out;
  out["query"] = request.query;
  out["total"] = result.total;
  if (request.collapse) out["groups"] = result.groups;
  out["total_exact"] = result.total_exact;  // false: --time-limit stopped the match early
  AddPartialJson(out, result.missing_nodes);
  if (request.sort == SortOrder::kRandom) out["seed"] = request.seed;
  out["hits"] = nlohmann::json::array();
  for (const auto& h : result.hits) out["hits"].push_back(HitToJson(h, request));
  if (request.explain) out["parsed_query"] = result.query_description;
  if (xapian_query) out["xapian_query"] = result.parsed_query;
  return out;
}

int RunSearch(const std::vector<std::string>& args) {
  po::options_description options("morgue search options");
  QueryArgs q;
  std::string format_name, sort, color;
  uint64_t limit = 10, offset = 0, seed = 0;
  RankingOptions ranking;
  std::string fields;
  uint64_t expand_docs = ranking.expand_docs ? ranking.expand_docs : 10;
  uint64_t proximity_window = ranking.proximity_window;
  AddQueryOptions(options, q);
  po::options_description ranking_options("ranking options (docs/ranking.md)");
  ranking_options.add_options()("k1", DoubleValue(&ranking.bm25_k1),
                                "BM25 term frequency saturation, >= 0")(
      "b", DoubleValue(&ranking.bm25_b),
      "BM25 document length normalisation, 0..1 (0: none); also with words ORed unless "
      "--b-ored is given")("b-ored", DoubleValue(&ranking.bm25_b_ored),
                           "BM25 b with --default-op or, 0..1")(
      "proximity-weight", DoubleValue(&ranking.proximity_weight),
      "with --default-op or: extra weight, as a share of their own, of two neighbouring query "
      "words found near each other, >= 0 (0: off)")(
      "proximity-window", UnsignedValue(&proximity_window),
      "with --proximity-weight: the two words within this many words, 2..100")(
      "headline-weight", DoubleValue(&ranking.headline_weight),
      "weight of a match in the headline, >= 0")("body-weight", DoubleValue(&ranking.body_weight),
                                                 "weight of a match in the body, >= 0")(
      "quote-weight", DoubleValue(&ranking.quote_weight),
      "weight of a match in a quotation, >= 0")("caption-weight",
                                                DoubleValue(&ranking.caption_weight),
                                                "weight of a match in a caption, >= 0")(
      "fields", po::value(&fields)->default_value(ranking.combine_fields ? "combined" : "separate"),
      "combined | separate: a word's matches in all fields scored by one BM25, or one per field")(
      "expand",
      "add the best terms of the top matches to the ranking (pseudo-relevance "
      "feedback; the matches stay the same)")("expand-docs", UnsignedValue(&expand_docs),
                                              "with --expand: top matches to learn from (10)")(
      "expand-terms", UnsignedValue(&ranking.expand_terms),
      "with --expand: terms to add (default 20)")("expand-weight",
                                                  DoubleValue(&ranking.expand_weight),
                                                  "with --expand: weight of the added terms, >= 0");
  options.add(ranking_options);
  options.add_options()("format", po::value(&format_name)->default_value("text"),
                        "text | json | jsonl | csv")("limit,n", UnsignedValue(&limit),
                                                     "hits (with --collapse: groups) to show")(
      "offset", UnsignedValue(&offset),
      "hits (with --collapse: groups) to skip")("sort",
                                                po::value(&sort)->default_value("relevance"),
                                                "relevance | newest | oldest | random")(
      "seed", UnsignedValue(&seed),
      "with --sort random (required there): which random order; the same seed, archive and "
      "query give the same sample")(
      "collapse",
      "one hit per group of near-identical wire copies; reports the matching articles and "
      "the groups")("explain", "show the normalised query and why each hit scored as it did")(
      "explain-xapian", "as --explain, but show Xapian's description of the query")(
      "color", po::value(&color)->default_value("auto"),
      "auto | always | never: the matched words in bold in text output (auto: when stdout "
      "is a terminal; else in [brackets])");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue search --archive DIR QUERY", options, positional, &vm))
    return kExitOk;
  const Format format = ParseOutputFormat(format_name, {Format::kText, Format::kJson,
                                                        Format::kJsonLines, Format::kCsv});

  SearchRequest request = RequestFrom(q);
  request.limit = limit;
  request.offset = offset;
  request.sort = ParseSortOrder(sort);
  request.seed = SeedFor(request.sort, vm, seed);
  ranking.drop_stop_words = request.ranking.drop_stop_words;
  if (!vm["b"].defaulted() && vm["b-ored"].defaulted()) ranking.bm25_b_ored = ranking.bm25_b;
  if (proximity_window < 2 || proximity_window > kMaxProximityWindow) {
    throw UsageError("--proximity-window must be from 2 to " + std::to_string(kMaxProximityWindow));
  }
  ranking.proximity_window = static_cast<unsigned>(proximity_window);
  request.ranking = ranking;
  if (fields == "combined") request.ranking.combine_fields = true;
  else if (fields == "separate") request.ranking.combine_fields = false;
  else throw UsageError("--fields must be combined or separate");
  if (vm.count("expand")) {
    if (expand_docs == 0 || expand_docs > 1000) {
      throw UsageError("--expand-docs must be from 1 to 1000");
    }
    request.ranking.expand_docs = static_cast<unsigned>(expand_docs);
  } else if (!vm["expand-docs"].defaulted() || !vm["expand-terms"].defaulted() ||
             !vm["expand-weight"].defaulted()) {
    throw UsageError("--expand-docs, --expand-terms and --expand-weight go with --expand");
  }
  request.collapse = vm.count("collapse") > 0;
  const bool xapian_query = vm.count("explain-xapian") > 0;
  request.explain = vm.count("explain") > 0 || xapian_query;
  const Color highlight = ParseColor(color);

  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly, ReadingOptions(q.allow_partial));
  SearchResult result = archive->Search(request);
  const int status = PartialExit("search", result.missing_nodes);
  const std::string& query_shown = xapian_query ? result.parsed_query : result.query_description;

  // jsonl and csv carry the totals on every hit when --collapse or
  // --time-limit makes them more than the number of records.
  const bool totals_per_hit = request.collapse || request.time_limit_ms > 0;
  auto add_totals = [&](nlohmann::json& j) {
    j["total"] = result.total;
    if (request.collapse) j["groups"] = result.groups;
    j["total_exact"] = result.total_exact;  // false: --time-limit stopped the match early
  };
  if (format == Format::kJson) {
    JsonPrinter().Print(SearchJson(request, result, xapian_query));
    return status;
  }
  if (format == Format::kJsonLines) {  // one hit per line, rank order
    JsonLinesPrinter jsonl;
    for (const auto& h : result.hits) {
      nlohmann::json hit = HitToJson(h, request);
      if (totals_per_hit) add_totals(hit);
      jsonl.Print(hit);
    }
    return status;
  }
  if (format == Format::kCsv) {
    PrintHitsCsv(result, request, totals_per_hit);
    return status;
  }

  TextPrinter text;
  text.Printf("%s\n", TotalsLine(result, request.collapse).c_str());
  text.Printf("%s", PartialLine(result.missing_nodes).c_str());
  if (request.sort == SortOrder::kRandom) {
    text.Printf("random order of seed %llu: hits %llu to %llu are a uniform sample of them\n",
                static_cast<unsigned long long>(request.seed),
                static_cast<unsigned long long>(std::min(request.offset + 1, result.total)),
                static_cast<unsigned long long>(
                    std::min(request.offset + result.hits.size(), result.total)));
  }
  if (request.explain) text.Printf("parsed query: %s\n", TerminalSafe(query_shown).c_str());
  uint64_t rank = request.offset;
  for (const auto& h : result.hits) PrintHitText(text, ++rank, h, request, highlight);
  return status;
}

int RunCount(const std::vector<std::string>& args) {
  po::options_description options("morgue count options");
  QueryArgs q;
  AddQueryOptions(options, q);
  options.add_options()("collapse",
                        "also count the groups of near-identical wire copies: prints \"N matching "
                        "articles in G groups\"");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue count --archive DIR QUERY", options, positional, &vm))
    return kExitOk;
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly, ReadingOptions(q.allow_partial));
  SearchRequest request = RequestFrom(q);
  if (vm.count("collapse") == 0) {
    // The number alone on stdout (scripts read it); a partial count says so
    // on stderr and in its exit status.
    std::vector<std::string> missing;
    const uint64_t count = archive->Count(request, &missing);
    TextPrinter().Printf("%llu\n", static_cast<unsigned long long>(count));
    return PartialExit("count", missing);
  }
  // One collapsed match tallies both numbers (SearchResult::total and
  // groups), where two Counts would run the match twice.
  request.collapse = true;
  request.limit = 1;
  request.snippets = false;
  const SearchResult result = archive->Search(request);
  TextPrinter().Printf("%s in %s\n", CountOf(result.total, "matching article").c_str(),
                       CountOf(result.groups, "group").c_str());
  return PartialExit("count", result.missing_nodes);
}

}  // namespace morgue::cli
