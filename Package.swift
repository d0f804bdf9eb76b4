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
    ],
    targets: [
        // C libraries: one system-library target each, with a thin Swift wrapper beside it.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "ZipArchive", dependencies: ["CLibZip"]),
        .target(name: "XMLStream", dependencies: ["CLibXML2"]),
        .target(name: "XLSXWriter", dependencies: ["CXlsxWriter"]),

        .target(name: "SSCardKit", dependencies: ["ZipArchive", "XMLStream", "XLSXWriter"]),
        .executableTarget(
            name: "sscard",
            dependencies: ["SSCardKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "SSCardKitTests", dependencies: ["SSCardKit", "XLSXWriter", "ZipArchive"]),
        .testTarget(name: "sscardTests", dependencies: ["SSCardKit"]),
    ],
    swiftLanguageModes: [.v6]
)
