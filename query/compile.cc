// The compiler: a query tree (typed, from query/parse.h, or built with
// morgue::Query) becomes query expressions (query/expr.h), and the whole a
// ParsedQuery.
#include "query/compile.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "indexer/document.h"
#include "morgue/error.h"
#include "query/date_query.h"
#include "query/expr.h"
#include "query/parse.h"
#include "query/query_node.h"
#include "query/render.h"
#include "query/stop_words.h"
#include "query/text_terms.h"

namespace morgue {
namespace {

using Kind = QueryNode::Kind;

// A bare unscoped word, not in parentheses of its own, that is a stop word
// ("the", "what's").
bool StopWord(const QueryNode& n) {
  return n.kind == Kind::kWord && n.field == TextField::kAll && !n.parenthesized &&
         n.terms.size() == 1 && IsQueryStopWord(n.terms[0]);
}

// An item of words side by side that makes matches of its own: not a stop
// word, a negation, a filter or dates.
bool Content(const QueryNode& n) {
  return !StopWord(n) && n.kind != Kind::kNot && n.kind != Kind::kFilter && n.kind != Kind::kDates;
}

constexpr size_t kMaxQueryBytes = 10000;

// A text field's terms and weight, in the order an unscoped word's fields
// are ORed.
struct TextFieldSpec {
  TextField field;
  std::string_view prefix;
  double FieldWeights::*weight;
};
constexpr TextFieldSpec kTextFields[] = {
    {TextField::kBody, "", &FieldWeights::body},
    {TextField::kHeadline, "S", &FieldWeights::headline},
    {TextField::kQuote, "XQ", &FieldWeights::quote},
    {TextField::kCaption, "XC", &FieldWeights::caption},
};

enum class Normalise { kEntity, kLower, kAsIs };
struct FilterField {
  std::string_view name;
  std::string_view prefix;
  Normalise normalise;
  EntityKind kind;
};
constexpr FilterField kFilterFields[] = {
    {"person", "XP", Normalise::kEntity, EntityKind::kPerson},
    {"org", "XO", Normalise::kEntity, EntityKind::kOrganisation},
    {"place", "XL", Normalise::kEntity, EntityKind::kPlace},
    {"speaker", "XSPK", Normalise::kEntity, EntityKind::kPerson},
    {"topic", "XK", Normalise::kLower, EntityKind::kPlace},
    {"section", "XS", Normalise::kLower, EntityKind::kPlace},
    {"source", "XSRC", Normalise::kLower, EntityKind::kPlace},
    {"lang", "L", Normalise::kLower, EntityKind::kPlace},
    {"id", "Q", Normalise::kAsIs, EntityKind::kPlace},
};

[[noreturn]] void FailAt(const std::string& message, size_t position) {
  throw Error(ErrorCode::kQuerySyntax, message + " at position " + std::to_string(position))
      .WithPosition(static_cast<int64_t>(position));
}

// This thread's stemmer for `language`, built once; nullptr for none.
const Xapian::Stem* CachedStemmer(const std::string& language) {
  if (language.empty() || language == "none") return nullptr;
  thread_local std::string cached_language;
  thread_local Xapian::Stem cached;
  if (language != cached_language) {
    try {
      cached = Xapian::Stem(language);
    } catch (const Xapian::Error&) {
      throw Error(ErrorCode::kInvalidArgument,
                  "unknown stemming language \"" + language + "\" (try \"english\" or \"none\")");
    }
    cached_language = language;
  }
  return &cached;
}

class Compiler {
 public:
  // `built`: the tree was built in code (morgue::Query), not typed: its
  // errors are invalid arguments, and its depth is limited node by node.
  Compiler(const ParseOptions& options, const Xapian::Stem* stemmer, bool built)
      : options_(options), stemmer_(stemmer), built_(built) {}

  Expr Compile(const QueryNode& node);
  // The final query of `e`, its description and highlight terms.
  static ParsedQuery Finish(Expr e);

 private:
  // A syntax error at `position` of the text; in a built query, an
  // invalid-argument error naming the built query instead.
  [[noreturn]] void Fail(const std::string& message, size_t position) const {
    if (built_) throw Error(ErrorCode::kInvalidArgument, message + " in the built query");
    FailAt(message, position);
  }
  Expr Children(const QueryNode& node);
  // The positional terms of a bare unscoped word (the words sharing its stem
  // in the body, headline and captions of weight > 0, ORed) for the
  // proximity bonus; an empty Query for anything else.
  Xapian::Query ProximityWord(const QueryNode& node) const;
  // `query` (words ORed side by side: `kept`, compiled as `items`) with the
  // proximity bonus of each two neighbouring words
  // (ParseOptions::proximity_weight).
  Xapian::Query WithProximity(const Xapian::Query& query, const std::vector<Expr>& items,
                              const std::vector<const QueryNode*>& kept) const;
  Expr TextExpr(const QueryNode& node);
  // A wildcard's query: OP_WILDCARD, or its terms from options_.wildcard_terms.
  Xapian::Query WildcardQuery(const std::string& term, unsigned max) const;
  Expr NearExpr(const QueryNode& node);
  Expr FilterExpr(const QueryNode& node);
  Expr DatesExpr(const QueryNode& node);
  Expr ParseExpr(const QueryNode& node);
  template <typename Fn>
  Xapian::Query AcrossFields(TextField field, Fn&& per_field) const;
  // A bare unscoped word's fields scored together (ParseOptions::combine_fields).
  template <typename Fn>
  Xapian::Query CombinedFields(Fn&& per_field) const;

  const ParseOptions& options_;
  const Xapian::Stem* stemmer_;
  bool built_;
  int depth_ = 0;
};

ParsedQuery Compiler::Finish(Expr e) {
  ParsedQuery out;
  out.query = e.query;
  out.weighted = !e.negative && !e.boolean;
  if (e.negative) {
    out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, e.query);
  } else if (e.boolean) {
    out.query = Unweighted(e.query);
  }
  out.description = DescribeExpr(e, Prec::kOr);
  for (std::string& term : e.hl_pos) {
    if (std::find(out.highlight_terms.begin(), out.highlight_terms.end(), term) ==
        out.highlight_terms.end()) {
      out.highlight_terms.push_back(std::move(term));
    }
  }
  return out;
}

Expr Compiler::Compile(const QueryNode& node) {
  // A typed query's depth was limited when it was parsed.
  if (built_ && ++depth_ > kMaxQueryDepth) FailTooDeep(0);
  Expr e;
  switch (node.kind) {
    case Kind::kWord:
    case Kind::kPhrase:
    case Kind::kPrefix: e = TextExpr(node); break;
    case Kind::kNear: e = NearExpr(node); break;
    case Kind::kFilter: e = FilterExpr(node); break;
    case Kind::kDates: e = DatesExpr(node); break;
    case Kind::kParse: e = ParseExpr(node); break;
    case Kind::kAnd:
    case Kind::kOr:
    case Kind::kSeq: e = Children(node); break;
    case Kind::kNot: e = Negate(Compile(*node.children[0])); break;
  }
  if (built_) --depth_;
  return e;
}

Expr Compiler::Children(const QueryNode& node) {
  if (node.kind == Kind::kSeq && !options_.default_and && node.children.size() > 1) {
    for (const auto& c : node.children) {
      if (c->required) {
        Fail("'+' (required) is not supported when words side by side are ORed "
             "(default_and = false): write a AND b",
             c->required_position);
      }
    }
  }
  std::vector<Expr> items;
  std::vector<const QueryNode*> kept;
  const bool drop = node.kind == Kind::kSeq && !options_.default_and && options_.drop_stop_words &&
                    node.children.size() > 1 &&
                    std::any_of(node.children.begin(), node.children.end(),
                                [](const auto& c) { return Content(*c); });
  for (const auto& c : node.children) {
    if (drop && StopWord(*c)) continue;
    items.push_back(Compile(*c));
    kept.push_back(c.get());
  }
  switch (node.kind) {
    case Kind::kOr: return CombineOr(std::move(items));
    case Kind::kSeq: {
      const bool proximity = !options_.default_and && options_.proximity_weight > 0;
      std::vector<Expr> words;
      if (proximity) words = items;
      Expr e = Combine(std::move(items), options_.default_and, /*group_filters=*/node.top);
      if (proximity && !e.negative && !e.boolean) e.query = WithProximity(e.query, words, kept);
      return e;
    }
    default: return Combine(std::move(items), /*use_and=*/true, /*group_filters=*/false);
  }
}

Xapian::Query Compiler::ProximityWord(const QueryNode& node) const {
  if (node.kind != Kind::kWord || node.field != TextField::kAll || node.terms.size() != 1) {
    return Xapian::Query();
  }
  const std::string& word = node.terms[0];
  std::string stem;
  if (stemmer_ && StartsWithLetter(word)) stem = (*stemmer_)(word);
  std::vector<std::string> terms;
  for (const TextFieldSpec& f : kTextFields) {
    // Quotations are body text at the same positions, or weigh 0.
    if (f.field == TextField::kQuote || !(options_.weights.*f.weight > 0)) continue;
    const std::string prefix(f.prefix);
    if (!stem.empty() && options_.stem_terms) {
      for (std::string& t : options_.stem_terms(prefix, stem)) terms.push_back(std::move(t));
    } else {
      terms.push_back(prefix + word);  // "Z" stems have no positions
    }
  }
  if (terms.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query Compiler::WithProximity(const Xapian::Query& query, const std::vector<Expr>& items,
                                      const std::vector<const QueryNode*>& kept) const {
  std::vector<Xapian::Query> pairs;
  Xapian::Query previous;
  for (size_t i = 0; i < kept.size(); ++i) {
    Xapian::Query word = ProximityWord(*kept[i]);
    if (!previous.empty() && !word.empty()) {
      // The two words' own weights (as the query scores them), where their
      // positions are near: OP_NEAR's weight would be each variant's and
      // field's own BM25, whose idf a rare variant or the short headlines
      // inflate.
      const Xapian::Query two[] = {previous, word};
      pairs.emplace_back(Xapian::Query::OP_FILTER,
                         Xapian::Query(Xapian::Query::OP_AND, items[i - 1].query, items[i].query),
                         Xapian::Query(Xapian::Query::OP_NEAR, std::begin(two), std::end(two),
                                       options_.proximity_window));
    }
    previous = std::move(word);
  }
  if (pairs.empty()) return query;
  // AND_MAYBE: the bonus adds weight to the matches, never a match.
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, pairs.begin(),
                                                   pairs.end()),
                                     options_.proximity_weight));
}

template <typename Fn>
Xapian::Query Compiler::AcrossFields(TextField field, Fn&& per_field) const {
  auto weighted = [&](const TextFieldSpec& f) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, per_field(f.prefix),
                         options_.weights.*f.weight);
  };
  std::vector<Xapian::Query> subs;
  subs.reserve(4);
  for (const TextFieldSpec& f : kTextFields) {
    if (field != TextField::kAll) {
      if (f.field == field) return weighted(f);
      continue;
    }
    const bool adds_nothing =
        f.field == TextField::kQuote && options_.quotes_in_body && options_.weights.quote == 0;
    if (!adds_nothing) subs.push_back(weighted(f));
  }
  return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
}

template <typename Fn>
Xapian::Query Compiler::CombinedFields(Fn&& per_field) const {
  std::vector<Xapian::Query> together, subs;
  // The fields together are the headline, body and captions: the archive's
  // all-fields terms hold exactly their summed wdf (indexer/document.h), so
  // one posting list per word replaces the synonym of three.
  const FieldWeights& weights = options_.weights;
  const bool from_list = options_.all_fields_terms && weights.headline > 0 && weights.body > 0 &&
                         weights.caption > 0 && weights.quote == 0;
  for (const TextFieldSpec& f : kTextFields) {
    const double w = options_.weights.*f.weight;
    if (f.field == TextField::kQuote && options_.quotes_in_body && w == 0) continue;
    if (from_list) {
      if (w != 1)
        subs.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, per_field(f.prefix), w > 1 ? w - 1 : 0);
      continue;
    }
    Xapian::Query q = per_field(f.prefix);
    if (w > 0) together.push_back(q);
    if (w != 1) subs.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, q, w > 1 ? w - 1 : 0);
  }
  if (from_list) {
    subs.push_back(per_field(kAllFieldsPrefix));
  } else if (!together.empty()) {
    subs.emplace_back(Xapian::Query::OP_SYNONYM, together.begin(), together.end());
  }
  return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
}

Xapian::Query Compiler::WildcardQuery(const std::string& term, unsigned max) const {
  if (!options_.wildcard_terms) {
    // Xapian (1.4) expands prefixes only: "econom*".
    const size_t first = term.find_first_of("*?");
    if (first != term.size() - 1 || term[first] != '*') {
      throw Error(ErrorCode::kInvalidArgument,
                  "the wildcard \"" + term +
                      "\" needs an index to be expanded in (ParseOptions::wildcard_terms)");
    }
    return Xapian::Query(Xapian::Query::OP_WILDCARD, term.substr(0, first), max,
                         Xapian::Query::WILDCARD_LIMIT_ERROR);
  }
  // The terms OP_WILDCARD would expand to, combined as it combines them.
  const std::vector<std::string> terms = options_.wildcard_terms(term, max);
  if (terms.empty()) return Xapian::Query(Xapian::Query::MatchNothing);
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

Expr Compiler::TextExpr(const QueryNode& node) {
  const std::vector<std::string>& terms = node.terms;
  if (terms.empty()) throw Error(ErrorCode::kInternal, "a text node without terms");
  const bool wildcard = node.kind == Kind::kPrefix;
  const bool stemmed = node.kind == Kind::kWord && terms.size() == 1;  // a bare word
  Expr e;
  const std::string& first = terms[0];
  std::string stem;
  if (stemmed && stemmer_ && StartsWithLetter(first)) stem = (*stemmer_)(first);
  const unsigned max = options_.max_wildcard_expansion;
  auto per_field = [&](std::string_view prefix) {
    const std::string p(prefix);
    if (!stem.empty() && options_.stem_terms) {
      std::vector<std::string> words = options_.stem_terms(p, stem);
      if (words.empty()) return Xapian::Query(Xapian::Query::MatchNothing);
      if (words.size() == 1) return Xapian::Query(words[0]);
      return Xapian::Query(Xapian::Query::OP_SYNONYM, words.begin(), words.end());
    }
    if (!stem.empty()) return Xapian::Query("Z" + p + stem);
    if (wildcard) return WildcardQuery(p + first, max);
    if (terms.size() == 1) return Xapian::Query(p + first);
    std::vector<Xapian::Query> positional;
    for (const std::string& t : terms) positional.emplace_back(p + t);
    Xapian::Query phrase(Xapian::Query::OP_PHRASE, positional.begin(), positional.end(),
                         positional.size());
    if (p.empty() && options_.phrase_filter) {
      Xapian::Query filter = options_.phrase_filter(terms);
      if (!filter.empty()) return Xapian::Query(Xapian::Query::OP_FILTER, phrase, filter);
    }
    return phrase;
  };
  if (options_.combine_fields && node.field == TextField::kAll && !wildcard && terms.size() == 1) {
    e.query = CombinedFields(per_field);
  } else {
    e.query = AcrossFields(node.field, per_field);
  }
  e.desc = DescribeText(node.field, terms, stemmed, wildcard);
  if (!wildcard) e.hl_pos = terms;
  if (!stem.empty()) e.hl_pos.push_back("Z" + stem);
  return e;
}

Expr Compiler::NearExpr(const QueryNode& node) {
  // NEAR matches its words unstemmed: no stems are looked up.
  const auto window = static_cast<Xapian::termcount>(node.distance - 1 + node.children.size());
  Expr e;
  e.query = AcrossFields(node.field, [&](std::string_view prefix) {
    std::vector<Xapian::Query> subs;
    for (const auto& w : node.children) subs.emplace_back(std::string(prefix) + w->terms[0]);
    return Xapian::Query(Xapian::Query::OP_NEAR, subs.begin(), subs.end(), window);
  });
  std::vector<std::string> descs;
  for (const auto& w : node.children) {
    descs.push_back(DescribeText(w->field, w->terms, /*stemmed=*/w->kind == Kind::kWord,
                                 /*wildcard=*/false));
    e.hl_pos.push_back(w->terms[0]);
  }
  e.desc = JoinText(descs, NearOperator(node.distance));
  return e;
}

Expr Compiler::FilterExpr(const QueryNode& node) {
  const FilterField* found =
      std::find_if(std::begin(kFilterFields), std::end(kFilterFields),
                   [&](const FilterField& x) { return x.name == node.filter; });
  if (found == std::end(kFilterFields)) {
    throw Error(ErrorCode::kInternal, "no filter field \"" + node.filter + "\"");
  }
  const FilterField& f = *found;
  auto normalise = [&](std::string_view value) -> std::string {
    switch (f.normalise) {
      case Normalise::kEntity:
        return options_.canonical ? options_.canonical(f.kind, value) : LowerCollapse(value);
      case Normalise::kLower: return LowerCollapse(value);
      case Normalise::kAsIs: return std::string(value);
    }
    return std::string(value);
  };
  std::string norm;     // the value as the index holds it; a wildcard's pattern
  std::string literal;  // a wildcard's part before its first '*' or '?'
  if (!node.wildcard) {
    norm = normalise(node.text);
  } else {
    // Each run between the wildcards normalised on its own; '*' and '?' kept.
    const std::string_view text = node.text;
    for (size_t k = 0; k < text.size();) {
      if (text[k] == '*' || text[k] == '?') {
        if (!(text[k] == '*' && !norm.empty() && norm.back() == '*')) norm.push_back(text[k]);
        ++k;
        continue;
      }
      size_t end = text.find_first_of("*?", k);
      if (end == std::string_view::npos) end = text.size();
      const std::string part = normalise(text.substr(k, end - k));
      if (part.empty() || part.find_first_of("*?") != std::string::npos) {
        Fail("a wildcard may only stand in a value (letters or digits around it)",
             node.value_position + k);
      }
      if (k == 0) literal = part;
      norm += part;
      k = end;
    }
    if (Utf8Length(literal) < 2) Fail("wildcard needs at least 2 letters", node.value_position);
  }
  if (norm.empty()) Fail("empty value for field \"" + std::string(f.name) + ":\"", node.position);
  Expr e;
  std::vector<std::string> terms{std::string(f.prefix) + norm};
  if (f.prefix == "Q" && norm.find('/') != std::string::npos) {
    // "source/id": the source ends at one of the slashes (sources are
    // escaped in the term: indexer/document.h); every reading is matched,
    // a wildcard's at the first slash.
    // An id's wildcard is one '*' at its end (query/parse.cc).
    terms = UniqueTermsOf(node.wildcard ? literal : norm);
    if (node.wildcard) {
      terms.resize(1);
      terms[0] += '*';
    }
  }
  const std::string& term = terms.front();
  if (terms.size() > 1) {
    e.query = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  } else if (node.wildcard) {
    e.query = WildcardQuery(term, options_.max_wildcard_expansion);
  } else {
    e.query = Xapian::Query(term);
  }
  e.desc = DescribeFilter(f.name, norm, node.wildcard);
  e.boolean = true;
  if (!node.parenthesized) e.filter_group = f.name;
  return e;
}

Expr Compiler::DatesExpr(const QueryNode& node) {
  Expr e;
  e.query = DayRangeQuery({node.from, node.to}, options_.day_span);
  e.desc = DescribeDates(node.from, node.to);
  e.boolean = true;
  if (!node.parenthesized) e.filter_group = "date";
  return e;
}

Expr Compiler::ParseExpr(const QueryNode& node) {
  // Errors in the text are syntax errors at their place in it.
  std::shared_ptr<const QueryNode> parsed =
      ParseText(node.text, options_.today,
                options_.saved_queries ? &options_.saved_queries : nullptr);
  if (!parsed) Fail("Query::Parse(\"" + node.text + "\") has no searchable words", 0);
  return Compiler(options_, stemmer_, /*built=*/false).Compile(*parsed);
}

}  // namespace

ParsedQuery ParseQuery(std::string_view text, const ParseOptions& options) {
  return CompileQuery(text, Query(), options);
}

ParsedQuery CompileQuery(std::string_view text, const Query& built, const ParseOptions& options) {
  if (text.size() > kMaxQueryBytes) {
    throw Error(ErrorCode::kLimit, "the query is " + std::to_string(text.size()) +
                                       " bytes long; the limit is " +
                                       std::to_string(kMaxQueryBytes))
        .WithPosition(static_cast<int64_t>(kMaxQueryBytes));
  }
  const FieldWeights& w = options.weights;
  if (w.headline < 0 || w.body < 0 || w.quote < 0 || w.caption < 0) {
    throw Error(ErrorCode::kInvalidArgument, "field weights must not be negative");
  }
  try {
    const Xapian::Stem* stemmer = CachedStemmer(options.stem_language);
    std::vector<Expr> parts;
    if (std::shared_ptr<const QueryNode> typed =
            ParseText(text, options.today,
                      options.saved_queries ? &options.saved_queries : nullptr)) {
      parts.push_back(Compiler(options, stemmer, /*built=*/false).Compile(*typed));
    }
    if (!built.empty()) {
      parts.push_back(Compiler(options, stemmer, /*built=*/true).Compile(*built.node()));
    }
    if (parts.empty()) FailAt("empty query", 0);
    if (parts.size() == 1) return Compiler::Finish(std::move(parts[0]));
    return Compiler::Finish(Combine(std::move(parts), /*use_and=*/true, /*group_filters=*/false));
  } catch (const Xapian::DatabaseError&) {
    // From the stem expander reading the index (a writer committed meanwhile,
    // or the files are damaged): the caller reopens or reports it.
    throw;
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::kInternal, "building the query: " + e.get_msg());
  }
}

}  // namespace morgue
