import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

extension RuleContext {
    /// The top-level README (Markdown), if any.
    package var rootReadme: MarkdownDoc? {
        config.markdown.first { !$0.path.contains("/") && $0.path.lowercased().hasPrefix("readme") }
    }
}
