// libFuzzer target: PythonTokenizer.tokenize on arbitrary bytes. Built by fuzz/run.sh with the MLAuditPython sources.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result = PythonTokenizer.tokenize(bytes)
    // An invariant every tokenization keeps, whatever the input: no token ends before it starts.
    for token in result.tokens {
        precondition(!(token.end < token.start), "token ends before it starts: \(token)")
    }
    return 0
}
