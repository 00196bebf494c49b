// libFuzzer target: YAMLConfigReader.read (Yams + libyaml) on arbitrary text, as YAML and as JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for format in [ConfigEntry.Format.yaml, .json] {
        switch YAMLConfigReader.read(text: text, path: "fuzz.yaml", format: format) {
        case .success(let rows):
            precondition(
                rows.count <= YAMLConfigReader.maxEntries + 1000, "flattening is not bounded: \(rows.count) rows")
            for r in rows { precondition(r.line >= 0, "negative line") }
        case .failure(let f):
            precondition(!f.message.isEmpty)
        }
    }
    return 0
}
