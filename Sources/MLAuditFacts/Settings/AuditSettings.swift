import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Settings of one audit run: command-line flags merged over `.mlaudit.toml`.
public struct AuditSettings: Sendable {
    public enum Preset: String, Sendable, CaseIterable { case `default`, codex }

    public var preset: Preset = .default
    /// The report date (YYYY-MM-DD); `--date` pins it.
    public var date: String
    /// The Error Capture timestamp; `MLAUDIT_TIMESTAMP` pins it.
    public var timestamp: String
    /// `//fetch .../tree/<branch>` lines; empty means "the most recently active branches".
    public var branches: [String] = []
    public var repositoryURL: String?
    public var displayName: String?
    public var maxFileBytes: Int = 2 << 20
    public var maxFiles: Int = 200_000
    /// Limits the audited repository's own `.mlaudit.toml` set: they only lower the effective limits.
    public var repositoryMaxFileBytes: Int?
    public var repositoryMaxFiles: Int?
    /// Path globs left out of the audit entirely (fixture corpora, data dumps): `exclude` in `.mlaudit.toml`.
    public var exclude: [String] = []
    /// Run the repository's gates (explicit opt-in: repository code is never run otherwise).
    public var runGates = false
    public var gateTimeout: TimeInterval = 300
    /// Seconds the whole audit may take (`--time-budget`); files not reached in time are skipped and reported.
    public var timeBudget: Double?
    /// Per-sub-feature overrides, decoded from the rubric's sub-feature names when the file is read.
    public var subfeatures: [Subfeature: SubfeatureSettings] = [:]
    /// `[subfeatures."..."]` keys that name no rubric sub-feature, in file order: `SettingsValidation` reports each
    /// (naming the valid names) and the audit goes on without them.
    public var unknownSubfeatures: [String] = []
    /// Finding codes silenced everywhere: `ignore = ["MLA117"]`.
    public var ignore: [String] = []
    /// Finding codes silenced under path globs: `[per_file_ignores] "tests/**" = ["MLA102"]`.
    public var perFileIgnores: [String: [String]] = [:]
    /// Where the settings came from, as the report names it: `.mlaudit.toml`, `pyproject.toml [tool.mlaudit]` or a `--config` path.
    public var settingsSource = ".mlaudit.toml"
    /// Problems found in the repository's `.mlaudit.toml`; the audit records them as Error Capture entries and goes on.
    public var problems: [String] = []
    /// The fact cache (see `FactCache`): off in the library; the CLI turns it on unless `--no-cache`.
    public var useFactCache = false
    /// `--cache-dir`: where the fact cache lives (default `$XDG_CACHE_HOME/mlaudit`, else `~/.cache/mlaudit`).
    public var cacheDirectory: String?

    public init(date: String, timestamp: String) {
        self.date = date
        self.timestamp = timestamp
    }

    /// `--max-file-bytes N`: the user's value, still under the repository's own (lower) cap.
    public mutating func setCommandLineMaxFileBytes(_ n: Int) {
        maxFileBytes = min(n, repositoryMaxFileBytes ?? Int.max)
    }
}

/// `[subfeatures."fast tokenizer"]` in `.mlaudit.toml`.
public struct SubfeatureSettings: Sendable, Hashable {
    /// Extra path globs whose files count as evidence for the sub-feature.
    public var paths: [String] = []
    /// Extra regular expressions; a match in a non-comment line of product code counts as evidence.
    public var patterns: [String] = []
    /// Marks the sub-feature not applicable, with the reason shown in the report.
    public var notApplicable: String?
    public init(paths: [String] = [], patterns: [String] = [], notApplicable: String? = nil) {
        self.paths = paths
        self.patterns = patterns
        self.notApplicable = notApplicable
    }
}
