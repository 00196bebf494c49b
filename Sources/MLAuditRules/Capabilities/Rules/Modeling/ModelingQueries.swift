import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Classes of the repository that are models: subclasses (transitively) of a framework module base.
extension RuleContext {
    package func computeModelClassNames() -> Set<String> {
        let bases =
            #"(^|\.)(Module|LightningModule|PreTrainedModel|PretrainedModel|Model|HookedTransformer|TFPreTrainedModel)$"#
        var names = Set(classes.values.filter { $0.cls.bases.contains { $0.matches(bases) } }.map(\.cls.name))
        var grew = true
        while grew {
            let next = names.union(
                classes.values.filter { $0.cls.bases.contains { names.contains($0.lastComponent) } }.map(\.cls.name))
            grew = next.count > names.count
            names = next
        }
        return names
    }
}

extension String { package var dottedParts: [Substring] { split(separator: ".") } }
