import Foundation

/// A JSON value read by a strict parser of its own (so booleans and integers never blur, as they can through
/// `JSONSerialization` on Linux).
indirect enum JSONDoc: Equatable {
    case null
    case bool(Bool)
    case number(Double, isInteger: Bool)
    case string(String)
    case array([JSONDoc])
    case object([String: JSONDoc])

    struct ParseError: Error, CustomStringConvertible { let description: String }

    static func parse(_ data: Data) throws -> JSONDoc {
        var p = Parser(bytes: Array(data))
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.bytes.count else { throw ParseError(description: "trailing bytes at \(p.i)") }
        return v
    }

    /// Sorted-key serialization, for `uniqueItems` and messages.
    var canonical: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d, let isInt): return isInt ? String(Int64(d)) : String(d)
        case .string(let s): return "\"" + s + "\""
        case .array(let a): return "[" + a.map(\.canonical).joined(separator: ",") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { "\"\($0)\":" + o[$0]!.canonical }.joined(separator: ",") + "}"
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        mutating func skipSpace() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        mutating func value() throws -> JSONDoc {
            skipSpace()
            guard i < bytes.count else { throw ParseError(description: "unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var o: [String: JSONDoc] = [:]
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(o)
                }
                while true {
                    skipSpace()
                    guard case .string(let k) = try value() else { throw ParseError(description: "object key at \(i)") }
                    skipSpace()
                    try expect(":")
                    o[k] = try value()
                    skipSpace()
                    if try take(",") { continue }
                    try expect("}")
                    return .object(o)
                }
            case UInt8(ascii: "["):
                i += 1
                var a: [JSONDoc] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(a)
                }
                while true {
                    a.append(try value())
                    skipSpace()
                    if try take(",") { continue }
                    try expect("]")
                    return .array(a)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            default: return try number()
            }
        }
        mutating func take(_ c: Character) throws -> Bool {
            if i < bytes.count, bytes[i] == c.asciiValue! {
                i += 1
                return true
            }
            return false
        }
        mutating func expect(_ c: Character) throws {
            guard try take(c) else { throw ParseError(description: "expected \(c) at \(i)") }
        }
        mutating func literal(_ s: String) throws {
            let b = Array(s.utf8)
            guard i + b.count <= bytes.count, Array(bytes[i..<i + b.count]) == b else {
                throw ParseError(description: "bad literal at \(i)")
            }
            i += b.count
        }
        mutating func number() throws -> JSONDoc {
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let d = Double(text), !text.isEmpty else {
                throw ParseError(description: "bad number '\(text)' at \(start)")
            }
            let isInt = !text.contains(".") && !text.lowercased().contains("e")
            return .number(d, isInteger: isInt || d == d.rounded())
        }
        mutating func string() throws -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c < 0x20 { throw ParseError(description: "control character in string at \(i)") }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    switch bytes[i] {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard i + 4 < bytes.count,
                            var code = UInt32(String(decoding: bytes[i + 1...i + 4], as: UTF8.self), radix: 16)
                        else {
                            throw ParseError(description: "bad \\u escape at \(i)")
                        }
                        i += 4
                        if (0xD800..<0xDC00).contains(code), i + 6 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"),
                            bytes[i + 2] == UInt8(ascii: "u"),
                            let low = UInt32(String(decoding: bytes[i + 3...i + 6], as: UTF8.self), radix: 16),
                            (0xDC00..<0xE000).contains(low)
                        {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                        out += Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8)
                    default: out.append(bytes[i])
                    }
                    i += 1
                    continue
                }
                out.append(c)
                i += 1
            }
            throw ParseError(description: "unterminated string")
        }
    }
}

/// JSON Schema validation (draft-04 and draft-07 keywords used by the SARIF 2.1.0 schema and mlaudit's own):
/// type, enum, const, properties, required, additionalProperties, patternProperties, items, minItems, maxItems,
/// uniqueItems, minLength, maxLength, pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, anyOf,
/// oneOf, allOf, not, and local `$ref`s (`#/definitions/...`). Like the reference validators' default, `format` is
/// an annotation and is not asserted.
struct JSONSchemaValidator {
    let root: JSONDoc

    init(schema: Data) throws { root = try JSONDoc.parse(schema) }

    /// Every violation, as "path: message"; empty when the instance is valid.
    func errors(_ instance: JSONDoc) -> [String] {
        var out: [String] = []
        validate(instance, root, "$", &out)
        return out
    }

    private func resolve(_ ref: String) -> JSONDoc? {
        guard ref.hasPrefix("#") else { return nil }
        var node = root
        for part in ref.dropFirst().split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard case .object(let o) = node, let next = o[key] else { return nil }
            node = next
        }
        return node
    }

    private func typeMatches(_ v: JSONDoc, _ t: String) -> Bool {
        switch (t, v) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .number):
            return true
        case ("integer", .number(_, let isInt)): return isInt
        default: return false
        }
    }

    private func validate(_ v: JSONDoc, _ schema: JSONDoc, _ path: String, _ out: inout [String]) {
        if case .bool(let b) = schema {
            if !b { out.append("\(path): schema false") }
            return
        }
        guard case .object(let s) = schema else { return }
        if case .string(let ref)? = s["$ref"] {
            guard let target = resolve(ref) else {
                out.append("\(path): unresolvable $ref \(ref)")
                return
            }
            validate(v, target, path, &out)
            return  // draft-04/07: $ref siblings are ignored
        }
        if let t = s["type"] {
            let types: [String]
            switch t {
            case .string(let one): types = [one]
            case .array(let many):
                types = many.compactMap { if case .string(let x) = $0 { return x } else { return nil } }
            default: types = []
            }
            if !types.contains(where: { typeMatches(v, $0) }) {
                out.append("\(path): type is not \(types.joined(separator: "|"))")
                return
            }
        }
        if case .array(let options)? = s["enum"], !options.contains(v) {
            out.append("\(path): \(v.canonical.prefix(80)) is not one of the enum")
        }
        if let c = s["const"], c != v { out.append("\(path): not the const value") }
        for key in ["allOf", "anyOf", "oneOf"] {
            guard case .array(let subs)? = s[key] else { continue }
            let passing = subs.filter { sub in
                var e: [String] = []
                validate(v, sub, path, &e)
                return e.isEmpty
            }.count
            if key == "allOf" && passing != subs.count { for sub in subs { validate(v, sub, path, &out) } }
            if key == "anyOf" && passing == 0 { out.append("\(path): matches none of anyOf") }
            if key == "oneOf" && passing != 1 {
                out.append("\(path): matches \(passing) of oneOf (exactly 1 required)")
            }
        }
        if let n = s["not"] {
            var e: [String] = []
            validate(v, n, path, &e)
            if e.isEmpty { out.append("\(path): matches `not`") }
        }
        switch v {
        case .object(let o):
            if case .array(let req)? = s["required"] {
                for case .string(let k) in req where o[k] == nil { out.append("\(path): missing required \(k)") }
            }
            var props: [String: JSONDoc] = [:]
            if case .object(let p)? = s["properties"] { props = p }
            var patterns: [(NSRegularExpression, JSONDoc)] = []
            if case .object(let pp)? = s["patternProperties"] {
                for (k, sub) in pp { if let re = try? NSRegularExpression(pattern: k) { patterns.append((re, sub)) } }
            }
            for k in o.keys.sorted() {
                var matched = false
                if let sub = props[k] {
                    validate(o[k]!, sub, "\(path).\(k)", &out)
                    matched = true
                }
                for (re, sub) in patterns where re.firstMatch(in: k, range: NSRange(k.startIndex..., in: k)) != nil {
                    validate(o[k]!, sub, "\(path).\(k)", &out)
                    matched = true
                }
                if !matched, let ap = s["additionalProperties"] {
                    if case .bool(false) = ap {
                        out.append("\(path): additional property \(k) not allowed")
                    } else if case .object = ap {
                        validate(o[k]!, ap, "\(path).\(k)", &out)
                    }
                }
            }
        case .array(let a):
            if let items = s["items"] {
                if case .array(let tuple) = items {
                    for (i, sub) in tuple.enumerated() where i < a.count { validate(a[i], sub, "\(path)[\(i)]", &out) }
                } else {
                    for (i, x) in a.enumerated() { validate(x, items, "\(path)[\(i)]", &out) }
                }
            }
            if case .number(let n, _)? = s["minItems"], Double(a.count) < n {
                out.append("\(path): fewer than \(Int(n)) items")
            }
            if case .number(let n, _)? = s["maxItems"], Double(a.count) > n {
                out.append("\(path): more than \(Int(n)) items")
            }
            if case .bool(true)? = s["uniqueItems"], Set(a.map(\.canonical)).count != a.count {
                out.append("\(path): items are not unique")
            }
        case .string(let str):
            let length = str.unicodeScalars.count
            if case .number(let n, _)? = s["minLength"], Double(length) < n {
                out.append("\(path): shorter than \(Int(n))")
            }
            if case .number(let n, _)? = s["maxLength"], Double(length) > n {
                out.append("\(path): longer than \(Int(n))")
            }
            if case .string(let p)? = s["pattern"] {
                if let re = try? NSRegularExpression(pattern: p) {
                    if re.firstMatch(in: str, range: NSRange(str.startIndex..., in: str)) == nil {
                        out.append("\(path): \(str.prefix(60)) does not match \(p)")
                    }
                } else {
                    out.append("\(path): schema pattern \(p) does not compile")
                }
            }
        case .number(let d, _):
            let exclusiveMinBool: Bool = {
                if case .bool(true)? = s["exclusiveMinimum"] { return true }
                return false
            }()
            let exclusiveMaxBool: Bool = {
                if case .bool(true)? = s["exclusiveMaximum"] { return true }
                return false
            }()
            if case .number(let m, _)? = s["minimum"], exclusiveMinBool ? d <= m : d < m {
                out.append("\(path): below minimum \(m)")
            }
            if case .number(let m, _)? = s["maximum"], exclusiveMaxBool ? d >= m : d > m {
                out.append("\(path): above maximum \(m)")
            }
            if case .number(let m, _)? = s["exclusiveMinimum"], d <= m { out.append("\(path): not above \(m)") }
            if case .number(let m, _)? = s["exclusiveMaximum"], d >= m { out.append("\(path): not below \(m)") }
        default: break
        }
    }
}
