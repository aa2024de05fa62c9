#include "sets.hpp"

#include <atomic>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace warden::dsl {

std::string_view to_string(SetKind kind) noexcept {
  switch (kind) {
    case SetKind::sources: return "sources";
    case SetKind::sinks: return "sinks";
    case SetKind::sanitizers: return "sanitizers";
  }
  return "sources";
}

namespace {

std::string at(const Position& p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

void add_unique(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

}  // namespace

std::string SetTable::unknown(const std::string& name) const {
  std::vector<std::string_view> known;
  for (const auto& [n, entry] : sets_) known.push_back(n);
  return fmt::format("unknown set '{}'", name) + did_you_mean(name, known);
}

std::string SetTable::cycle_to(const std::string& name) const {
  std::string cycle;
  for (auto it = std::find(resolving_.begin(), resolving_.end(), name); it != resolving_.end(); ++it) cycle += *it + " -> ";
  return cycle + name;
}

SetTable::Entry* SetTable::find(const std::string& name) {
  const auto it = sets_.find(name);
  return it == sets_.end() ? nullptr : &it->second;
}

// A formula's keywords: a set of one of these names could never be named.
constexpr std::string_view kFormulaKeywords[] = {"all",   "any",  "not",    "inside", "not-inside", "where", "focus",
                                                 "pattern", "call", "import", "imports", "node",     "weights"};

void SetTable::add(const RuleFile& file, bool library, std::vector<RuleFileError>& errors) {
  for (const SetDecl& decl : file.sets) {
    if (std::find(std::begin(kFormulaKeywords), std::end(kFormulaKeywords), decl.name) != std::end(kFormulaKeywords)) {
      errors.push_back(error_at(file, decl.name_pos,
                                fmt::format("'{}' is a keyword of formulas; a set needs another name", decl.name)));
      continue;
    }
    Entry* existing = find(decl.name);
    if (existing != nullptr && !existing->library) {
      errors.push_back(error_at(file, decl.name_pos,
                                fmt::format("duplicate set '{}' (first defined at {}:{})", decl.name,
                                            existing->file->path, at(existing->decl->name_pos))));
      continue;
    }
    Entry entry;
    entry.file = &file;
    entry.decl = &decl;
    entry.library = library;
    sets_.insert_or_assign(decl.name, std::move(entry));
  }
}

void SetTable::check(std::vector<RuleFileError>& errors) {
  for (auto& [name, entry] : sets_) resolve(name, errors);
}

const SetTable::Entry* SetTable::resolve(const std::string& name, std::vector<RuleFileError>& errors) {
  Entry* e = find(name);
  if (e == nullptr || e->state == Entry::State::broken || e->state == Entry::State::resolving) return nullptr;
  if (e->state == Entry::State::resolved) return e;
  e->state = Entry::State::resolving;
  resolving_.push_back(name);
  bool ok = true;
  std::vector<Formula> members;
  for (const Formula& member : e->decl->members) {
    if (member.kind != Formula::Kind::set_ref) {
      Formula copy = member;
      std::vector<std::string> named;
      ok = expand_nested(*e->file, copy, errors, named) && ok;
      for (const auto& n : named) add_unique(e->includes, n);
      members.push_back(std::move(copy));
      continue;
    }
    add_unique(e->includes, member.text);
    const Entry* included = find(member.text);
    const std::string self = fmt::format("{} '{}'", to_string(e->decl->kind), name);
    if (included == nullptr) {
      errors.push_back(error_at(*e->file, member.pos, unknown(member.text) + " in " + self));
      ok = false;
    } else if (included->decl->kind != e->decl->kind) {
      errors.push_back(error_at(*e->file, member.pos,
                                fmt::format("{} includes {} '{}': a set includes only sets of its own kind", self,
                                            to_string(included->decl->kind), member.text)));
      ok = false;
    } else if (included->state == Entry::State::resolving) {
      errors.push_back(error_at(*e->file, member.pos, fmt::format("{} includes itself: {}", self, cycle_to(member.text))));
      ok = false;
    } else if (const Entry* resolved = resolve(member.text, errors)) {
      members.insert(members.end(), resolved->members.begin(), resolved->members.end());
    } else {
      ok = false;  // the included set's own errors are reported where it is declared
    }
  }
  resolving_.pop_back();
  e->members = std::move(members);
  e->state = ok ? Entry::State::resolved : Entry::State::broken;
  return ok ? e : nullptr;
}

bool SetTable::expand_nested(const RuleFile& file, Formula& f, std::vector<RuleFileError>& errors,
                             std::vector<std::string>& used) {
  if (f.kind != Formula::Kind::set_ref) {
    bool ok = true;
    for (Formula& child : f.children) ok = expand_nested(file, child, errors, used) && ok;
    return ok;
  }
  const std::string name = f.text;
  const Entry* entry = find(name);
  if (entry == nullptr) {
    errors.push_back(error_at(file, f.pos, unknown(name)));
    return false;
  }
  if (entry->state == Entry::State::resolving) {
    errors.push_back(error_at(file, f.pos, fmt::format("set '{}' includes itself: {}", name, cycle_to(name))));
    return false;
  }
  const Entry* resolved = resolve(name, errors);
  if (resolved == nullptr) return false;
  add_unique(used, name);
  Formula any;
  any.kind = Formula::Kind::any;
  any.pos = f.pos;
  any.children = resolved->members;
  f = std::move(any);
  return true;
}

bool SetTable::expand_entries(const RuleFile& file, std::vector<Formula>& entries, SetKind kind,
                              std::vector<RuleFileError>& errors, std::vector<std::string>& used) {
  bool ok = true;
  std::vector<Formula> out;
  for (Formula& entry : entries) {
    if (entry.kind != Formula::Kind::set_ref) {
      ok = expand_nested(file, entry, errors, used) && ok;
      out.push_back(std::move(entry));
      continue;
    }
    Entry* set = find(entry.text);
    if (set != nullptr && set->decl->kind != kind) {
      const std::string_view key = kind == SetKind::sources ? "source" : kind == SetKind::sinks ? "sink" : "sanitizer";
      errors.push_back(error_at(file, entry.pos,
                                fmt::format("'{}:' names {} '{}'; it takes a set of {}", key,
                                            to_string(set->decl->kind), entry.text, to_string(kind))));
      ok = false;
      continue;
    }
    Formula expanded = entry;
    if (!expand_nested(file, expanded, errors, used)) {
      ok = false;
      continue;
    }
    // One entry per member, as if the rule listed them itself; every rule naming the set gets
    // the same keys for them (unique in the process: rule sets compiled apart never share).
    if (set != nullptr && set->first_key == 0) {
      static std::atomic<std::uint64_t> next_key{1};
      set->first_key = next_key.fetch_add(expanded.children.size() + 1);
    }
    for (std::size_t i = 0; i < expanded.children.size(); ++i) {
      Formula& member = expanded.children[i];
      if (set != nullptr) member.shared_key = set->first_key + i;
      out.push_back(std::move(member));
    }
  }
  entries = std::move(out);
  return ok;
}

bool SetTable::expand(const RuleFile& file, RuleDecl& rule, std::vector<RuleFileError>& errors) {
  std::vector<std::string> used;
  bool ok = true;
  if (rule.match) ok = expand_nested(file, *rule.match, errors, used) && ok;
  if (rule.taint) {
    ok = expand_entries(file, rule.taint->sources, SetKind::sources, errors, used) && ok;
    ok = expand_entries(file, rule.taint->sinks, SetKind::sinks, errors, used) && ok;
    ok = expand_entries(file, rule.taint->sanitizers, SetKind::sanitizers, errors, used) && ok;
    for (Formula& step : rule.taint->steps) ok = expand_nested(file, step, errors, used) && ok;
  }
  for (const std::string& name : used) {
    if (Entry* e = find(name)) add_unique(e->used_by, rule.info.id);
  }
  return ok;
}

std::vector<SetTable::Declared> SetTable::declared() const {
  std::vector<Declared> out;
  for (const auto& [name, entry] : sets_) {
    if (!entry.library && entry.state == Entry::State::resolved) out.push_back({entry.file, entry.decl, entry.members});
  }
  return out;
}

std::vector<NamedSet> SetTable::describe() const {
  std::vector<NamedSet> out;
  for (const auto& [name, entry] : sets_) {
    NamedSet set;
    set.kind = std::string(to_string(entry.decl->kind));
    set.name = name;
    set.file = entry.file->path;
    set.position = entry.decl->name_pos;
    set.members = entry.members.size();
    set.includes = entry.includes;
    // Rules naming it, and rules naming a set that includes it (to any depth).
    std::set<std::string> users(entry.used_by.begin(), entry.used_by.end());
    std::set<std::string> seen{name};
    std::vector<std::string> frontier{name};
    while (!frontier.empty()) {
      const std::string current = frontier.back();
      frontier.pop_back();
      for (const auto& [other_name, other] : sets_) {
        if (seen.contains(other_name)) continue;
        if (std::find(other.includes.begin(), other.includes.end(), current) == other.includes.end()) continue;
        seen.insert(other_name);
        frontier.push_back(other_name);
        users.insert(other.used_by.begin(), other.used_by.end());
      }
    }
    set.used_by.assign(users.begin(), users.end());
    out.push_back(std::move(set));
  }
  return out;
}

}  // namespace warden::dsl
