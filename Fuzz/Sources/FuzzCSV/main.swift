import CFuzzer
import Foundation
import SSCardKit

// libFuzzer target: the CSV reader fed a roster file's bytes.

/// One input (libFuzzer's runtime also links against this name).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntry.csv(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

// SwiftPM gives the executable its own `main`, so it hands control to libFuzzer's driver.
var arguments = CommandLine.argc
var values = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&arguments, &values) { data, size in fuzzOne(data, size) })
