#include "warden/version.hpp"

namespace warden {
std::string_view version() noexcept { return WARDEN_VERSION; }
std::string_view python_grammar_version() noexcept { return WARDEN_TSPY_VERSION; }
}  // namespace warden
