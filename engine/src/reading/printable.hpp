// Bytes shown to a person: in messages, JSON and terminals, where hostile input must not
// break the output or drive the terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace warden::detail {

// The first `max_chars` characters of `bytes` as printable UTF-8: valid UTF-8 is kept;
// \n \r \t, other control bytes and invalid bytes are escaped (\n, \x00), and so are C1
// controls, zero-width and bidirectional formatting characters (\u202e); a cut ends with "...".
std::string printable_excerpt(std::string_view bytes, std::size_t max_chars = 80);

// `raw` with one byte per byte, so offsets and positions stay those of the file: a NUL
// becomes ' ' and a byte outside well-formed UTF-8 becomes '?' (as decode_source does).
std::string text_with_raw_offsets(std::string_view raw);

}  // namespace warden::detail
