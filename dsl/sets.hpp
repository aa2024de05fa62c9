// Named sets (`sources network { ... }`, `sinks shell { ... }`, `sanitizers shell-quote { ... }`)
// across rule files: collected, checked (a duplicate, an unknown name, a cycle, a set of the
// wrong kind) and expanded into the rules that name them, before lowering. A set is written
// once and every rule naming it gets its members, so a new source is one edit.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rule_ast.hpp"

namespace warden::dsl {

class SetTable {
 public:
  // Adds the sets of `file`, which must outlive the table. A library set (the built-in ones,
  // beneath a pack of one's own) is replaced by a set of the same name from a later file; two
  // sets of one name among the files themselves are an error.
  void add(const RuleFile& file, bool library, std::vector<RuleFileError>& errors);

  // Checks every set: its members' names resolve, to sets of its own kind, without a cycle.
  // Errors are positioned in the set's file.
  void check(std::vector<RuleFileError>& errors);

  // Replaces every set name in `rule` (of `file`) by the set's members: a taint entry naming a
  // set becomes one entry per member (a `source:` must name a sources set, and so on); a name
  // inside a formula becomes `any { members }`. False (with errors, or without when the set
  // itself is broken and was reported by check()) when a name cannot be replaced.
  bool expand(const RuleFile& file, RuleDecl& rule, std::vector<RuleFileError>& errors);

  // The sets declared in the files (not the library), with their members expanded: for
  // testing each set on its own and for listing.
  struct Declared {
    const RuleFile* file = nullptr;
    const SetDecl* decl = nullptr;
    std::vector<Formula> members;
  };
  std::vector<Declared> declared() const;

  // What `warden list-checks --sets` shows, library sets included.
  std::vector<NamedSet> describe() const;

 private:
  struct Entry {
    const RuleFile* file = nullptr;
    const SetDecl* decl = nullptr;
    bool library = false;
    enum class State : std::uint8_t { unresolved, resolving, resolved, broken } state = State::unresolved;
    std::vector<Formula> members;       // resolved: every member, included sets spliced in
    std::vector<std::string> includes;  // names among its members
    std::vector<std::string> used_by;
    std::uint64_t first_key = 0;  // Formula::shared_key of members[0]; members[i] has first_key + i
  };

  // The entry's members with every set name replaced; reports unknown names, kinds and cycles.
  const Entry* resolve(const std::string& name, std::vector<RuleFileError>& errors);
  // Replaces set names inside `f` (not `f` itself when `top` handles it) by `any { ... }`.
  bool expand_nested(const RuleFile& file, Formula& f, std::vector<RuleFileError>& errors, std::vector<std::string>& used);
  // A taint entry list with its set names spliced in (each must be of `kind`).
  bool expand_entries(const RuleFile& file, std::vector<Formula>& entries, SetKind kind,
                      std::vector<RuleFileError>& errors, std::vector<std::string>& used);
  Entry* find(const std::string& name);
  // Error texts: "unknown set 'x' (did you mean 'y'?)"; "a -> b -> a" from where `name` is
  // being resolved.
  std::string unknown(const std::string& name) const;
  std::string cycle_to(const std::string& name) const;

  std::map<std::string, Entry, std::less<>> sets_;
  std::vector<std::string> resolving_;  // the names being resolved, outermost first (for a cycle's message)
};

}  // namespace warden::dsl
