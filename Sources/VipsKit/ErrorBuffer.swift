internal import CVipsShim

/// libvips keeps ONE error buffer for the whole process, shared by every thread: clearing it
/// before a call wipes another thread's fresh message, and reading it after a failure can pick
/// up another thread's, pinning an error on the wrong image.
///
/// So every libvips call that can fail goes through `call`: it runs beside other threads' calls
/// (the shared side of a gate); when it fails, it runs once more alone (the exclusive side: no
/// other libvips call in flight), with the buffer cleared right before and read and cleared
/// right after, so the message is this call's own. Successful calls never wait for each other;
/// only a failure costs a second attempt. Nothing else in VipsKit reads or clears the buffer.
enum ErrorBuffer {
    /// Runs one libvips call and returns its result, or throws with its own message.
    /// - Parameters:
    ///   - failure: the error for a message.
    ///   - fallback: the message when libvips gave none.
    ///   - attempt: the call; nil when it failed (having released anything it made). It must
    ///     not enter the gate itself, and may run twice.
    ///   - again: what to run alone after a failure, when repeating `attempt` would not say why
    ///     (a lazy load's loader remembers its failure: decode a fresh load instead).
    static func call<T>(_ failure: (String) -> VipsError, fallback: String, _ attempt: () -> T?,
                        again: (() -> T?)? = nil) throws(VipsError) -> T {
        shim_gate_shared()
        let first = attempt()
        shim_gate_release()
        if let first { return first }
        shim_gate_exclusive()
        defer { shim_gate_release() }
        shim_error_clear()
        let second: T? = if let again { again() } else { attempt() }
        if let second {
            shim_error_clear()
            return second
        }
        throw failure(takeError(or: fallback))
    }

    /// Runs a call whose failure we ignore (a header field that turns out unreadable) beside the
    /// others, so that what it writes to or clears from the buffer never meets a call re-running alone.
    static func quiet<T>(_ body: () -> T) -> T {
        shim_gate_shared()
        defer { shim_gate_release() }
        return body()
    }
}
