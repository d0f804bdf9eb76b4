import Foundation
import XCTest
import SSCardKit

final class PhotoMetricsTests: XCTestCase {
    let defaults = PhotoThresholds()

    // MARK: The reference portrait

    func testCompliantPortraitPassesWithMargin() {
        let m = SyntheticPortrait.compliant.metrics
        XCTAssertEqual(PhotoQuality.violations(m, thresholds: defaults), [])
        XCTAssertGreaterThan(m.backgroundLightness, defaults.minBackgroundLightness + 10)
        XCTAssertLessThan(m.backgroundChroma, defaults.maxBackgroundChroma / 4)
        XCTAssertLessThan(m.backgroundUnevenness, defaults.maxBackgroundUnevenness / 4)
        XCTAssertGreaterThan(m.meanChroma, defaults.grayscaleMaxChroma * 4)
        XCTAssertLessThan(m.highlightClip, defaults.maxHighlightClip / 10)
        XCTAssertLessThan(m.shadowClip, defaults.maxShadowClip / 10)
        XCTAssertGreaterThan(m.subjectLuma, defaults.minSubjectLuma + 40)
        XCTAssertLessThan(m.subjectLuma, defaults.maxSubjectLuma - 40)
        XCTAssertGreaterThan(m.sharpness, defaults.minSharpness * 10)
        XCTAssertLessThan(m.castBlueMinusRed, defaults.maxBlueCast - 30)
        XCTAssertLessThan(m.castGreenMinusRed, defaults.maxGreenCast - 25)
    }

    /// Other people and clothes that are all fine: the limits must not be fitted to one drawing.
    func testCompliantVariationsPass() {
        let variations: [(String, TestImage)] = [
            ("lighter skin", SyntheticPortrait.drawn { $0.skin = (245, 218, 200) }),
            ("pale skin", SyntheticPortrait.drawn { $0.skin = (248, 228, 218) }),
            ("darker skin", SyntheticPortrait.drawn { $0.skin = (160, 110, 80) }),
            ("dark skin", SyntheticPortrait.drawn { $0.skin = (125, 85, 62) }),
            ("black suit", SyntheticPortrait.drawn { $0.clothes = (14, 14, 16) }),
            ("grey suit", SyntheticPortrait.drawn { $0.clothes = (100, 100, 104) }),
            ("dark red top", SyntheticPortrait.drawn { $0.clothes = (120, 28, 36); $0.shirt = (120, 28, 36) }),
            ("dark green top", SyntheticPortrait.drawn { $0.clothes = (30, 70, 45) }),
            ("glasses", SyntheticPortrait.drawn { $0.glasses = true }),
            ("black hair, glasses, darker skin", SyntheticPortrait.drawn {
                $0.hair = (8, 8, 8); $0.glasses = true; $0.skin = (160, 110, 80)
            }),
            ("narrow face 179 px", SyntheticPortrait.drawn { $0.faceWidth = 179 }),
            ("wide face 255 px", SyntheticPortrait.drawn { $0.faceWidth = 255 }),
            ("smooth skin", SyntheticPortrait.drawn { $0.skinTexture = 0 }),
            ("other noise", SyntheticPortrait.drawn { $0.seed = 42; $0.backgroundNoise = 1 }),
            ("sensor noise ±5", SyntheticPortrait.compliant.withNoise(amplitude: 5, seed: 9)),
            ("slightly soft (blur r=1)", SyntheticPortrait.compliant.boxBlurred(radius: 1)),
            ("slightly dim (×0.8)", SyntheticPortrait.compliant.mappingSubject { r, g, b in r *= 0.8; g *= 0.8; b *= 0.8 }),
        ]
        for (name, image) in variations {
            XCTAssertEqual(image.violations, [], "\(name): \(image.metrics)")
        }
    }

    // MARK: One defect each

    func testBackgroundDefects() {
        XCTAssertEqual(SyntheticPortrait.greyBackground.violations, [PhotoQuality.background])
        XCTAssertEqual(SyntheticPortrait.lightBlueBackground.violations, [PhotoQuality.background])
        XCTAssertEqual(SyntheticPortrait.shadowedBackground.violations, [PhotoQuality.background])
        XCTAssertEqual(SyntheticPortrait.gradientBackground.violations, [PhotoQuality.background])

        // Each of the three background limits on its own.
        let grey = SyntheticPortrait.greyBackground.metrics
        XCTAssertLessThan(grey.backgroundLightness, defaults.minBackgroundLightness)
        XCTAssertLessThan(grey.backgroundChroma, defaults.maxBackgroundChroma, "a neutral grey fails on lightness alone")
        XCTAssertLessThan(grey.backgroundUnevenness, defaults.maxBackgroundUnevenness)

        let cream = SyntheticPortrait.creamBackground.metrics
        XCTAssertEqual(PhotoQuality.violations(cream, thresholds: defaults), ["photo.background"])
        XCTAssertGreaterThan(cream.backgroundLightness, defaults.minBackgroundLightness)
        XCTAssertGreaterThan(cream.backgroundChroma, defaults.maxBackgroundChroma)

        let shadow = SyntheticPortrait.softShadowBackground.metrics
        XCTAssertEqual(PhotoQuality.violations(shadow, thresholds: defaults), ["photo.background"])
        XCTAssertGreaterThan(shadow.backgroundLightness, defaults.minBackgroundLightness)
        XCTAssertLessThan(shadow.backgroundChroma, defaults.maxBackgroundChroma)
        XCTAssertGreaterThan(shadow.backgroundUnevenness, defaults.maxBackgroundUnevenness)
    }

    func testGrayscale() {
        let image = SyntheticPortrait.grayscale
        XCTAssertEqual(image.violations, ["photo.grayscale"])
        let m = image.metrics
        XCTAssertEqual(m.meanChroma, 0)
        XCTAssertEqual(m.backgroundChroma, 0, "neutral background is still a white background")
        XCTAssertEqual(m.castBlueMinusRed, 0)
    }

    func testBlur() {
        XCTAssertEqual(SyntheticPortrait.blurred.violations, ["photo.blur"])
        for radius in [4, 6] {
            XCTAssertEqual(SyntheticPortrait.compliant.boxBlurred(radius: radius).violations, ["photo.blur"], "radius \(radius)")
        }
        let darkSkin = SyntheticPortrait.drawn { $0.skin = (160, 110, 80) }.boxBlurred(radius: 4)
        XCTAssertEqual(darkSkin.violations, ["photo.blur"])
    }

    func testExposure() {
        let over = SyntheticPortrait.overexposed
        XCTAssertEqual(over.violations, ["photo.exposure"])
        XCTAssertGreaterThan(over.metrics.highlightClip, 0.5)
        let under = SyntheticPortrait.underexposed
        XCTAssertEqual(under.violations, ["photo.exposure"])
        XCTAssertLessThan(under.metrics.subjectLuma, defaults.minSubjectLuma)
        let darkUnder = SyntheticPortrait.drawn { $0.skin = (160, 110, 80) }
            .mappingSubject { r, g, b in r *= 0.35; g *= 0.35; b *= 0.35 }
        XCTAssertEqual(darkUnder.violations, ["photo.exposure"])
    }

    func testCrushedShadows() {
        // Face region nearly black: shadow clipping as well as a low mean.
        let crushed = SyntheticPortrait.compliant.mappingSubject { r, g, b in r = r * 0.1 - 20; g = g * 0.1 - 20; b = b * 0.1 - 20 }
        XCTAssertGreaterThan(crushed.metrics.shadowClip, defaults.maxShadowClip)
        // A face crushed to black also has no colour and no detail left, so other rules fire too.
        XCTAssertTrue(crushed.violations.contains("photo.exposure"), "\(crushed.violations)")
        // Each exposure limit on its own, from otherwise compliant measurements.
        let base = SyntheticPortrait.compliant.metrics
        for change: (inout PhotoMetrics) -> Void in [{ $0.shadowClip = 0.2 }, { $0.highlightClip = 0.2 },
                                                    { $0.subjectLuma = 70 }, { $0.subjectLuma = 240 }] {
            var m = base
            change(&m)
            XCTAssertEqual(PhotoQuality.violations(m, thresholds: defaults), ["photo.exposure"], "\(m)")
        }
    }

    func testColourCasts() {
        XCTAssertEqual(SyntheticPortrait.blueCast.violations, ["photo.color-cast"])
        XCTAssertEqual(SyntheticPortrait.cyanCast.violations, ["photo.color-cast"])
        XCTAssertGreaterThan(SyntheticPortrait.blueCast.metrics.castBlueMinusRed, defaults.maxBlueCast)
        XCTAssertGreaterThan(SyntheticPortrait.cyanCast.metrics.castGreenMinusRed, defaults.maxGreenCast)
        for skin: SyntheticPortrait.Colour in [(248, 228, 218), (160, 110, 80)] {
            let base = SyntheticPortrait.drawn { $0.skin = skin }
            XCTAssertEqual(base.mappingSubject { r, _, b in b += 40; r -= 20 }.violations, ["photo.color-cast"], "blue, skin \(skin)")
            XCTAssertEqual(base.mappingSubject { r, g, b in g += 25; b += 25; r -= 30 }.violations, ["photo.color-cast"], "cyan, skin \(skin)")
        }
    }

    // MARK: The rule logic

    func testRuleIDsAndOrder() {
        XCTAssertEqual(PhotoQuality.allRules, ["photo.background", "photo.grayscale", "photo.exposure", "photo.blur", "photo.color-cast"])
        // Everything wrong at once is reported in the fixed order; the cast is not judged on a grayscale photo.
        let all = PhotoMetrics(backgroundLightness: 100, backgroundChroma: 0, backgroundUnevenness: 0, meanChroma: 0,
                               highlightClip: 0, shadowClip: 0, subjectLuma: 20, sharpness: 0,
                               castBlueMinusRed: 50, castGreenMinusRed: 50)
        XCTAssertEqual(PhotoQuality.violations(all, thresholds: defaults),
                       ["photo.background", "photo.grayscale", "photo.exposure", "photo.blur"])
        var coloured = all
        coloured.meanChroma = 30
        coloured.subjectLuma = 150
        XCTAssertEqual(PhotoQuality.violations(coloured, thresholds: defaults), ["photo.background", "photo.blur", "photo.color-cast"])
        // Thresholds are plain values a profile can override.
        var lenient = defaults
        lenient.minSharpness = 0
        lenient.minBackgroundLightness = 0
        lenient.maxBlueCast = 100
        lenient.maxGreenCast = 100
        XCTAssertEqual(PhotoQuality.violations(coloured, thresholds: lenient), [])
    }

    // MARK: Metric definitions on exact images

    private func uniform(_ r: UInt8, _ g: UInt8, _ b: UInt8, width: Int = 358, height: Int = 441) -> [UInt8] {
        [UInt8]((0..<width * height).flatMap { _ in [r, g, b] })
    }

    func testUniformImages() {
        let white = PhotoMetrics.measure(rgb: uniform(255, 255, 255), width: 358, height: 441)
        XCTAssertEqual(white, PhotoMetrics(backgroundLightness: 255, backgroundChroma: 0, backgroundUnevenness: 0, meanChroma: 0,
                                           highlightClip: 1, shadowClip: 0, subjectLuma: 255, sharpness: 0,
                                           castBlueMinusRed: 0, castGreenMinusRed: 0))
        let tinted = PhotoMetrics.measure(rgb: uniform(10, 20, 40), width: 358, height: 441)
        // (299·10 + 587·20 + 114·40) / 1000 = 19.29 → 19 (truncated)
        XCTAssertEqual(tinted.backgroundLightness, 19)
        XCTAssertEqual(tinted.subjectLuma, 19)
        XCTAssertEqual(tinted.backgroundChroma, 30)
        XCTAssertEqual(tinted.meanChroma, 30)
        XCTAssertEqual(tinted.castBlueMinusRed, 30)
        XCTAssertEqual(tinted.castGreenMinusRed, 10)
        XCTAssertEqual(tinted.shadowClip, 0)
        XCTAssertEqual(PhotoMetrics.measure(rgb: uniform(4, 4, 4), width: 358, height: 441).shadowClip, 1)
    }

    func testCheckerboardLaplacian() {
        // Alternating 0/255 pixels: the Laplacian is ±1020 everywhere, so its variance is 1020².
        var rgb = [UInt8](repeating: 0, count: 358 * 441 * 3)
        for y in 0..<441 { for x in 0..<358 where (x + y) % 2 == 0 { for c in 0..<3 { rgb[3 * (y * 358 + x) + c] = 255 } } }
        let m = PhotoMetrics.measure(rgb: rgb, width: 358, height: 441)
        XCTAssertEqual(m.sharpness, 1020 * 1020, accuracy: 1020 * 1020 * 1e-3)
    }

    func testRegions() {
        let r = PhotoMetrics.Regions(width: 358, height: 441)
        XCTAssertEqual(r.topBand, 6)
        XCTAssertEqual(r.sideBand, 28)
        XCTAssertEqual(r.sideBandEnd, 242)
        XCTAssertEqual(r.subjectX, 107..<251)
        XCTAssertEqual(r.subjectY, 97..<299)

        // The band ignores the bottom of the frame (clothes) and the middle (the person).
        var rgb = uniform(255, 255, 255)
        for y in 0..<441 {
            for x in 0..<358 where y >= 242 || (x >= 28 && x < 330 && y >= 6) {
                rgb[3 * (y * 358 + x)] = 20; rgb[3 * (y * 358 + x) + 1] = 30; rgb[3 * (y * 358 + x) + 2] = 90
            }
        }
        let m = PhotoMetrics.measure(rgb: rgb, width: 358, height: 441)
        XCTAssertEqual(m.backgroundLightness, 255)
        XCTAssertEqual(m.backgroundUnevenness, 0)
        XCTAssertEqual(m.backgroundChroma, 0)
        XCTAssertEqual(m.castBlueMinusRed, 70)
    }

    func testOtherSizes() {
        // Small images are measured without trapping; regions stay inside the image.
        for (w, h) in [(16, 16), (17, 23), (3, 3), (2, 2), (1, 1), (1, 40), (40, 1)] {
            let r = PhotoMetrics.Regions(width: w, height: h)
            XCTAssertLessThanOrEqual(r.subjectX.upperBound, w)
            XCTAssertLessThanOrEqual(r.subjectY.upperBound, h)
            let m = PhotoMetrics.measure(rgb: uniform(200, 100, 50, width: w, height: h), width: w, height: h)
            XCTAssertEqual(m.backgroundChroma, 150, "\(w)×\(h)")
            XCTAssertEqual(m.sharpness, 0, "\(w)×\(h)")
        }
        // The portrait drawn at other sizes keeps its verdicts (regions scale with the frame).
        XCTAssertEqual(SyntheticPortrait.drawn { $0.width = 716; $0.height = 882 }.violations, [])
        XCTAssertEqual(SyntheticPortrait.drawn { $0.width = 300; $0.height = 400 }.violations, [])
        XCTAssertEqual(SyntheticPortrait.drawn { $0.width = 300; $0.height = 400; $0.background = (200, 200, 200) }.violations,
                       ["photo.background"])
    }
}
