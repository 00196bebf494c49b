/// Repository text shown where control characters act: a terminal (stderr, `apply`, `explain`) and Markdown
/// fences. A file name holding ESC/OSC sequences must not write the clipboard, retitle the window or clear the
/// screen when mlaudit prints it.
public enum TerminalText {
    /// One line for a terminal: every C0 control (tab kept), DEL, every C1 control (U+0080-U+009F, which some
    /// terminals take as 8-bit CSI/OSC) and the bidirectional overrides/isolates become a visible `\xNN` /
    /// `\u{NNNN}` escape. Line feeds are escaped too: one call yields one line.
    public static func clean(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if needsEscape(u) {
                let hex = String(u.value, radix: 16, uppercase: true)
                let text = u.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{" + hex + "}"
                out.append(contentsOf: text.unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    /// Several lines for a terminal: each line through `clean`, the line feeds between them kept.
    public static func cleanLines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { clean(String($0)) }.joined(separator: "\n")
    }

    /// The body of a Markdown fence: control characters other than tab and the line feeds become U+FFFD
    /// (a `\r` would end a line inside the fence, an ESC would reach whoever `cat`s the report).
    public static func fenceBody(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { isControl($0) && $0 != "\t" && $0 != "\n" }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            out.append(isControl(u) && u != "\t" && u != "\n" ? "\u{FFFD}" : u)
        }
        return String(out)
    }

    /// C0, DEL, C1.
    public static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (u.value >= 0x7F && u.value <= 0x9F)
    }

    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        if u == "\t" { return false }
        if isControl(u) { return true }
        return (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }
}
