import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Parsed configuration, packaging, build and documentation files of one repository: what capability rules query
/// besides the Python structure. Built once per audit from `RepositoryFacts`; parse errors go to `facts.errors`
/// (step 6:CONFIG_READ) and never stop the audit.
public final class ConfigFacts: Sendable {
    /// Every file's entries, in file order (one chunk per file, not a merged copy).
    public let entries: ConfigEntryList
    public let requirements: [RequirementLine]
    public let makeTargets: [MakeTarget]
    /// Each Makefile parsed with its includes (`MakefileParser`), by path.
    public let makefiles: [String: Makefile]
    /// The sessions of every noxfile (`noxfile.py` anywhere, `noxfile` at the root), by path then line.
    public let noxSessions: [NoxSession]
    public let commands: [ShellCommandLine]
    public let markdown: [MarkdownDoc]
    /// Which of `entries.chunks` hold each file's entries (one chunk per file when the entries come grouped by file,
    /// as `build` makes them), not a second copy of every entry.
    private let byPath: [String: [Int]]

    package convenience init(
        entries: [ConfigEntry], requirements: [RequirementLine], makeTargets: [MakeTarget],
        commands: [ShellCommandLine], markdown: [MarkdownDoc], makefiles: [String: Makefile] = [:],
        noxSessions: [NoxSession] = []
    ) {
        self.init(
            list: ConfigEntryList(entries: entries), requirements: requirements, makeTargets: makeTargets,
            commands: commands, markdown: markdown, makefiles: makefiles, noxSessions: noxSessions)
    }

    private init(
        list: ConfigEntryList, requirements: [RequirementLine], makeTargets: [MakeTarget],
        commands: [ShellCommandLine], markdown: [MarkdownDoc], makefiles: [String: Makefile],
        noxSessions: [NoxSession]
    ) {
        self.noxSessions = noxSessions
        self.entries = list
        self.requirements = requirements
        self.makeTargets = makeTargets
        self.makefiles = makefiles
        self.commands = commands
        self.markdown = markdown
        var byPath: [String: [Int]] = [:]
        for (i, chunk) in list.chunks.enumerated() { byPath[chunk[0].path, default: []].append(i) }
        self.byPath = byPath
    }

    package static let empty = ConfigFacts(entries: [], requirements: [], makeTargets: [], commands: [], markdown: [])

    public func entries(in path: String) -> [ConfigEntry] {
        guard let chunks = byPath[path] else { return [] }
        if chunks.count == 1 { return entries.chunks[chunks[0]] }
        return chunks.flatMap { entries.chunks[$0] }
    }

    /// The hook ids of a pre-commit configuration (`repos[].hooks[].id`, read by Yams with their lines).
    public func preCommitHooks(in path: String) -> [ConfigEntry] {
        entries(in: path).filter { $0.keyPath == "repos.hooks.id" && !$0.value.isEmpty }
    }

    /// Entries whose key equals one of `keys` (case-insensitive).
    public func entries(key keys: Set<String>) -> [ConfigEntry] {
        entries.filter { keys.contains($0.key.lowercased()) }
    }

    /// `_target_` values, i.e. the classes a Hydra config instantiates.
    public var hydraTargets: [ConfigEntry] { entries.filter { $0.key == "_target_" } }

    package static let configKinds: Set<FileKind> = [.yaml, .json, .toml, .ini, .compose]

    private static func noxSessions(_ facts: RepositoryFacts) -> [NoxSession] {
        facts.files.filter { $0.path.hasSuffix("noxfile.py") || $0.path == "noxfile" }.map(\.path).sorted().flatMap {
            path in
            NoxfileReader.sessions(path: path, text: facts.text(path) ?? "", module: facts.python[path])
        }
    }

    /// What one file contributes.
    private struct Part {
        var entries: [ConfigEntry] = []
        var requirements: [RequirementLine] = []
        var targets: [MakeTarget] = []
        var makefile: Makefile? = nil
        var commands: [ShellCommandLine] = []
        var doc: MarkdownDoc? = nil
    }

    public static func build(facts: RepositoryFacts) -> ConfigFacts {
        let files = facts.files.filter {
            !$0.isVendored
                && [.yaml, .compose, .json, .toml, .ini, .requirements, .makefile, .shell, .markdown, .dockerfile]
                    .contains($0.kind)
        }
        var parts = [Part](repeating: Part(), count: files.count)
        parts.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot, and the buffer outlives concurrentPerform.
            nonisolated(unsafe) let out = buffer
            // One worker per core, each taking every `workers`-th file with its own table of shared texts (no lock):
            // the key paths and values that many files repeat (hundreds of similar experiment configs) are stored
            // once per worker. Each slot is written once; the texts are equal whichever storage they end in.
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var texts = Set<String>()
                var i = w
                while i < files.count {
                    var p = part(files[i], facts)
                    p.entries = sharingTexts(p.entries, &texts)
                    out[i] = p
                    i += workers
                }
            }
        }
        // The entries stay in the arrays each file was parsed into (`ConfigEntryList`'s chunks): merging them into one
        // flat array held two copies at the peak (the parts and the merged array, ~45 MB each on a 20,000-file tree).
        // The other lists are small; each part is freed as soon as it is copied.
        var chunks: [[ConfigEntry]] = []
        chunks.reserveCapacity(parts.count)
        var requirements: [RequirementLine] = []
        var targets: [MakeTarget] = []
        var commands: [ShellCommandLine] = []
        commands.reserveCapacity(parts.reduce(0) { $0 + $1.commands.count })
        var docs: [MarkdownDoc] = []
        var makefiles: [String: Makefile] = [:]
        for i in parts.indices {
            let p = parts[i]
            parts[i] = Part()
            if let m = p.makefile { makefiles[m.path] = m }
            if !p.entries.isEmpty { chunks.append(p.entries) }
            requirements += p.requirements
            targets += p.targets
            commands += p.commands
            if let d = p.doc { docs.append(d) }
        }
        parts = []
        if let setup = facts.python["setup.py"] { requirements += RequirementParser.setupPy(setup, facts: facts) }
        return ConfigFacts(
            list: ConfigEntryList(chunks: chunks), requirements: requirements, makeTargets: targets,
            commands: commands, markdown: docs, makefiles: makefiles, noxSessions: noxSessions(facts))
    }

    /// `entries` in an array of its own count, each key path, key and value longer than 15 UTF-8 bytes (shorter ones
    /// are stored inline) taken from `texts` when an equal text is there, else added to it. The entries stay in the
    /// arrays the files were parsed into, and an array grown by appending has up to twice the capacity it uses (a
    /// 13,000-entry file keeps 16,384 slots of 72 bytes).
    package static func sharingTexts(_ entries: [ConfigEntry], _ texts: inout Set<String>) -> [ConfigEntry] {
        func shared(_ s: String) -> String {
            if s.utf8.count <= 15 { return s }
            return texts.insert(s).memberAfterInsert
        }
        var out: [ConfigEntry] = []
        out.reserveCapacity(entries.count)
        for var e in entries {
            e.keyPath = shared(e.keyPath)
            e.key = shared(e.key)
            e.value = shared(e.value)
            out.append(e)
        }
        return out
    }

    private static func part(_ file: RepoFile, _ facts: RepositoryFacts) -> Part {
        var p = Part()
        guard let text = facts.text(file.path) else { return p }
        let lower = file.path.lowercased()
        switch file.kind {
        case .yaml, .compose:
            p.entries = parseYAML(text, file.path, .yaml, facts)
            if file.path.hasPrefix(".github/workflows/") || lower.hasSuffix("gitlab-ci.yml") {
                p.commands = workflowRuns(text, file.path)
            }
            if lower.hasSuffix("environment.yml") || lower.hasSuffix("environment.yaml") {
                p.requirements = RequirementParser.conda(text, path: file.path)
            }
        case .json:
            if lower.hasSuffix(".jsonl") || file.size > 256 * 1024 { return p }
            p.entries = parseYAML(text, file.path, .json, facts)
        case .toml:
            switch TOMLConfigReader.readTOML(text: text, path: file.path) {
            case .success(let sections):
                p.entries = sections.flatMap(\.entries)
                p.requirements = RequirementParser.pyproject(p.entries)
            case .failure(let problem):
                facts.errors.record(
                    step: .config, error: "\(file.path): \(problem)",
                    context: "TOML did not parse; none of its values were read", path: file.path)
            }
        case .ini:
            p.entries = TOMLConfigReader.scanINI(text: text, path: file.path)
        case .requirements:
            p.requirements = RequirementParser.requirementsFile(text, path: file.path)
        case .makefile:
            let makefile = MakefileParser.parse(text, path: file.path) { facts.text($0) }
            p.makefile = makefile
            // an included file's rules count where that file is parsed itself
            p.targets = makefile.ownTargets
            p.commands = p.targets.flatMap { tg in
                zip(tg.recipeLines, tg.recipeTexts).map { ShellCommandLine(path: file.path, line: $0, text: $1) }
            }
        case .shell:
            p.commands = ShellParser.commands(text, path: file.path)
        case .markdown:
            p.doc = MarkdownDoc.parse(text: text, path: file.path)
        case .dockerfile:
            p.commands = ShellParser.commands(text, path: file.path).filter { $0.text.uppercased().hasPrefix("RUN ") }
        default:
            break
        }
        return p
    }

    private static func parseYAML(
        _ text: String, _ path: String, _ format: ConfigEntry.Format, _ facts: RepositoryFacts
    ) -> [ConfigEntry] {
        switch YAMLConfigReader.read(text: text, path: path, format: format) {
        case .success(let rows): return rows
        case .failure(let f):
            facts.errors.record(
                step: .config, error: "\(path): \(f.message)",
                context:
                    "the \(format.rawValue.uppercased()) file was skipped; its keys count nowhere in the capability audit",
                path: path)
            return []
        }
    }

    /// `run:` steps of CI workflows, one command per line.
    private static func workflowRuns(_ text: String, _ path: String) -> [ShellCommandLine] {
        var out: [ShellCommandLine] = []
        var inRun = false
        var runIndent = 0
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let s = String(raw)
            let t = s.trimmingCharacters(in: .whitespaces)
            let indent = s.prefix { $0 == " " }.count
            if inRun && (t.isEmpty || indent > runIndent) {
                if !t.isEmpty && !t.hasPrefix("#") { out.append(ShellCommandLine(path: path, line: i + 1, text: t)) }
                continue
            }
            inRun = false
            let body = t.hasPrefix("- ") ? String(t.dropFirst(2)) : t
            if body.hasPrefix("run:") {
                let rest = body.dropFirst(4).trimmingCharacters(in: .whitespaces)
                if rest == "|" || rest == ">" || rest.isEmpty {
                    inRun = true
                    runIndent = indent
                } else {
                    out.append(ShellCommandLine(path: path, line: i + 1, text: rest))
                }
            }
        }
        return out
    }
}
