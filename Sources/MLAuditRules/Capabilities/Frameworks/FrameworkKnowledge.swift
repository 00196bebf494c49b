import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import Yams

/// What a framework's documented API means for the rubric, read from one reviewed YAML file per framework
/// (`Resources/Frameworks/<framework>.yaml`). Each entry names the API (a call, a call's keyword or positional
/// argument, a config key or a command-line flag), the sub-feature it provides, the value that turns it on,
/// the documentation it comes from, and a triggering and a non-triggering example that the tests run.
public struct FrameworkSpec: Decodable, Sendable {
    public var framework: String
    /// Where the framework counts: a module importing one of `imports` (or a submodule), or a repository that
    /// declares one of `packages` as a dependency (config keys and flags only).
    public var detect: Detection
    public var entries: [FrameworkEntry]

    public struct Detection: Decodable, Sendable {
        public var imports: [String]
        public var packages: [String]
    }
}

public struct FrameworkEntry: Decodable, Sendable {
    public enum Kind: String, Decodable, Sendable {
        /// A call whose callee's last component is one of `names` (with `keyword`/`argument` when given).
        case call
        /// A config key (YAML/JSON/TOML entry, or a dataclass field default) named one of `names`; with
        /// `parent`, the key's parent must be `parent` ("bf16.enabled").
        case configKey = "config_key"
        /// A command-line flag (`add_argument("--name", ...)`) named one of `names` (dashes and underscores alike).
        case cliFlag = "cli_flag"
    }

    public var subfeature: Subfeature
    public var kind: Kind
    public var names: [String]
    /// For calls: a regular expression the receiver (the callee without its last component) must match.
    public var receiver: String?
    /// For calls: the keyword argument that must be passed (its value judged by `enabled`).
    public var keyword: String?
    /// For calls: the positional argument (0-based) judged by `enabled`.
    public var argument: Int?
    /// For config keys: the parent key the entry must sit under ("bf16" for `bf16: {enabled: true}`).
    public var parent: String?
    /// Regular expression (case-insensitive) the value must match to turn the feature on; "truthy" accepts any
    /// literal that is not false/none/0/off; absent accepts any value.
    public var enabled: String?
    /// What the line shows ("Keras ModelCheckpoint keeps only the best model").
    public var note: String
    public var doc: String
    public var examples: Examples

    public struct Examples: Decodable, Sendable {
        /// path -> content of a tiny repository where the entry gives `present`.
        public var triggering: [String: String]
        /// path -> content where it must not.
        public var nonTriggering: [String: String]
        enum CodingKeys: String, CodingKey {
            case triggering
            case nonTriggering = "non_triggering"
        }
    }
}

public enum FrameworkKnowledge {
    /// Every framework file, sorted by framework name (loaded once).
    public static let all: [FrameworkSpec] = load()

    static func load() -> [FrameworkSpec] {
        guard let dir = Bundle.module.url(forResource: "Frameworks", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
        else { return [] }
        return files.filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            .compactMap { url in
                guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
                return try? YAMLDecoder().decode(FrameworkSpec.self, from: data)
            }
    }

    /// Decodes one framework file (the tests use this to report a malformed file instead of skipping it).
    public static func decode(_ text: String) throws -> FrameworkSpec {
        try YAMLDecoder().decode(FrameworkSpec.self, from: text)
    }
}
