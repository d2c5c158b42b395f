// Where an object's bytes come from: target memory, or a buffer assembled
// from the pieces of a DW_OP_piece location (registers, constants, memory)
// in which some bytes may be missing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capsule/report.hpp"
#include "dwarf/location.hpp"
#include "target/target.hpp"

namespace capsule::values {

struct ByteBuffer {
    std::vector<std::uint8_t> data;
    // Per byte: ok, optimized_out (an unavailable piece) or unreadable.
    std::vector<ValueStatus> state;
};

class ObjectRef {
public:
    ObjectRef() = default;
    static ObjectRef in_memory(std::uint64_t address);
    // `address` non-zero when the buffer is a copy of target memory there.
    static ObjectRef in_buffer(std::shared_ptr<const ByteBuffer> buffer, std::uint64_t address);

    // The sub-object `offset` bytes in.
    ObjectRef at(std::uint64_t offset) const;

    bool has_address() const { return has_address_; }
    // In target memory and not yet copied: each read is a read of the target.
    bool in_target_memory() const { return buffer_ == nullptr && has_address_; }
    std::uint64_t address() const { return has_address_ ? address_ : 0; }

    // ok, or the reason the first missing byte is missing.
    ValueStatus read(const target::Target& target, std::uint64_t offset, void* out,
                     std::size_t size) const;

    // An object in memory read once as a whole, so that its members do not
    // each cost a read; unchanged when it is not in memory, too large, or
    // not readable as a whole.
    ObjectRef cached(const target::Target& target, std::uint64_t size) const;

private:
    std::shared_ptr<const ByteBuffer> buffer_;
    std::uint64_t offset_ = 0;  // into buffer_
    std::uint64_t address_ = 0;
    bool has_address_ = false;
};

// The object a Location describes, `size` bytes long (0: unknown). Status is
// not ok when no byte of it can be had at all.
struct Located {
    ValueStatus status = ValueStatus::ok;
    ObjectRef object;
};
Located locate(const dwarf::Location& location, std::uint64_t size,
               const target::Target& target);

// Reads a NUL-terminated run of `unit_size`-byte code units, at most
// `max_units`, never reading across into a page it does not need.
struct TargetText {
    std::vector<std::uint32_t> units;
    std::string bytes;  // the same units when unit_size is 1
    bool complete = false;  // the terminator was found
    bool readable = true;   // false when the first unit could not be read
};
TargetText read_text(const target::Target& target, std::uint64_t address, int unit_size,
                     std::size_t max_units);

}  // namespace capsule::values
