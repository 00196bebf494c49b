/// The fact cache's layout for one file's source-analysis values: a magic, then per analysis its name and its
/// value's bytes (`SourceAnalysis.encode`), names sorted and unique. Decoded as hostile data: counts and lengths
/// checked against the bytes left, names valid UTF-8 and in strictly increasing order, and the entry must end where
/// its last field does; anything else gives nil (the values are computed again). Each value is then checked by its
/// own analysis's `decode`.
enum AnalysesCodec {
    static let magic: [UInt8] = Array("MLAN1\n".utf8)

    static func encode(_ values: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var w = FactCodec.Writer()
        w.out += magic
        let sorted = values.sorted { $0.name < $1.name }
        w.uint(UInt64(sorted.count))
        for v in sorted {
            w.str(v.name)
            w.raw(v.bytes)
        }
        return w.out
    }

    static func decode(_ bytes: [UInt8]) -> [String: [UInt8]]? {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { return nil }
        var r = FactCodec.Reader(bytes: bytes)
        r.at = magic.count
        guard let n = r.count() else { return nil }
        var out: [String: [UInt8]] = [:]
        var last: String? = nil
        for _ in 0..<n {
            guard let name = r.str(), last.map({ $0 < name }) ?? true, let value = r.raw() else { return nil }
            out[name] = value
            last = name
        }
        return r.atEnd ? out : nil
    }
}
