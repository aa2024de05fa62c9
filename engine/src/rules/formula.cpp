#include "formula.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace warden::detail {

namespace {

void add_anchors(const CompiledFormula& f, std::vector<Anchor>& out) {
  using Kind = CompiledFormula::Kind;
  switch (f.kind) {
    case Kind::pattern:
      if (f.pattern->anchor_types().empty()) out.push_back({"", std::nullopt, false});
      for (const auto& type : f.pattern->anchor_types()) {
        out.push_back({type, type == "call" ? f.pattern->callee() : std::nullopt, false});
      }
      break;
    case Kind::call:
      for (const auto& glob : f.names) {
        if (glob.is_exact()) out.push_back({"call", glob.text(), false});
        else out.push_back({"call", std::nullopt, true});
      }
      break;
    case Kind::import:
      out.push_back({"import_statement", std::nullopt, false});
      out.push_back({"import_from_statement", std::nullopt, false});
      break;
    case Kind::node: out.push_back({f.node_type, std::nullopt, false}); break;
    case Kind::any:
      for (const auto& child : f.children) add_anchors(child, out);
      break;
    case Kind::all:
      // The first positive child anchors the conjunction: all others must hold at the same node.
      for (const auto& child : f.children) {
        if (child.kind == Kind::pattern || child.kind == Kind::call || child.kind == Kind::import ||
            child.kind == Kind::node || child.kind == Kind::any || child.kind == Kind::all) {
          add_anchors(child, out);
          return;
        }
      }
      break;
    default: break;
  }
}

}  // namespace

std::vector<Anchor> anchors_of(const CompiledFormula& formula) {
  std::vector<Anchor> out;
  add_anchors(formula, out);
  return out;
}

namespace {

// Every part of a qualified name is written in a file that uses it (in the import that binds
// it or the attribute chain that reaches it), so its longest part is the most selective word.
std::string longest_segment(std::string_view qualified) {
  if (qualified.starts_with("builtins.")) qualified.remove_prefix(9);
  std::string_view best;
  while (!qualified.empty()) {
    const std::string_view part = qualified.substr(0, qualified.find('.'));
    if (part.size() > best.size()) best = part;
    qualified.remove_prefix(std::min(qualified.size(), part.size() + 1));
  }
  return std::string(best);
}

// The word a callee glob's matches write: its longest segment; for a segment with `*`
// (`*chmod*`), its longest literal run as a substring word ("*chmod"), when it has 3 bytes.
std::optional<std::string> glob_word(std::string_view glob) {
  const std::string segment = longest_segment(glob);
  if (segment.find('*') == std::string::npos) {
    if (segment.empty()) return std::nullopt;
    return segment;
  }
  std::string_view rest = segment, best;
  while (!rest.empty()) {
    const std::string_view run = rest.substr(0, rest.find('*'));
    if (run.size() > best.size()) best = run;
    rest.remove_prefix(std::min(rest.size(), run.size() + 1));
  }
  if (best.size() < 3) return std::nullopt;
  std::string word(1, '*');  // (not "*" + std::string: GCC 12's -Wrestrict)
  word += best;
  return word;
}

}  // namespace

std::optional<std::vector<std::string>> required_words(const CompiledFormula& f, bool written_only) {
  using K = CompiledFormula::Kind;
  switch (f.kind) {
    case K::import:
    case K::file_imports:
      // None: a relative import names its package by the file's path, not in its text
      // (`from . import handler` in xml/sax/ imports xml.sax and never writes "sax"). Import
      // statements are few; the rules that need one are cheap without a prefilter.
      return std::nullopt;
    case K::call: {
      if (written_only) return std::nullopt;  // `from helpers import run` may be subprocess.run
      if (f.hidden) return std::nullopt;        // a hidden callee's name is not written
      std::vector<std::string> words;
      for (const auto& glob : f.names) {
        auto word = glob_word(glob.text());
        if (!word) return std::nullopt;
        words.push_back(std::move(*word));
      }
      return words;
    }
    case K::pattern: {
      // A name, a method's name or a keyword's name that every match writes.
      if (auto name = f.pattern->required_name(); name && !written_only) return std::vector<std::string>{longest_segment(*name)};
      if (auto method = f.pattern->method_name()) return std::vector<std::string>{*method};
      if (auto keyword = f.pattern->keyword_name()) return std::vector<std::string>{*keyword};
      return std::nullopt;
    }
    case K::any: {
      std::vector<std::string> words;
      for (const auto& c : f.children) {
        auto child_words = required_words(c, written_only);
        if (!child_words) return std::nullopt;
        words.insert(words.end(), child_words->begin(), child_words->end());
      }
      return words;
    }
    case K::all: {
      // Every positive child must match, the place must lie inside what an `inside` child
      // matches, and a `where $X in [...]` names the text $X binds: each gives words one of
      // which the file must contain. Keep the most selective list: the one whose shortest
      // word is longest.
      std::optional<std::vector<std::string>> best;
      std::size_t best_shortest = 0;
      for (const auto& c : f.children) {
        std::optional<std::vector<std::string>> words;
        if (c.kind == K::inside) {
          words = required_words(c.children.front(), written_only);
        } else if (c.kind == K::where) {
          const auto& condition = *c.condition;
          if (condition.test == MetaTestKind::in_list && !condition.negated && !condition.decoded) words = condition.values;
        } else if (c.kind != K::not_ && c.kind != K::not_inside && c.kind != K::focus) {  // file_imports too
          words = required_words(c, written_only);
        }
        if (!words || words->empty()) continue;
        std::size_t shortest = SIZE_MAX;
        for (const auto& w : *words) shortest = std::min(shortest, w.size());
        if (!best || shortest > best_shortest) {
          best = std::move(words);
          best_shortest = shortest;
        }
      }
      return best;
    }
    case K::inside: return f.children.empty() ? std::nullopt : required_words(f.children.front(), written_only);
    default: return std::nullopt;
  }
}

bool contains_any(std::string_view text, const std::optional<std::vector<std::string>>& words) {
  if (!words) return true;
  for (std::string_view word : *words) {
    if (word.starts_with('*')) word.remove_prefix(1);  // a substring word
    if (text.find(word) != std::string_view::npos) return true;
  }
  return false;
}

namespace {
bool is_identifier_byte(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}
}  // namespace

std::uint32_t WordSet::add(const std::string& word) {
  const auto [it, inserted] = ids_.try_emplace(word, static_cast<std::uint32_t>(words_.size()));
  if (inserted) words_.push_back(word);
  return it->second;
}

void WordSet::finish() {
  identifier_words_.clear();
  other_words_.clear();
  for (std::uint32_t w = 0; w < words_.size(); ++w) {
    const std::string& word = words_[w];
    const bool identifier = !word.empty() && !word.starts_with('*') && std::all_of(word.begin(), word.end(), is_identifier_byte);
    if (!identifier) {
      other_words_.push_back(w);
      continue;
    }
    identifier_words_.emplace(word, w);
    min_word_ = std::min(min_word_, word.size());
    max_word_ = std::max(max_word_, word.size());
  }
}

std::vector<bool> WordSet::present_in(std::string_view text) const {
  std::vector<bool> present(words_.size(), false);
  if (!identifier_words_.empty()) {
    for (std::size_t i = 0; i < text.size();) {
      if (!is_identifier_byte(text[i])) {
        ++i;
        continue;
      }
      std::size_t end = i + 1;
      while (end < text.size() && is_identifier_byte(text[end])) ++end;
      const std::size_t length = end - i;
      if (length >= min_word_ && length <= max_word_) {
        if (const auto it = identifier_words_.find(text.substr(i, length)); it != identifier_words_.end()) {
          present[it->second] = true;
        }
      }
      i = end;
    }
  }
  for (const std::uint32_t w : other_words_) {
    std::string_view word = words_[w];
    if (word.starts_with('*')) word.remove_prefix(1);  // a substring word
    present[w] = text.find(word) != std::string_view::npos;
  }
  return present;
}

}  // namespace warden::detail
