import Testing
@testable import PDFCanvas

@Suite struct JPEGImageTests {
    @Test func refusesWhatIsNotAPassThroughJPEG() {
        #expect(JPEGImage([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]) == nil)  // PNG
        #expect(JPEGImage([0xFF, 0xD8, 0xFF]) == nil)
        // SOI, SOF0 8-bit 2x3, 3 components, SOS.
        let baseline: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8, 0, 3, 0, 2, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
                                 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9]
        let image = JPEGImage(baseline)
        #expect(image?.width == 2)
        #expect(image?.height == 3)
        // CMYK (4 components) is refused.
        var cmyk = baseline
        cmyk[11] = 4
        #expect(JPEGImage(cmyk) == nil)
    }
}
