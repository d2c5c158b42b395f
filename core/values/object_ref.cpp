#include "values/object_ref.hpp"

#include <algorithm>
#include <cstring>

namespace capsule::values {

namespace {

// Members of objects up to this size are served from one read.
constexpr std::uint64_t max_cached_object = 4096;
// A piece-composite object lives in registers and stack slots; anything
// larger than this comes from corrupt DWARF.
constexpr std::uint64_t max_assembled_object = 1 << 16;
constexpr std::uint64_t page_size = 4096;

bool bit_of(const std::uint8_t* bytes, std::uint64_t bit) {
    return (bytes[bit / 8] >> (bit % 8)) & 1;
}

void set_bit(std::uint8_t* bytes, std::uint64_t bit, bool value) {
    const auto mask = static_cast<std::uint8_t>(1u << (bit % 8));
    if (value)
        bytes[bit / 8] |= mask;
    else
        bytes[bit / 8] &= static_cast<std::uint8_t>(~mask);
}

// Copies `count` bits from `source` (starting at `from`) into the buffer at
// bit `to`; bits past the end of the source, or a source that could not be
// had, leave `missing` in the state of every byte they touch.
void place_bits(ByteBuffer& buffer, std::uint64_t to, const std::uint8_t* source,
                std::uint64_t source_bits, std::uint64_t from, std::uint64_t count,
                ValueStatus missing) {
    const std::uint64_t total_bits = buffer.data.size() * 8;
    for (std::uint64_t i = 0; i < count && to + i < total_bits; ++i) {
        const std::uint64_t bit = to + i;
        if (source != nullptr && from + i < source_bits) {
            set_bit(buffer.data.data(), bit, bit_of(source, from + i));
        } else {
            buffer.state[bit / 8] = missing;
        }
    }
}

}  // namespace

ObjectRef ObjectRef::in_memory(std::uint64_t address) {
    ObjectRef r;
    r.address_ = address;
    r.has_address_ = true;
    return r;
}

ObjectRef ObjectRef::in_buffer(std::shared_ptr<const ByteBuffer> buffer, std::uint64_t address) {
    ObjectRef r;
    r.buffer_ = std::move(buffer);
    r.address_ = address;
    r.has_address_ = address != 0;
    return r;
}

ObjectRef ObjectRef::at(std::uint64_t offset) const {
    ObjectRef r = *this;
    r.offset_ += offset;
    r.address_ += offset;
    return r;
}

ValueStatus ObjectRef::read(const target::Target& target, std::uint64_t offset, void* out,
                            std::size_t size) const {
    if (buffer_ != nullptr) {
        const std::uint64_t start = offset_ + offset;
        const std::uint64_t have = buffer_->data.size();
        if (start <= have && size <= have - start) {
            for (std::size_t i = 0; i < size; ++i)
                if (buffer_->state[start + i] != ValueStatus::ok) return buffer_->state[start + i];
            // A zero-length array reads nothing, into a buffer that may be null.
            if (size != 0) std::memcpy(out, buffer_->data.data() + start, size);
            return ValueStatus::ok;
        }
        // Past a memory copy's end the target still has the bytes; past an
        // assembled object's end there are none.
        if (!has_address_) return ValueStatus::optimized_out;
    }
    if (!has_address_) return ValueStatus::unreadable;
    return target.read(address_ + offset, out, size) ? ValueStatus::ok : ValueStatus::unreadable;
}

ObjectRef ObjectRef::cached(const target::Target& target, std::uint64_t size) const {
    if (buffer_ != nullptr || !has_address_ || size == 0 || size > max_cached_object) return *this;
    auto buffer = std::make_shared<ByteBuffer>();
    buffer->data.resize(size);
    if (!target.read(address_, buffer->data.data(), size)) return *this;
    buffer->state.assign(size, ValueStatus::ok);
    return in_buffer(std::move(buffer), address_);
}

Located locate(const dwarf::Location& location, std::uint64_t size,
               const target::Target& target) {
    using Kind = dwarf::Piece::Kind;
    Located out;
    if (location.status != ValueStatus::ok) {
        out.status = location.status;
        return out;
    }
    if (location.pieces.empty()) {
        out.status = ValueStatus::optimized_out;
        return out;
    }
    const auto& first = location.pieces.front();
    const bool whole_in_memory =
        location.pieces.size() == 1 && first.kind == Kind::memory &&
        (first.size_bits == 0 || (first.bit_offset == 0 && size != 0 && first.size_bits == size * 8));
    if (whole_in_memory) {
        out.object = ObjectRef::in_memory(first.address);
        return out;
    }
    if (location.pieces.size() == 1 && first.kind == Kind::unavailable) {
        out.status = ValueStatus::optimized_out;
        return out;
    }

    std::uint64_t total_bits = 0;
    for (const auto& piece : location.pieces) total_bits += piece.size_bits;
    if (size == 0) size = (total_bits + 7) / 8;
    if (size == 0 && first.kind == Kind::bytes) size = first.bytes.size();
    if (size == 0 || size > max_assembled_object) {
        out.status = ValueStatus::not_implemented;
        return out;
    }

    auto buffer = std::make_shared<ByteBuffer>();
    buffer->data.assign(size, 0);
    buffer->state.assign(size, ValueStatus::ok);
    std::uint64_t at = 0;
    bool any = false;
    for (const auto& piece : location.pieces) {
        // Without DW_OP_piece the single piece is the whole object.
        const std::uint64_t bits = piece.size_bits != 0 ? piece.size_bits : size * 8;
        switch (piece.kind) {
        case Kind::unavailable:
            place_bits(*buffer, at, nullptr, 0, 0, bits, ValueStatus::optimized_out);
            break;
        case Kind::bytes:
            place_bits(*buffer, at, piece.bytes.data(), piece.bytes.size() * 8, piece.bit_offset,
                       bits, ValueStatus::optimized_out);
            any = true;
            break;
        case Kind::memory: {
            const std::uint64_t span = std::min<std::uint64_t>((piece.bit_offset % 8 + bits + 7) / 8,
                                                               max_assembled_object);
            std::vector<std::uint8_t> bytes(span);
            const bool ok = target.read(piece.address + piece.bit_offset / 8, bytes.data(), span);
            place_bits(*buffer, at, ok ? bytes.data() : nullptr, span * 8, piece.bit_offset % 8,
                       bits, ValueStatus::unreadable);
            any = any || ok;
            break;
        }
        }
        at += bits;
        if (at >= size * 8) break;
    }
    // Bytes no piece reached are as absent as an unavailable piece.
    for (std::uint64_t byte = (at + 7) / 8; byte < size; ++byte)
        buffer->state[byte] = ValueStatus::optimized_out;
    if (!any) {
        const bool any_unreadable = std::find(buffer->state.begin(), buffer->state.end(),
                                              ValueStatus::unreadable) != buffer->state.end();
        out.status = any_unreadable ? ValueStatus::unreadable : ValueStatus::optimized_out;
        return out;
    }
    out.object = ObjectRef::in_buffer(std::move(buffer), 0);
    return out;
}

TargetText read_text(const target::Target& target, std::uint64_t address, int unit_size,
                     std::size_t max_units) {
    TargetText text;
    const auto unit = static_cast<std::uint64_t>(unit_size);
    std::uint8_t chunk[256];
    std::uint64_t at = address;
    while (text.units.size() < max_units) {
        // Stay inside one page per read: the string may end just before an
        // unmapped page, and a read that touched it would fail as a whole.
        std::uint64_t want = std::min<std::uint64_t>(sizeof chunk, (max_units - text.units.size()) * unit);
        want = std::min(want, page_size - at % page_size);
        want -= want % unit;
        if (want == 0) want = unit;  // a unit straddling a page boundary
        if (!target.read(at, chunk, want)) {
            if (text.units.empty()) text.readable = false;
            return text;
        }
        for (std::uint64_t i = 0; i < want; i += unit) {
            std::uint32_t u = 0;
            std::memcpy(&u, chunk + i, unit);
            if (u == 0) {
                text.complete = true;
                return text;
            }
            text.units.push_back(u);
            if (unit == 1) text.bytes += static_cast<char>(u);
            if (text.units.size() == max_units) return text;
        }
        at += want;
    }
    return text;
}

}  // namespace capsule::values
