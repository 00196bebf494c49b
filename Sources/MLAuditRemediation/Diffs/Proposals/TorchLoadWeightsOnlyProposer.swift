import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// `weights_only=True` on the `torch.load` calls the MLA102 finding cites: never where the declared torch already
/// loads weights only (>= 2.6) or predates the argument (< 1.13), never where the repository's own checkpoints
/// hold pickled objects (whole modules, NumPy values, argparse namespaces), and never behind an opt-in guard or
/// inside a wrapper that sets it already.
package struct TorchLoadWeightsOnlyProposer: DiffProposer {
    package let code = DiffCode.mld201
    package let findings: [FindingCode] = [.mla102]
    package let subfeatures: [Subfeature] = []

    package static let maxFiles = 4
    static let maxSitesPerFile = 12
    package static let maxLineBytes = 4096

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let facts = context.facts
        guard !LoadContext.torchLoadsWeightsOnlyByDefault(facts), !LoadContext.torchLacksWeightsOnly(facts),
            !LoadContext.supportsTorchBeforeWeightsOnly(facts), !Self.checkpointsHoldObjects(context)
        else { return nil }
        // Per site: not a load of RNG state (Python/NumPy RNG states are tuples and ndarrays weights_only refuses).
        // Not in a module where the maintainers already chose per call (an explicit `weights_only=False` there means
        // its checkpoints hold objects, such as sharded tensors or trainer state).
        // Per module once (a generated file can hold thousands of calls): explicit opt-outs and object saves.
        var excluded: [String: Bool] = [:]
        func moduleExcluded(_ m: PythonModule) -> Bool {
            if let known = excluded[m.path] { return known }
            let value =
                m.calls.contains { $0.keywordValues["weights_only"] == "False" } || Self.savesObjects(m, context)
            excluded[m.path] = value
            return value
        }
        let sites = TorchLoadWithoutWeightsOnlyCheck.sites(context).filter { m, c in
            c.keywordValues["weights_only"] == nil && !c.keywords.contains("**") && !Self.loadsRNGState(m, c)
                && !moduleExcluded(m)
        }
        var byPath: [String: [PythonCall]] = [:]
        // notebooks are JSON: not edited
        for (m, c) in sites where m.path.hasSuffix(".py") { byPath[m.path, default: []].append(c) }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted().prefix(Self.maxFiles) {
            guard var editor = context.editor(path), let module = facts.python[path] else { continue }
            var touched = Set<Int>()
            // A line with many calls is generated or minified code, not a checkpoint load to edit by hand; and a
            // reviewable diff touches a handful of sites per file.
            let perLine = Dictionary(grouping: byPath[path]!, by: \.line)
            let editable = byPath[path]!.filter { (perLine[$0.line]?.count ?? 0) <= 2 }
            let lines = context.facts.lines(path)
            // Twin loads (`base = torch.load(a)` / `compare = torch.load(b)`) are treated alike: a function's loads
            // are all edited or none is (a load left out by any rule above keeps its twins as they are).
            let allLoads = Dictionary(
                grouping: module.calls.filter {
                    context.resolved($0, in: module) == "torch.load" && $0.keywordValues["weights_only"] == nil
                }, by: { $0.enclosingFunction ?? "" })
            let byFunction = Dictionary(grouping: editable, by: { $0.enclosingFunction ?? "" })
            var budget = Self.maxSitesPerFile
            for function in byFunction.keys.sorted(by: { a, b in
                (byFunction[a]!.map(\.line).max() ?? 0) > (byFunction[b]!.map(\.line).max() ?? 0)
            }) {
                let calls = byFunction[function]!
                // At module level, each load stands alone; in a function, all of its loads or none.
                if !function.isEmpty, (allLoads[function]?.count ?? 0) != calls.count { continue }
                guard calls.count <= budget else { continue }
                var trial = editor
                var trialTouched = touched
                var trialCited: [String] = []
                var complete = true
                for call in calls.sorted(by: { $0.line > $1.line }) {
                    // A minified or generated line (thousands of calls on one line) is not hand-edited code: no
                    // edit, and no per-call scan of a huge line.
                    guard call.line >= 1, call.line <= lines.count,
                        lines[call.line - 1].utf8.count <= Self.maxLineBytes,
                        let open = trial.callOpen(line: call.line - 1, callee: call.callee, column: call.column),
                        let close = trial.matchingClose(line: call.line - 1, offset: open),
                        !trialTouched.contains(close.line)
                    else {
                        complete = false
                        break
                    }
                    // The close bracket alone on its line edits the line above it too.
                    let closeStandsAlone = trial.line(close.line + 1).prefix(close.offset).allSatisfy {
                        $0 == " " || $0 == "\t"
                    }
                    if closeStandsAlone && trialTouched.contains(close.line - 1) {
                        complete = false
                        break
                    }
                    guard trial.insertElement("weights_only=True", beforeClose: close) else {
                        complete = false
                        break
                    }
                    trialTouched.insert(close.line)
                    if closeStandsAlone { trialTouched.insert(close.line - 1) }
                    trialCited.append("\(path):\(call.line)")
                }
                guard complete || function.isEmpty else { continue }
                if complete || !trialCited.isEmpty {
                    editor = trial
                    touched = trialTouched
                    cited += trialCited
                    budget -= trialCited.count
                }
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        let shown = cited.sorted()
        return DiffProposal(
            title:
                "Load checkpoints with `torch.load(..., weights_only=True)` (\(shown.prefix(2).joined(separator: ", "))\(shown.count > 2 ? ", +\(shown.count - 2)" : ""))",
            why:
                "`torch.load` unpickles by default before torch 2.6, so a tampered or downloaded checkpoint runs code on load (\(shown.prefix(3).joined(separator: ", "))). The checkpoints this repository writes hold tensors and plain containers, which `weights_only=True` loads unchanged.",
            risk:
                "A checkpoint from elsewhere that pickles custom classes fails at \(shown.first ?? paths[0]) with an UnpicklingError naming the class; allow-list it with `torch.serialization.add_safe_globals`. Needs torch >= 1.13.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs:
                "Save the dict this code writes and reload it through \(paths[0]) in a pytest (tmp_path); nothing else changes.",
            files: files)
    }

    /// The repository's own `torch.save` calls store objects `weights_only` refuses: whole modules (`deepcopy(model)`,
    /// `.half()`), NumPy values or argparse namespaces.
    /// The module `torch.save`s something that is neither a dict nor a `state_dict()` (a whole module, an
    /// anchor generator): what it loads back is an object `weights_only` refuses.
    static func savesObjects(_ m: PythonModule, _ context: FindingContext) -> Bool {
        m.calls.contains { c in
            guard context.resolved(c, in: m) == "torch.save", let first = c.positionalArguments.first else {
                return false
            }
            if first.hasPrefix("{") || first.hasSuffix("state_dict()") { return false }
            if first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                return !m.assignments.contains {
                    $0.target == first
                        && ($0.valueText.hasPrefix("{") || $0.valueText.hasSuffix("state_dict()")
                            || $0.valueText.hasPrefix("dict("))
                }
            }
            return true
        }
    }

    static func loadsRNGState(_ m: PythonModule, _ c: PythonCall) -> Bool {
        let words = [m.path, c.enclosingFunction ?? "", c.positionalArguments.first ?? ""].joined(separator: " ")
            .lowercased()
        return ["random", "rng", "generator_state", "seed"].contains(where: words.contains)
    }

    static func checkpointsHoldObjects(_ context: FindingContext) -> Bool {

        for (m, c) in context.calls(["torch.save"]) {
            guard let first = c.positionalArguments.first else { continue }
            var text = first
            if first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                let a = m.assignments.filter({ $0.target == first && $0.line <= c.line }).max(by: { $0.line < $1.line })
            {
                text = a.valueText
            }
            if ["deepcopy(", ".half()", "np.", "numpy", "Namespace"].contains(where: text.contains) { return true }
            if text.range(of: #":\s*(args|opt|model|ema|self)\s*[,}]"#, options: .regularExpression) != nil {
                return true
            }
        }
        return false
    }
}
