import Foundation
import MLAuditFacts
import MLAuditKit

/// Whether a definition is reachable by name: code that nothing names (a class no registry, import or call mentions)
/// is dead, and a defect inside it has no consequence until someone revives it. Checks rank such sites low instead of
/// reporting them as the defects of running code.
package enum DeadCode {
    /// True when `name` occurs in some repository file other than `path` (Python, configuration, documentation), or in
    /// `path` on a line other than `line` (its definition). Substring matching: a short name that occurs inside other
    /// words counts as referenced, which errs on the side of the running code.
    package static func isReferenced(_ name: String, definedIn path: String, line: Int, _ context: FindingContext)
        -> Bool
    {
        guard !name.isEmpty else { return true }
        let own = context.facts.lines(path)
        for (i, l) in own.enumerated() where i + 1 != line && l.contains(name) { return true }
        return context.files { $0.path != path && $0.kind != .other && $0.kind != .image }.contains {
            context.contains($0.path, name)
        }
    }
}
