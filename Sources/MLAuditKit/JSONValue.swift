/// A JSON value with ordered object keys, so the JSON twin's bytes are stable.
package indirect enum JSONValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func str(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    package static func num(_ n: Int?) -> JSONValue { n.map(JSONValue.int) ?? .null }

    package func serialized() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out.append("\n")
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .string(let s): JSONValue.escape(s, into: &out)
        case .int(let n): out.append(String(n))
        case .bool(let b): out.append(b ? "true" : "false")
        case .null: out.append("null")
        case .array(let items):
            if items.isEmpty {
                out.append("[]")
                return
            }
            out.append("[\n")
            for (i, item) in items.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                item.write(into: &out, indent: indent + 2)
                out.append(i + 1 < items.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent))
            out.append("]")
        case .object(let pairs):
            if pairs.isEmpty {
                out.append("{}")
                return
            }
            out.append("{\n")
            for (i, (key, value)) in pairs.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                JSONValue.escape(key, into: &out)
                out.append(": ")
                value.write(into: &out, indent: indent + 2)
                out.append(i + 1 < pairs.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent))
            out.append("}")
        }
    }

    package static func escape(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{2028}": out.append("\\u2028")
            case "\u{2029}": out.append("\\u2029")
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
