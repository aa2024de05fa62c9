// Globs over dotted qualified names, as rules write callees and imported names.
#pragma once

#include <string>
#include <string_view>

namespace warden::detail {

// A glob over dotted qualified names: '*' is any run of characters except '.'.
class NameGlob {
 public:
  explicit NameGlob(std::string text);
  bool matches(std::string_view name) const noexcept;
  bool is_exact() const noexcept { return exact_; }
  const std::string& text() const noexcept { return text_; }

 private:
  std::string text_;
  bool exact_;
};

}  // namespace warden::detail
