import Foundation

/// Whether a stub site proves that a feature is missing (rubric "Stubs", read as a maintainer would).
///
/// Not proof of a gap:
/// - a guard: `raise NotImplementedError(...)` (or a placeholder message) that is one branch of a function
///   that otherwise does its work (`enable_lora` raising for an unsupported quantization mode), or whose
///   message says the input or option is unsupported ("X is not supported", "does not support", "only ...
///   supported");
/// - a documented no-op: a `pass`/`...` body whose function explains itself with a comment (a hook that is
///   deliberately empty: "accelerator.backward(loss) is doing that automatically").
/// Abstract declarations are already excluded by the inventory (`StubSite.declaration`).
public enum StubProof {
    static let unsupported =
        #"not (yet |currently )?supported|unsupported|does not support|doesn't support|do not support|cannot be used|only (supports?|\w+ (is|are) supported)|is not available|not applicable"#

    /// True when `site` (in `module`) proves nothing is implemented for what its symbol names.
    public static func provesGap(_ site: StubSite, in module: PythonModule?) -> Bool {
        if site.declaration { return false }
        guard let module else { return true }
        switch site.kind {
        case .notImplemented, .placeholderMessage:
            if site.text.range(of: unsupported, options: [.regularExpression, .caseInsensitive]) != nil {
                return false
            }
            if let f = enclosing(site, module), f.bodyKind == .implemented { return false }
            return true
        case .pass, .ellipsis:
            guard let f = enclosing(site, module) else { return true }
            let documented = module.comments.contains {
                $0.line >= f.span.start && $0.line <= max(f.span.end, site.line)
            }
            return !documented
        case .docstringOnly, .todoComment:
            return true
        }
    }

    static func enclosing(_ site: StubSite, _ module: PythonModule) -> PythonFunction? {
        module.functions.last {
            $0.qualifiedName == site.symbol && $0.span.start <= site.line && site.line <= $0.span.end
        }
    }
}
