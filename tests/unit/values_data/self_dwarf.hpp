// The value tests read globals of globals.cpp and dwarf4.cpp back through this process's
// own DWARF: dwfl on our pid finds each global's DIE and address, and a self
// target reads the bytes, as a capture would.
#pragma once

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "target/target.hpp"
#include "values/read_object.hpp"

namespace values_test {

struct Global {
    Dwarf_Die type;
    std::uint64_t address = 0;
};

// A target that counts its reads: bounds must keep garbage cheap.
class CountingTarget final : public capsule::target::Target {
public:
    explicit CountingTarget(std::unique_ptr<capsule::target::Target> inner)
        : inner_(std::move(inner)) {}
    pid_t pid() const override { return inner_->pid(); }
    bool read(std::uint64_t address, void* out, std::size_t size) const override {
        ++reads;
        return inner_->read(address, out, size);
    }
    std::vector<capsule::target::ThreadInfo> threads() const override { return inner_->threads(); }
    bool registers(pid_t tid, capsule::target::Registers& out) const override {
        return inner_->registers(tid, out);
    }
    const char* path_name() const override { return inner_->path_name(); }
    mutable int reads = 0;

private:
    std::unique_ptr<capsule::target::Target> inner_;
};

class SelfDwarf {
public:
    static SelfDwarf& instance() {
        static SelfDwarf self;
        return self;
    }

    const Global& global(const std::string& name) const {
        auto it = globals_.find(name);
        if (it == globals_.end()) throw std::runtime_error("no DWARF for global " + name);
        return it->second;
    }

    CountingTarget& target() { return *target_; }

private:
    SelfDwarf() : dwfl_(dwfl_begin(&callbacks_), &dwfl_end) {
        if (!dwfl_) throw std::runtime_error("dwfl_begin failed");
        dwfl_report_begin(dwfl_.get());
        if (dwfl_linux_proc_report(dwfl_.get(), getpid()) != 0)
            throw std::runtime_error("dwfl_linux_proc_report failed");
        dwfl_report_end(dwfl_.get(), nullptr, nullptr);
        // Any function of this binary finds its module.
        auto anchor = reinterpret_cast<Dwarf_Addr>(&SelfDwarf::instance);
        Dwfl_Module* module = dwfl_addrmodule(dwfl_.get(), anchor);
        if (module == nullptr) throw std::runtime_error("no module for the test binary");
        Dwarf_Addr bias = 0;
        Dwarf_Die* unit = nullptr;
        while ((unit = dwfl_module_nextcu(module, unit, &bias)) != nullptr) {
            const char* name = dwarf_diename(unit);
            const std::string_view unit_name = name != nullptr ? name : "";
            if (unit_name.ends_with("values_data/globals.cpp") ||
                unit_name.ends_with("values_data/dwarf4.cpp"))
                collect(unit, bias, 0);
        }
        if (globals_.empty()) throw std::runtime_error("globals.cpp has no DWARF in this binary");
        ucontext_t context;
        getcontext(&context);
        target_ = std::make_unique<CountingTarget>(capsule::target::make_self_target(
            &context, static_cast<pid_t>(syscall(SYS_gettid))));
    }

    void collect(Dwarf_Die* scope, Dwarf_Addr bias, int nesting) {
        Dwarf_Die child;
        if (nesting > 4 || dwarf_child(scope, &child) != 0) return;
        do {
            const int tag = dwarf_tag(&child);
            if (tag == DW_TAG_namespace) collect(&child, bias, nesting + 1);
            if (tag != DW_TAG_variable) continue;
            Dwarf_Attribute attr;
            Dwarf_Op* ops = nullptr;
            std::size_t count = 0;
            if (dwarf_attr(&child, DW_AT_location, &attr) == nullptr ||
                dwarf_getlocation(&attr, &ops, &count) != 0 || count != 1)
                continue;
            Dwarf_Addr address = ops[0].number;
            // clang's DWARF 5 names the address by its index in .debug_addr.
            if (ops[0].atom == DW_OP_addrx || ops[0].atom == DW_OP_GNU_addr_index) {
                Dwarf_Attribute indexed;
                if (dwarf_getlocation_attr(&attr, &ops[0], &indexed) != 0 ||
                    dwarf_formaddr(&indexed, &address) != 0)
                    continue;
            } else if (ops[0].atom != DW_OP_addr) {
                continue;
            }
            // Definitions of earlier declarations name themselves through
            // DW_AT_specification.
            Dwarf_Attribute name_attr;
            const char* name = dwarf_formstring(dwarf_attr_integrate(&child, DW_AT_name, &name_attr));
            Global g;
            if (name == nullptr || dwarf_attr_integrate(&child, DW_AT_type, &attr) == nullptr ||
                dwarf_formref_die(&attr, &g.type) == nullptr)
                continue;
            g.address = address + bias;
            globals_.emplace(name, g);
        } while (dwarf_siblingof(&child, &child) == 0);
    }

    static inline const Dwfl_Callbacks callbacks_ = {dwfl_linux_proc_find_elf,
                                                     dwfl_standard_find_debuginfo, nullptr,
                                                     nullptr};
    std::unique_ptr<Dwfl, void (*)(Dwfl*)> dwfl_;
    std::map<std::string, Global> globals_;
    std::unique_ptr<CountingTarget> target_;
};

inline capsule::Variable read_at(Dwarf_Die* type, const capsule::dwarf::Location& location,
                                 const capsule::Bounds& bounds = {}, int max_values = 20000,
                                 const std::string& name = "v") {
    capsule::values::Budget budget(60000, max_values);
    capsule::values::ReadContext context{SelfDwarf::instance().target(), bounds, budget};
    return capsule::values::read_object(type, location, context, name);
}

inline capsule::Variable read_global(const std::string& name, const capsule::Bounds& bounds = {},
                                     int max_values = 20000) {
    const Global& g = SelfDwarf::instance().global(name);
    Dwarf_Die type = g.type;
    return read_at(&type, capsule::dwarf::Location::memory(g.address), bounds, max_values, name);
}

inline Dwarf_Die type_of_global(const std::string& name) {
    return SelfDwarf::instance().global(name).type;
}

inline const capsule::Variable* child(const capsule::Variable& v, std::string_view name) {
    for (const auto& c : v.children)
        if (c.name == name) return &c;
    return nullptr;
}

}  // namespace values_test
