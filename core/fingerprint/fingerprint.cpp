#include "fingerprint/fingerprint.hpp"

#include <openssl/evp.h>

#include <array>

#include "fingerprint/frame_class.hpp"
#include "fingerprint/function_name.hpp"
#include "fingerprint/recursion.hpp"

namespace capsule::fingerprint {
namespace {

constexpr std::size_t frames_hashed = 3;

// A capture of one thread may not have flagged it.
const Thread* failing_thread(const Report& report) {
    if (const Thread* thread = report.failing_thread()) return thread;
    return report.threads.empty() ? nullptr : &report.threads.front();
}

std::vector<std::string> frames_to_hash(const Report& report) {
    const Thread* thread = failing_thread(report);
    if (thread == nullptr) return {};
    std::vector<std::string> user, fallback;
    for (const Frame& frame : thread->frames) {
        std::string category =
            frame.category.empty() ? classify(frame, {}, report.binary) : frame.category;
        std::string name = normalize_function(frame.function);
        // Without a name a frame is only an address, which changes every build.
        if (name.empty() || category == category_capsule) continue;
        if (category == category_user) user.push_back(name);
        fallback.push_back(std::move(name));
    }
    std::vector<std::string> names = fold_recursion(user.empty() ? fallback : user);
    if (names.size() > frames_hashed) names.resize(frames_hashed);
    return names;
}

std::string sha256_hex(const std::string& data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    // One-shot digest: no context handle to own.
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1)
        return {};
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xf];
    }
    return out;
}

// One field per line; normalized names and expressions hold no newline.
void add_field(std::string& out, std::string_view tag, std::string_view value) {
    out.append(tag);
    out += '=';
    out.append(value);
    out += '\n';
}

}  // namespace

void compute(Report& report) {
    std::vector<std::string> names = frames_to_hash(report);
    std::string input;
    add_field(input, "capsule-fingerprint", std::to_string(algorithm_version));
    add_field(input, "kind", report.kind);
    std::string signal = report.signal.name;
    if (signal.empty() && report.signal.number != 0)
        signal = "signal " + std::to_string(report.signal.number);
    add_field(input, "signal", signal);
    add_field(input, "exception", normalize_spaces(report.exception.type));
    for (const std::string& name : names) add_field(input, "frame", name);
    if (report.kind == "assertion")
        add_field(input, "expression", normalize_spaces(report.assertion.expression, true));

    report.fingerprint = sha256_hex(input);
    report.fingerprint_version = algorithm_version;
    report.fingerprint_frames = std::move(names);
}

std::string short_form(std::string_view fingerprint) {
    return std::string(fingerprint.substr(0, 12));
}

}  // namespace capsule::fingerprint
