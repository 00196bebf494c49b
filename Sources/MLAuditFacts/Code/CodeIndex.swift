import Foundation
import MLAuditKit
import MLAuditPython

/// The one code index every analysis queries (in the spirit of Ruff's semantic model): one definition of
/// product code, one import-alias resolver, and call/assignment postings built once in the facts stage.
/// Immutable after `init`; queries are lookups, never scans of every call with a regex.
///
/// Call sites are numbered in product order (modules sorted by path, calls in source order); every posting
/// list is sorted ascending, so results come back in that order without sorting.
public final class CodeIndex: Sendable {
    /// Product Python modules and notebooks: not tests, not vendored, not inside a copied package; by path.
    public let product: [PythonModule]
    /// Test modules (not vendored), by path.
    public let tests: [PythonModule]
    /// Folder prefixes ("pkg/_copied/") of copied third-party packages (see `CopiedPackages`).
    public let copiedPackagePrefixes: [String]
    /// Product module position by path.
    private let productPosition: [String: Int]
    /// Per product module: local name -> what the module's imports bind it to.
    private let bindings: [[String: ImportBinding]]

    /// Site ordinal -> (module position, call position in `module.calls`).
    private let siteModule: [Int32]
    private let siteCall: [Int32]
    /// Site ordinal -> callee with the head resolved through the imports (`th.load` -> `torch.load`,
    /// `load` after `from torch import load` -> `torch.load`).
    /// Site -> row of its qualified callee in `qualifiedKeys` (4 bytes a site, not a 16-byte string).
    private let qualifiedRow: [Int32]
    /// Each distinct qualified callee once.
    private let qualifiedKeys: [String]
    /// Postings: qualified callee -> sites; written callee or its alias-renamed form (`z` after
    /// `from x import y as z` reads `y`) -> sites; last component of the written callee -> sites; last
    /// component of the written or alias-renamed callee -> sites.
    private let byQualified: Postings
    private let byNamed: Postings
    private let byLeaf: Postings
    private let byNamedLeaf: Postings
    /// Keyword argument name -> sites passing it.
    private let byKeyword: Postings
    /// Every distinct key of `byNamed`, sorted (regex queries run over these once, not over every call).
    public let namedCallees: [String]

    /// Assignment ordinal -> (module position, assignment position); postings by the target's last component.
    private let assignmentModule: [Int32]
    private let assignmentItem: [Int32]
    private let assignmentsByTargetLeaf: [String: [Int32]]

    public init(python: [String: PythonModule], files: [RepoFile], fileIndex: (String) -> RepoFile?) {
        let copied = CopiedPackages.roots(files: files).map { $0 + "/" }
        self.copiedPackagePrefixes = copied
        func isProduct(_ path: String) -> Bool {
            guard let f = fileIndex(path), f.countsAsProduct else { return false }
            return !copied.contains { path.hasPrefix($0) }
        }
        let sorted = python.values.sorted { $0.path < $1.path }
        let product = sorted.filter { isProduct($0.path) }
        self.product = product
        self.tests = sorted.filter { fileIndex($0.path).map { $0.isTest && !$0.isVendored } ?? false }
        var position: [String: Int] = [:]
        for (i, m) in product.enumerated() { position[m.path] = i }
        self.productPosition = position
        let bindings = product.map(ImportBinding.table)
        self.bindings = bindings

        // The per-site and per-assignment rows are sized up front: appended, they would keep up to twice their size.
        let siteTotal = product.reduce(0) { $0 + $1.calls.count }
        let assignmentTotal = product.reduce(0) { $0 + $1.assignments.count }
        var siteModule: [Int32] = []
        var siteCall: [Int32] = []
        var qualifiedRow: [Int32] = []
        siteModule.reserveCapacity(siteTotal)
        siteCall.reserveCapacity(siteTotal)
        qualifiedRow.reserveCapacity(siteTotal)
        var byQualified = Postings.Builder()
        var byNamed = Postings.Builder()
        var byLeaf = Postings.Builder()
        var byNamedLeaf = Postings.Builder()
        var byKeyword = Postings.Builder()
        byQualified.reserveCapacity(siteTotal)
        byNamed.reserveCapacity(siteTotal)
        byLeaf.reserveCapacity(siteTotal)
        byNamedLeaf.reserveCapacity(siteTotal)
        var assignmentModule: [Int32] = []
        var assignmentItem: [Int32] = []
        assignmentModule.reserveCapacity(assignmentTotal)
        assignmentItem.reserveCapacity(assignmentTotal)
        var byTarget: [String: [Int32]] = [:]
        for (mi, m) in product.enumerated() {
            let table = bindings[mi]
            // a module calls the same callee many times: resolve each distinct text once
            var memo: [String: (qualified: String, named: String)] = [:]
            for (ci, c) in m.calls.enumerated() {
                let site = Int32(siteModule.count)
                siteModule.append(Int32(mi))
                siteCall.append(Int32(ci))
                let r: (qualified: String, named: String)
                if let hit = memo[c.callee] {
                    r = hit
                } else {
                    r = table.isEmpty ? (c.callee, c.callee) : ImportBinding.resolve(c.callee, table)
                    memo[c.callee] = r
                }
                // one string per distinct qualified callee, named by its row from each of its sites
                qualifiedRow.append(byQualified.addRow(r.qualified, site))
                for (k, kw) in c.keywords.enumerated() where !c.keywords[..<k].contains(kw) {
                    byKeyword.add(kw, site)
                }
                byNamed.add(c.callee, site)
                if r.named != c.callee { byNamed.add(r.named, site) }
                let leaf = c.callee.lastComponent
                byLeaf.add(leaf, site)
                byNamedLeaf.add(leaf, site)
                if r.named != c.callee {
                    let namedLeaf = r.named.lastComponent
                    if namedLeaf != leaf { byNamedLeaf.add(namedLeaf, site) }
                }
            }
            for (ai, a) in m.assignments.enumerated() {
                let n = Int32(assignmentModule.count)
                assignmentModule.append(Int32(mi))
                assignmentItem.append(Int32(ai))
                byTarget[a.target.lastComponent, default: []].append(n)
            }
        }
        self.siteModule = siteModule
        self.siteCall = siteCall
        self.qualifiedRow = qualifiedRow
        self.qualifiedKeys = byQualified.keys
        self.byQualified = byQualified.build()
        let named = byNamed.build()
        self.byNamed = named
        self.byLeaf = byLeaf.build()
        self.byNamedLeaf = byNamedLeaf.build()
        self.byKeyword = byKeyword.build()
        self.namedCallees = named.keys.sorted()
        self.assignmentModule = assignmentModule
        self.assignmentItem = assignmentItem
        self.assignmentsByTargetLeaf = byTarget
        self.classIndex = ClassIndex(product)
    }

    // MARK: product code

    /// Whether `path` is product code (the one definition every stage uses).
    public func isProduct(_ path: String, file: RepoFile?) -> Bool {
        guard let file, file.countsAsProduct else { return false }
        return !copiedPackagePrefixes.contains { path.hasPrefix($0) }
    }

    public func productModule(_ path: String) -> PythonModule? { productPosition[path].map { product[$0] } }

    // MARK: call sites

    public var siteCount: Int { siteModule.count }
    public func module(ofSite s: Int32) -> PythonModule { product[Int(siteModule[Int(s)])] }
    public func call(_ s: Int32) -> PythonCall { product[Int(siteModule[Int(s)])].calls[Int(siteCall[Int(s)])] }
    public func modulePosition(ofSite s: Int32) -> Int { Int(siteModule[Int(s)]) }
    /// The call's callee with its head resolved through the module's imports.
    public func qualifiedCallee(_ s: Int32) -> String { qualifiedKeys[Int(qualifiedRow[Int(s)])] }

    /// Sites whose qualified callee is one of `names`, in product order.
    public func sites(qualified names: Set<String>) -> [Int32] { union(names.map { byQualified[$0] ?? [] }) }
    /// Sites whose written callee's last component is one of `names`.
    public func sites(leaf names: Set<String>) -> [Int32] { union(names.map { byLeaf[$0] ?? [] }) }
    /// Sites whose written or alias-renamed callee's last component is one of `names`.
    public func sites(namedLeaf names: Set<String>) -> [Int32] { union(names.map { byNamedLeaf[$0] ?? [] }) }
    /// Sites whose written or alias-renamed callee is one of `callees` (keys of `namedCallees`).
    public func sites(named callees: [String]) -> [Int32] { union(callees.map { byNamed[$0] ?? [] }) }
    /// Sites passing one of `keywords` as a keyword argument.
    public func sites(keyword keywords: Set<String>) -> [Int32] { union(keywords.map { byKeyword[$0] ?? [] }) }
    /// Sites whose qualified callee starts with `prefix` (e.g. "mlflow.").
    public func sites(qualifiedPrefix prefix: String) -> [Int32] {
        union(byQualified.keys.compactMap { $0.hasPrefix(prefix) ? byQualified[$0] : nil })
    }

    /// Sorted union of sorted posting lists.
    func union(_ lists: [ArraySlice<Int32>]) -> [Int32] {
        let nonEmpty = lists.filter { !$0.isEmpty }
        if nonEmpty.count <= 1 { return nonEmpty.first.map(Array.init) ?? [] }
        var out = nonEmpty.flatMap { $0 }
        out.sort()
        var w = 0
        for r in out.indices where r == 0 || out[r] != out[r - 1] {
            out[w] = out[r]
            w += 1
        }
        out.removeLast(out.count - w)
        return out
    }

    // MARK: imports

    /// `th.load` -> `torch.load` (text unchanged when the head is not imported). Any module, product or not:
    /// a non-product module's binding table is built on the fly.
    public func qualify(_ dotted: String, in module: PythonModule) -> String {
        if let p = productPosition[module.path] { return ImportBinding.resolve(dotted, bindings[p]).qualified }
        return ImportBinding.resolve(dotted, ImportBinding.table(module)).qualified
    }

    /// `CN` after `from x import CfgNode as CN` reads `CfgNode`; `pl.Trainer` after `import pytorch_lightning as pl`
    /// reads `pytorch_lightning.Trainer`: only explicit `as` renames are undone, names keep their own spelling.
    public func named(_ dotted: String, in module: PythonModule) -> String {
        if let p = productPosition[module.path] { return ImportBinding.resolve(dotted, bindings[p]).named }
        return ImportBinding.resolve(dotted, ImportBinding.table(module)).named
    }

    /// Local name -> qualified dotted path for a product module (`import torch as th` gives th -> torch).
    public func aliases(_ module: PythonModule) -> [String: String] {
        let table = productPosition[module.path].map { bindings[$0] } ?? ImportBinding.table(module)
        return table.mapValues(\.qualified)
    }

    // MARK: assignments

    public var assignmentCount: Int { assignmentModule.count }
    public func assignment(_ n: Int32) -> (module: PythonModule, assignment: PythonAssignment) {
        let m = product[Int(assignmentModule[Int(n)])]
        return (m, m.assignments[Int(assignmentItem[Int(n)])])
    }
    /// Distinct last components of assignment targets, with their (sorted) assignment ordinals.
    public var assignmentTargetLeaves: [String: [Int32]] { assignmentsByTargetLeaf }

    // MARK: classes (for receiver typing: which class a name denotes, and what it derives from)

    /// Every product class with its module path, in product order.
    public func classes() -> [(module: String, cls: PythonClass)] {
        product.flatMap { m in m.classes.map { (m.path, $0) } }
    }

    /// Product classes named `name` (simple name), in product order.
    public func classes(named name: String) -> [(module: PythonModule, cls: PythonClass)] {
        (classPostings[name] ?? []).map { (product[Int($0.module)], product[Int($0.module)].classes[Int($0.item)]) }
    }

    /// Simple names of every product class that derives (directly or through product classes) from a class whose
    /// qualified base text or last component is `base` ("nn.Module" or "Module"). Cycles are cut.
    public func subclassNames(of base: String) -> Set<String> {
        var out: Set<String> = []
        var frontier = [base]
        while let b = frontier.popLast() {
            for name in (derived[b] ?? []) where out.insert(name).inserted { frontier.append(name) }
        }
        return out
    }

    /// Class name -> (module position, class position); base text and its last component -> derived class names.
    private var classPostings: [String: [(module: Int32, item: Int32)]] { classIndex.byName }
    private var derived: [String: [String]] { classIndex.derived }
    private let classIndex: ClassIndex

    struct ClassIndex: Sendable {
        var byName: [String: [(module: Int32, item: Int32)]] = [:]
        var derived: [String: [String]] = [:]

        init(_ product: [PythonModule]) {
            for (mi, m) in product.enumerated() {
                for (ci, c) in m.classes.enumerated() {
                    byName[c.name, default: []].append((Int32(mi), Int32(ci)))
                    for b in c.bases {
                        derived[b, default: []].append(c.name)
                        let leaf = b.lastComponent
                        if leaf != b { derived[leaf, default: []].append(c.name) }
                    }
                }
            }
        }
    }
}

/// What an import statement binds a local name to.
public struct ImportBinding: Hashable, Sendable {
    /// Fully qualified dotted path: `torch.load` for `from torch import load`, `torch` for `import torch as th`.
    public var qualified: String
    /// The name as imported when an `as` renamed it (`y` for `from x import y as z`, `a` for `import a as b`);
    /// nil when the local name is the imported name.
    public var renamedFrom: String?

    /// Module-level (absolute) imports; later imports rebind a name, as Python does.
    static func table(_ m: PythonModule) -> [String: ImportBinding] {
        var a: [String: ImportBinding] = [:]
        for imp in m.imports {
            if imp.isFrom {
                for n in imp.names where n.name != "*" {
                    let local = n.alias ?? n.name
                    // relative imports stay local names for qualification; their renames still read as the name
                    let q = imp.level == 0 ? imp.module + "." + n.name : local
                    a[local] = ImportBinding(qualified: q, renamedFrom: n.alias == nil ? nil : n.name)
                }
            } else if let alias = imp.alias {
                a[alias] = ImportBinding(qualified: imp.level == 0 ? imp.module : alias, renamedFrom: imp.module)
            } else if imp.level == 0 {
                let head = String(imp.module.split(separator: ".").first ?? Substring(imp.module))
                a[head] = ImportBinding(qualified: head, renamedFrom: nil)
            }
        }
        return a
    }

    /// (qualified, named) forms of a dotted callee.
    static func resolve(_ dotted: String, _ table: [String: ImportBinding]) -> (qualified: String, named: String) {
        guard !table.isEmpty else { return (dotted, dotted) }
        let u = dotted.utf8
        let headEnd = u.firstIndex(of: UInt8(ascii: ".")) ?? u.endIndex
        let head = String(dotted[..<headEnd])
        guard let b = table[head] else { return (dotted, dotted) }
        let rest = dotted[headEnd...]
        return (b.qualified + rest, (b.renamedFrom ?? head) + rest)
    }
}

/// Copied third-party packages outside a `vendor/`-style folder: a sub-folder carrying its own LICENSE/COPYING
/// file next to a package's `__init__.py` without packaging files of its own, or a packaged project (LICENSE plus
/// `setup.py`/`setup.cfg`/`pyproject.toml`) kept inside a dependency folder (`dependencies/`, `deps/`,
/// `external/`, `externals/`, `3rdparty/`, `submodules/`). Any other sub-folder with a LICENSE and packaging is a
/// project of a monorepo (or a folder of projects): its code is product code.
public enum CopiedPackages {
    static let dependencyFolders: Set<String> = [
        "dependencies", "deps", "external", "externals", "3rdparty",
        "3rd_party", "submodules",
    ]

    public static func roots(files: [RepoFile]) -> [String] {
        var license: Set<Substring> = []
        var initFile: Set<Substring> = []
        var packaging: Set<Substring> = []
        for f in files {
            guard let slash = f.path.lastIndex(of: "/") else { continue }
            let dir = f.path[..<slash]
            let name = f.name.uppercased()
            if name.hasPrefix("LICENSE") || name.hasPrefix("LICENCE") || name.hasPrefix("COPYING") {
                license.insert(dir)
            }
            if name == "__INIT__.PY" { initFile.insert(dir) }
            if name == "SETUP.PY" || name == "PYPROJECT.TOML" || name == "SETUP.CFG" { packaging.insert(dir) }
        }
        let copiedPackages = license.intersection(initFile).subtracting(packaging)
        let storedProjects = license.intersection(packaging).filter { dir in
            dir.split(separator: "/").dropLast().contains { dependencyFolders.contains($0.lowercased()) }
        }
        return copiedPackages.union(storedProjects).map(String.init).sorted()
    }
}
