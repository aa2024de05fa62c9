#include "name_glob.hpp"

#include <utility>

#include "glob.hpp"

namespace warden::detail {

NameGlob::NameGlob(std::string text) : text_(std::move(text)), exact_(text_.find('*') == std::string::npos) {}

bool NameGlob::matches(std::string_view name) const noexcept {
  return exact_ ? name == text_ : glob_match(text_, name, '.');
}

}  // namespace warden::detail
