#pragma once
#include <string_view>
namespace warden {
std::string_view version() noexcept;             // e.g. "0.1.0"
std::string_view python_grammar_version() noexcept;  // the tree-sitter-python release compiled in
}  // namespace warden
