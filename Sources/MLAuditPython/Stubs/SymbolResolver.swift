/// Resolves dotted names written in a module (`nn.Module`, `ABC`, `base.Trainer`) through that module's
/// imports and the repository's modules, to a repository class or an external dotted name.
struct SymbolResolver {
    struct ClassKey: Hashable {
        var module: Int
        var qualifiedName: String
    }
    enum Resolution: Equatable {
        case repoClass(ClassKey)
        case external(String)
        case unknown
    }

    let modules: [PythonModule]
    /// Dotted module name of each module ("src/pkg/a.py" -> "src.pkg.a", "pkg/__init__.py" -> "pkg").
    let dottedNames: [String]
    private let isPackage: [Bool]
    /// Every dot-boundary suffix of every dotted module name -> modules ("a", "pkg.a", "src.pkg.a").
    private let bySuffix: [String: [Int]]
    /// Per module: class qualified name -> present.
    let classNames: [Set<String>]

    /// Hops through re-exports and submodules before giving up.
    static let maxHops = 5
    /// Modules tried per ambiguous name (a bare "utils" may match many files); bounds the search's branching.
    static let maxCandidates = 4

    init(modules: [PythonModule]) {
        self.modules = modules
        var dotted: [String] = []
        var package: [Bool] = []
        var suffix: [String: [Int]] = [:]
        for (i, m) in modules.enumerated() {
            var parts = m.path.split(separator: "/").map(String.init)
            var isPkg = false
            if var last = parts.popLast() {
                for ext in [".py", ".pyi", ".ipynb"] where last.hasSuffix(ext) {
                    last = String(last.dropLast(ext.count))
                }
                if last == "__init__" { isPkg = true } else { parts.append(last) }
            }
            let name = parts.joined(separator: ".")
            dotted.append(name)
            package.append(isPkg)
            for k in 0..<parts.count { suffix[parts[k...].joined(separator: "."), default: []].append(i) }
        }
        dottedNames = dotted
        isPackage = package
        bySuffix = suffix
        classNames = modules.map { Set($0.classes.map { $0.qualifiedName }) }
    }

    /// Repository modules named `dotted` (exact name first, else every module whose name ends with it).
    func modules(named dotted: String) -> [Int] {
        guard let c = bySuffix[dotted] else { return [] }
        let exact = c.filter { dottedNames[$0] == dotted }
        if !exact.isEmpty { return exact }
        let sorted = c.sorted { (dottedNames[$0].count, $0) < (dottedNames[$1].count, $1) }
        return Array(sorted.prefix(SymbolResolver.maxCandidates))
    }

    /// The absolute module an import refers to (relative levels resolved against the importing file).
    func absoluteModule(_ imp: PythonImport, in m: Int) -> String {
        guard imp.level > 0 else { return imp.module }
        var parts = dottedNames[m].split(separator: ".").map(String.init)
        if !isPackage[m], !parts.isEmpty { parts.removeLast() }
        let drop = min(parts.count, imp.level - 1)
        parts.removeLast(drop)
        if !imp.module.isEmpty { parts.append(imp.module) }
        return parts.joined(separator: ".")
    }

    /// Resolves `reference` as written in module `m`; subscripts (`Generic[T]`) and calls are cut off.
    func resolve(_ reference: String, in m: Int, hops: Int = 0) -> Resolution {
        var name: String
        if let plain = Self.plainName(reference) {
            name = plain
        } else {
            name = reference.filter { !$0.isWhitespace }
            if let cut = name.firstIndex(where: { $0 == "[" || $0 == "(" }) { name = String(name[..<cut]) }
        }
        guard !name.isEmpty, hops <= SymbolResolver.maxHops, m >= 0, m < modules.count else { return .unknown }
        if classNames[m].contains(name) { return .repoClass(ClassKey(module: m, qualifiedName: name)) }
        let parts = name.split(separator: ".").map(String.init)
        guard let head = parts.first else { return .unknown }
        let rest = Array(parts.dropFirst())
        var starTargets: [String] = []
        for imp in modules[m].imports.reversed() {
            if imp.isFrom {
                for n in imp.names {
                    if n.name == "*" {
                        starTargets.append(absoluteModule(imp, in: m))
                        continue
                    }
                    if (n.alias ?? n.name) == head {
                        return resolve(names: [n.name] + rest, inModule: absoluteModule(imp, in: m), hops: hops + 1)
                    }
                }
            } else if let alias = imp.alias {
                if alias == head { return resolveDotted(([imp.module] + rest).joined(separator: "."), hops: hops + 1) }
            } else if Self.firstComponent(of: imp.module, is: head) {
                return resolveDotted(name, hops: hops + 1)
            }
        }
        for target in starTargets {
            if case .repoClass(let k) = resolve(names: parts, inModule: target, hops: hops + 1) { return .repoClass(k) }
        }
        return .unknown
    }

    /// `reference` without whitespace, cut before its first `[` or `(`, read on the bytes when it is ASCII (no
    /// copy when nothing is cut); nil for non-ASCII text (the Character reading decides).
    static func plainName(_ reference: String) -> String? {
        var cut: String.Index? = nil
        for i in reference.utf8.indices {
            let b = reference.utf8[i]
            if b >= 0x80 || b == 0x20 || (b >= 0x09 && b <= 0x0D) { return nil }
            if b == 0x5B || b == 0x28 {
                cut = i
                break
            }
        }
        guard let cut else { return reference }
        // whitespace after the cut is dropped with it, as the Character reading would drop it before cutting
        for b in reference.utf8[cut...] where b >= 0x80 { return nil }
        return String(reference[..<cut])
    }

    /// `dotted.split(separator: ".").first.map(String.init) == head`, without the split for ASCII text.
    static func firstComponent(of dotted: String, is head: String) -> Bool {
        let u = dotted.utf8
        // String equality is canonical equivalence (U+212A KELVIN SIGN equals "K"): bytes decide only for ASCII
        guard u.allSatisfy({ $0 < 0x80 }), head.utf8.allSatisfy({ $0 < 0x80 }) else {
            return dotted.split(separator: ".").first.map(String.init) == head
        }
        var start = u.startIndex
        while start < u.endIndex, u[start] == 0x2E { start = u.index(after: start) }
        guard start < u.endIndex else { return false }
        var end = start
        while end < u.endIndex, u[end] != 0x2E { end = u.index(after: end) }
        return u[start..<end].elementsEqual(head.utf8)
    }

    /// `names` (a class path, possibly starting with a submodule) looked up in the module called `moduleName`.
    private func resolve(names: [String], inModule moduleName: String, hops: Int) -> Resolution {
        guard hops <= SymbolResolver.maxHops, !names.isEmpty else { return .unknown }
        let candidates = modules(named: moduleName)
        if candidates.isEmpty { return resolveDotted(([moduleName] + names).joined(separator: "."), hops: hops + 1) }
        let qualified = names.joined(separator: ".")
        for c in candidates where classNames[c].contains(qualified) {
            return .repoClass(ClassKey(module: c, qualifiedName: qualified))
        }
        for c in candidates {
            // Re-exported through the module's own imports (`from .base import Trainer` in __init__.py).
            let r = resolve(qualified, in: c, hops: hops + 1)
            if case .repoClass = r { return r }
        }
        if names.count > 1 {
            let sub = resolve(names: Array(names.dropFirst()), inModule: moduleName + "." + names[0], hops: hops + 1)
            if case .repoClass = sub { return sub }
        }
        return .unknown
    }

    /// A fully dotted name: the longest prefix that is a repository module holds the class; else external.
    private func resolveDotted(_ full: String, hops: Int) -> Resolution {
        guard hops <= SymbolResolver.maxHops else { return .unknown }
        let parts = full.split(separator: ".").map(String.init)
        var k = parts.count - 1
        while k >= 1 {
            let prefix = parts[0..<k].joined(separator: ".")
            if !modules(named: prefix).isEmpty {
                return resolve(names: Array(parts[k...]), inModule: prefix, hops: hops + 1)
            }
            k -= 1
        }
        return .external(full)
    }

    /// The external dotted name `reference` stands for, if it resolves to one. Unbound bare names read as
    /// themselves (so `ABC` without an import still reads "ABC").
    func externalName(_ reference: String, in m: Int) -> String? {
        switch resolve(reference, in: m) {
        case .external(let e): return e
        case .unknown:
            var name = reference.filter { !$0.isWhitespace }
            if let cut = name.firstIndex(where: { $0 == "[" || $0 == "(" }) { name = String(name[..<cut]) }
            return name
        case .repoClass: return nil
        }
    }
}
