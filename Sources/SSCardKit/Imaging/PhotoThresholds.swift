/// Limits that `PhotoQuality.violations` compares `PhotoMetrics` against.
///
/// Default thresholds (for 358 × 441 photos; band = border strips, subject = central face rectangle, see `PhotoMetrics`):
///
/// | Threshold | Default | Rule | Meaning |
/// |---|---|---|---|
/// | `minBackgroundLightness` | 240 | photo.background | mean luma of the border band must be at least this (pure white ≈ 255) |
/// | `maxBackgroundChroma` | 10 | photo.background | mean max−min of R, G, B in the band must not exceed this (tinted or coloured backdrop) |
/// | `maxBackgroundUnevenness` | 6 | photo.background | luma standard deviation in the band must not exceed this (shadows, gradients, objects) |
/// | `grayscaleMaxChroma` | 4 | photo.grayscale | whole-image mean chroma below this means a black-and-white photo |
/// | `maxHighlightClip` | 0.10 | photo.exposure | at most 10 % of face-region pixels may be blown out (luma ≥ 250) |
/// | `maxShadowClip` | 0.10 | photo.exposure | at most 10 % of face-region pixels may be crushed (luma ≤ 5) |
/// | `minSubjectLuma` | 80 | photo.exposure | mean luma of the face region must be at least this (曝光不足) |
/// | `maxSubjectLuma` | 235 | photo.exposure | mean luma of the face region must not exceed this (曝光过度) |
/// | `minSharpness` | 25 | photo.blur | variance of the 4-neighbour Laplacian of luma in the face region must be at least this (人像模糊) |
/// | `maxBlueCast` | −20 | photo.color-cast | mean(B) − mean(R) in the face region must not exceed this; skin is red-leaning, so ≈ −30…−75 is normal (人像偏蓝) |
/// | `maxGreenCast` | −5 | photo.color-cast | mean(G) − mean(R) in the face region must not exceed this; ≈ −20…−50 is normal (人像偏青) |
///
/// The colour-cast rule is only judged on colour photos whose exposure passes.
///
/// Calibration: synthetic portraits (tests, `SyntheticPortrait`) put every compliant variation — skin from
/// (248, 228, 218) to (125, 85, 62), face width 179–255 px, glasses, any suit colour, ±5 noise — inside these limits
/// and each defective variant outside exactly one rule. No public source gives numeric limits (GA 461 says only
/// "纯白", "清晰", "色彩自然"), and real JPEGs are softer than drawings, so `minSharpness` sits near the bottom of
/// the commonly quoted 50–150 Laplacian-variance range rather than halfway to the synthetic values; recalibrate
/// against a few real rejected and accepted photos and override per profile where needed.
/// Known limits: exposure and cast are judged against typical skin, so very dark skin (face-region luma < 80) can
/// be reported as underexposed and a dark face brightened without clipping can pass; these are warnings, not errors.
public struct PhotoThresholds: Sendable, Equatable {
    /// Mean border-band luma must be ≥ this.
    public var minBackgroundLightness: Double
    /// Mean border-band chroma must be ≤ this.
    public var maxBackgroundChroma: Double
    /// Border-band luma standard deviation must be ≤ this.
    public var maxBackgroundUnevenness: Double
    /// Whole-image mean chroma < this means grayscale.
    public var grayscaleMaxChroma: Double
    /// Fraction of face-region pixels at luma ≥ 250 must be ≤ this.
    public var maxHighlightClip: Double
    /// Fraction of face-region pixels at luma ≤ 5 must be ≤ this.
    public var maxShadowClip: Double
    /// Face-region mean luma must be ≥ this.
    public var minSubjectLuma: Double
    /// Face-region mean luma must be ≤ this.
    public var maxSubjectLuma: Double
    /// Face-region Laplacian variance must be ≥ this.
    public var minSharpness: Double
    /// Face-region mean(B) − mean(R) must be ≤ this.
    public var maxBlueCast: Double
    /// Face-region mean(G) − mean(R) must be ≤ this.
    public var maxGreenCast: Double

    /// The defaults in the table above.
    public init() {
        minBackgroundLightness = 240
        maxBackgroundChroma = 10
        maxBackgroundUnevenness = 6
        grayscaleMaxChroma = 4
        maxHighlightClip = 0.10
        maxShadowClip = 0.10
        minSubjectLuma = 80
        maxSubjectLuma = 235
        minSharpness = 25
        maxBlueCast = -20
        maxGreenCast = -5
    }
}
