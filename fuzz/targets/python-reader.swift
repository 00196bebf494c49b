// libFuzzer target: PythonReader.read (tokenizer + structure reader) on arbitrary bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPythonReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let module = PythonReader.read(source: bytes, path: "fuzz.py")
    precondition(module.path == "fuzz.py")
    precondition(module.lineCount >= 0)
    return 0
}
