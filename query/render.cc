#include "query/render.h"

#include "query/text_terms.h"

namespace morgue {
namespace {

using Kind = QueryNode::Kind;

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// True when `s` types as one plain token: no space, quote, parenthesis,
// wildcard, operator character or other engines' syntax ('~', '^', ...).
bool Plain(std::string_view s) {
  return !s.empty() && s[0] != '-' && s[0] != '!' && s[0] != '+' &&
         s.find_first_of(" \t\r\n\"():*?~^[]{}|") == std::string_view::npos &&
         s.find("&&") == std::string_view::npos && s.find("..") == std::string_view::npos &&
         s != "&";
}

// An operator's name (AND, ADJ, ...) in lower case, which reads as a word.
std::string NotAnOperator(std::string_view v) {
  std::string s(v);
  if (s == "AND" || s == "OR" || s == "NOT" || s.starts_with("NEAR") || s.starts_with("ADJ") ||
      s == "XOR" || s == "PHRASE" || s == "AROUND") {
    s = LowerCollapse(s);
  }
  return s;
}

// A filter value as the language takes it: bare when it is one plain
// token, else quoted.
std::string Value(std::string_view v) {
  std::string s = NotAnOperator(v);
  return Plain(s) ? s : Quoted(s);
}

// A word as the language takes it: itself when plain, else its terms
// joined by '-', which types as the same word (one term) or the same phrase
// of terms (several); quoting would make it an exact, unstemmed phrase.
std::string WordText(const QueryNode& n) {
  std::string s = NotAnOperator(n.text);
  if (Plain(s) || n.terms.empty()) return Plain(s) ? s : Quoted(s);
  return NotAnOperator(JoinText(n.terms, "-"));
}

// YYYYMMDD as YYYY-MM-DD ("" stays "").
std::string Day(const std::string& key) {
  return key.empty() ? key : key.substr(0, 4) + "-" + key.substr(4, 2) + "-" + key.substr(6, 2);
}

Prec PrecOf(const QueryNode& n) {
  switch (n.kind) {
    case Kind::kAnd: return Prec::kAnd;
    case Kind::kOr:
    case Kind::kSeq: return Prec::kOr;  // "a b" may mean "a OR b"
    case Kind::kNot: return Prec::kNot;
    default: return Prec::kAtom;
  }
}

std::string Render(const QueryNode& n, bool nested);

// Child `c` of an expression binding as `parent`.
std::string RenderChild(const QueryNode& c, Prec parent) {
  return Paren(Render(c, true), PrecOf(c), parent);
}

std::string Render(const QueryNode& n, bool nested) {
  switch (n.kind) {
    case Kind::kWord: {
      std::string out = FieldScope(n.field) + WordText(n);
      return n.parenthesized ? "(" + out + ")" : out;
    }
    case Kind::kPhrase: return FieldScope(n.field) + Quoted(n.text);
    case Kind::kPrefix: return FieldScope(n.field) + n.text;  // the pattern, '*' and '?' in it
    case Kind::kNear: {
      std::string out;
      for (const auto& w : n.children) {
        if (!out.empty()) out += NearOperator(n.distance);
        out += FieldScope(w->field) + (w->kind == Kind::kPhrase ? Quoted(w->text) : w->text);
      }
      return out;
    }
    case Kind::kFilter:
    case Kind::kDates: {
      std::string out =
          n.kind == Kind::kFilter
              ? n.filter + ":" + (n.wildcard ? n.text : Value(n.text))
              : "date:" + (n.from == n.to ? Day(n.from) : Day(n.from) + ".." + Day(n.to));
      return n.parenthesized ? "(" + out + ")" : out;
    }
    case Kind::kParse: return nested ? "(" + n.text + ")" : n.text;
    case Kind::kAnd:
    case Kind::kOr:
    case Kind::kSeq: {
      // "a OR (b AND c)"; "(a OR b) AND c".
      const Prec parent = n.kind == Kind::kOr ? Prec::kNot : Prec::kAnd;
      std::vector<std::string> parts;
      for (const auto& c : n.children) parts.push_back(RenderChild(*c, parent));
      return JoinText(parts, n.kind == Kind::kAnd ? " AND " : n.kind == Kind::kOr ? " OR " : " ");
    }
    case Kind::kNot: {
      const QueryNode& c = *n.children[0];
      return NotText(Render(c, true), PrecOf(c));
    }
  }
  return "";
}

}  // namespace

std::string Paren(std::string_view text, Prec prec, Prec parent) {
  return prec > parent ? "(" + std::string(text) + ")" : std::string(text);
}

std::string NotText(std::string_view text, Prec prec) {
  return "NOT " + Paren(text, prec, Prec::kNot);
}

std::string JoinText(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

std::string FieldScope(TextField field) {
  switch (field) {
    case TextField::kAll: return "";
    case TextField::kHeadline: return "headline:";
    case TextField::kBody: return "body:";
    case TextField::kQuote: return "quote:";
    case TextField::kCaption: return "caption:";
  }
  return "";
}

std::string NearOperator(unsigned distance) { return " NEAR/" + std::to_string(distance) + " "; }

std::string RenderQuery(const QueryNode& root) { return Render(root, false); }

std::string DescribeText(TextField field, const std::vector<std::string>& terms, bool stemmed,
                         bool wildcard) {
  if (stemmed || wildcard) return FieldScope(field) + terms[0];
  return FieldScope(field) + Quoted(JoinText(terms, " "));
}

std::string DescribeFilter(std::string_view name, const std::string& value, bool wildcard) {
  const bool quote = value.find_first_of(" \t\"") != std::string::npos;
  return std::string(name) + ":" + (quote && !wildcard ? Quoted(value) : value);
}

std::string DescribeDates(const std::string& from, const std::string& to) {
  return "date:" + (from == to ? from : from + ".." + to);
}

}  // namespace morgue
