#include "hostile_zip.hpp"

#include <zlib.h>

#include <stdexcept>

namespace capsule::hostile {
namespace {

constexpr std::uint64_t zip32_max = 0xffffffffu;

void put16(std::string& out, std::uint16_t v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>(v >> 8);
}

void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void put64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

std::uint32_t crc_of(const std::string& data) {
    return static_cast<std::uint32_t>(
        ::crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

bool needs_zip64(const RawEntry& e) { return e.size >= zip32_max || e.data.size() >= zip32_max; }

// The ZIP64 extra field: both sizes (the local header must carry both).
std::string zip64_extra(const RawEntry& e) {
    std::string extra;
    put16(extra, 0x0001);
    put16(extra, 16);
    put64(extra, e.size);
    put64(extra, e.data.size());
    return extra;
}

// Deflates `input` with `flush`, appending the output to `out`.
void deflate_into(z_stream& z, const std::string& input, int flush, std::string& out) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z.avail_in = static_cast<uInt>(input.size());
    char buffer[1 << 16];
    do {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        const int rc = ::deflate(&z, flush);
        if (rc == Z_STREAM_ERROR) throw std::runtime_error("deflate failed");
        out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0 || z.avail_in != 0);
}

struct Deflater {
    z_stream z{};
    Deflater() {
        if (::deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
            throw std::runtime_error("deflateInit2 failed");
    }
    ~Deflater() { ::deflateEnd(&z); }
};

}  // namespace

RawEntry stored(const std::string& name, const std::string& data) {
    return RawEntry{name, data, 0, crc_of(data), data.size()};
}

RawEntry deflated(const std::string& name, const std::string& data) {
    Deflater d;
    std::string out;
    deflate_into(d.z, data, Z_FINISH, out);
    return RawEntry{name, out, 8, crc_of(data), data.size()};
}

RawEntry zero_bomb(const std::string& name, std::uint64_t size) {
    constexpr std::uint64_t chunk_size = 16u << 20;
    if (size % chunk_size != 0) throw std::invalid_argument("zero_bomb: size must be a multiple of 16 MiB");
    const std::string chunk(chunk_size, '\0');
    Deflater d;
    // After a full flush the compressor starts again from an empty window, so
    // every further chunk compresses to the same bytes as the second one.
    std::string first, again, end;
    deflate_into(d.z, chunk, Z_FULL_FLUSH, first);
    deflate_into(d.z, chunk, Z_FULL_FLUSH, again);
    deflate_into(d.z, std::string(), Z_FINISH, end);
    const std::uint64_t chunks = size / chunk_size;
    RawEntry e{name, first, 8, 0, size};
    e.data.reserve(first.size() + again.size() * (chunks - 1) + end.size());
    for (std::uint64_t i = 1; i < chunks; ++i) e.data += again;
    e.data += end;
    const uLong chunk_crc = ::crc32(0, reinterpret_cast<const Bytef*>(chunk.data()), chunk_size);
    uLong crc = 0;
    for (std::uint64_t i = 0; i < chunks; ++i) crc = ::crc32_combine(crc, chunk_crc, chunk_size);
    e.crc = static_cast<std::uint32_t>(crc);
    return e;
}

std::string zip_bytes(const std::vector<RawEntry>& entries, std::uint16_t claimed_entries) {
    std::string out, central;
    for (const RawEntry& e : entries) {
        const bool z64 = needs_zip64(e);
        const std::string extra = z64 ? zip64_extra(e) : std::string();
        const std::uint16_t needed = z64 ? 45 : 20;
        const std::uint32_t comp32 = z64 ? zip32_max : static_cast<std::uint32_t>(e.data.size());
        const std::uint32_t size32 = z64 ? zip32_max : static_cast<std::uint32_t>(e.size);
        const std::uint32_t offset = static_cast<std::uint32_t>(out.size());

        put32(out, 0x04034b50);
        put16(out, needed);
        put16(out, 0);  // flags
        put16(out, e.method);
        put16(out, 0);       // time
        put16(out, 0x5821);  // date: 2024-01-01
        put32(out, e.crc);
        put32(out, comp32);
        put32(out, size32);
        put16(out, static_cast<std::uint16_t>(e.name.size()));
        put16(out, static_cast<std::uint16_t>(extra.size()));
        out += e.name;
        out += extra;
        out += e.data;

        put32(central, 0x02014b50);
        put16(central, 0x031e);  // made by: Unix, zip 3.0
        put16(central, needed);
        put16(central, 0);
        put16(central, e.method);
        put16(central, 0);
        put16(central, 0x5821);
        put32(central, e.crc);
        put32(central, comp32);
        put32(central, size32);
        put16(central, static_cast<std::uint16_t>(e.name.size()));
        put16(central, static_cast<std::uint16_t>(extra.size()));
        put16(central, 0);  // comment
        put16(central, 0);  // disk
        put16(central, 0);  // internal attributes
        put32(central, 0100644u << 16);
        put32(central, offset);
        central += e.name;
        central += extra;
    }
    const std::uint32_t central_offset = static_cast<std::uint32_t>(out.size());
    out += central;
    const std::uint16_t count =
        claimed_entries != 0 ? claimed_entries : static_cast<std::uint16_t>(entries.size());
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, count);
    put16(out, count);
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, central_offset);
    put16(out, 0);
    return out;
}

void inflate_count(const std::string& stream, std::uint64_t& size, std::uint32_t& crc) {
    z_stream z{};
    if (::inflateInit2(&z, -15) != Z_OK) throw std::runtime_error("inflateInit2 failed");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(stream.data()));
    z.avail_in = static_cast<uInt>(stream.size());
    std::string buffer(1 << 20, '\0');
    uLong c = 0;
    size = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer.data());
        z.avail_out = static_cast<uInt>(buffer.size());
        rc = ::inflate(&z, Z_NO_FLUSH);
        const std::size_t n = buffer.size() - z.avail_out;
        c = ::crc32(c, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(n));
        size += n;
        if (rc == Z_BUF_ERROR && n > 0) rc = Z_OK;
    }
    ::inflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("not a complete deflate stream");
    crc = static_cast<std::uint32_t>(c);
}

}  // namespace capsule::hostile
