import Foundation

/// Parsed configuration, packaging, build and documentation files of one repository: what capability rules query
/// besides the Python structure. Built once per audit from `RepositoryFacts`; parse errors go to `facts.errors`
/// (step 6:CONFIG_READ) and never stop the audit.
public final class ConfigFacts: @unchecked Sendable {
    public let entries: [ConfigEntry]
    public let requirements: [RequirementLine]
    public let makeTargets: [MakeTarget]
    public let commands: [ShellCommandLine]
    public let markdown: [MarkdownDoc]
    private let byPath: [String: [ConfigEntry]]

    init(entries: [ConfigEntry], requirements: [RequirementLine], makeTargets: [MakeTarget],
         commands: [ShellCommandLine], markdown: [MarkdownDoc]) {
        self.entries = entries; self.requirements = requirements; self.makeTargets = makeTargets
        self.commands = commands; self.markdown = markdown
        self.byPath = Dictionary(grouping: entries, by: \.path)
    }

    public func entries(in path: String) -> [ConfigEntry] { byPath[path] ?? [] }

    /// Entries whose key equals one of `keys` (case-insensitive).
    public func entries(key keys: Set<String>) -> [ConfigEntry] {
        entries.filter { keys.contains($0.key.lowercased()) }
    }

    /// `_target_` values, i.e. the classes a Hydra config instantiates.
    public var hydraTargets: [ConfigEntry] { entries.filter { $0.key == "_target_" } }

    static let configKinds: Set<FileKind> = [.yaml, .json, .toml, .ini, .compose]

    public static func build(facts: RepositoryFacts) -> ConfigFacts {
        var entries: [ConfigEntry] = []
        var requirements: [RequirementLine] = []
        var targets: [MakeTarget] = []
        var commands: [ShellCommandLine] = []
        var docs: [MarkdownDoc] = []
        for file in facts.files where !file.isVendored {
            guard let text = facts.text(file.path) else { continue }
            let lower = file.path.lowercased()
            switch file.kind {
            case .yaml, .compose:
                entries += parseYAML(text, file.path, .yaml, facts)
                if file.path.hasPrefix(".github/workflows/") || lower.hasSuffix("gitlab-ci.yml") {
                    commands += workflowRuns(text, file.path)
                }
                if lower.hasSuffix("environment.yml") || lower.hasSuffix("environment.yaml") {
                    requirements += RequirementParser.conda(text, path: file.path)
                }
            case .json:
                if lower.hasSuffix(".jsonl") || file.size > 256 * 1024 { continue }
                entries += parseYAML(text, file.path, .json, facts)
            case .toml:
                if let problem = TOMLConfigReader.validate(text: text) {
                    facts.errors.record(step: .config, error: "\(file.path): \(problem)",
                                        context: "TOML did not parse; keys were still read line by line", path: file.path)
                }
                let rows = TOMLConfigReader.scanTOML(text: text, path: file.path)
                entries += rows
                requirements += RequirementParser.pyproject(rows)
            case .ini:
                entries += TOMLConfigReader.scanINI(text: text, path: file.path)
            case .requirements:
                requirements += RequirementParser.requirementsFile(text, path: file.path)
            case .makefile:
                let t = MakefileParser.targets(text, path: file.path)
                targets += t
                commands += t.flatMap { tg in zip(tg.recipeLines, tg.recipeTexts).map { ShellCommandLine(path: file.path, line: $0, text: $1) } }
            case .shell:
                commands += ShellParser.commands(text, path: file.path)
            case .markdown:
                docs.append(MarkdownDoc.parse(text: text, path: file.path))
            case .dockerfile:
                commands += ShellParser.commands(text, path: file.path).filter { $0.text.uppercased().hasPrefix("RUN ") }
            default:
                continue
            }
        }
        if let setup = facts.python["setup.py"] { requirements += RequirementParser.setupPy(setup, facts: facts) }
        return ConfigFacts(entries: entries, requirements: requirements, makeTargets: targets, commands: commands, markdown: docs)
    }

    private static func parseYAML(_ text: String, _ path: String, _ format: ConfigEntry.Format, _ facts: RepositoryFacts) -> [ConfigEntry] {
        switch YAMLConfigReader.read(text: text, path: path, format: format) {
        case .success(let rows): return rows
        case .failure(let f):
            facts.errors.record(step: .config, error: "\(path): \(f.message)",
                                context: "the \(format.rawValue.uppercased()) file was skipped; its keys count nowhere in the capability audit",
                                path: path)
            return []
        }
    }

    /// `run:` steps of CI workflows, one command per line.
    private static func workflowRuns(_ text: String, _ path: String) -> [ShellCommandLine] {
        var out: [ShellCommandLine] = []
        var inRun = false; var runIndent = 0
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let s = String(raw); let t = s.trimmingCharacters(in: .whitespaces)
            let indent = s.prefix { $0 == " " }.count
            if inRun && (t.isEmpty || indent > runIndent) {
                if !t.isEmpty && !t.hasPrefix("#") { out.append(ShellCommandLine(path: path, line: i + 1, text: t)) }
                continue
            }
            inRun = false
            let body = t.hasPrefix("- ") ? String(t.dropFirst(2)) : t
            if body.hasPrefix("run:") {
                let rest = body.dropFirst(4).trimmingCharacters(in: .whitespaces)
                if rest == "|" || rest == ">" || rest.isEmpty { inRun = true; runIndent = indent }
                else { out.append(ShellCommandLine(path: path, line: i + 1, text: rest)) }
            }
        }
        return out
    }
}
