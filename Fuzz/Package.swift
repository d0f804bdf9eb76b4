// swift-tools-version: 6.0
// libFuzzer targets, built only by `make fuzz` (with -sanitize=fuzzer,address); see README.md "Fuzzing".
import PackageDescription

let targets = ["FuzzCSV", "FuzzSheet", "FuzzSharedStrings", "FuzzFields", "FuzzZipName"]

let package = Package(
    name: "sscard-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "sscard", path: "..")],
    targets: [.target(name: "CFuzzer", path: "Sources/CFuzzer")] + targets.map { name in
        .executableTarget(name: name, dependencies: ["CFuzzer", .product(name: "SSCardKit", package: "sscard")],
                          path: "Sources/\(name)")
    },
    swiftLanguageModes: [.v6]
)
