/// Measurements of one photo, from 8-bit interleaved RGB pixels (row-major, 3 bytes per pixel).
///
/// No face detector is involved: the photo is assumed to follow the ID-photo layout (GA 461 / 社会保障卡
/// 制证用数字相片技术要求: head centred, face 179–255 px wide in a 358 × 441 frame, hair top 7–21 px below the top edge,
/// eye line at least 207 px above the bottom edge). Two fixed regions, proportional to the image size, follow from it:
///
/// - the **border band**: the top rows (1.5 % of the height, 6 px at 441) across the whole width, plus a strip on the
///   left and on the right (8 % of the width, 28 px at 358) from the top down to 55 % of the height (242 px at 441).
///   The bottom of the frame is left out: the shoulders and clothes reach the edges there.
/// - the **subject region**: the central rectangle x ∈ [30 %, 70 %), y ∈ [22 %, 68 %) (x 107–250, y 97–298 at
///   358 × 441), i.e. forehead to mouth, inside the face of a compliant photo. Exposure, sharpness and colour cast
///   are measured there, so neither the white background nor a dark suit dilutes them. It never overlaps the band.
///
/// Luma is the integer `(299 R + 587 G + 114 B) / 1000` (BT.601, truncated); chroma is `max(R, G, B) − min(R, G, B)`.
public struct PhotoMetrics: Sendable, Equatable {
    /// Mean luma (0–255) of the border band. Pure white ≈ 255.
    public var backgroundLightness: Double
    /// Mean chroma (max − min of R, G, B) in the border band. Neutral white or grey ≈ 0.
    public var backgroundChroma: Double
    /// Standard deviation of luma in the border band: shadows, gradients, objects, hair crossing the edge.
    public var backgroundUnevenness: Double
    /// Mean chroma over the whole image; ≈ 0 for a grayscale photo.
    public var meanChroma: Double
    /// Fraction (0–1) of subject-region pixels with luma ≥ 250 (blown highlights).
    public var highlightClip: Double
    /// Fraction (0–1) of subject-region pixels with luma ≤ 5 (crushed shadows).
    public var shadowClip: Double
    /// Mean luma of the subject region.
    public var subjectLuma: Double
    /// Variance of the 4-neighbour Laplacian of luma over the subject region (low = blurred).
    public var sharpness: Double
    /// mean(B) − mean(R) over the subject region. Skin is red-leaning, so this is normally well below zero;
    /// values near or above zero mean 偏蓝.
    public var castBlueMinusRed: Double
    /// mean(G) − mean(R) over the subject region. Normally below zero for skin; near or above zero means 偏青/偏绿.
    public var castGreenMinusRed: Double

    public init(backgroundLightness: Double, backgroundChroma: Double, backgroundUnevenness: Double, meanChroma: Double,
                highlightClip: Double, shadowClip: Double, subjectLuma: Double, sharpness: Double,
                castBlueMinusRed: Double, castGreenMinusRed: Double) {
        self.backgroundLightness = backgroundLightness
        self.backgroundChroma = backgroundChroma
        self.backgroundUnevenness = backgroundUnevenness
        self.meanChroma = meanChroma
        self.highlightClip = highlightClip
        self.shadowClip = shadowClip
        self.subjectLuma = subjectLuma
        self.sharpness = sharpness
        self.castBlueMinusRed = castBlueMinusRed
        self.castGreenMinusRed = castGreenMinusRed
    }

    /// The regions `measure` uses for an image of the given size (see the type's documentation).
    public struct Regions: Sendable, Equatable {
        /// Rows `0..<topBand` belong to the band across the whole width.
        public var topBand: Int
        /// Columns `0..<sideBand` and `width - sideBand..<width` belong to the band for rows `0..<sideBandEnd`.
        public var sideBand: Int
        public var sideBandEnd: Int
        /// The subject rectangle, half-open.
        public var subjectX: Range<Int>
        public var subjectY: Range<Int>

        public init(width: Int, height: Int) {
            topBand = max(1, height * 15 / 1000)
            sideBand = max(1, width * 8 / 100)
            sideBandEnd = max(topBand, height * 55 / 100)
            // One pixel away from every edge so the Laplacian always has its four neighbours.
            let x0 = max(1, width * 30 / 100), x1 = min(width - 1, width - width * 30 / 100)
            let y0 = max(1, height * 22 / 100), y1 = min(height - 1, height * 68 / 100)
            subjectX = x0..<max(x0, x1)
            subjectY = y0..<max(y0, y1)
        }
    }

    /// Measures `rgb` (`width * height * 3` bytes, row-major RGB). Two passes over the pixels, integer arithmetic
    /// throughout; regions scale with the image, so any size works (metrics are calibrated at 358 × 441).
    /// Images smaller than 3 × 3 get a zero sharpness (there is no interior for the Laplacian).
    public static func measure(rgb: [UInt8], width: Int, height: Int) -> PhotoMetrics {
        precondition(width > 0 && height > 0 && rgb.count >= width * height * 3, "rgb must hold width × height × 3 bytes")
        let regions = Regions(width: width, height: height)
        let pixelCount = width * height
        var luma = [UInt8](repeating: 0, count: pixelCount)

        var totalChroma = 0
        var bandLuma = 0, bandLumaSquares = 0, bandChroma = 0, bandCount = 0
        var subjectLuma = 0, subjectR = 0, subjectG = 0, subjectB = 0, highlights = 0, shadows = 0

        rgb.withUnsafeBufferPointer { src in
            luma.withUnsafeMutableBufferPointer { dst in
                // Pass 1: luma of every pixel and the whole-image chroma.
                // Int32 and hand-written max/min: about a third faster than Int and the generic max(_:_:_:).
                var p = 0
                for i in 0..<pixelCount {
                    let r = Int32(src[p]), g = Int32(src[p &+ 1]), b = Int32(src[p &+ 2])
                    p &+= 3
                    dst[i] = UInt8(truncatingIfNeeded: (299 &* r &+ 587 &* g &+ 114 &* b) / 1000)
                    let high = r > g ? (r > b ? r : b) : (g > b ? g : b)
                    let low = r < g ? (r < b ? r : b) : (g < b ? g : b)
                    totalChroma &+= Int(high &- low)
                }

                // The border band: a few small segments, re-read for their chroma.
                func addBand(row y: Int, _ xs: Range<Int>) {
                    var i = y * width + xs.lowerBound
                    for _ in xs {
                        let r = Int(src[3 * i]), g = Int(src[3 * i + 1]), b = Int(src[3 * i + 2])
                        let l = Int(dst[i])
                        bandLuma &+= l
                        bandLumaSquares &+= l &* l
                        bandChroma &+= max(r, g, b) &- min(r, g, b)
                        i &+= 1
                    }
                    bandCount &+= xs.count
                }
                let side = min(regions.sideBand, width)
                for y in 0..<min(regions.topBand, height) { addBand(row: y, 0..<width) }
                if regions.topBand < min(regions.sideBandEnd, height) {
                    for y in regions.topBand..<min(regions.sideBandEnd, height) {
                        addBand(row: y, 0..<side)
                        if width - side >= side { addBand(row: y, (width - side)..<width) }
                    }
                }

                // The subject region: channel means, clipping.
                for y in regions.subjectY {
                    var i = y * width + regions.subjectX.lowerBound
                    for _ in regions.subjectX {
                        subjectR &+= Int(src[3 * i])
                        subjectG &+= Int(src[3 * i + 1])
                        subjectB &+= Int(src[3 * i + 2])
                        let l = dst[i]
                        subjectLuma &+= Int(l)
                        if l >= 250 { highlights &+= 1 } else if l <= 5 { shadows &+= 1 }
                        i &+= 1
                    }
                }
            }
        }

        // Pass 2: the Laplacian over the subject region.
        var lapSum = 0, lapSquares = 0
        luma.withUnsafeBufferPointer { l in
            for y in regions.subjectY {
                var i = y * width + regions.subjectX.lowerBound
                for _ in regions.subjectX {
                    let centre = Int(l[i]) &* 4
                    let lap = centre &- Int(l[i &- 1]) &- Int(l[i &+ 1]) &- Int(l[i &- width]) &- Int(l[i &+ width])
                    lapSum &+= lap
                    lapSquares &+= lap &* lap
                    i &+= 1
                }
            }
        }

        let subjectCount = regions.subjectX.count * regions.subjectY.count
        let bandN = Double(max(bandCount, 1)), subjectN = Double(max(subjectCount, 1))
        let bandMean = Double(bandLuma) / bandN
        let bandVariance = max(0, Double(bandLumaSquares) / bandN - bandMean * bandMean)
        let lapMean = Double(lapSum) / subjectN
        let lapVariance = max(0, Double(lapSquares) / subjectN - lapMean * lapMean)
        return PhotoMetrics(
            backgroundLightness: bandMean,
            backgroundChroma: Double(bandChroma) / bandN,
            backgroundUnevenness: bandVariance.squareRoot(),
            meanChroma: Double(totalChroma) / Double(pixelCount),
            highlightClip: Double(highlights) / subjectN,
            shadowClip: Double(shadows) / subjectN,
            subjectLuma: Double(subjectLuma) / subjectN,
            sharpness: subjectCount == 0 ? 0 : lapVariance,
            castBlueMinusRed: Double(subjectB - subjectR) / subjectN,
            castGreenMinusRed: Double(subjectG - subjectR) / subjectN
        )
    }
}

/// Which quality rules a photo breaks.
public enum PhotoQuality {
    /// Background not pure white: too dark, tinted, or uneven (背景不为纯白, 背景处理不干净, 其它颜色背景).
    public static let background = "photo.background"
    /// Not a colour photo.
    public static let grayscale = "photo.grayscale"
    /// Face over- or underexposed (曝光过度, 曝光不足).
    public static let exposure = "photo.exposure"
    /// Face not sharp (人像模糊).
    public static let blur = "photo.blur"
    /// Blue or cyan/green colour cast on the face (人像偏蓝, 人像偏青).
    public static let colorCast = "photo.color-cast"
    /// Every rule id, in the order `violations` reports them.
    public static let allRules = [background, grayscale, exposure, blur, colorCast]

    /// The ids of the rules `metrics` breaks, in the order of `allRules`; empty when the photo passes.
    ///
    /// The colour-cast rule is judged only on a colour photo whose exposure passes: a grayscale photo has no colour to be
    /// cast, a blown-out face is neutral white, and an underexposed one has its channel differences scaled down with
    /// it, so a cast verdict there would be noise (the exposure finding already rejects the photo).
    public static func violations(_ metrics: PhotoMetrics, thresholds: PhotoThresholds) -> [String] {
        var found: [String] = []
        if metrics.backgroundLightness < thresholds.minBackgroundLightness
            || metrics.backgroundChroma > thresholds.maxBackgroundChroma
            || metrics.backgroundUnevenness > thresholds.maxBackgroundUnevenness {
            found.append(background)
        }
        let isGrayscale = metrics.meanChroma < thresholds.grayscaleMaxChroma
        if isGrayscale { found.append(grayscale) }
        let badExposure = metrics.highlightClip > thresholds.maxHighlightClip || metrics.shadowClip > thresholds.maxShadowClip
            || metrics.subjectLuma < thresholds.minSubjectLuma || metrics.subjectLuma > thresholds.maxSubjectLuma
        if badExposure { found.append(exposure) }
        if metrics.sharpness < thresholds.minSharpness { found.append(blur) }
        if !isGrayscale, !badExposure,
           metrics.castBlueMinusRed > thresholds.maxBlueCast || metrics.castGreenMinusRed > thresholds.maxGreenCast {
            found.append(colorCast)
        }
        return found
    }
}
