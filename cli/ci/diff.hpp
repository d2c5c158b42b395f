// capsule ci diff: the failures of a pull request's run against its base
// branch's: new fingerprints (regressions), gone ones (fixed), and those in
// both (persisting, with their counts). Each side is a bundle (bundle.json,
// merged or not) or a capsule repository. A base that is missing or cannot
// be read makes the comparison unknown, never "everything is new".
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ci/records.hpp"

namespace capsule::cli::ci {

struct DiffSide {
    bool known = false;
    std::string reason;  // why not known
    std::string kind;    // "bundle" | "repository"
    std::vector<CapsuleRecord> records;
};

// `required`: a side that cannot be read throws std::runtime_error instead
// of coming back unknown (the head must exist; the base may not).
DiffSide load_side(const std::string& dir, const std::string& workspace, bool required);

struct DiffEntry {
    std::string key;  // fingerprint (or kind:test without one)
    std::string fingerprint;
    std::string kind;
    std::string top_frame;
    std::vector<std::string> tests;
    std::size_t base = 0;  // capsules in the base run
    std::size_t head = 0;
};

struct DiffResult {
    bool base_known = false;
    std::string base_reason;
    std::vector<DiffEntry> added;       // in head only
    std::vector<DiffEntry> fixed;       // in base only
    std::vector<DiffEntry> persisting;  // in both
    std::vector<DiffEntry> uncompared;  // head's, when the base is unknown
};

DiffResult diff_sides(const DiffSide& base, const DiffSide& head);
std::string diff_markdown(const DiffResult& result);
std::string diff_json(const DiffResult& result);

}  // namespace capsule::cli::ci
