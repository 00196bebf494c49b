import MLAuditKit

/// The fact cache's layout for one file's secret-scan result (`SecretScanner.FileHits`, a pure function of the
/// file's bytes): a magic, the values found (raw bytes and kind) and, per value, the line it is on. Decoded as
/// hostile data, like `FactCodec`: counts and lengths checked against the bytes left, kinds must be known, one line
/// per value, lines positive, and the entry must end where its last field does; anything else gives nil (rescan).
enum SecretHitsCodec {
    static let magic: [UInt8] = Array("MLAS1\n".utf8)

    static func encode(_ hits: SecretScanner.FileHits) -> [UInt8] {
        var w = FactCodec.Writer()
        w.out += magic
        w.uint(UInt64(hits.values.count))
        for ((value, kind), match) in zip(hits.values, hits.matches) {
            w.uint(UInt64(value.count))
            w.out += value
            w.str(kind.rawValue)
            w.int(match.line)
        }
        return w.out
    }

    static func decode(_ bytes: [UInt8], path: String) -> SecretScanner.FileHits? {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { return nil }
        var r = FactCodec.Reader(bytes: bytes)
        r.at = magic.count
        guard let n = r.count() else { return nil }
        var out = SecretScanner.FileHits()
        for _ in 0..<n {
            guard let length = r.count() else { return nil }
            let value = Array(bytes[r.at..<(r.at + length)])
            r.at += length
            guard let kind = r.str().flatMap(SecretKind.init(rawValue:)), let line = r.int(), line >= 1 else {
                return nil
            }
            out.values.append((value, kind))
            out.matches.append(SecretMatch(path: path, line: line, kind: kind.rawValue))
        }
        return r.at == bytes.count ? out : nil
    }
}
