/// The JSON most configuration files hold, read without Yams into the nodes Yams composes from it (`YAMLConfigReader`
/// reads `.json` files as YAML, whose flow style is a superset of JSON). Yams builds a node object per value, resolves
/// tags and groups keys to find duplicates; on a tree with thousands of JSON files that was most of the config stage.
///
/// Only a document on which both readers certainly agree is read here; anything else gives nil and goes to Yams, so
/// the entries (and any parse error) are Yams' own. Read here: one object or array at the root; bytes printable
/// ASCII, newlines, and tabs inside the brackets (YAML refuses a tab where block indentation could start); strings
/// with JSON's escapes except `\u0000` and surrogate halves (YAML refuses those); numbers, `true`, `false`, `null`
/// (kept as written, like YAML's plain scalars); each key on one line with its colon, fewer than 1,000 bytes
/// before it (YAML's simple-key limit is 1,024 characters); no key twice in an object (Yams reports that); nesting
/// under 200 levels. Line numbers count from 1, as Yams' marks do.
enum JSONConfigReader {
    indirect enum Node {
        case scalar(String, line: Int)
        case mapping([(key: String, line: Int, value: Node)])
        case sequence([Node])

        var scalarText: String? {
            if case .scalar(let s, _) = self { return s }
            return nil
        }
    }

    static let maxNesting = 200

    /// The root node of `text`, or nil when the text is outside the subset described above.
    static func parse(_ text: String) -> Node? {
        var text = text
        return text.withUTF8 { b -> Node? in
            for c in b where !(c >= 0x20 && c <= 0x7E) && c != 0x0A && c != 0x09 { return nil }
            var r = Reader(b: b)
            r.skipBlank(allowTab: false)
            guard r.i < b.count, b[r.i] == UInt8(ascii: "{") || b[r.i] == UInt8(ascii: "[") else { return nil }
            guard let root = r.value(depth: 0) else { return nil }
            r.skipBlank(allowTab: false)
            return r.failed || r.i != b.count ? nil : root
        }
    }

    private struct Reader {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        var line = 1
        var failed = false

        /// Skips spaces and newlines (and tabs when `allowTab`); a tab where none is allowed fails the read.
        mutating func skipBlank(allowTab: Bool) {
            while i < b.count {
                let c = b[i]
                if c == 0x20 {
                    i += 1
                } else if c == 0x0A {
                    line += 1
                    i += 1
                } else if c == 0x09 {
                    guard allowTab else {
                        failed = true
                        return
                    }
                    i += 1
                } else {
                    return
                }
            }
        }

        mutating func value(depth: Int) -> Node? {
            guard depth < JSONConfigReader.maxNesting, i < b.count, !failed else { return nil }
            switch b[i] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""):
                let at = line
                return string().map { .scalar($0, line: at) }
            default:
                let at = line
                return literal().map { .scalar($0, line: at) }
            }
        }

        mutating func object(depth: Int) -> Node? {
            i += 1
            var pairs: [(key: String, line: Int, value: Node)] = []
            var keys = Set<String>()
            skipBlank(allowTab: true)
            if i < b.count, b[i] == UInt8(ascii: "}") {
                i += 1
                return .mapping(pairs)
            }
            while true {
                guard !failed, i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
                let keyStart = i
                let keyLine = line
                guard let key = string(), keys.insert(key).inserted else { return nil }
                skipBlank(allowTab: true)
                // The colon on the key's line, within YAML's simple-key length.
                guard !failed, line == keyLine, i < b.count, b[i] == UInt8(ascii: ":"), i - keyStart < 1000 else {
                    return nil
                }
                i += 1
                skipBlank(allowTab: true)
                guard let v = value(depth: depth + 1) else { return nil }
                pairs.append((key, keyLine, v))
                skipBlank(allowTab: true)
                guard !failed, i < b.count else { return nil }
                if b[i] == UInt8(ascii: ",") {
                    i += 1
                    skipBlank(allowTab: true)
                    continue
                }
                guard b[i] == UInt8(ascii: "}") else { return nil }
                i += 1
                return .mapping(pairs)
            }
        }

        mutating func array(depth: Int) -> Node? {
            i += 1
            var items: [Node] = []
            skipBlank(allowTab: true)
            if i < b.count, b[i] == UInt8(ascii: "]") {
                i += 1
                return .sequence(items)
            }
            while true {
                guard let v = value(depth: depth + 1) else { return nil }
                items.append(v)
                skipBlank(allowTab: true)
                guard !failed, i < b.count else { return nil }
                if b[i] == UInt8(ascii: ",") {
                    i += 1
                    skipBlank(allowTab: true)
                    continue
                }
                guard b[i] == UInt8(ascii: "]") else { return nil }
                i += 1
                return .sequence(items)
            }
        }

        /// A string at `i` (on its opening quote), unescaped.
        mutating func string() -> String? {
            i += 1
            let start = i
            // Most strings hold no escape: their text is the bytes between the quotes.
            while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\") {
                if b[i] < 0x20 { return nil }
                i += 1
            }
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: UnsafeBufferPointer(rebasing: b[start..<(i - 1)]), as: UTF8.self)
            }
            var out = Array(b[start..<i])
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c < 0x20 { return nil }
                guard c == UInt8(ascii: "\\") else {
                    out.append(c)
                    i += 1
                    continue
                }
                guard i + 1 < b.count else { return nil }
                let e = b[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard i + 4 <= b.count else { return nil }
                    var v: UInt32 = 0
                    for k in 0..<4 {
                        guard let d = Self.hex(b[i + k]) else { return nil }
                        v = v << 4 | d
                    }
                    i += 4
                    guard v != 0, !(0xD800...0xDFFF).contains(v), let scalar = Unicode.Scalar(v) else { return nil }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            }
            return nil
        }

        static func hex(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }

        /// `true`, `false`, `null` or a JSON number at `i`, as written.
        mutating func literal() -> String? {
            for word in ["true", "false", "null"] where matches(word) {
                i += word.utf8.count
                return word
            }
            let start = i
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, isDigit(b[i]) else { return nil }
            if b[i] == UInt8(ascii: "0") {
                i += 1
            } else {
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                guard i < b.count, isDigit(b[i]) else { return nil }
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard i < b.count, isDigit(b[i]) else { return nil }
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            // A number ends where JSON lets it: a YAML plain scalar runs on through anything else.
            guard i >= b.count || [0x20, 0x0A, 0x09, 0x2C, 0x5D, 0x7D].contains(b[i]) else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        }

        func matches(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard i + w.count <= b.count else { return false }
            for k in w.indices where b[i + k] != w[k] { return false }
            // `nullx`, `true1`: YAML reads one plain scalar, JSON refuses; leave it to Yams.
            let end = i + w.count
            return end >= b.count || [0x20, 0x0A, 0x09, 0x2C, 0x5D, 0x7D].contains(b[end])
        }

        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    }
}
