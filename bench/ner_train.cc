// morgue_ner_train: trains the name tagger (indexer/ner.h) on GUM gold and GMB
// silver data, prints mention-level precision/recall/F1 per type on the GUM
// dev documents, and writes the model file the library embeds.
//
//   morgue_ner_train --gum ../shared/corpus/ner-open/gum/conllu
//     --split bench/ner/gum-split.tsv --gmb ../shared/corpus/ner-open/gmb/ner_dataset_part.csv
//     --train train,dev --out indexer/data/ner-model-v1.bin
// (scripts/train-ner runs it with the tuned options; --train train prints dev scores).
//
// Reproducible bit for bit: integer perceptron updates, a seeded xorshift
// shuffle, sorted output. GUM test documents are never read.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/analysis.h"
#include "indexer/entities.h"
#include "indexer/ner.h"
#include "indexer/ner_features.h"

namespace morgue {
namespace {

struct GoldSpan {
  uint32_t begin;
  uint32_t end;
  int kind;            // 0 person, 1 organisation, 2 place
  std::string entity;  // GUM entity id (coreference), "" for GMB
};

struct Piece {
  std::string text;
  std::vector<GoldSpan> gold;
};

struct Doc {
  std::string name;
  std::vector<Piece> pieces;
  bool silver = false;
};

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

int KindOfGumType(std::string_view type) {
  if (type == "person") return 0;
  if (type == "organization") return 1;
  if (type == "place") return 2;
  return -1;
}

// ---------------------------------------------------------------------------
// GUM CoNLL-U

struct Word {
  int id = 0;
  std::string form;
  std::string upos;
  int head = 0;
  std::string misc;
  uint32_t begin = 0;  // bytes in the piece text
  uint32_t end = 0;
};

struct Mention {
  int first;  // word index in the sentence
  int last;   // inclusive
  int kind;
  std::string entity;
};

// Named mentions of the three types in one sentence, outermost only, a
// leading "the" dropped.
std::vector<Mention> NamedMentions(const std::vector<Word>& words) {
  struct Open {
    std::string id;
    std::string type;
    int first;
  };
  std::vector<Open> open;
  std::vector<std::pair<Mention, bool>> all;  // mention, named
  // The name inside a mention: the head and the capitalised words and
  // proper nouns around it, with connectors between them ("University of
  // Chicago"); GUM spans are whole noun phrases ("Essil, of which ...").
  auto nameish = [&](int k) {
    const Word& w = words[static_cast<size_t>(k)];
    const auto c = static_cast<unsigned char>(w.form.empty() ? 'x' : w.form[0]);
    return w.upos == "PROPN" || (c >= 'A' && c <= 'Z') || c >= 0xC3;
  };
  auto connector = [&](int k, int kind) {
    const std::string& f = words[static_cast<size_t>(k)].form;
    if (f == "and" || f == "&") return kind == 1;
    return f == "of" || f == "de" || f == "del" || f == "la" || f == "le" || f == "van" ||
           f == "von" || f == "der" || f == "bin" || f == "al" || f == "for" || f == "the" ||
           f == "on" || f == "y" || f == "-" || f == "da" || f == "di" || f == "du";
  };
  auto finish = [&](const std::string& id, const std::string& type, int first, int last) {
    const int kind = KindOfGumType(type);
    if (kind < 0) return;
    int head = -1;
    for (int k = first; k <= last; ++k) {
      const int h = words[static_cast<size_t>(k)].head;
      const bool outside = h == 0 || h < words[static_cast<size_t>(first)].id ||
                           h > words[static_cast<size_t>(last)].id;
      if (outside) {
        head = k;
        break;
      }
    }
    if (head < 0 || words[static_cast<size_t>(head)].upos != "PROPN") {
      all.push_back({{first, last, kind, id}, false});
      return;
    }
    int a = head;
    int b = head;
    for (;;) {
      if (a - 1 >= first && nameish(a - 1)) {
        --a;
      } else if (a - 2 >= first && connector(a - 1, kind) && nameish(a - 2)) {
        a -= 2;
      } else {
        break;
      }
    }
    for (;;) {
      if (b + 1 <= last && nameish(b + 1)) {
        ++b;
      } else if (b + 2 <= last && connector(b + 1, kind) && nameish(b + 2)) {
        b += 2;
      } else {
        break;
      }
    }
    all.push_back({{a, b, kind, id}, true});
  };
  for (int w = 0; w < static_cast<int>(words.size()); ++w) {
    const std::string& misc = words[static_cast<size_t>(w)].misc;
    for (const std::string& field : Split(misc, '|')) {
      if (field.rfind("Entity=", 0) != 0) continue;
      const std::string s = field.substr(7);
      size_t i = 0;
      while (i < s.size()) {
        if (s[i] == '(') {
          size_t j = i + 1;
          while (j < s.size() && s[j] != '(' && s[j] != ')') ++j;
          const std::vector<std::string> parts = Split(s.substr(i + 1, j - i - 1), '-');
          const std::string type = parts.size() > 1 ? parts[1] : "";
          if (j < s.size() && s[j] == ')') {
            finish(parts[0], type, w, w);
            i = j + 1;
          } else {
            open.push_back({parts[0], type, w});
            i = j;
          }
        } else if (std::isdigit(static_cast<unsigned char>(s[i])) != 0) {
          size_t j = i;
          while (j < s.size() && s[j] != ')') ++j;
          const std::string id = s.substr(i, j - i);
          for (size_t k = open.size(); k-- > 0;) {
            if (open[k].id == id) {
              finish(open[k].id, open[k].type, open[k].first, w);
              open.erase(open.begin() + static_cast<std::ptrdiff_t>(k));
              break;
            }
          }
          i = j + 1;
        } else {
          ++i;
        }
      }
    }
  }
  std::vector<Mention> named;
  for (const auto& [m, is_named] : all) {
    if (is_named) named.push_back(m);
  }
  std::vector<Mention> out;
  for (size_t a = 0; a < named.size(); ++a) {
    bool inside = false;
    for (size_t b = 0; b < named.size() && !inside; ++b) {
      if (a == b) continue;
      const bool contains = named[b].first <= named[a].first && named[a].last <= named[b].last;
      const bool same = named[b].first == named[a].first && named[b].last == named[a].last;
      inside = contains && (!same || b < a);
    }
    if (inside) continue;
    Mention m = named[a];
    const std::string& f = words[static_cast<size_t>(m.first)].form;
    if (m.first < m.last && (f == "the" || f == "The")) ++m.first;
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) {
    return a.first != b.first ? a.first < b.first : a.last > b.last;
  });
  std::vector<Mention> kept;  // overlapping but not nested: the earlier wins
  for (const Mention& m : out) {
    if (!kept.empty() && m.first <= kept.back().last) continue;
    kept.push_back(m);
  }
  return kept;
}

bool ReadGum(const std::string& path, Doc& doc) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  Piece piece;
  std::vector<Word> words;
  auto end_sentence = [&]() {
    if (words.empty()) return;
    for (const Mention& m : NamedMentions(words)) {
      piece.gold.push_back({words[static_cast<size_t>(m.first)].begin,
                            words[static_cast<size_t>(m.last)].end, m.kind, m.entity});
    }
    words.clear();
    if (!piece.text.empty() && piece.text.back() != ' ') piece.text.push_back(' ');
  };
  auto end_piece = [&]() {
    end_sentence();
    while (!piece.text.empty() && piece.text.back() == ' ') piece.text.pop_back();
    if (!piece.text.empty()) doc.pieces.push_back(std::move(piece));
    piece = Piece();
  };
  int range_last = 0;
  uint32_t range_pos = 0;
  uint32_t range_end = 0;
  while (std::getline(in, line)) {
    if (line.empty()) {
      end_sentence();
      range_last = 0;
      continue;
    }
    if (line[0] == '#') {
      if (line.rfind("# newpar", 0) == 0 && line.rfind("# newpar_block", 0) != 0) end_piece();
      continue;
    }
    const std::vector<std::string> cols = Split(line, '\t');
    if (cols.size() < 10) continue;
    const std::string& id = cols[0];
    if (id.find('.') != std::string::npos) continue;
    const size_t dash = id.find('-');
    if (dash != std::string::npos) {  // a multiword token: its form is the text
      range_last = std::atoi(id.c_str() + dash + 1);
      range_pos = static_cast<uint32_t>(piece.text.size());
      piece.text += cols[1];
      range_end = static_cast<uint32_t>(piece.text.size());
      if (cols[9].find("SpaceAfter=No") == std::string::npos) piece.text.push_back(' ');
      continue;
    }
    Word w;
    w.id = std::atoi(id.c_str());
    w.form = cols[1];
    w.upos = cols[3];
    w.head = std::atoi(cols[6].c_str());
    w.misc = cols[9];
    if (w.id <= range_last) {
      const std::string_view rest(piece.text.data() + range_pos, range_end - range_pos);
      w.begin = range_pos;
      w.end = w.id == range_last || rest.rfind(w.form, 0) != 0
                  ? range_end
                  : range_pos + static_cast<uint32_t>(w.form.size());
      range_pos = w.end;
    } else {
      w.begin = static_cast<uint32_t>(piece.text.size());
      piece.text += w.form;
      w.end = static_cast<uint32_t>(piece.text.size());
      if (w.misc.find("SpaceAfter=No") == std::string::npos) piece.text.push_back(' ');
    }
    words.push_back(std::move(w));
  }
  end_piece();
  return true;
}

// ---------------------------------------------------------------------------
// GMB CSV: Sentence #,Word,POS,Tag

std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

bool NoSpaceBefore(const std::string& w) {
  return w == "," || w == "." || w == ";" || w == ":" || w == "?" || w == "!" || w == ")" ||
         w == "'s" || w == "n't" || w == "%" || w == "'";
}

std::vector<Doc> ReadGmb(const std::string& path, size_t sentences_per_doc) {
  std::vector<Doc> docs;
  std::ifstream in(path);
  if (!in) return docs;
  std::string line;
  std::getline(in, line);  // header
  Piece piece;
  int open_kind = -1;
  uint32_t open_begin = 0;
  uint32_t last_end = 0;
  auto close = [&]() {
    if (open_kind >= 0) piece.gold.push_back({open_begin, last_end, open_kind, ""});
    open_kind = -1;
  };
  auto end_sentence = [&]() {
    close();
    if (piece.text.empty()) return;
    if (docs.empty() || docs.back().pieces.size() >= sentences_per_doc) {
      docs.emplace_back();
      docs.back().name = "gmb";
      docs.back().silver = true;
    }
    docs.back().pieces.push_back(std::move(piece));
    piece = Piece();
  };
  bool open_paren = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> f = CsvFields(line);
    if (f.size() < 4) continue;
    if (!f[0].empty()) end_sentence();
    const std::string& w = f[1];
    const std::string& tag = f[3];
    std::string word = w == "``" || w == "''" ? "\"" : w;
    if (!piece.text.empty() && !NoSpaceBefore(word) && !open_paren) piece.text.push_back(' ');
    open_paren = word == "(";
    const auto begin = static_cast<uint32_t>(piece.text.size());
    piece.text += word;
    int kind = -1;
    const std::string type = tag.size() > 2 ? tag.substr(2) : "";
    if (type == "per") kind = 0;
    if (type == "org") kind = 1;
    if (type == "geo") kind = 2;
    if (tag.rfind("B-", 0) == 0 || kind != open_kind) {
      close();
      if (kind >= 0) {
        open_kind = kind;
        open_begin = begin;
      }
    }
    last_end = static_cast<uint32_t>(piece.text.size());
  }
  end_sentence();
  return docs;
}

// ---------------------------------------------------------------------------
// Training instances: one per candidate run.

struct Instance {
  std::vector<uint32_t> offsets;   // features of token k: [offsets[k], offsets[k+1])
  std::vector<uint32_t> features;  // indices into the weight table
  std::vector<uint8_t> gold;
  std::vector<uint8_t> connector;
  int32_t weight = 1;
};

class Trainer {
 public:
  uint32_t Index(uint64_t feature) {
    auto [it, inserted] = index_.try_emplace(feature, static_cast<uint32_t>(keys_.size()));
    if (inserted) {
      keys_.push_back(feature);
      w_.push_back({});
      u_.push_back({});
    }
    return it->second;
  }

  void AddDoc(const Doc& doc, int32_t weight, size_t* unreachable, size_t* gold_total) {
    NameContext ctx;
    for (const Piece& p : doc.pieces) ctx.Add(p.text);
    NerFeaturizer f;
    std::vector<uint64_t> feats;
    for (const Piece& p : doc.pieces) {
      f.Prepare(p.text, ctx);
      const std::vector<Token>& tokens = f.tokens();
      std::vector<uint8_t> tags(tokens.size(), kTagO);
      std::vector<int> run_of(tokens.size(), -1);
      for (size_t r = 0; r < f.runs().size(); ++r) {
        for (uint32_t i = f.runs()[r].first; i < f.runs()[r].last; ++i) {
          run_of[i] = static_cast<int>(r);
        }
      }
      for (const GoldSpan& g : p.gold) {
        ++*gold_total;
        bool first = true;
        int run = -2;
        bool reachable = true;
        for (size_t i = 0; i < tokens.size(); ++i) {
          if (tokens[i].begin < g.begin || tokens[i].begin >= g.end) continue;
          tags[i] = static_cast<uint8_t>(first ? 1 + 2 * g.kind : 2 + 2 * g.kind);
          if (run == -2) run = run_of[i];
          reachable = reachable && run_of[i] >= 0 && run_of[i] == run;
          first = false;
        }
        if (first || !reachable) ++*unreachable;
      }
      for (const NerRun& run : f.runs()) {
        Instance inst;
        inst.weight = weight;
        uint8_t prev = kTagO;
        for (uint32_t i = run.first; i < run.last; ++i) {
          uint8_t t = tags[i];
          const bool conn = f.IsConnector(i);
          const bool inside = t == kTagIPer || t == kTagIOrg || t == kTagIPlace;
          if (inside && prev != t && prev != t - 1)
            t = conn ? static_cast<uint8_t>(kTagO) : static_cast<uint8_t>(t - 1);
          const bool begin = t == kTagBPer || t == kTagBOrg || t == kTagBPlace;
          if (begin && conn) t = kTagO;
          inst.gold.push_back(t);
          inst.connector.push_back(conn ? 1 : 0);
          prev = t;
          inst.offsets.push_back(static_cast<uint32_t>(inst.features.size()));
          feats.clear();
          f.Features(i, feats);
          for (uint64_t x : feats) inst.features.push_back(Index(x));
        }
        inst.offsets.push_back(static_cast<uint32_t>(inst.features.size()));
        // A run whose last gold token is a connector was cut: keep the tags valid.
        instances_.push_back(std::move(inst));
      }
    }
  }

  // Features seen fewer than `min_count` times in training are left out
  // (they only memorise; the perceptron generalises better without them).
  void Cutoff(int min_count) {
    std::vector<int> count(keys_.size(), 0);
    for (const Instance& inst : instances_) {
      for (uint32_t f : inst.features) ++count[f];
    }
    for (Instance& inst : instances_) {
      std::vector<uint32_t> features;
      std::vector<uint32_t> offsets;
      for (size_t k = 0; k + 1 < inst.offsets.size(); ++k) {
        offsets.push_back(static_cast<uint32_t>(features.size()));
        for (uint32_t j = inst.offsets[k]; j < inst.offsets[k + 1]; ++j) {
          if (count[inst.features[j]] >= min_count) features.push_back(inst.features[j]);
        }
      }
      offsets.push_back(static_cast<uint32_t>(features.size()));
      inst.features = std::move(features);
      inst.offsets = std::move(offsets);
    }
  }

  void Train(int epochs, uint64_t seed) {
    std::vector<size_t> order(instances_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    uint64_t state = seed == 0 ? 0x2545F4914F6CDD1DULL : seed;
    auto next = [&state]() {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      return state;
    };
    std::vector<std::array<int32_t, kNerTags>> scores;
    std::vector<uint8_t> pred;
    std::array<std::array<int32_t, kNerTags>, kNerTags + 1> trans{};
    for (int e = 0; e < epochs; ++e) {
      for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[next() % i]);
      for (size_t idx : order) {
        const Instance& inst = instances_[idx];
        ++c_;
        const size_t len = inst.gold.size();
        scores.assign(len, {});
        for (size_t k = 0; k < len; ++k) {
          for (uint32_t j = inst.offsets[k]; j < inst.offsets[k + 1]; ++j) {
            const auto& w = w_[inst.features[j]];
            for (int t = 0; t < kNerTags; ++t) scores[k][t] += w[t];
          }
        }
        for (int a = 0; a <= kNerTags; ++a) {
          for (int b = 0; b < kNerTags; ++b) trans[a][b] = tw_[a][b];
        }
        connector_ = &inst.connector;
        Decode(scores, trans, pred);
        if (pred == inst.gold) continue;
        const int32_t g = inst.weight;
        for (size_t k = 0; k < len; ++k) {
          const int pg = k == 0 ? kNerStart : inst.gold[k - 1];
          const int pp = k == 0 ? kNerStart : pred[k - 1];
          if (pg != pp || inst.gold[k] != pred[k]) {
            UpdateTrans(pg, inst.gold[k], g);
            UpdateTrans(pp, pred[k], -g);
          }
          if (inst.gold[k] == pred[k]) continue;
          for (uint32_t j = inst.offsets[k]; j < inst.offsets[k + 1]; ++j) {
            Update(inst.features[j], inst.gold[k], g);
            Update(inst.features[j], pred[k], -g);
          }
        }
      }
    }
  }

  // The averaged weights, quantised to int16 and pruned, as a model file.
  std::string Model(int prune) const {
    int64_t max_abs = 1;
    auto avg = [this](int32_t w, int64_t u) { return static_cast<int64_t>(w) * c_ - u; };
    for (size_t i = 0; i < keys_.size(); ++i) {
      for (int t = 0; t < kNerTags; ++t)
        max_abs = std::max(max_abs, std::abs(avg(w_[i][t], u_[i][t])));
    }
    for (int a = 0; a <= kNerTags; ++a) {
      for (int b = 0; b < kNerTags; ++b)
        max_abs = std::max(max_abs, std::abs(avg(tw_[a][b], tu_[a][b])));
    }
    const int64_t c = std::max<int64_t>(c_, 1);
    int64_t scale = 64;
    while (scale > 1 && max_abs * scale / c > 32000) scale /= 2;
    auto quantise = [&](int64_t a) {
      const int64_t num = a * scale;
      const int64_t q = num >= 0 ? (num + c / 2) / c : -((-num + c / 2) / c);
      return static_cast<int16_t>(std::clamp<int64_t>(q, -32767, 32767));
    };
    std::vector<std::pair<uint64_t, NerWeights>> features;
    for (size_t i = 0; i < keys_.size(); ++i) {
      NerWeights q{};
      bool keep = false;
      for (int t = 0; t < kNerTags; ++t) {
        q[t] = quantise(avg(w_[i][t], u_[i][t]));
        keep = keep || std::abs(q[t]) > prune;
      }
      if (keep) features.emplace_back(keys_[i], q);
    }
    std::sort(features.begin(), features.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::array<std::array<int16_t, kNerTags>, kNerTags + 1> trans{};
    for (int a = 0; a <= kNerTags; ++a) {
      for (int b = 0; b < kNerTags; ++b) trans[a][b] = quantise(avg(tw_[a][b], tu_[a][b]));
    }
    return NerModel::Serialise(features, trans);
  }

  size_t instances() const { return instances_.size(); }
  size_t features() const { return keys_.size(); }

 private:
  void Update(uint32_t f, int tag, int32_t delta) {
    w_[f][tag] += delta;
    u_[f][tag] += c_ * delta;
  }
  void UpdateTrans(int prev, int cur, int32_t delta) {
    tw_[prev][cur] += delta;
    tu_[prev][cur] += c_ * delta;
  }

  // The same decoder as NerViterbi, on an instance.
  void Decode(const std::vector<std::array<int32_t, kNerTags>>& scores,
              const std::array<std::array<int32_t, kNerTags>, kNerTags + 1>& trans,
              std::vector<uint8_t>& tags) const {
    NerDecode(
        scores.size(), [&](size_t k) { return (*connector_)[k] != 0; }, scores, trans, tags);
  }

  std::unordered_map<uint64_t, uint32_t> index_;
  std::vector<uint64_t> keys_;
  std::vector<std::array<int32_t, kNerTags>> w_;
  std::vector<std::array<int64_t, kNerTags>> u_;
  std::array<std::array<int32_t, kNerTags>, kNerTags + 1> tw_{};
  std::array<std::array<int64_t, kNerTags>, kNerTags + 1> tu_{};
  std::vector<Instance> instances_;
  const std::vector<uint8_t>* connector_ = nullptr;
  int64_t c_ = 0;
};

struct Counts {
  std::array<int, 3> tp{}, fp{}, fn{};
};

void Score(const NerModel& model, const std::vector<Doc>& docs, Counts& counts) {
  for (const Doc& doc : docs) {
    NameContext ctx;
    for (const Piece& p : doc.pieces) ctx.Add(p.text);
    for (const Piece& p : doc.pieces) {
      const std::vector<NameMention> found = FindNames(p.text, ctx, model);
      std::set<std::tuple<uint32_t, uint32_t, int>> gold;
      for (const GoldSpan& g : p.gold) gold.insert({g.begin, g.end, g.kind});
      for (const NameMention& m : found) {
        const int kind = m.kind == EntityKind::kPerson         ? 0
                         : m.kind == EntityKind::kOrganisation ? 1
                                                               : 2;
        if (gold.erase({m.begin, m.end, kind}) > 0) {
          ++counts.tp[kind];
        } else {
          ++counts.fp[kind];
          if (std::getenv("MORGUE_NER_SHOW_ERRORS") != nullptr) {
            std::printf("FP %s\t%s\n",
                        kind == 0   ? "PER"
                        : kind == 1 ? "ORG"
                                    : "PLACE",
                        p.text.substr(m.begin, m.end - m.begin).c_str());
          }
        }
      }
      for (const auto& [b, e, kind] : gold) {
        ++counts.fn[kind];
        if (std::getenv("MORGUE_NER_SHOW_ERRORS") != nullptr) {
          std::printf("FN %s\t%s\n",
                      kind == 0   ? "PER"
                      : kind == 1 ? "ORG"
                                  : "PLACE",
                      p.text.substr(b, e - b).c_str());
        }
      }
    }
  }
}

EntityKind KindOf(int kind) {
  return kind == 0   ? EntityKind::kPerson
         : kind == 1 ? EntityKind::kOrganisation
                     : EntityKind::kPlace;
}

// Entity level, as ExtractEntities sees an article: each gold entity (a GUM
// coreference chain with a named mention) once, named by its longest named
// mention's canonical form; found entities by (kind, canonical).
void ScoreEntities(const NerModel& model, const ExtractOptions& base, const std::vector<Doc>& docs,
                   Counts& counts) {
  ExtractOptions options = base;
  options.model = &model;
  for (const Doc& doc : docs) {
    Article article;
    article.id = doc.name;
    std::map<std::string, std::pair<size_t, std::pair<int, std::string>>> longest;
    for (const Piece& p : doc.pieces) {
      article.body.push_back(p.text);
      for (const GoldSpan& g : p.gold) {
        const std::string surface = p.text.substr(g.begin, g.end - g.begin);
        auto& slot = longest[g.entity];
        if (surface.size() > slot.first) {
          slot = {surface.size(), {g.kind, CanonicalEntity(KindOf(g.kind), surface)}};
        }
      }
    }
    std::set<std::pair<int, std::string>> gold;
    for (const auto& [id, v] : longest) gold.insert(v.second);
    std::set<std::pair<int, std::string>> found;
    for (const Entity& e : ExtractEntities(article, options)) {
      const int kind = e.kind == EntityKind::kPerson         ? 0
                       : e.kind == EntityKind::kOrganisation ? 1
                       : e.kind == EntityKind::kPlace        ? 2
                                                             : -1;
      if (kind >= 0) found.insert({kind, e.canonical});
    }
    for (const auto& f : found) {
      if (gold.erase(f) > 0) {
        ++counts.tp[f.first];
      } else {
        ++counts.fp[f.first];
        if (std::getenv("MORGUE_NER_SHOW_ERRORS") != nullptr) {
          std::printf("entity FP %d\t%s\n", f.first, f.second.c_str());
        }
      }
    }
    for (const auto& g : gold) {
      ++counts.fn[g.first];
      if (std::getenv("MORGUE_NER_SHOW_ERRORS") != nullptr) {
        std::printf("entity FN %d\t%s\n", g.first, g.second.c_str());
      }
    }
  }
}

void PrintCounts(const char* what, const Counts& c) {
  const char* names[3] = {"person", "organisation", "place"};
  int tp = 0, fp = 0, fn = 0;
  for (int k = 0; k <= 3; ++k) {
    const int t = k < 3 ? c.tp[k] : tp;
    const int p = k < 3 ? c.fp[k] : fp;
    const int n = k < 3 ? c.fn[k] : fn;
    const double prec = t + p > 0 ? static_cast<double>(t) / (t + p) : 0;
    const double rec = t + n > 0 ? static_cast<double>(t) / (t + n) : 0;
    const double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
    std::printf("%s %-13s P %.3f  R %.3f  F1 %.3f  (tp %d fp %d fn %d)\n", what,
                k < 3 ? names[k] : "all", prec, rec, f1, t, p, n);
    if (k < 3) {
      tp += t;
      fp += p;
      fn += n;
    }
  }
}

int Usage() {
  std::fprintf(stderr,
               "usage: morgue_ner_train --gum DIR --split TSV [--gmb CSV] [--train train,dev]\n"
               "  [--eval dev] [--epochs N] [--gmb-weight N] [--gmb-sentences N] [--seed N]\n"
               "  [--prune N] [--gum-weight N] [--min-count N] [--out FILE]\n");
  return 2;
}

int Main(int argc, char** argv) {
  std::map<std::string, std::string> opt{
      {"--train", "train"},          {"--eval", "dev"},  {"--epochs", "8"}, {"--gmb-weight", "1"},
      {"--gmb-sentences", "100000"}, {"--seed", "1987"}, {"--prune", "0"},  {"--gum-weight", "1"},
      {"--min-count", "1"}};
  for (int i = 1; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
  if (argc % 2 == 0 || opt["--gum"].empty() || opt["--split"].empty()) return Usage();
  std::set<std::string> train_roles;
  for (const std::string& r : Split(opt["--train"], ',')) train_roles.insert(r);
  const std::string eval_role = opt["--eval"];
  if (train_roles.count("test") > 0 || eval_role == "test") {
    std::fprintf(stderr, "GUM test documents are held out: never trained or tuned on\n");
    return 2;
  }
  std::ifstream split(opt["--split"]);
  if (!split) {
    std::fprintf(stderr, "cannot read %s\n", opt["--split"].c_str());
    return 1;
  }
  std::vector<Doc> train_docs;
  std::vector<Doc> eval_docs;
  std::string line;
  while (std::getline(split, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> cols = Split(line, '\t');
    if (cols.size() < 2) continue;
    const bool train = train_roles.count(cols[1]) > 0;
    const bool eval = cols[1] == eval_role;
    if (!train && !eval) continue;  // test documents are never opened
    Doc doc;
    doc.name = cols[0];
    if (!ReadGum(opt["--gum"] + "/" + cols[0] + ".conllu", doc)) {
      std::fprintf(stderr, "cannot read GUM document %s\n", cols[0].c_str());
      return 1;
    }
    if (train && eval) eval_docs.push_back(doc);  // --eval train: how well it fits
    (train ? train_docs : eval_docs).push_back(std::move(doc));
  }
  Trainer trainer;
  size_t unreachable = 0;
  size_t gold = 0;
  const int gum_weight = std::atoi(opt["--gum-weight"].c_str());
  for (const Doc& d : train_docs) trainer.AddDoc(d, gum_weight, &unreachable, &gold);
  std::printf("GUM: %zu training documents, %zu gold names, %zu outside candidate runs\n",
              train_docs.size(), gold, unreachable);
  const int gmb_weight = std::atoi(opt["--gmb-weight"].c_str());
  if (!opt["--gmb"].empty() && gmb_weight > 0) {
    std::vector<Doc> gmb = ReadGmb(opt["--gmb"], 10);
    const size_t max_docs = std::strtoul(opt["--gmb-sentences"].c_str(), nullptr, 10) / 10;
    if (gmb.size() > max_docs) gmb.resize(max_docs);
    size_t u = 0;
    size_t g = 0;
    for (const Doc& d : gmb) trainer.AddDoc(d, gmb_weight, &u, &g);
    std::printf("GMB: %zu pseudo-documents, %zu silver names, %zu outside candidate runs\n",
                gmb.size(), g, u);
  }
  trainer.Cutoff(std::atoi(opt["--min-count"].c_str()));
  trainer.Train(std::atoi(opt["--epochs"].c_str()),
                std::strtoull(opt["--seed"].c_str(), nullptr, 10));
  const std::string bytes = trainer.Model(std::atoi(opt["--prune"].c_str()));
  NerModel model;
  std::string error;
  if (!model.Load(bytes, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  std::printf("model: %zu run instances, %zu features seen, %zu kept, %zu bytes\n",
              trainer.instances(), trainer.features(), model.size(), bytes.size());
  if (!eval_docs.empty()) {
    Counts counts;
    Score(model, eval_docs, counts);
    PrintCounts("mentions", counts);
    for (int variant = 0; variant < 4; ++variant) {
      ExtractOptions options;  // the defaults, then one change each
      if (variant == 1) options.rules_beside_tagger = !options.rules_beside_tagger;
      if (variant == 2) options.gazetteer_needs_tagger = !options.gazetteer_needs_tagger;
      if (variant == 3) options.gazetteer_overrides_tagger = !options.gazetteer_overrides_tagger;
      Counts entities;
      ScoreEntities(model, options, eval_docs, entities);
      const char* names[] = {"entities", "entities-rules", "entities-gazneedstagger",
                             "entities-gazoverride"};
      PrintCounts(names[variant], entities);
    }
  }
  if (!opt["--out"].empty()) {
    std::ofstream out(opt["--out"], std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", opt["--out"].c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace morgue

int main(int argc, char** argv) { return morgue::Main(argc, argv); }
