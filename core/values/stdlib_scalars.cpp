// Library types that hold one value: atomic, chrono::duration and
// time_point (with their unit), bitset (the bits that are set), complex and
// thread::id.
#include <dwarf.h>

#include <ctime>
#include <vector>

#include "values/stdlib_view.hpp"

namespace capsule::values::stdlib {

namespace {

// bitsets larger than this are read as the raw struct.
constexpr std::int64_t max_bitset_bits = std::int64_t{1} << 20;

struct Ratio {
    std::int64_t num = 1;
    std::int64_t den = 1;
};

bool ratio_of(Dwarf_Die* duration, Ratio& out) {
    Dwarf_Die period;
    return template_argument(duration, 1, period) && peel(&period, period) &&
           template_value(&period, 0, out.num) && template_value(&period, 1, out.den) &&
           out.num > 0 && out.den > 0;
}

// The unit as GCC 13's printers write it.
std::string unit_suffix(const Ratio& r) {
    if (r.num == 1) {
        if (r.den == 1) return "s";
        if (r.den == 1000) return "ms";
        if (r.den == 1000000) return "us";
        if (r.den == 1000000000) return "ns";
    } else if (r.den == 1) {
        if (r.num == 60) return "min";
        if (r.num == 3600) return "h";
        if (r.num == 86400) return "d";
        return "[" + std::to_string(r.num) + "]s";
    }
    return "[" + std::to_string(r.num) + "/" + std::to_string(r.den) + "]s";
}

// The duration's count() as a child; its text for the heading.
bool duration_child(Reader& reader, Dwarf_Die* duration, const ObjectRef& object, Level level,
                    Variable& v, std::string& count) {
    FoundMember rep;
    if (!find_member(duration, "__r", rep) || !rep.has_type) return false;
    Variable* c = add_element(reader, v, "count()", &rep.type, object.at(rep.offset), level, "member");
    if (c == nullptr) return false;
    count = c->value;
    return c->status == ValueStatus::ok;
}

std::string without_v2(std::string name) {
    const std::string inline_namespace = "_V2::";
    for (auto at = name.find(inline_namespace); at != std::string::npos; at = name.find(inline_namespace))
        name.erase(at, inline_namespace.size());
    return name;
}

}  // namespace

// atomic<integral> keeps _M_i in its base, atomic<bool> in _M_base, atomic<T*>
// in _M_b._M_p, atomic<floating> in _M_fp, any other atomic<T> in _M_i.
bool fill_atomic(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                 Variable& v) {
    FoundMember value;
    Dwarf_Die argument;
    if (!(find_member(peeled, "_M_i", value) || find_path(peeled, {"_M_base", "_M_i"}, value) ||
          find_path(peeled, {"_M_b", "_M_p"}, value) || find_member(peeled, "_M_fp", value)) ||
        !value.has_type || !template_type_argument(peeled, 0, argument))
        return false;
    const std::string heading = "std::atomic<" + display_name(&argument) + ">";
    v.value = heading;
    if (stop_at_depth(reader, level, v)) return true;
    Variable* c = add_element(reader, v, "[value]", &value.type, object.at(value.offset), level,
                              "member");
    v.value = heading + " = { " + (c != nullptr ? c->value : std::string("...")) + " }";
    return true;
}

bool fill_duration(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                   Variable& v) {
    Ratio ratio;
    std::string count;
    if (!ratio_of(peeled, ratio) || !duration_child(reader, peeled, object, level, v, count))
        return false;
    v.value = "std::chrono::duration = { " + count + unit_suffix(ratio) + " }";
    return true;
}

// system_clock counts from the Unix epoch: the time is shown in UTC too.
bool fill_time_point(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                     Variable& v) {
    FoundMember duration;
    Dwarf_Die duration_type, clock;
    Ratio ratio;
    std::string count;
    if (!find_member(peeled, "__d", duration) || !member_type_peeled(duration, duration_type) ||
        !template_argument(peeled, 0, clock) || !peel(&clock, clock) ||
        !ratio_of(&duration_type, ratio))
        return false;
    // The child is the duration's count, one step down as time_since_epoch().
    FoundMember rep;
    if (!find_member(&duration_type, "__r", rep) || !rep.has_type) return false;
    Variable* c = add_element(reader, v, "time_since_epoch()", &rep.type,
                              object.at(duration.offset + rep.offset), level, "member");
    if (c == nullptr || c->status != ValueStatus::ok) return false;
    count = c->value;
    const std::string clock_name = without_v2(type_name(&clock));
    std::string text = count + unit_suffix(ratio);
    Dwarf_Die rep_type;
    std::uint64_t rep_size = 0;
    const bool integral = peel(&rep.type, rep_type) && dwarf_tag(&rep_type) == DW_TAG_base_type &&
                          byte_size(&rep_type, rep_size) && rep_size == 8;
    if (clock_name == "std::chrono::system_clock" && integral) {
        std::int64_t ticks = 0;
        if (object.read(reader.target(), duration.offset + rep.offset, &ticks, 8) == ValueStatus::ok) {
            // Whole seconds, rounded down as a calendar would.
            const __int128 scaled = static_cast<__int128>(ticks) * ratio.num;
            __int128 seconds = scaled / ratio.den;
            if (scaled % ratio.den != 0 && scaled < 0) --seconds;
            std::tm utc{};
            const auto t = static_cast<std::time_t>(seconds);
            char date[64];
            if (seconds > -(__int128{1} << 40) && seconds < (__int128{1} << 40) &&
                gmtime_r(&t, &utc) != nullptr &&
                std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &utc) > 0)
                text += std::string(" [") + date + "]";
        }
        v.value = "std::chrono::sys_time = { " + text + " }";
        return true;
    }
    v.value = "std::chrono::time_point<" + clock_name + "> = { " + text + " }";
    return true;
}

// _M_w is one word or an array of words; the size is the template argument.
bool fill_bitset(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                 Variable& v) {
    std::int64_t bits = 0;
    if (!template_value(peeled, 0, bits) || bits < 0 || bits > max_bitset_bits) return false;
    const std::string heading = "std::bitset<" + std::to_string(bits) + ">";
    v.value = heading;
    if (bits == 0) return true;
    FoundMember words;
    if (!find_member(peeled, "_M_w", words)) return false;
    const std::uint64_t bytes = (static_cast<std::uint64_t>(bits) + 63) / 64 * 8;
    std::vector<std::uint8_t> raw(bytes);
    if (object.read(reader.target(), words.offset, raw.data(), raw.size()) != ValueStatus::ok) {
        set_unreadable(v);
        return true;
    }
    std::vector<std::uint64_t> set;
    for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(bits); ++i)
        if ((raw[i / 8] >> (i % 8)) & 1) set.push_back(i);
    if (set.empty()) return true;
    if (stop_at_depth(reader, level, v)) return true;
    const std::uint64_t shown = std::min<std::uint64_t>(set.size(), reader.bounds().max_items);
    for (std::uint64_t i = 0; i < shown; ++i) {
        Variable* c = reader.add_child(v, "[" + std::to_string(set[i]) + "]", "element");
        if (c == nullptr) break;
        c->type = "bool";
        c->value = "1";
    }
    finish(reader, v, heading, shown, set.size(), true);
    return true;
}

// _M_value is a GCC complex number: the real part, then the imaginary one.
bool fill_complex(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                  Variable& v) {
    FoundMember value;
    Dwarf_Die part;
    std::uint64_t size = 0, part_size = 0;
    if (!find_member(peeled, "_M_value", value) || !template_argument(peeled, 0, part) ||
        !byte_size(&value.type, size) || !byte_size(&part, part_size) || part_size == 0 ||
        size != 2 * part_size)
        return false;
    // Children live in a vector: adding imag() may move real(), so it is
    // looked up again once both are there.
    if (add_element(reader, v, "real()", &part, object.at(value.offset), level, "member") == nullptr ||
        add_element(reader, v, "imag()", &part, object.at(value.offset + part_size), level,
                    "member") == nullptr) {
        v.value = "...";
        return true;
    }
    const Variable& real = v.children[v.children.size() - 2];
    const Variable& imag = v.children.back();
    if (real.status != ValueStatus::ok || imag.status != ValueStatus::ok) {
        v.status = real.status != ValueStatus::ok ? real.status : imag.status;
        v.value = absent_text(v.status);
        return true;
    }
    v.value = real.value + " + " + imag.value + "i";
    return true;
}

// The pthread_t of the thread, as operator<< prints it; 0 for none.
bool fill_thread_id(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level,
                    Variable& v) {
    FoundMember thread;
    std::uint64_t handle = 0;
    if (!find_member(peeled, "_M_thread", thread)) return false;
    if (!read_number(reader, object, thread, handle)) {
        set_unreadable(v);
        return true;
    }
    v.value = handle == 0 ? "std::thread::id of a non-executing thread"
                          : "std::thread::id " + std::to_string(handle);
    return true;
}

}  // namespace capsule::values::stdlib
