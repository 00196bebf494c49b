/// Decides which stub-bodied functions are abstract declarations (rubric: "declaration, not a gap"):
/// `@abstractmethod` (and the abstract property/classmethod/staticmethod variants), `@overload`,
/// methods of classes based on `abc.ABC` / `typing.Protocol` / `typing_extensions.Protocol` or with
/// `metaclass=abc.ABCMeta`, functions in `.pyi` stubs, and base-class methods that a subclass anywhere in
/// the repository overrides (bases resolved through each file's imports and the repository's classes).
struct AbstractDeclarations {
    typealias ClassKey = SymbolResolver.ClassKey

    static let abstractDecorators: Set<String> = [
        "abc.abstractmethod", "abc.abstractproperty", "abc.abstractclassmethod", "abc.abstractstaticmethod",
        "abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod",
        "typing.overload", "typing_extensions.overload", "overload",
    ]
    static let abstractBases: Set<String> = [
        "abc.ABC", "typing.Protocol", "typing_extensions.Protocol", "ABC", "Protocol",
    ]
    static let abstractMetaclasses: Set<String> = ["abc.ABCMeta", "ABCMeta"]

    let resolver: SymbolResolver
    /// Classes that are ABCs or Protocols themselves.
    private(set) var abstractClasses: Set<ClassKey> = []
    /// (class, method name) pairs that some subclass in the repository overrides.
    private(set) var overridden: Set<MethodKey> = []

    struct MethodKey: Hashable {
        var owner: ClassKey
        var name: String
    }

    init(modules: [PythonModule]) {
        resolver = SymbolResolver(modules: modules)
        var directBases: [ClassKey: [ClassKey]] = [:]
        var methods: [ClassKey: Set<String>] = [:]
        for (m, module) in modules.enumerated() {
            for f in module.functions {
                if let owner = f.enclosingClass {
                    methods[ClassKey(module: m, qualifiedName: owner), default: []].insert(f.name)
                }
            }
            for c in module.classes {
                let key = ClassKey(module: m, qualifiedName: c.qualifiedName)
                var repoBases: [ClassKey] = []
                for base in c.bases {
                    switch resolver.resolve(base, in: m) {
                    case .repoClass(let k): if k != key { repoBases.append(k) }
                    case .external(let e): if Self.abstractBases.contains(e) { abstractClasses.insert(key) }
                    case .unknown:
                        if let e = resolver.externalName(base, in: m), Self.abstractBases.contains(e) {
                            abstractClasses.insert(key)
                        }
                    }
                }
                if let meta = c.keywords["metaclass"], let e = resolver.externalName(meta, in: m),
                    Self.abstractMetaclasses.contains(e)
                {
                    abstractClasses.insert(key)
                }
                directBases[key] = repoBases
            }
        }
        // Every method a class defines overrides that name in each of its repository ancestors.
        for (cls, names) in methods where !names.isEmpty {
            var seen: Set<ClassKey> = [cls]
            var queue = directBases[cls] ?? []
            while let ancestor = queue.popLast() {
                guard seen.insert(ancestor).inserted else { continue }
                for n in names { overridden.insert(MethodKey(owner: ancestor, name: n)) }
                queue += directBases[ancestor] ?? []
            }
        }
    }

    /// True when `f` (in module `m`) is declared abstract: decorators, ABC/Protocol owner, or a `.pyi` file.
    func isExplicitlyAbstract(_ f: PythonFunction, module m: Int) -> Bool {
        if resolver.modules[m].path.hasSuffix(".pyi") { return true }
        for d in f.decorators {
            if let e = resolver.externalName(d, in: m), Self.abstractDecorators.contains(e) { return true }
        }
        if let owner = f.enclosingClass, abstractClasses.contains(ClassKey(module: m, qualifiedName: owner)) {
            return true
        }
        return false
    }

    /// True when a stub-bodied `f` is a declaration: explicitly abstract, or overridden by a subclass in the repository.
    func isDeclaration(_ f: PythonFunction, module m: Int) -> Bool {
        if isExplicitlyAbstract(f, module: m) { return true }
        guard let owner = f.enclosingClass else { return false }
        return overridden.contains(MethodKey(owner: ClassKey(module: m, qualifiedName: owner), name: f.name))
    }
}
