/// Renders tokens exactly as `python3 -m tokenize -e FILE` prints them (CPython 3.11):
/// one line per token, `"%-20s%-15s%-15r" % (range, exact type name, token string)`.
public enum TokenDump {
    public static func render(source: [UInt8]) -> Result<String, PythonTokenizeError> {
        let tokenization = PythonTokenizer.tokenize(source)
        // `python -m tokenize` collects every token before printing, so any error prints nothing.
        if let error = tokenization.error { return .failure(error) }
        return .success(render(tokens: tokenization.tokens))
    }

    /// The dump of `tokens`, one line each.
    public static func render(tokens: [PythonToken]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(tokens.count * 52)
        for token in tokens {
            let range = "\(token.start.line),\(token.start.column)-\(token.end.line),\(token.end.column):"
            appendPadded(range, width: 20, to: &out)
            let name = token.kind == .op ? (token.exactType ?? "OP") : token.kind.rawValue
            appendPadded(name, width: 15, to: &out)
            let width = PythonRepr.appendRepr(of: token.text, to: &out)
            if width < 15 { out.append(contentsOf: repeatElement(0x20, count: 15 - width)) }
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `%-Ns` for ASCII `text`.
    private static func appendPadded(_ text: String, width: Int, to out: inout [UInt8]) {
        let before = out.count
        out.append(contentsOf: text.utf8)
        let written = out.count - before
        if written < width { out.append(contentsOf: repeatElement(0x20, count: width - written)) }
    }
}
