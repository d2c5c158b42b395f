#include "capsule/capture.hpp"
#include "fingerprint/fingerprint.hpp"
#include "fingerprint/frame_class.hpp"
#include "mask/mask.hpp"

namespace capsule {

void finish_report(Report& report, const CaptureOptions& options) {
    fingerprint::classify_frames(report, options.frame_rules);
    // Masking first: nothing derived later may carry a secret.
    mask::apply(report, options.masking);
    fingerprint::compute(report);
}

}  // namespace capsule
