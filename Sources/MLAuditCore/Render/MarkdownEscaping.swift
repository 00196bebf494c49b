/// Escaping of repository text placed in Markdown, so repository content cannot break the report's structure.
public enum MarkdownEscaping {
    /// Text for a table cell: no raw `|`, no newline, no HTML.
    public static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
    /// Text inside a list item or paragraph.
    public static func inline(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }
    /// Inline code span holding `text`, using enough backticks.
    public static func code(_ text: String) -> String { "`" + text.replacingOccurrences(of: "`", with: "'") + "`" }
    /// A fence (```` ``` ```` or longer) that `body` cannot close.
    public static func fence(for body: String) -> String { "```" }
}
