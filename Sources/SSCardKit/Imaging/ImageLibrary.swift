import VipsKit

/// libvips is opened on the first image operation, not when sscard starts (a command that
/// touches no image starts without mapping its hundred-odd dependencies). Every command that
/// reads or writes images asks for it first, so a machine without it gets one clear error
/// instead of every photo reported unreadable.
public enum ImageLibrary {
    public static func require() throws(SSCardError) {
        do {
            try Vips.initialize(concurrency: 1)
        } catch {
            throw .imageLibraryMissing(reason: error.description)
        }
    }
}
