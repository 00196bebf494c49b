import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

#if canImport(Glibc)
    import Glibc
#endif

/// What checks query: repository facts, capability assessments and a few derived views
/// (import-resolved call names, training modules, text search), computed once per audit.
// @unchecked: the alias cache is guarded by `lock`; the lazy views are filled by `prepareForConcurrentUse` before
// checks run concurrently (then only read), or by the one thread using the context.
public final class FindingContext: @unchecked Sendable {
    public let facts: RepositoryFacts
    public let capabilities: [CapabilityAssessment]
    private let lock = NSLock()
    private var aliasCache: [String: [String: String]] = [:]
    private let statementLock = NSLock()
    private var statementSitesCache: PythonStatementSites?
    private let viewLock = NSLock()
    private var scopedFilesCache: [RepoFile]?
    private var productAndTestSourcesCache: [PythonModule]?

    public init(facts: RepositoryFacts, capabilities: [CapabilityAssessment]) {
        self.facts = facts
        self.capabilities = capabilities
    }

    /// Package trees copied into the repository (a third-party project with its own licence, found by the code
    /// index) and folders that hold other projects' code by convention: not the repository's code, so no finding or
    /// diff is about them.
    public func isCopied(_ path: String) -> Bool {
        facts.code.copiedPackagePrefixes.contains { path.hasPrefix($0) }
            || FolderNames.anyFolder(of: path, in: Self.copiedFolderNames)
    }

    /// Copied code, and code in folders closed to changes (`ClosedToChanges`): what the context's views (product
    /// modules, call sites, files, training modules) leave out, so that no check cites it and no diff edits it.
    public func isOutOfScope(_ path: String) -> Bool {
        isCopied(path) || isClosedToChanges(path)
    }

    /// Folders that hold other projects' code by convention.
    static let copiedFolderNames: Set<String> = [
        "dependencies", "third_party", "thirdparty", "third-party", "_vendor", "vendored", "extern", "external",
    ]

    /// Product Python (the code index's one definition, less conventional copied-code folders), sorted by path.
    public lazy var productModules: [PythonModule] = facts.code.product.filter { !isOutOfScope($0.path) }

    /// Folders (with a trailing `/`) whose README declares them closed to changes (`ClosedToChanges`).
    public lazy var closedFolders: [String] = ClosedToChanges.declaredFolders(facts)

    /// Sites of the token-level checks MLA153-MLA156, scanned once (the first check asking computes them while the
    /// others wait).
    package var statementSites: PythonStatementSites {
        statementLock.lock()
        defer { statementLock.unlock() }
        if let cached = statementSitesCache { return cached }
        // Kept with the facts: the views the scan reads (product and test sources, less copied and closed folders)
        // are the facts' alone, so the diff planner's context takes the findings stage's scan instead of repeating it.
        let made = facts.memo("PythonStatementSites") { PythonStatementSites.scan(self) }
        statementSitesCache = made
        return made
    }

    /// Fills the lazy views, so that checks running concurrently only read them.
    package func prepareForConcurrentUse() {
        _ = closedFolders
        _ = productModules
        _ = trainingModules
    }

    /// Every secret in the snapshot (kinds and places only; values never leave the facts).
    public var secrets: [SecretMatch] { facts.secrets.matches }

    // MARK: Python calls (answered by the code index's postings)

    /// Local name -> dotted module path, from the module's imports (`import torch as th` gives th -> torch,
    /// `from torch import load` gives load -> torch.load). Relative imports stay local names.
    public func aliases(_ module: PythonModule) -> [String: String] { facts.code.aliases(module) }

    /// The callee with its first segment resolved through the imports: `th.load` -> `torch.load`.
    public func resolved(_ call: PythonCall, in module: PythonModule) -> String {
        facts.code.qualify(call.callee, in: module)
    }

    public func resolve(_ dotted: String, in module: PythonModule) -> String { facts.code.qualify(dotted, in: module) }

    /// Calls in product code whose resolved callee is one of `names`.
    public func calls(_ names: Set<String>, in modules: [PythonModule]? = nil) -> [(PythonModule, PythonCall)] {
        sites(facts.code.sites(qualified: names), in: modules)
    }

    /// Calls whose callee's last segment is one of `methods` (`x.load_state_dict`, `self.opt.step`).
    public func methodCalls(_ methods: Set<String>, in modules: [PythonModule]? = nil) -> [(PythonModule, PythonCall)] {
        sites(facts.code.sites(leaf: methods), in: modules)
    }

    /// Sites as (module, call) in product order; with `modules`, only the sites of those (product) modules.
    private func sites(_ sites: [Int32], in modules: [PythonModule]?) -> [(PythonModule, PythonCall)] {
        let code = facts.code
        guard let modules else {
            // Copied third-party trees (conventional folders included) are someone else's code: no finding cites them.
            return sites.compactMap { s in
                let m = code.module(ofSite: s)
                return isOutOfScope(m.path) ? nil : (m, code.call(s))
            }
        }
        let paths = Set(modules.map(\.path))
        return sites.compactMap { s in
            let m = code.module(ofSite: s)
            return paths.contains(m.path) ? (m, code.call(s)) : nil
        }
    }

    public static func lastSegment(_ dotted: String) -> String { dotted.lastComponent }

    /// Modules that train: a backward pass, an optimizer step, or a trainer's train/fit.
    public lazy var trainingModules: [PythonModule] = {
        let code = facts.code
        var positions = Set<Int>()
        for s in code.sites(leaf: ["backward", "step", "train", "fit"]) where Self.isTrainingCall(code.call(s).callee) {
            positions.insert(code.modulePosition(ofSite: s))
        }
        return positions.sorted().map { code.product[$0] }.filter { !isClosedToChanges($0.path) }
    }()

    package static func isTrainingCall(_ callee: String) -> Bool {
        let last = lastSegment(callee)
        let lower = callee.lowercased()
        if last == "backward" { return true }
        if last == "step" && (lower.contains("optim") || lower.contains("scaler")) { return true }
        if (last == "train" || last == "fit") && lower.contains("trainer") { return true }
        return false
    }

    /// Evidence for a call site.
    public func evidence(_ module: PythonModule, _ call: PythonCall) -> Evidence {
        facts.evidence(module.path, call.line)
    }

    // MARK: Text

    /// Files that are repository content (not vendored), filtered by `include`.
    public func files(_ include: (RepoFile) -> Bool) -> [RepoFile] {
        scopedFiles.filter(include)
    }

    /// The files `files(_:)` chooses from (not vendored, not out of scope), in path order: taken once, since
    /// checks and proposers ask for them many times (each time deciding the scope of every file again was the
    /// largest cost of some proposers on large trees).
    private var scopedFiles: [RepoFile] {
        viewLock.lock()
        defer { viewLock.unlock() }
        if let cached = scopedFilesCache { return cached }
        let made = facts.files.filter { !$0.isVendored && !isOutOfScope($0.path) }
        scopedFilesCache = made
        return made
    }

    /// Product and test Python files (`.py`, not notebooks), copied third-party trees excluded, product first;
    /// taken once.
    package var productAndTestSources: [PythonModule] {
        viewLock.lock()
        defer { viewLock.unlock() }
        if let cached = productAndTestSourcesCache { return cached }
        let made = (productModules + facts.code.tests).filter { $0.path.hasSuffix(".py") && !isOutOfScope($0.path) }
        productAndTestSourcesCache = made
        return made
    }

    /// Lines of the selected files for which `match` holds, as evidence (path order, then line order).
    /// `needle`, when given, must occur in a file's text for its lines to be matched (a cheap prefilter).
    public func grep(_ include: (RepoFile) -> Bool, containing needle: String? = nil, _ match: (Substring) -> Bool)
        -> [Evidence]
    {
        var out: [Evidence] = []
        for f in files(include) {
            if let needle, !contains(f.path, needle) { continue }
            for (i, line) in facts.lines(f.path).enumerated() where match(line) {
                out.append(facts.evidence(f.path, i + 1))
            }
        }
        return out
    }

    /// True when any non-vendored text file mentions `needle` (case-sensitive) outside Python comments.
    public func mentions(_ needle: String, in include: (RepoFile) -> Bool = { _ in true }) -> Bool {
        for f in files(include) {
            guard contains(f.path, needle) else { continue }
            if f.kind != .python { return true }
            for line in facts.lines(f.path) where line.contains(needle) && !Self.isComment(line) { return true }
        }
        return false
    }

    /// Byte search in a file's content (memchr + memcmp): no String bridging, fast on large trees.
    public func contains(_ path: String, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard !n.isEmpty, facts.snapshot.mayContain(path, n), let content = facts.snapshot.content(path),
            !content.isBinary
        else { return false }
        return content.withBytes { hay in
            n.withUnsafeBufferPointer { nd in
                guard let h = hay.baseAddress, let p = nd.baseAddress, hay.count >= nd.count else { return false }
                var offset = 0
                let last = hay.count - nd.count
                while offset <= last {
                    guard let hit = memchr(h + offset, Int32(p[0]), last - offset + 1) else { return false }
                    let at = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - h
                    if memcmp(h + at, p, nd.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }

    package static func isComment(_ line: Substring) -> Bool {
        line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("#")
    }

    public func file(named name: String) -> RepoFile? {
        facts.files.first { !$0.isVendored && $0.name == Substring(name) }
    }

    /// First line (1-based) of `path` satisfying `match`.
    public func firstLine(_ path: String, _ match: (Substring) -> Bool) -> Int? {
        facts.lines(path).firstIndex(where: match).map { $0 + 1 }
    }

    /// The sub-feature of a capability, when the engine assessed it.
    public func subfeature(_ s: Subfeature) -> SubfeatureAssessment? {
        capabilities.first { $0.capability == s.capability }?.subfeatures.first { $0.subfeature == s }
    }

    public func subfeature(_ capability: String, _ name: String) -> SubfeatureAssessment? {
        capabilities.first { $0.name == capability }?.subfeatures.first { $0.name == name }
    }
}
