import Foundation
import MLAuditKit

/// The names a piece of code text reads: `.name`, `["name"]` / `['name']` and `getattr(obj, "name")`, exactly the
/// capture of every non-overlapping, leftmost match of
/// `\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\]|getattr\([^,]+,\s*['"]([A-Za-z_]\w*)['"]` (`regex`).
///
/// ASCII text is scanned byte by byte (a few nanoseconds a byte; the regex, with a second regex stripping each match,
/// took most of the rules stage on large trees); text with a non-ASCII byte or a vertical tab, where `\w` and `\s`
/// are Unicode classes, goes through the regex itself, so the result never depends on which path ran.
enum ReadNameScanner {
    static let regex =
        #"\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\]|getattr\([^,]+,\s*['"]([A-Za-z_]\w*)['"]"#

    static func scan(_ text: String, into out: inout Set<String>) {
        var text = text
        let fast: Bool? = text.withUTF8 { b in
            // the three shapes need a '.', a '[' or "getattr("; a text with none of them reads nothing
            var interesting = false
            for c in b {
                if c >= 0x80 || c == 0x0B { return nil }
                if c == dot || c == open || c == g { interesting = true }
            }
            guard interesting else { return true }
            scanASCII(b, into: &out)
            return true
        }
        if fast == nil { scanWithRegex(text, into: &out) }
    }

    private static let dot = UInt8(ascii: ".")
    private static let open = UInt8(ascii: "[")
    private static let close = UInt8(ascii: "]")
    private static let g = UInt8(ascii: "g")
    private static let comma = UInt8(ascii: ",")
    private static let getattr = Array("getattr(".utf8)

    private static func isHead(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F }
    private static func isWord(_ c: UInt8) -> Bool { isHead(c) || (c >= 0x30 && c <= 0x39) }
    /// ASCII `\s` (the vertical tab is left to the regex path): space, tab, LF, FF, CR.
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }
    private static func isQuote(_ c: UInt8) -> Bool { c == 0x22 || c == 0x27 }

    /// An identifier `[A-Za-z_]\w*` at `i`: its end, or nil.
    private static func identifier(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i < b.count, isHead(b[i]) else { return nil }
        var j = i + 1
        while j < b.count, isWord(b[j]) { j += 1 }
        return j
    }

    private static func skipSpaces(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var j = i
        while j < b.count, isSpace(b[j]) { j += 1 }
        return j
    }

    /// `['"]ident['"]` at `i`: the identifier's range and the index after the closing quote.
    private static func quotedIdentifier(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Range<Int>, Int)? {
        guard i < b.count, isQuote(b[i]), let end = identifier(b, i + 1), end < b.count, isQuote(b[end]) else {
            return nil
        }
        return ((i + 1)..<end, end + 1)
    }

    private static func scanASCII(_ b: UnsafeBufferPointer<UInt8>, into out: inout Set<String>) {
        func add(_ r: Range<Int>) { out.insert(String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)) }
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == dot, let end = identifier(b, i + 1) {
                add((i + 1)..<end)
                i = end
                continue
            }
            if c == open, let (name, after) = quotedIdentifier(b, skipSpaces(b, i + 1)) {
                let j = skipSpaces(b, after)
                if j < b.count, b[j] == close {
                    add(name)
                    i = j + 1
                    continue
                }
            }
            if c == g, b.count - i >= getattr.count, b[i..<(i + getattr.count)].elementsEqual(getattr) {
                // `[^,]+,`: at least one character, then the first comma
                var j = i + getattr.count
                let first = j
                while j < b.count, b[j] != comma { j += 1 }
                if j > first, j < b.count, let (name, after) = quotedIdentifier(b, skipSpaces(b, j + 1)) {
                    add(name)
                    i = after
                    continue
                }
            }
            i += 1
        }
    }

    static func scanWithRegex(_ text: String, into out: inout Set<String>) {
        guard let rx = RegexCache.shared.regex(regex) else { return }
        for m in rx.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            for group in 1...3 {
                if let r = Range(m.range(at: group), in: text) {
                    out.insert(String(text[r]))
                    break
                }
            }
        }
    }
}
