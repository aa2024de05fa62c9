#include "formula.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include <re2/re2.h>

#include "hex_digit.hpp"
#include "utf8.hpp"

namespace warden::detail {

namespace {

void add_anchors(const CompiledFormula& f, std::vector<Anchor>& out) {
  using Kind = CompiledFormula::Kind;
  switch (f.kind) {
    case Kind::pattern:
      if (f.pattern->anchor_types().empty()) out.push_back({"", std::nullopt, false});
      for (const auto& type : f.pattern->anchor_types()) {
        Anchor anchor{type, type == "call" ? f.pattern->callee() : std::nullopt, false};
        if (type == "call" && !anchor.callee) anchor.method = f.pattern->method_name();
        out.push_back(std::move(anchor));
      }
      break;
    case Kind::call:
      for (const auto& glob : f.names) {
        if (glob.is_exact()) out.push_back({"call", glob.text(), false});
        else out.push_back({"call", std::nullopt, true, &glob});
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

std::vector<std::string> regex_atoms(const Regex& regex) { return literal_atoms(regex.pattern()); }

namespace {

// Whether `f` binds `metavar` to the whole text of a comment, a string or an identifier:
// `all { node string  pattern `$X` ... }`, or an `any` of such branches.
bool binds_node_text(const CompiledFormula& f, const std::string& metavar) {
  using K = CompiledFormula::Kind;
  if (f.kind == K::any) {
    return !f.children.empty() && std::all_of(f.children.begin(), f.children.end(),
                                              [&](const CompiledFormula& c) { return binds_node_text(c, metavar); });
  }
  if (f.kind != K::all) return false;
  bool on_text_node = false, lone = false;
  for (const auto& child : f.children) {
    if (child.kind == K::node) {
      on_text_node = child.node_type == "string" || child.node_type == "comment" || child.node_type == "identifier";
    }
    if (child.kind == K::pattern && child.pattern && child.pattern->lone_metavariable() == metavar) lone = true;
  }
  return on_text_node && lone;
}

// `all { node string  pattern `$X`  where $X matches RE }` (or `node comment`, `node
// identifier`, or the node and pattern in each branch of an `any` beside the `where`): the
// text the regex sees is one comment, one identifier or one string's value, so the file holds
// RE's atoms (unless a string escape spells them: WordSet), or, for a regex whose every match
// holds a non-ASCII character and that has no atoms, a non-ASCII character (kNonAsciiWord). A
// metavariable bound by a larger pattern could be a concatenation whose value joins parts
// (`"disc" "ord.com"`), so other shapes get no atoms.
std::optional<std::vector<std::string>> string_regex_atoms(const CompiledFormula& all, const CompiledFormula& where) {
  using K = CompiledFormula::Kind;
  const auto& c = *where.condition;
  if (c.test != MetaTestKind::matches || c.negated || c.decoded || !c.regex) return std::nullopt;
  const bool bound = binds_node_text(all, c.metavar) ||
                     std::any_of(all.children.begin(), all.children.end(), [&](const CompiledFormula& child) {
                       return child.kind == K::any && binds_node_text(child, c.metavar);
                     });
  if (!bound) return std::nullopt;
  std::vector<std::string> atoms = regex_atoms(*c.regex);
  if (atoms.empty()) {
    if (needs_non_ascii(c.regex->pattern())) return std::vector<std::string>{std::string(kNonAsciiWord)};
    return std::nullopt;
  }
  for (auto& atom : atoms) atom = std::string("~").append(atom);
  return atoms;
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
          if (!words) words = string_regex_atoms(f, c);
        } else if (c.kind != K::not_ && c.kind != K::not_inside && c.kind != K::focus) {  // file_imports too
          words = required_words(c, written_only);
        }
        if (!words || words->empty()) continue;
        std::size_t shortest = SIZE_MAX;
        for (const auto& w : *words) shortest = std::min(shortest, w.size() - (w.starts_with('~') || w.starts_with('*')));
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

namespace {
bool is_identifier_byte(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}

// A backslash escape a string literal's value may turn into a letter, digit or other byte
// not written (`\x41`, `\u0041`, `\U00000041`, `\N{LATIN SMALL LETTER A}`, octal `\101`),
// or a line continuation, which joins the text around it.
bool has_spelling_escape(std::string_view text) {
  for (std::size_t i = text.find('\\'); i != std::string_view::npos && i + 1 < text.size(); i = text.find('\\', i + 2)) {
    const char next = text[i + 1];
    if (next == 'x' || next == 'u' || next == 'U' || next == 'N' || (next >= '0' && next <= '7') || next == '\n' ||
        next == '\r') {
      return true;
    }
  }
  return false;
}

// `text` with the escapes a string value may spell undone (`\x41`, `\u0041`, `\U00000041`,
// octal `\101`: the character; a line continuation: nothing), wherever they are: a superset
// of what any string's value holds that the raw text does not. nullopt for `\N{...}` (a
// character's name: every atom is then taken as present).
std::optional<std::string> spell_escapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto hex = [&](std::size_t from, std::size_t digits, std::uint32_t& value) {
    value = 0;
    if (from + digits > text.size()) return false;
    for (std::size_t k = 0; k < digits; ++k) {
      const int d = hex_digit(text[from + k]);
      if (d < 0) return false;
      value = value * 16 + static_cast<std::uint32_t>(d);
    }
    return true;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out.push_back(text[i]);
      continue;
    }
    const char e = text[i + 1];
    std::uint32_t value = 0;
    if (e == 'N') return std::nullopt;
    if (e == '\n') {
      ++i;
    } else if (e == '\r') {
      i += (i + 2 < text.size() && text[i + 2] == '\n') ? std::size_t{2} : std::size_t{1};
    } else if (e == 'x' && hex(i + 2, 2, value)) {
      append_code_point(out, value);  // a str's character (what `\\xe9` is outside bytes literals)
      i += 3;
    } else if (e == 'u' && hex(i + 2, 4, value)) {
      append_code_point(out, value);
      i += 5;
    } else if (e == 'U' && hex(i + 2, 8, value)) {
      append_code_point(out, value);
      i += 9;
    } else if (e >= '0' && e <= '7') {
      std::size_t k = i + 1;
      for (; k < text.size() && k < i + 4 && text[k] >= '0' && text[k] <= '7'; ++k) value = value * 8 + static_cast<std::uint32_t>(text[k] - '0');
      append_code_point(out, value);
      i = k - 1;
    } else {
      out.push_back(text[i]);  // the backslash; the next character is copied as it is
    }
  }
  return out;
}

bool has_non_ascii(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

bool contains_folded(std::string_view text, std::string_view lowercase_word) {
  const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::search(text.begin(), text.end(), lowercase_word.begin(), lowercase_word.end(),
                     [&](char a, char b) { return fold(a) == b; }) != text.end();
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
  atom_words_.clear();
  atom_set_.reset();
  re2::RE2::Options options;
  options.set_literal(true);
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  auto atoms = std::make_shared<re2::RE2::Set>(options, re2::RE2::UNANCHORED);
  non_ascii_words_.clear();
  for (std::uint32_t w = 0; w < words_.size(); ++w) {
    const std::string& word = words_[w];
    if (word == kNonAsciiWord) {
      non_ascii_words_.push_back(w);
      continue;
    }
    if (word.starts_with('~')) {
      if (atoms->Add(std::string_view(word).substr(1), nullptr) >= 0) {
        atom_words_.push_back(w);
      } else {
        other_words_.push_back(w);  // not valid as a pattern (bytes that are not UTF-8): searched alone
      }
      continue;
    }
    const bool identifier = !word.empty() && !word.starts_with('*') && std::all_of(word.begin(), word.end(), is_identifier_byte);
    if (!identifier) {
      other_words_.push_back(w);
      continue;
    }
    identifier_words_.emplace(word, w);
    min_word_ = std::min(min_word_, word.size());
    max_word_ = std::max(max_word_, word.size());
  }
  if (!atom_words_.empty() && atoms->Compile()) {
    atom_set_ = std::move(atoms);
  } else {
    other_words_.insert(other_words_.end(), atom_words_.begin(), atom_words_.end());
    atom_words_.clear();
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
  // Atoms are looked for in the text and, where escapes could spell more, in the text with
  // them undone too.
  std::optional<std::string> spelled;
  bool everything = false;
  if ((atom_set_ || !other_words_.empty() || !non_ascii_words_.empty()) && has_spelling_escape(text)) {
    spelled = spell_escapes(text);
    everything = !spelled;
  }
  if (!non_ascii_words_.empty()) {
    const bool found = everything || has_non_ascii(text) || (spelled && has_non_ascii(*spelled));
    for (const std::uint32_t w : non_ascii_words_) present[w] = found;
  }
  for (const std::uint32_t w : other_words_) {
    std::string_view word = words_[w];
    if (word.starts_with('~')) {
      word.remove_prefix(1);
      present[w] = everything || contains_folded(text, word) || (spelled && contains_folded(*spelled, word));
      continue;
    }
    if (word.starts_with('*')) word.remove_prefix(1);  // a substring word
    present[w] = text.find(word) != std::string_view::npos;
  }
  if (atom_set_) {
    const auto search = [&](std::string_view in) {
      std::vector<int> found;
      re2::RE2::Set::ErrorInfo error;
      if (atom_set_->Match(in, &found, &error)) {
        for (const int i : found) present[atom_words_[static_cast<std::size_t>(i)]] = true;
      } else if (error.kind != re2::RE2::Set::kNoError) {
        everything = true;  // the set's DFA ran out of memory on this text
      }
    };
    if (!everything) search(text);
    if (!everything && spelled) search(*spelled);
    if (everything) {
      for (const std::uint32_t w : atom_words_) present[w] = true;
    }
  }
  return present;
}

}  // namespace warden::detail
