// libFuzzer target: TerminalText on arbitrary text. What reaches a terminal holds no C0 (but tab), DEL, C1 or
// bidirectional control; a Markdown fence body holds no control but tab and line feed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTerminalText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    TerminalTextInvariants.check(text)
    return 0
}

enum TerminalTextInvariants {
    static func check(_ text: String) {
        let clean = TerminalText.clean(text)
        precondition(
            !clean.unicodeScalars.contains(where: TerminalText.needsEscape), "control left: \(clean.debugDescription)")
        precondition(TerminalText.clean(clean) == clean, "not idempotent")
        if !text.unicodeScalars.contains(where: TerminalText.needsEscape) {
            precondition(clean == text, "changed clean text")
        }
        let lines = TerminalText.cleanLines(text)
        precondition(
            lines.split(separator: "\n", omittingEmptySubsequences: false).count
                == text.split(separator: "\n", omittingEmptySubsequences: false).count, "line count changed")
        precondition(
            !lines.unicodeScalars.contains { $0 != "\n" && TerminalText.needsEscape($0) }, "control left in lines")
        let fence = TerminalText.fenceBody(text)
        precondition(
            !fence.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\t" && $0 != "\n" },
            "control left in fence")
        precondition(
            fence.unicodeScalars.filter { $0 == "\n" }.count == text.unicodeScalars.filter { $0 == "\n" }.count,
            "fence lines changed")
    }
}
