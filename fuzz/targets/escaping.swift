// libFuzzer target: MarkdownEscaping on arbitrary text. Checks the structural promises, not just "no crash".
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEscaping(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for out in [MarkdownEscaping.cell(text), MarkdownEscaping.inline(text), MarkdownEscaping.code(text)] {
        precondition(!out.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }, "line break in \(out.debugDescription)")
    }
    // A cell holds no pipe that GFM would split on: `\` pairs with the next character, any other `|` splits.
    let cell = Array(MarkdownEscaping.cell(text).unicodeScalars)
    var k = 0
    while k < cell.count {
        if cell[k] == "\\" {
            k += 2
            continue
        }
        precondition(
            cell[k] != "|", "unescaped pipe in cell \(String(String.UnicodeScalarView(cell)).debugDescription)")
        // Raw `<` is fine inside a code span; text without backticks has none, so none may remain.
        precondition(cell[k] != "<" || text.unicodeScalars.contains("`"), "raw < in cell")
        k += 1
    }
    // Inline text cannot open a block.
    let inline = MarkdownEscaping.inline(text)
    if let first = inline.unicodeScalars.first {
        precondition(!"#>-+=~:|<`*_[ \t".unicodeScalars.contains(first), "inline starts with \(first)")
        let digits = inline.unicodeScalars.prefix { ("0"..."9").contains($0) }
        let after = inline.unicodeScalars.dropFirst(digits.count).first
        // CommonMark list markers have 1 to 9 digits.
        precondition(
            digits.isEmpty || digits.count > 9 || !(after == "." || after == ")"),
            "inline starts an ordered list: \(inline)")
    }
    precondition(!inline.contains("<"), "raw < in inline")
    // The code span opens and closes with the same run, longer than any run inside.
    // Unicode scalars throughout: CommonMark reads code points, and a combining mark after a backtick must not
    // hide it from the checks.
    let span = Array(MarkdownEscaping.code(text).unicodeScalars)
    let open = span.prefix { $0 == "`" }.count
    precondition(
        open >= 1 && span.count >= 2 * open + 1 && span.suffix(open).allSatisfy { $0 == "`" }
            && span[span.count - open - 1] != "`",
        "code span fences do not match: \(span)")
    let inner = span.dropFirst(open).dropLast(open)
    precondition(inner.first != "`" && inner.last != "`", "code span content touches its fence")
    var run = 0
    for c in inner {
        if c == "`" {
            run += 1
            precondition(run < open, "inner run as long as the fence")
        } else {
            run = 0
        }
    }
    let fence = MarkdownEscaping.fence(for: text)
    var longest = 0
    var cur = 0
    for c in text.unicodeScalars {
        if c == "`" {
            cur += 1
            longest = max(longest, cur)
        } else {
            cur = 0
        }
    }
    precondition(
        fence.unicodeScalars.count >= 3 && fence.unicodeScalars.count > longest,
        "fence \(fence) not longer than a run in the body")
    return 0
}
