// What a formula sees of the file being scanned: the resolved file, plus what matching keeps
// per file (the worker's YARA scanner, static values computed once per node).
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "module_model.hpp"
#include "pattern.hpp"
#include "resolved_file.hpp"
#include "source.hpp"
#include "static_value.hpp"

namespace warden::detail {

class SignatureScanner;

class FileContext final : public ResolvedFile {
 public:
  FileContext(const SourceFile& source, const ModuleModel& model);
  MatchContext match_context() const noexcept { return {source().text(), model(), this}; }

  // The worker's YARA scanner, for `decoded($X) matches yara` (null: no signatures loaded).
  void set_signatures(SignatureScanner* scanner) noexcept { signatures_ = scanner; }
  SignatureScanner* signatures() const noexcept { return signatures_; }
  // The static value of an expression (static_value()), computed once per node and file;
  // null when it has none.
  std::shared_ptr<const StaticValue> static_value_of(TSNode expression) const;

 private:
  SignatureScanner* signatures_ = nullptr;
  mutable std::unordered_map<std::uint64_t, std::shared_ptr<const StaticValue>> static_values_;  // by node range
  mutable StaticValueCache static_cache_;
};

}  // namespace warden::detail
