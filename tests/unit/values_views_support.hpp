// The globals of the values_views_*_test.cpp files, read back through this
// process's own DWARF the way a capture reads a variable: with the object
// graph and the type lookup (vtables, managers) that a capture has.
#pragma once

#include <elfutils/libdwfl.h>

#include <string_view>

#include "graph/builder.hpp"
#include "values/type_lookup.hpp"
#include "values_data/self_dwarf.hpp"

namespace views_test {

class Program {
public:
    static Program& instance() {
        static Program program;
        return program;
    }

    const values_test::Global& global(const std::string& name) const {
        auto it = globals_.find(name);
        if (it == globals_.end()) throw std::runtime_error("no DWARF for global " + name);
        return it->second;
    }
    values_test::CountingTarget& target() { return *target_; }
    Dwfl* dwfl() { return dwfl_.get(); }

private:
    Program() : dwfl_(dwfl_begin(&callbacks_), &dwfl_end) {
        if (!dwfl_) throw std::runtime_error("dwfl_begin failed");
        dwfl_report_begin(dwfl_.get());
        if (dwfl_linux_proc_report(dwfl_.get(), getpid()) != 0)
            throw std::runtime_error("dwfl_linux_proc_report failed");
        dwfl_report_end(dwfl_.get(), nullptr, nullptr);
        auto anchor = reinterpret_cast<Dwarf_Addr>(&Program::instance);
        Dwfl_Module* module = dwfl_addrmodule(dwfl_.get(), anchor);
        if (module == nullptr) throw std::runtime_error("no module for the test binary");
        Dwarf_Addr bias = 0;
        Dwarf_Die* unit = nullptr;
        while ((unit = dwfl_module_nextcu(module, unit, &bias)) != nullptr) {
            const char* name = dwarf_diename(unit);
            const std::string_view n = name != nullptr ? name : "";
            if (n.find("/unit/values_views_") != std::string_view::npos && n.ends_with("_test.cpp"))
                collect(unit, bias, 0);
        }
        ucontext_t context;
        getcontext(&context);
        target_ = std::make_unique<values_test::CountingTarget>(capsule::target::make_self_target(
            &context, static_cast<pid_t>(syscall(SYS_gettid))));
    }

    void collect(Dwarf_Die* scope, Dwarf_Addr bias, int nesting) {
        Dwarf_Die child;
        if (nesting > 4 || dwarf_child(scope, &child) != 0) return;
        do {
            if (dwarf_tag(&child) == DW_TAG_namespace) collect(&child, bias, nesting + 1);
            if (dwarf_tag(&child) != DW_TAG_variable) continue;
            Dwarf_Attribute attr;
            Dwarf_Op* ops = nullptr;
            std::size_t count = 0;
            if (dwarf_attr(&child, DW_AT_location, &attr) == nullptr ||
                dwarf_getlocation(&attr, &ops, &count) != 0 || count != 1 || ops[0].atom != DW_OP_addr)
                continue;
            Dwarf_Attribute name_attr;
            const char* name = dwarf_formstring(dwarf_attr_integrate(&child, DW_AT_name, &name_attr));
            values_test::Global g;
            if (name == nullptr || dwarf_attr_integrate(&child, DW_AT_type, &attr) == nullptr ||
                dwarf_formref_die(&attr, &g.type) == nullptr)
                continue;
            g.address = ops[0].number + bias;
            globals_.emplace(name, g);
        } while (dwarf_siblingof(&child, &child) == 0);
    }

    static inline const Dwfl_Callbacks callbacks_ = {dwfl_linux_proc_find_elf,
                                                     dwfl_standard_find_debuginfo, nullptr, nullptr};
    std::unique_ptr<Dwfl, void (*)(Dwfl*)> dwfl_;
    std::map<std::string, values_test::Global> globals_;
    std::unique_ptr<values_test::CountingTarget> target_;
};

// One capture's worth of reading: variables read through the same Read share
// the graph, as the variables of a capture do.
class Read {
public:
    explicit Read(capsule::Bounds bounds = {}, std::size_t max_nodes = capsule::graph::default_max_nodes)
        : bounds_(bounds), budget_(60000, 20000), builder_(max_nodes), types_(Program::instance().dwfl()) {}

    capsule::Variable global(const std::string& name) {
        const values_test::Global& g = Program::instance().global(name);
        Dwarf_Die type = g.type;
        return at(&type, capsule::dwarf::Location::memory(g.address), name);
    }

    capsule::Variable at(Dwarf_Die* type, const capsule::dwarf::Location& location,
                         const std::string& name) {
        capsule::values::ReadContext context{Program::instance().target(), bounds_, budget_,
                                             &builder_, &types_};
        return capsule::values::read_object(type, location, context, name);
    }

    capsule::CapturedGraph graph() { return builder_.take(); }

private:
    capsule::Bounds bounds_;
    capsule::values::Budget budget_;
    capsule::graph::Builder builder_;
    capsule::values::TypeLookup types_;
};

inline std::uint64_t address_of(const std::string& name) {
    return Program::instance().global(name).address;
}

}  // namespace views_test
