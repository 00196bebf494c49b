/// The template's Error Capture question: the one copy the Markdown renderer and the task sequence write from.
/// (The remediation script's Python mirrors it; a test compares the two.)
package enum ErrorCaptureTemplate {
    package static let closing =
        "What are the possible causes, and how can this be resolved while preserving intended functionality?"

    /// The seven lines, `:::` fences included. Callers escape `error` and `context` for their medium first.
    package static func lines(timestamp: String, step: String, error: String, context: String) -> [String] {
        [
            ":::", "Question for ChatGPT @codex \(timestamp):",
            "While performing \(step), encountered the following error:",
            error, "Context: \(context)", closing, ":::",
        ]
    }
}
