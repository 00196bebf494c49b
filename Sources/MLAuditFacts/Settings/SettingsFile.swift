import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import TOMLKit

/// `.mlaudit.toml` (or `--config FILE`): repository-level settings.
///
/// ```toml
/// preset = "codex"                       # or "default"
/// branches = ["main", "dev"]             # the //fetch .../tree/<branch> lines
/// repository_url = "https://github.com/OWNER/NAME"
/// display_name = "my-project"
/// max_file_bytes = 2097152
/// exclude = ["tests/fixtures/**"]        # paths left out of the audit
/// ignore = ["MLA117"]                    # finding codes silenced everywhere (counted as suppressed)
/// [per_file_ignores]
/// "tests/**" = ["MLA102", "MLA103"]      # finding codes silenced under a path glob
/// [subfeatures."fast tokenizer"]
/// paths = ["tokenizer/**"]               # files that count as evidence
/// patterns = ["MyTokenizer\\("]          # regexes over product code
/// not_applicable = "inference-only service: no tokenizer"
/// ```
public enum SettingsFile {
    public struct Problem: Error, CustomStringConvertible {
        /// What went wrong: the text is not TOML at all, or a setting in a valid document is wrong.
        public enum Kind: Sendable { case notTOML, invalidSetting }
        public let description: String
        public let kind: Kind
        public init(description: String, kind: Kind = .invalidSetting) {
            self.description = description
            self.kind = kind
        }
    }

    /// Who wrote the file. The audited repository's own `.mlaudit.toml` is repository content, so it can only tighten
    /// limits (`max_file_bytes`, `max_files` never rise above what the command line or the defaults allow) and its
    /// regex `patterns` are bounded in number and length (and run under a time limit, see `SettingsMatcher`);
    /// a `--config FILE` the user names is trusted like a flag.
    public enum Origin: Sendable { case repository, user }

    /// At most this many patterns per sub-feature, each at most `maxPatternLength` characters, from a repository.
    public static let maxRepositoryPatterns = 16
    public static let maxPatternLength = 256

    /// Applies the file's values to `settings`. Unknown keys are problems (typos must not pass silently).
    public static func apply(text: String, to settings: inout AuditSettings, origin: Origin = .repository) throws {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw Problem(description: "not valid TOML: \(error)", kind: .notTOML)
        }
        try apply(table: table, to: &settings, origin: origin)
    }

    /// `pyproject.toml`'s `[tool.mlaudit]` table, same keys as `.mlaudit.toml`. Returns false when the file has no such table.
    public static func applyPyproject(text: String, to settings: inout AuditSettings, origin: Origin = .repository)
        throws -> Bool
    {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw Problem(description: "not valid TOML: \(error)", kind: .notTOML)
        }
        guard let tool = table["tool"]?.table, let mine = tool["mlaudit"] else { return false }
        guard let t = mine.table else { throw Problem(description: "[tool.mlaudit] must be a table") }
        try apply(table: t, to: &settings, origin: origin)
        return true
    }

    static func apply(table: TOMLTable, to settings: inout AuditSettings, origin: Origin) throws {
        let known: Set<String> = [
            "preset", "branches", "repository_url", "display_name", "max_file_bytes", "max_files", "exclude",
            "subfeatures",
            "ignore", "per_file_ignores",
        ]
        for key in table.keys.sorted() where !known.contains(key) {
            throw Problem(description: "unknown key '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        if let v = table["preset"] {
            guard let s = v.string, let p = AuditSettings.Preset(rawValue: s) else {
                throw Problem(description: "preset must be \"default\" or \"codex\"")
            }
            settings.preset = p
        }
        if let v = table["branches"] { settings.branches = try strings(v, "branches") }
        if let v = table["repository_url"] {
            guard let s = v.string else { throw Problem(description: "repository_url must be a string") }
            settings.repositoryURL = s
        }
        if let v = table["display_name"] {
            guard let s = v.string else { throw Problem(description: "display_name must be a string") }
            settings.displayName = s
        }
        if let v = table["max_file_bytes"] {
            guard let n = v.int, n > 0 else { throw Problem(description: "max_file_bytes must be a positive integer") }
            if origin == .repository {
                settings.repositoryMaxFileBytes = n
                settings.maxFileBytes = min(settings.maxFileBytes, n)
            } else {
                settings.maxFileBytes = n
            }
        }
        if let v = table["max_files"] {
            guard let n = v.int, n > 0 else { throw Problem(description: "max_files must be a positive integer") }
            if origin == .repository {
                settings.repositoryMaxFiles = n
                settings.maxFiles = min(settings.maxFiles, n)
            } else {
                settings.maxFiles = n
            }
        }
        if let v = table["exclude"] { settings.exclude = try strings(v, "exclude") }
        if let v = table["ignore"] { settings.ignore = try strings(v, "ignore") }
        if let v = table["per_file_ignores"] {
            guard let t = v.table else {
                throw Problem(description: "per_file_ignores must be a table of \"glob\" = [codes]")
            }
            for glob in t.keys.sorted() {
                settings.perFileIgnores[glob] = try strings(t[glob]!, "per_file_ignores.\"\(glob)\"")
            }
        }
        if let v = table["subfeatures"] {
            guard let subs = v.table else { throw Problem(description: "subfeatures must be a table of tables") }
            for name in subs.keys.sorted() {
                guard let t = subs[name]?.table else {
                    throw Problem(description: "subfeatures.\"\(name)\" must be a table")
                }
                var s = SubfeatureSettings()
                for key in t.keys.sorted() {
                    switch key {
                    case "paths": s.paths = try strings(t[key]!, "subfeatures.\"\(name)\".paths")
                    case "patterns":
                        s.patterns = try strings(t[key]!, "subfeatures.\"\(name)\".patterns")
                        if origin == .repository {
                            guard s.patterns.count <= maxRepositoryPatterns else {
                                throw Problem(
                                    description:
                                        "subfeatures.\"\(name)\".patterns: at most \(maxRepositoryPatterns) patterns")
                            }
                            for p in s.patterns where p.count > maxPatternLength {
                                throw Problem(
                                    description:
                                        "subfeatures.\"\(name)\".patterns: a pattern longer than \(maxPatternLength) characters"
                                )
                            }
                        }
                        for p in s.patterns where (try? NSRegularExpression(pattern: p)) == nil {
                            throw Problem(
                                description:
                                    "subfeatures.\"\(name)\".patterns: '\(p)' is not a valid regular expression")
                        }
                    case "not_applicable":
                        guard let r = t[key]?.string, !r.isEmpty else {
                            throw Problem(
                                description: "subfeatures.\"\(name)\".not_applicable must be a non-empty reason")
                        }
                        s.notApplicable = r
                    default:
                        throw Problem(
                            description:
                                "subfeatures.\"\(name)\": unknown key '\(key)' (known: paths, patterns, not_applicable)"
                        )
                    }
                }
                // the key's body is checked first (a bad pattern is a problem whatever the name); an unknown name
                // is kept aside for SettingsValidation, which reports it and lets the audit go on
                if let subfeature = Subfeature(rawValue: name) {
                    settings.subfeatures[subfeature] = s
                } else {
                    settings.unknownSubfeatures.append(name)
                }
            }
        }
    }

    private static func strings(_ v: TOMLValueConvertible, _ key: String) throws -> [String] {
        guard let a = v.array else { throw Problem(description: "\(key) must be an array of strings") }
        return try a.map {
            guard let s = $0.string else { throw Problem(description: "\(key) must be an array of strings") }
            return s
        }
    }
}
