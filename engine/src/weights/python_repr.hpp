// Python's repr() of the constants a pickle holds, for reports: what a reader of the finding
// would type to get the same value. Exact for ASCII text, bytes, ints and floats; for other
// text, characters Python would escape (controls, C1, bidi and zero-width formatting,
// separators) are escaped as Python does, and the rest kept.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace warden::detail {

std::string repr_str(std::string_view utf8);                          // 'echo hi', "it's"
std::string repr_bytes(std::string_view bytes, bool bytearray = false);  // b'\x00', bytearray(b'')
std::string repr_float(double value);                                 // 1.0, 1e+16, inf, nan
// `repr` cut to at most `max_chars` bytes (at a UTF-8 boundary), ending in "..." when cut.
std::string shortened(std::string repr, std::size_t max_chars);

}  // namespace warden::detail
