import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// Terminal conventions: progress only on an interactive stderr (not with `TERM=dumb`, not when piped, not with
/// `-q`), colour only on an interactive stdout and never with `NO_COLOR` (https://no-color.org) or `TERM=dumb`.
enum Terminal {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var isDumb: Bool { environment["TERM"] == "dumb" }

    static func progressEnabled(quiet: Bool) -> Bool { !quiet && isatty(2) == 1 && !isDumb }

    static var colourEnabled: Bool {
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        return isatty(1) == 1 && !isDumb
    }

    /// stderr lines carry repository text (paths, messages): they pass P10's terminal filter.
    static func stderr(_ s: String) { FileHandle.standardError.write(Data((TerminalText.clean(s) + "\n").utf8)) }
    static func stdout(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }
}
