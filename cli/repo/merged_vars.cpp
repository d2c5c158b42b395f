#include "repo/merged_vars.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "capsule/file.hpp"
#include "capsule/repository.hpp"

namespace capsule::cli {
namespace {

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// A value worth showing as the example: read, and not only a reference to
// an object shown elsewhere ("-> @node 3").
bool readable(const Variable& var) {
    return var.status == ValueStatus::ok && !var.value.empty() && var.value.rfind("-> @node ", 0) != 0;
}

void add_once(std::vector<std::string>& list, const std::string& item) {
    if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

}  // namespace

MergedVariables merge_variables(const std::string& repository, std::size_t limit, const std::string& needle) {
    MergedVariables merged;
    const IndexContents index = read_index(repository);
    std::map<std::string, MergedVariable> by_name;
    std::size_t visited = 0;
    for (auto it = index.entries.rbegin(); it != index.entries.rend(); ++it) {
        if (limit != 0 && visited >= limit) break;
        ++visited;
        const std::string path = entry_path(repository, *it);
        Report report;
        try {
            report = read_capsule(path);
        } catch (const std::exception& e) {
            // One damaged capsule must not hide the rest of the repository.
            merged.problems.push_back(e.what());
            continue;
        }
        ++merged.capsules_read;
        std::set<std::string> seen_here;
        for (const Thread& thread : report.threads) {
            for (const Frame& frame : thread.frames) {
                for (const Variable& var : frame.vars) {
                    if (var.name.empty() || lower(var.name).find(needle) == std::string::npos) continue;
                    MergedVariable& m = by_name[var.name];
                    if (m.occurrences == 0 || (!readable(m.example) && readable(var))) {
                        m.example = var;
                        m.example.children.clear();
                        m.example_capsule = path;
                    }
                    m.name = var.name;
                    ++m.occurrences;
                    if (seen_here.insert(var.name).second) ++m.capsules;
                    add_once(m.types, var.type);
                    add_once(m.functions, frame.function);
                }
            }
        }
    }
    for (auto& [name, var] : by_name) merged.variables.push_back(std::move(var));
    return merged;
}

}  // namespace capsule::cli
