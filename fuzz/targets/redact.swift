// libFuzzer target: SecretScanner.redact on arbitrary text: never crashes, idempotent, never grows a secret back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRedact(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let once = SecretScanner.redact(text)
    let twice = SecretScanner.redact(once)
    precondition(twice == once, "redact is not idempotent on \(text.debugDescription)")
    precondition(
        SecretDetector.hits(in: Array(once.utf8)).isEmpty, "a secret survives redaction in \(text.debugDescription)")
    return 0
}
