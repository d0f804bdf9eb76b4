// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "sscard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sscard", targets: ["sscard"]),
        .library(name: "SSCardKit", targets: ["SSCardKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // C libraries: one system-library target each, with a thin Swift wrapper beside it.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "ZipArchive", dependencies: ["CLibZip"]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "Digest", dependencies: ["CLibCrypto"]),
        .target(name: "XMLStream", dependencies: ["CLibXML2"]),
        .target(name: "XLSXWriter", dependencies: ["CXlsxWriter"]),
        // libvips's headers (in /usr/include/vips) with GLib's flags only: the library itself is
        // opened by CVipsShim on the first image operation, so the binary does not link it and
        // commands that touch no image start without mapping its hundred-odd dependencies.
        .systemLibrary(name: "CVips", pkgConfig: "gio-2.0", providers: [.apt(["libvips-dev"])]),
        .target(name: "CVipsShim", dependencies: ["CVips"]),
        .target(name: "VipsKit", dependencies: ["CVipsShim"]),
        // The registration form: cairo's PDF surface, pangocairo text through a private fontconfig
        // configuration, HarfBuzz subsets, libqrencode; PDFCanvas keeps every C pointer to itself.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo-pdf", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev", "libharfbuzz-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .target(name: "PDFCanvas", dependencies: ["CCairo", "CPangoCairo", "CQREncode"]),
        // SQLite's C API for import's hot insert, beside GRDB (which prepares the statement).
        .target(name: "SQLiteRows", dependencies: [.product(name: "GRDB", package: "GRDB.swift"),
                                                   .product(name: "GRDBSQLite", package: "GRDB.swift")]),

        .target(
            name: "SSCardKit",
            dependencies: ["ZipArchive", "XMLStream", "XLSXWriter", "VipsKit", "Digest", "PDFCanvas", "SQLiteRows", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "sscard",
            dependencies: ["SSCardKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "SSCardKitTests", dependencies: ["SSCardKit", "XLSXWriter", "ZipArchive", "SQLiteRows", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "sscardTests", dependencies: ["SSCardKit", "ZipArchive", "VipsKit", "XLSXWriter"]),
        .testTarget(name: "VipsKitTests", dependencies: ["VipsKit"]),
        .testTarget(name: "PDFCanvasTests", dependencies: ["PDFCanvas"]),
    ],
    swiftLanguageModes: [.v6]
)
