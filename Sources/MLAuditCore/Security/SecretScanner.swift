/// Finds credentials in repository text and redacts them from every output.
public struct SecretMatch: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var kind: String           // "AWS access key", "Hugging Face token", ...
    public init(path: String, line: Int, kind: String) { self.path = path; self.line = line; self.kind = kind }
}

public enum SecretScanner {
    /// Every secret in the snapshot's text files, sorted by path and line.
    public static func scan(snapshot: RepositorySnapshot) -> [SecretMatch] { [] }
    /// `text` with every secret value replaced by `[REDACTED:<kind>]`.
    public static func redact(_ text: String) -> String { text }
}
