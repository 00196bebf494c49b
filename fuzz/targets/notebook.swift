// libFuzzer target: NotebookReader.read on arbitrary bytes (JSON or not).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotebook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch NotebookReader.read(json: bytes, path: "fuzz.ipynb") {
    case .success(let module): precondition(module.path == "fuzz.ipynb")
    case .failure(let failure): precondition(!failure.description.isEmpty)
    }
    return 0
}
