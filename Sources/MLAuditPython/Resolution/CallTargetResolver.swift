/// Type-aware call resolution: which repository function a call runs, decided only when the receiver is known.
///
/// A call resolves to a repository definition when
/// - it is a bare name defined in the same module (a top-level function, or a function nested in the caller),
///   or imported from a repository module (`from .utils import save_ckpt`);
/// - its receiver is `self` / `cls` inside a method (`super()` too): the method is looked up in the class and
///   then its repository base classes (bounded depth);
/// - its receiver is an imported repository module (`import pkg.ckpt as ckpt; ckpt.save(...)`) or a
///   repository class (`Checkpointer.save(...)`);
/// - its receiver is a local name (or `self.attr`) assigned a repository class's constructor earlier in scope
///   (`engine = Engine(cfg); engine.step()`).
/// Anything else (`accelerator.backward(loss)`, `opt_param_scheduler.state_dict()`, a parameter of unknown
/// type, a call on a call's result) is a call into an external object: it resolves to nothing, never to a
/// repository function that merely shares the method's name.
///
/// Imports and classes are resolved by `SymbolResolver` (the one alias resolver); this type adds receivers.
public struct CallTargetResolver: Sendable {
    /// A repository function: its module's index in `modules` and the function.
    public struct Target: Sendable, Hashable {
        public var module: Int
        public var function: PythonFunction
    }

    /// Base classes followed when looking a method up (and re-export hops, through `SymbolResolver`).
    public static let maxClassDepth = 6

    let modules: [PythonModule]
    private let symbols: SymbolResolver
    private let moduleIndex: [String: Int]
    // The tables hold positions in the module's `functions` / `classes`, not copies of them: on a large tree the
    // copies were tens of megabytes held through the whole rules stage.
    /// Per module: top-level functions by name.
    private let topLevel: [[String: Int32]]
    /// Per module: function by qualified name (the last one wins, as Python rebinds).
    private let byQualifiedName: [[String: Int32]]
    /// Per module: methods by (class qualified name, method name).
    private let methods: [[MethodKey: Int32]]
    /// Per module: class by qualified name (the first one).
    private let classes: [[String: Int32]]

    private struct MethodKey: Hashable {
        var cls: String
        var name: String
    }

    public init(modules: [PythonModule]) {
        self.modules = modules
        symbols = SymbolResolver(modules: modules)
        var index: [String: Int] = [:]
        var top: [[String: Int32]] = []
        var qualified: [[String: Int32]] = []
        var meth: [[MethodKey: Int32]] = []
        var cls: [[String: Int32]] = []
        for (i, m) in modules.enumerated() {
            index[m.path] = i
            var t: [String: Int32] = [:]
            var q: [String: Int32] = [:]
            var k: [MethodKey: Int32] = [:]
            for (at, f) in m.functions.enumerated() {
                let at = Int32(at)
                q[f.qualifiedName] = at
                if let owner = f.enclosingClass {
                    k[MethodKey(cls: owner, name: f.name)] = at
                } else if f.qualifiedName == f.name {
                    t[f.name] = at
                }
            }
            top.append(t)
            qualified.append(q)
            meth.append(k)
            var c: [String: Int32] = [:]
            for (at, k) in m.classes.enumerated() where c[k.qualifiedName] == nil { c[k.qualifiedName] = Int32(at) }
            cls.append(c)
        }
        moduleIndex = index
        topLevel = top
        byQualifiedName = qualified
        methods = meth
        classes = cls
    }

    private func function(_ at: Int32?, inModule m: Int) -> PythonFunction? {
        at.map { modules[m].functions[Int($0)] }
    }

    /// The module index of `path`, when it is one of the resolver's modules.
    public func module(_ path: String) -> Int? { moduleIndex[path] }

    /// The repository function `call` (written in module `m`) runs, or nil when its receiver is not known.
    public func target(of call: PythonCall, inModule m: Int) -> Target? {
        guard m >= 0, m < modules.count else { return nil }
        let callee = call.callee
        // calls on call results or subscripts: the receiver's type is not known
        if callee.contains("[") { return nil }
        if callee.hasPrefix("super()."), !callee.dropFirst(8).contains(".") {
            guard let owner = enclosingClass(of: call.enclosingFunction, in: m) else { return nil }
            return baseMethod(String(callee.dropFirst(8)), ofClass: owner, inModule: m)
        }
        if callee.contains("(") { return nil }
        let parts = callee.split(separator: ".").map(String.init)
        guard let name = parts.last, !name.isEmpty else { return nil }
        if parts.count == 1 { return function(named: name, calledFrom: call.enclosingFunction, inModule: m) }
        let receiver = parts.dropLast().joined(separator: ".")
        if receiver == "self" || receiver == "cls" {
            guard let owner = enclosingClass(of: call.enclosingFunction, in: m) else { return nil }
            return method(name, ofClass: owner, inModule: m, depth: 0)
        }
        // a local name or `self.attr` bound to a repository class's constructor earlier in scope
        if let cls = constructedClass(of: receiver, before: call.line, scope: call.enclosingFunction, inModule: m) {
            return method(name, ofClass: cls.qualifiedName, inModule: cls.module, depth: 0)
        }
        // a repository class (static/class method) or an imported repository module
        switch symbols.resolve(receiver, in: m) {
        case .repoClass(let k): return method(name, ofClass: k.qualifiedName, inModule: k.module, depth: 0)
        case .external, .unknown: break
        }
        for target in importedModules(receiver, inModule: m) {
            if let f = function(topLevel[target][name], inModule: target) { return Target(module: target, function: f) }
        }
        return nil
    }

    // MARK: bare names

    private func function(named name: String, calledFrom scope: String?, inModule m: Int) -> Target? {
        // nested in the caller (or one of its enclosing functions)
        var s = scope
        while let current = s {
            if let f = function(byQualifiedName[m][current + "." + name], inModule: m), f.enclosingClass == nil {
                return Target(module: m, function: f)
            }
            s = current.contains(".") ? String(current[..<current.lastIndex(of: ".")!]) : nil
        }
        if let f = function(topLevel[m][name], inModule: m) { return Target(module: m, function: f) }
        // `from pkg.mod import name [as alias]`
        for imp in modules[m].imports.reversed() where imp.isFrom {
            for n in imp.names where (n.alias ?? n.name) == name && n.name != "*" {
                let absolute = symbols.absoluteModule(imp, in: m)
                for c in symbols.modules(named: absolute) {
                    if let f = function(topLevel[c][n.name], inModule: c) { return Target(module: c, function: f) }
                }
                return nil
            }
        }
        return nil
    }

    // MARK: receivers

    /// The class that owns the method `scope` (walking out of nested functions), in module `m`.
    private func enclosingClass(of scope: String?, in m: Int) -> String? {
        var s = scope
        while let current = s {
            if let f = function(byQualifiedName[m][current], inModule: m), let owner = f.enclosingClass { return owner }
            s = current.contains(".") ? String(current[..<current.lastIndex(of: ".")!]) : nil
        }
        return nil
    }

    /// The repository class whose constructor was last assigned to `receiver` before `line` in the same scope
    /// (for `self.attr`, in any method of the same class).
    private func constructedClass(of receiver: String, before line: Int, scope: String?, inModule m: Int)
        -> SymbolResolver.ClassKey?
    {
        let owner = receiver.hasPrefix("self.") ? enclosingClass(of: scope, in: m) : nil
        if receiver.hasPrefix("self."), owner == nil { return nil }
        var best: PythonAssignment? = nil
        for a in modules[m].assignments where a.target == receiver {
            if let owner {
                guard enclosingClass(of: a.enclosingFunction, in: m) == owner else { continue }
            } else {
                guard a.enclosingFunction == scope, a.line < line else { continue }
            }
            if best == nil || a.line > best!.line { best = a }
        }
        guard let value = best?.valueText, let open = value.firstIndex(of: "(") else { return nil }
        let constructor = String(value[..<open])
        guard !constructor.isEmpty, constructor.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
        else { return nil }
        if case .repoClass(let k) = symbols.resolve(constructor, in: m) { return k }
        return nil
    }

    /// Repository modules an import binds to `name` in module `m` (`import a.b as name`, `from a import name`).
    private func importedModules(_ name: String, inModule m: Int) -> [Int] {
        for imp in modules[m].imports.reversed() {
            if imp.isFrom {
                for n in imp.names where (n.alias ?? n.name) == name && n.name != "*" {
                    let base = symbols.absoluteModule(imp, in: m)
                    return symbols.modules(named: base.isEmpty ? n.name : base + "." + n.name)
                }
            } else if let alias = imp.alias, alias == name {
                return symbols.modules(named: imp.module)
            } else if imp.alias == nil, imp.module == name {
                return symbols.modules(named: imp.module)
            }
        }
        return []
    }

    // MARK: class hierarchy

    private func method(_ name: String, ofClass cls: String, inModule m: Int, depth: Int) -> Target? {
        guard depth <= Self.maxClassDepth else { return nil }
        if let f = function(methods[m][MethodKey(cls: cls, name: name)], inModule: m) {
            return Target(module: m, function: f)
        }
        return baseMethod(name, ofClass: cls, inModule: m, depth: depth)
    }

    private func baseMethod(_ name: String, ofClass cls: String, inModule m: Int, depth: Int = 0) -> Target? {
        guard depth <= Self.maxClassDepth, let at = classes[m][cls] else { return nil }
        let c = modules[m].classes[Int(at)]
        for base in c.bases {
            if case .repoClass(let k) = symbols.resolve(base, in: m),
                let hit = method(name, ofClass: k.qualifiedName, inModule: k.module, depth: depth + 1)
            {
                return hit
            }
        }
        return nil
    }
}
