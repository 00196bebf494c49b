import MLAuditKit
import MLAuditReport

/// One key (or list item) of a parsed configuration file, with the line that sets it.
/// YAML and JSON come from Yams' node marks; TOML and INI from a line-aware scanner, so a
/// commented-out key never becomes an entry.
// The line (32 bits) and the one-byte fields come last: between the strings they would each take a padded 8-byte slot
// (a 72-byte stride instead of 88, over hundreds of thousands of entries on a large tree).
public struct ConfigEntry: Sendable, Hashable {
    public enum Format: String, Sendable { case yaml, json, toml, ini }
    public var path: String
    /// Dotted key path from the document root: "trainer.precision", "repos.hooks.id" (list levels are skipped).
    public var keyPath: String
    /// The last key ("precision"); for a list item, the key of the list it belongs to.
    public var key: String
    /// Scalar value as written (quotes removed); "" for a mapping or a list.
    public var value: String
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    private var storedLine: Int32
    public var format: Format
    /// True for the items of a list (`- x`, array elements, INI continuation lines).
    public var isListItem: Bool

    public init(
        path: String, format: Format, keyPath: String, key: String, value: String, line: Int, isListItem: Bool = false
    ) {
        self.path = path
        self.format = format
        self.keyPath = keyPath
        self.key = key
        self.value = value
        self.storedLine = Int32(clamping: line)
        self.isListItem = isListItem
    }

    /// The value read as a boolean, when it is one.
    public var boolValue: Bool? {
        switch value.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }

    /// The value is empty, null or a disabled marker.
    public var isNullish: Bool {
        ["", "null", "~", "none", "no", "false", "off"].contains(value.lowercased())
    }

    /// The directory holding the file ("configs/logger" for "configs/logger/csv.yaml").
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// A requirement line of a requirements file, `environment.yml`, `setup.py` or pyproject dependency list.
public struct RequirementLine: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var name: String
    /// The version specifier as written ("==2.1.0", ">=1.0,<2", "" when unpinned).
    public var specifier: String
    public var hasHash: Bool
    public init(path: String, line: Int, name: String, specifier: String, hasHash: Bool) {
        self.path = path
        self.line = line
        self.name = name
        self.specifier = specifier
        self.hasHash = hasHash
    }
    /// Exactly pinned: `==x` / `===x` (conda `=x.y.z` too), and no range.
    public var isExactPin: Bool {
        let s = specifier.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("===") || s.hasPrefix("==") { return !s.contains(",") && !s.contains("*") }
        if s.hasPrefix("=") && !s.hasPrefix("=>") { return !s.contains("*") && !s.contains(",") }
        return false
    }
}

/// A Makefile target with its recipe lines.
public struct MakeTarget: Sendable, Hashable {
    public var path: String
    public var name: String
    public var line: Int
    public var recipe: [(line: Int, text: String)] { zip(recipeLines, recipeTexts).map { ($0, $1) } }
    public var recipeLines: [Int]
    public var recipeTexts: [String]
    public init(path: String, name: String, line: Int, recipeLines: [Int], recipeTexts: [String]) {
        self.path = path
        self.name = name
        self.line = line
        self.recipeLines = recipeLines
        self.recipeTexts = recipeTexts
    }
}

/// A non-comment command line of a shell script, Makefile recipe, Dockerfile RUN or CI `run:` step.
public struct ShellCommandLine: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var text: String
    public init(path: String, line: Int, text: String) {
        self.path = path
        self.line = line
        self.text = text
    }
}
