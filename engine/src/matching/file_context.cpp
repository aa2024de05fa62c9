#include "file_context.hpp"

#include <utility>

namespace warden::detail {

FileContext::FileContext(const SourceFile& source, const ModuleModel& model) : ResolvedFile(source, model) {}

std::shared_ptr<const StaticValue> FileContext::static_value_of(TSNode expression) const {
  const auto [it, inserted] = static_values_.try_emplace(node_key(expression));
  if (inserted) {
    if (auto value = static_value(expression, *this, {}, &static_cache_)) it->second = std::make_shared<const StaticValue>(std::move(*value));
  }
  return it->second;
}

}  // namespace warden::detail
