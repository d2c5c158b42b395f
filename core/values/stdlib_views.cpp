// Which standard-library view a type gets. The library is told by the
// namespace (libc++ puts everything in std::__1), the type by its DWARF name;
// the layout is then found through member names (_M_impl, _M_start, __begin_,
// ...), never through fixed offsets. When it does not match, or the numbers
// in it are implausible (a corrupt or uninitialised object), the raw struct
// is shown instead, marked "(raw)".
#include <array>
#include <string_view>

#include "values/stdlib_view.hpp"

namespace capsule::values {

namespace {

using stdlib::ViewFn;

struct Entry {
    std::string_view name;   // the DWARF name, or its start up to '<'
    std::string_view scope;  // what the scope must start with
    ViewFn fill;
    bool container;  // a graph node: it holds elements, it is not a value
};

// libstdc++ (GCC 12 layouts; older and newer where the member names agree).
constexpr std::array libstdcxx{
    Entry{"basic_string<", "std::", stdlib::fill_string, false},
    Entry{"basic_string_view<", "std::", stdlib::fill_string_view, false},
    Entry{"vector<", "std::", stdlib::fill_vector, true},
    Entry{"array<", "std::", stdlib::fill_array, true},
    Entry{"deque<", "std::", stdlib::fill_deque, true},
    Entry{"list<", "std::", stdlib::fill_list, true},
    Entry{"forward_list<", "std::", stdlib::fill_forward_list, true},
    Entry{"map<", "std::", stdlib::fill_tree, true},
    Entry{"multimap<", "std::", stdlib::fill_tree, true},
    Entry{"set<", "std::", stdlib::fill_tree, true},
    Entry{"multiset<", "std::", stdlib::fill_tree, true},
    Entry{"unordered_map<", "std::", stdlib::fill_hashtable, true},
    Entry{"unordered_multimap<", "std::", stdlib::fill_hashtable, true},
    Entry{"unordered_set<", "std::", stdlib::fill_hashtable, true},
    Entry{"unordered_multiset<", "std::", stdlib::fill_hashtable, true},
    Entry{"span<", "std::", stdlib::fill_span, false},
    Entry{"unique_ptr<", "std::", stdlib::fill_unique_ptr, false},
    Entry{"shared_ptr<", "std::", stdlib::fill_shared_ptr, false},
    Entry{"weak_ptr<", "std::", stdlib::fill_weak_ptr, false},
    Entry{"optional<", "std::", stdlib::fill_optional, false},
    Entry{"variant<", "std::", stdlib::fill_variant, false},
    Entry{"tuple<", "std::", stdlib::fill_tuple, false},
    Entry{"pair<", "std::", stdlib::fill_pair, false},
    Entry{"any", "std::", stdlib::fill_any, false},
    Entry{"function<", "std::", stdlib::fill_function, false},
    Entry{"atomic<", "std::", stdlib::fill_atomic, false},
    Entry{"duration<", "std::chrono::", stdlib::fill_duration, false},
    Entry{"time_point<", "std::chrono::", stdlib::fill_time_point, false},
    Entry{"bitset<", "std::", stdlib::fill_bitset, false},
    Entry{"complex<", "std::", stdlib::fill_complex, false},
    Entry{"path", "std::filesystem::", stdlib::fill_path, false},
    Entry{"exception_ptr", "std::__exception_ptr::", stdlib::fill_exception_ptr, false},
    Entry{"id", "std::thread::", stdlib::fill_thread_id, false},
    Entry{"__normal_iterator<", "__gnu_cxx::", stdlib::fill_vector_iterator, false},
    Entry{"_List_iterator<", "std::", stdlib::fill_list_iterator, false},
    Entry{"_List_const_iterator<", "std::", stdlib::fill_list_iterator, false},
    Entry{"_Rb_tree_iterator<", "std::", stdlib::fill_tree_iterator, false},
    Entry{"_Rb_tree_const_iterator<", "std::", stdlib::fill_tree_iterator, false},
};

// libc++ (LLVM 14, Debian's libc++-dev).
constexpr std::array libcxx{
    Entry{"basic_string<", "std::__1::", stdlib::fill_libcxx_string, false},
    Entry{"vector<", "std::__1::", stdlib::fill_libcxx_vector, true},
    Entry{"unique_ptr<", "std::__1::", stdlib::fill_libcxx_unique_ptr, false},
    Entry{"shared_ptr<", "std::__1::", stdlib::fill_libcxx_shared_ptr, false},
    Entry{"weak_ptr<", "std::__1::", stdlib::fill_libcxx_weak_ptr, false},
    Entry{"map<", "std::__1::", stdlib::fill_libcxx_tree, true},
    Entry{"multimap<", "std::__1::", stdlib::fill_libcxx_tree, true},
    Entry{"set<", "std::__1::", stdlib::fill_libcxx_tree, true},
    Entry{"multiset<", "std::__1::", stdlib::fill_libcxx_tree, true},
};

bool matches(const Entry& entry, std::string_view name, std::string_view scope) {
    if (!scope.starts_with(entry.scope)) return false;
    // A name without '<' is the whole name: "any", not "any_cast".
    return entry.name.back() == '<' ? name.starts_with(entry.name) : name == entry.name;
}

const Entry* entry_of(Dwarf_Die* peeled) {
    const char* raw = dwarf_diename(peeled);
    if (raw == nullptr) return nullptr;
    const std::string scope = scope_prefix(peeled);
    if (!scope.starts_with("std::") && !scope.starts_with("__gnu_cxx::")) return nullptr;
    const std::string_view name(raw);
    if (scope.starts_with("std::__1::")) {
        for (const Entry& e : libcxx)
            if (matches(e, name, scope)) return &e;
        return nullptr;
    }
    for (const Entry& e : libstdcxx)
        if (matches(e, name, scope)) return &e;
    return nullptr;
}

}  // namespace

bool is_stdlib_type(Dwarf_Die* peeled) {
    const std::string scope = scope_prefix(peeled);
    return scope.starts_with("std::") || scope.starts_with("__gnu_cxx::");
}

bool is_stdlib_container(Dwarf_Die* peeled) {
    const Entry* entry = entry_of(peeled);
    return entry != nullptr && entry->container;
}

bool fill_stdlib_view(Reader& reader, Dwarf_Die* peeled, const ObjectRef& object, Level level,
                      Variable& v) {
    const Entry* entry = entry_of(peeled);
    if (entry == nullptr) return false;
    std::uint64_t size = 0;
    byte_size(peeled, size);
    const ObjectRef self = object.cached(reader.target(), size);
    if (const ValueStatus status = reader.probe(self); status != ValueStatus::ok) {
        v.status = status;
        v.value = absent_text(status);
        return true;
    }
    if (entry->fill(reader, peeled, self, level, v)) return true;
    // A view may have added children before it found the layout implausible.
    v.children.clear();
    v.status = ValueStatus::ok;
    v.value.clear();
    reader.fill_aggregate(peeled, self, level, v, "(raw)");
    return true;
}

}  // namespace capsule::values
