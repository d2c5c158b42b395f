#include "capsule/capture.hpp"
#include "fingerprint/fingerprint.hpp"
#include "fingerprint/frame_class.hpp"
#include "mask/mask.hpp"

namespace capsule {

void finish_report(Report& report, const CaptureOptions& options) {
    fingerprint::classify_frames(report, options.frame_rules);
    // The fingerprint first, from the unmasked assertion text: it must not
    // change when masking rules do. It is a hash, so nothing secret leaks.
    fingerprint::compute(report);
    mask::apply(report, options.masking);
}

}  // namespace capsule
