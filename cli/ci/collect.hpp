// Finding the capsules a CI run left: one repository (the layout of
// capsule/repository.hpp), or a directory of them, as capsule_discover_tests
// makes (one repository per test, so that ctest can attach its `latest`).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace capsule::cli::ci {

struct FoundCapsule {
    std::string path;      // the file
    std::string relative;  // below the root given: a name unique within it
};

// `root` itself when it holds an index, else its subdirectories (two levels
// deep) that do. A missing root holds none.
std::vector<std::string> find_repositories(const std::string& root);

// Every capsule the indexes list and whose file exists, in index order; a
// listed file that is gone is reported through `warn`.
std::vector<FoundCapsule> find_capsules(const std::string& root,
                                        const std::function<void(const std::string&)>& warn);

}  // namespace capsule::cli::ci
