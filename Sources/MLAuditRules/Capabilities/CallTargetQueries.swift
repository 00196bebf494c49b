import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Queries over resolved calls (`CallTargetResolver` over product code). Rules ask these, never the resolver,
/// so the shared code index can replace what stands behind them.
extension RuleContext {
    /// The repository function `c` (in `m`) provably runs, nil for calls into external objects.
    func resolvedTarget(of c: PythonCall, in m: PythonModule) -> (path: String, function: PythonFunction)? {
        guard let i = callTargets.module(m.path), let t = callTargets.target(of: c, inModule: i) else { return nil }
        return (product[t.module].path, t.function)
    }

    /// The placeholder (non-declaration stub) function `c` provably runs, if any.
    func placeholderTarget(of c: PythonCall, in m: PythonModule) -> PythonFunction? {
        guard !stubFunctionKeys.isEmpty else { return nil }
        // A dotted call resolves to a function named as its last part (a method, a module's function): when no
        // placeholder has that name, none is the target, and the call is not resolved. (A bare name can be an
        // import alias of another name: those are resolved.)
        if let dot = c.callee.lastIndex(of: "."), c.callee.index(after: dot) < c.callee.endIndex,
            !stubFunctionNames.contains(String(c.callee[c.callee.index(after: dot)...]))
        {
            return nil
        }
        guard let t = resolvedTarget(of: c, in: m),
            stubFunctionKeys.contains(FunctionKey(path: t.path, qualifiedName: t.function.qualifiedName))
        else { return nil }
        return t.function
    }

    /// Call sites (module, call) in product code that provably run `function` of `path`, following callers of
    /// callers up to `depth` levels: a helper's callers are evidence of what the helper does.
    func callSites(ofFunction qualifiedName: String, in path: String, depth: Int = 2) -> [(
        module: PythonModule, call: PythonCall
    )] {
        var out: [(PythonModule, PythonCall)] = []
        var frontier: [FunctionKey] = [FunctionKey(path: path, qualifiedName: qualifiedName)]
        var seen = Set(frontier)
        for _ in 0..<max(0, depth) {
            var next: [FunctionKey] = []
            for key in frontier {
                let name = key.qualifiedName.lastComponent
                for (m, c) in calls(at: code.sites(namedLeaf: [name])) {
                    guard let t = resolvedTarget(of: c, in: m), t.path == key.path,
                        t.function.qualifiedName == key.qualifiedName
                    else { continue }
                    out.append((m, c))
                    if let caller = c.enclosingFunction {
                        let k = FunctionKey(path: m.path, qualifiedName: caller)
                        if seen.insert(k).inserted { next.append(k) }
                    }
                }
            }
            frontier = next
        }
        return out
    }
}
