import Foundation
import MLAuditPython

extension RuleContext {
    /// The top-level README (Markdown), if any.
    var rootReadme: MarkdownDoc? {
        config.markdown.first { !$0.path.contains("/") && $0.path.lowercased().hasPrefix("readme") }
    }
}
