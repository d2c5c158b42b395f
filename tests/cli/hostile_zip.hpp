// Zip files written byte by byte, for the hostile-input tests: libzip refuses
// to write what an attacker would (NUL in a name, sizes that lie, a 10 GiB
// entry it would have to compress), so the tests build the archive themselves.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace capsule::hostile {

struct RawEntry {
    std::string name;         // the stored bytes: may hold NUL, backslashes, ".."
    std::string data;         // as stored: raw deflate when method is 8
    std::uint16_t method = 0;  // 0 stored, 8 deflate
    std::uint32_t crc = 0;    // of the uncompressed bytes
    std::uint64_t size = 0;   // uncompressed size, as both headers claim it
};

// `data` stored as is, with its true CRC and size.
RawEntry stored(const std::string& name, const std::string& data);
// `data` deflated (zlib, raw stream), with its true CRC and size.
RawEntry deflated(const std::string& name, const std::string& data);
// A real deflate stream of `size` zero bytes, built by repeating one flushed
// block (so 10 GiB costs about 10 MiB and no 10 GiB of work); true CRC.
RawEntry zero_bomb(const std::string& name, std::uint64_t size);

// The archive: local headers, data, central directory, end record. Sizes of
// 4 GiB or more get ZIP64 extra fields. `claimed_entries` (when not 0) is the
// entry count the end record states instead of the true one.
std::string zip_bytes(const std::vector<RawEntry>& entries, std::uint16_t claimed_entries = 0);

// Inflates a raw deflate stream and returns how many bytes it makes and
// their CRC, without keeping them: checks what zero_bomb built.
void inflate_count(const std::string& deflate_stream, std::uint64_t& size, std::uint32_t& crc);

}  // namespace capsule::hostile
