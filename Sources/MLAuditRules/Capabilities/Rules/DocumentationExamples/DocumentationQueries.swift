import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

extension RuleContext {
    /// The top-level README (Markdown), if any.
    package var rootReadme: MarkdownDoc? {
        config.markdown.first { !$0.path.contains("/") && $0.path.lowercased().hasPrefix("readme") }
    }
}
