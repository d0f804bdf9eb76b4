import Foundation
import SSCardKit

/// An RGB test image with a mask of the person (everything drawn that is not background).
struct TestImage {
    var width: Int
    var height: Int
    /// Row-major interleaved RGB, 3 bytes per pixel.
    var rgb: [UInt8]
    /// One flag per pixel: hair, face, ears, neck or clothes.
    var subjectMask: [Bool]

    var metrics: PhotoMetrics { PhotoMetrics.measure(rgb: rgb, width: width, height: height) }
    var violations: [String] { PhotoQuality.violations(metrics, thresholds: PhotoThresholds()) }

    /// Applies `transform` to the channels of every person pixel; the result is rounded and clamped to 0–255.
    func mappingSubject(_ transform: (inout Double, inout Double, inout Double) -> Void) -> TestImage {
        var copy = self
        for i in 0..<width * height where subjectMask[i] {
            var r = Double(rgb[3 * i]), g = Double(rgb[3 * i + 1]), b = Double(rgb[3 * i + 2])
            transform(&r, &g, &b)
            copy.rgb[3 * i] = TestImage.byte(r)
            copy.rgb[3 * i + 1] = TestImage.byte(g)
            copy.rgb[3 * i + 2] = TestImage.byte(b)
        }
        return copy
    }

    /// Every pixel replaced by its luma (R = G = B), as a grayscale photo saved as RGB.
    func grayscale() -> TestImage {
        var copy = self
        for i in 0..<width * height {
            let y = (299 * Int(rgb[3 * i]) + 587 * Int(rgb[3 * i + 1]) + 114 * Int(rgb[3 * i + 2])) / 1000
            copy.rgb[3 * i] = UInt8(y); copy.rgb[3 * i + 1] = UInt8(y); copy.rgb[3 * i + 2] = UInt8(y)
        }
        return copy
    }

    /// A separable box blur of the given radius (a (2r+1)² window, edges clamped) over the whole image.
    /// The background is flat white, so it stays white; the person loses all fine detail.
    func boxBlurred(radius: Int) -> TestImage {
        func pass(_ src: [UInt8], horizontal: Bool) -> [UInt8] {
            var out = src
            let window = 2 * radius + 1
            for y in 0..<height {
                for x in 0..<width {
                    for c in 0..<3 {
                        var sum = 0
                        for d in -radius...radius {
                            let xx = horizontal ? min(max(x + d, 0), width - 1) : x
                            let yy = horizontal ? y : min(max(y + d, 0), height - 1)
                            sum += Int(src[3 * (yy * width + xx) + c])
                        }
                        out[3 * (y * width + x) + c] = UInt8((sum + window / 2) / window)
                    }
                }
            }
            return out
        }
        var copy = self
        copy.rgb = pass(pass(rgb, horizontal: true), horizontal: false)
        return copy
    }

    /// Independent uniform noise of ±`amplitude` on every channel of every pixel (sensor noise, JPEG grain).
    func withNoise(amplitude: Double, seed: UInt64) -> TestImage {
        var random = SplitMix64(seed: seed)
        var copy = self
        for i in 0..<rgb.count {
            copy.rgb[i] = TestImage.byte(Double(rgb[i]) + random.uniform(amplitude))
        }
        return copy
    }

    static func byte(_ value: Double) -> UInt8 { UInt8(min(255, max(0, value.rounded()))) }
}

/// A deterministic pseudo-random generator, so every drawing is the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [−amplitude, amplitude].
    mutating func uniform(_ amplitude: Double) -> Double {
        guard amplitude > 0 else { return 0 }
        return (Double(next() >> 11) / Double(1 << 53) * 2 - 1) * amplitude
    }
}

/// Draws a plausible 社保卡 ID photo: white background, centred head (GA 461 geometry: face ≈ 207 px wide, hair top
/// 14 px below the top edge, eye line 246 px above the bottom edge), dark suit with a light shirt at the bottom.
/// Geometry is defined on the 358 × 441 frame and scaled to `width × height`.
struct SyntheticPortrait {
    typealias Colour = (r: Double, g: Double, b: Double)

    enum BackgroundShading {
        case none
        /// A shadow cast to the right of the person: the right part of the frame darkens by up to `depth` (0–1).
        case sideShadow(depth: Double)
        /// A vertical lighting gradient: the multiplier goes from `top` at the top edge to `bottom` at the bottom edge.
        case verticalGradient(top: Double, bottom: Double)
    }

    var width = 358
    var height = 441
    var background: Colour = (255, 255, 255)
    /// Independent per-channel noise on the background, ± this many levels.
    var backgroundNoise = 2.0
    var backgroundShading = BackgroundShading.none
    var skin: Colour = (230, 190, 160)
    var hair: Colour = (40, 31, 27)
    var clothes: Colour = (28, 36, 64)
    var shirt: Colour = (200, 212, 230)
    var lips: Colour = (186, 106, 100)
    /// Dark rectangular spectacle frames around the eyes.
    var glasses = false
    /// Face (skin) width in pixels of the 358-wide frame; the specs allow 179–255, GA 461 says 207 ± 14.
    var faceWidth = 207.0
    /// Luminance texture on skin (pores, fine shading), ± this many levels.
    var skinTexture = 3.0
    var seed: UInt64 = 0x5EED

    func render() -> TestImage {
        var random = SplitMix64(seed: seed)
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        var mask = [Bool](repeating: false, count: width * height)
        let sx = 358.0 / Double(width), sy = 441.0 / Double(height)

        func inEllipse(_ u: Double, _ v: Double, _ cx: Double, _ cy: Double, _ a: Double, _ b: Double) -> Bool {
            let dx = (u - cx) / a, dy = (v - cy) / b
            return dx * dx + dy * dy <= 1
        }
        func scaled(_ c: Colour, _ f: Double) -> Colour { (c.r * f, c.g * f, c.b * f) }

        for y in 0..<height {
            for x in 0..<width {
                let u = (Double(x) + 0.5) * sx, v = (Double(y) + 0.5) * sy
                var person = true
                var c: Colour
                var lumaNoise = 0.0

                let inClothes = inEllipse(u, v, 179, 485, 265, 135)
                let inNeck = abs(u - 179) < 40 && v > 290 && v < 400
                // The head is drawn in its own horizontal scale, so the face width can vary.
                let uh = 179 + (u - 179) * 207 / faceWidth
                let inFace = inEllipse(uh, v, 179, 205, 103.5, 135)
                let lateral = (uh - 179) / 103.5
                let hairline = 96 + 26 * lateral * lateral
                let inHair = inEllipse(uh, v, 179, 150, 112, 136)
                let inEar = inEllipse(uh, v, 179 - 104, 205, 11, 26) || inEllipse(uh, v, 179 + 104, 205, 11, 26)

                if inFace && v >= hairline {
                    // Light from the viewer's upper left: darker towards the right cheek and the chin.
                    let side = (uh - 165) / 103.5
                    let shade = 1.02 - 0.20 * side * side - 0.06 * max(0, (v - 205) / 135)
                    c = scaled(skin, shade)
                    lumaNoise = random.uniform(skinTexture)
                    for eyeX: Double in [137, 221] {
                        if inEllipse(uh, v, eyeX, 168, 22, 4.5) { c = hair; lumaNoise = random.uniform(4) }
                        if inEllipse(uh, v, eyeX, 195, 16, 7) {
                            c = (236, 232, 226)
                            let d = ((uh - eyeX) * (uh - eyeX) + (v - 195) * (v - 195)).squareRoot()
                            if d <= 6.5 { c = (70, 48, 36) }
                            if d <= 3 { c = (14, 12, 12) }
                        }
                        if glasses {
                            let du = abs(uh - eyeX), dv = abs(v - 197)
                            if du <= 27 && dv <= 16 && !(du <= 24 && dv <= 13) { c = (22, 22, 26); lumaNoise = 0 }
                        }
                    }
                    if glasses && abs(uh - 179) < 15 && abs(v - 192) < 1.5 { c = (22, 22, 26); lumaNoise = 0 }
                    if inEllipse(uh, v, 179 + 13, 235, 4, 20) { c = scaled(c, 0.88) }               // nose side
                    if inEllipse(uh, v, 179 - 9, 258, 5, 3) || inEllipse(uh, v, 179 + 9, 258, 5, 3) { c = scaled(skin, 0.55) }
                    if inEllipse(uh, v, 179, 292, 27, 6.5) { c = abs(v - 292) < 0.8 ? scaled(lips, 0.6) : lips }
                } else if inEar {
                    c = scaled(skin, 0.9)
                    lumaNoise = random.uniform(skinTexture)
                } else if inHair {
                    c = scaled(hair, 0.9 + random.uniform(0.1))
                    lumaNoise = random.uniform(6)
                } else if inClothes {
                    // A V of shirt with a dark collar edge, inside the jacket.
                    let open = (v - 345) * 0.42
                    if abs(u - 179) < open - 3 && v < 440 { c = shirt }
                    else if abs(u - 179) < open { c = scaled(clothes, 0.6) }
                    else { c = scaled(clothes, 0.92 + 0.08 * (1 - abs(u - 179) / 179)) }
                    lumaNoise = random.uniform(3)
                } else if inNeck {
                    c = scaled(skin, 0.78)
                    lumaNoise = random.uniform(skinTexture)
                } else {
                    person = false
                    let f: Double
                    switch backgroundShading {
                    case .none: f = 1
                    case .sideShadow(let depth): f = 1 - depth * max(0, (u - 200) / 158)
                    case .verticalGradient(let top, let bottom): f = top + (bottom - top) * v / 441
                    }
                    c = scaled(background, f)
                    c = (c.r + random.uniform(backgroundNoise), c.g + random.uniform(backgroundNoise),
                         c.b + random.uniform(backgroundNoise))
                }
                let i = y * width + x
                mask[i] = person
                rgb[3 * i] = TestImage.byte(c.r + lumaNoise)
                rgb[3 * i + 1] = TestImage.byte(c.g + lumaNoise)
                rgb[3 * i + 2] = TestImage.byte(c.b + lumaNoise)
            }
        }
        return TestImage(width: width, height: height, rgb: rgb, subjectMask: mask)
    }

    // MARK: Variants that each break one rule

    /// The reference photo: passes every rule.
    static let compliant = SyntheticPortrait().render()

    /// Returns `SyntheticPortrait()` changed by `change`, drawn.
    static func drawn(_ change: (inout SyntheticPortrait) -> Void) -> TestImage {
        var portrait = SyntheticPortrait()
        change(&portrait)
        return portrait.render()
    }

    static var greyBackground: TestImage { var p = SyntheticPortrait(); p.background = (200, 200, 200); return p.render() }
    static var lightBlueBackground: TestImage { var p = SyntheticPortrait(); p.background = (220, 235, 250); return p.render() }
    static var shadowedBackground: TestImage {
        var p = SyntheticPortrait(); p.backgroundShading = .sideShadow(depth: 0.22); return p.render()
    }
    /// A faint warm tint: bright enough, but not neutral (only the chroma limit catches it).
    static var creamBackground: TestImage { var p = SyntheticPortrait(); p.background = (255, 244, 225); return p.render() }
    /// A soft shadow on the right: the band stays bright on average, but is uneven (only the unevenness limit catches it).
    static var softShadowBackground: TestImage {
        var p = SyntheticPortrait(); p.backgroundShading = .sideShadow(depth: 0.1); return p.render()
    }
    static var gradientBackground: TestImage {
        var p = SyntheticPortrait(); p.backgroundShading = .verticalGradient(top: 0.86, bottom: 1.0); return p.render()
    }
    static var grayscale: TestImage { compliant.grayscale() }
    static var blurred: TestImage { compliant.boxBlurred(radius: 5) }
    static var overexposed: TestImage { compliant.mappingSubject { r, g, b in r = r * 1.6 + 60; g = g * 1.6 + 60; b = b * 1.6 + 60 } }
    static var underexposed: TestImage { compliant.mappingSubject { r, g, b in r *= 0.35; g *= 0.35; b *= 0.35 } }
    static var blueCast: TestImage { compliant.mappingSubject { r, _, b in b += 40; r -= 20 } }
    static var cyanCast: TestImage { compliant.mappingSubject { r, g, b in g += 25; b += 25; r -= 30 } }
}
