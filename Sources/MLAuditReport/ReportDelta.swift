/// What changed between an earlier report and this one: capability statuses that moved, finding locations that
/// are new and those that are gone (matched by `FindingFingerprint`, so a moved line is neither).
public struct ReportDelta: Sendable, Hashable {
    public struct StatusChange: Sendable, Hashable {
        public var capability: String
        public var from: String
        public var to: String
        public init(capability: String, from: String, to: String) {
            self.capability = capability
            self.from = from
            self.to = to
        }
    }

    /// One finding location (a finding without evidence is one location with no path).
    public struct FindingLocation: Sendable, Hashable {
        public var code: String
        public var severity: String
        public var title: String
        public var path: String?
        public var line: Int?
        public var fingerprint: String
        public init(code: String, severity: String, title: String, path: String?, line: Int?, fingerprint: String) {
            self.code = code
            self.severity = severity
            self.title = title
            self.path = path
            self.line = line
            self.fingerprint = fingerprint
        }
        public var citation: String { path.map { "\($0):\(line ?? 0)" } ?? "(repository-wide)" }
    }

    /// The earlier report: its date, commit and file name.
    public var previousDate: String
    public var previousCommit: String?
    public var previousFile: String
    public var statusChanges: [StatusChange]
    public var newFindings: [FindingLocation]
    public var resolvedFindings: [FindingLocation]

    public init(
        previousDate: String, previousCommit: String?, previousFile: String, statusChanges: [StatusChange],
        newFindings: [FindingLocation], resolvedFindings: [FindingLocation]
    ) {
        self.previousDate = previousDate
        self.previousCommit = previousCommit
        self.previousFile = previousFile
        self.statusChanges = statusChanges
        self.newFindings = newFindings
        self.resolvedFindings = resolvedFindings
    }

    public var isEmpty: Bool { statusChanges.isEmpty && newFindings.isEmpty && resolvedFindings.isEmpty }

    /// One sentence for the report's "Recent changes" bullet and the first line of `mlaudit diff`.
    public var summary: String {
        let commit = previousCommit.map { " (commit \(String($0.prefix(7))))" } ?? ""
        var parts: [String] = []
        if statusChanges.isEmpty {
            parts.append("no capability status moved")
        } else {
            parts.append(statusChanges.map { "\($0.capability) \($0.from) → \($0.to)" }.joined(separator: ", "))
        }
        parts.append("\(newFindings.count) new finding location(s)" + Self.list(newFindings))
        parts.append("\(resolvedFindings.count) resolved" + Self.list(resolvedFindings))
        return "Since the report of \(previousDate)\(commit): " + parts.joined(separator: "; ") + "."
    }

    private static func list(_ l: [FindingLocation]) -> String {
        guard !l.isEmpty else { return "" }
        let shown = l.prefix(5).map { "\($0.code) \($0.citation)" }.joined(separator: ", ")
        return " (" + shown + (l.count > 5 ? ", +\(l.count - 5) more" : "") + ")"
    }
}
