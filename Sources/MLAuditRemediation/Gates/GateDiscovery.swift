import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Local Tests & Gates: the repository's offline gates, run only under `--run-gates`.
/// Discovery reads pytest/coverage/tox/pre-commit configuration, Makefile targets, nox sessions and the test files;
/// when the repository defines nothing, it proposes the offline gates it should have.
public enum GateDiscovery {
    public static func gates(facts: RepositoryFacts, settings: AuditSettings) -> [Gate] {
        let specs = StageTrace.detail("gates discover") { discover(facts: facts) }
        let tests = StageTrace.detail("gates test coverage") {
            MLTestScore.coverage(of: facts.testSignals(), facts: facts)
        }
        let outcomes: [GateRunner.GateOutcome]
        if settings.runGates {
            outcomes = GateRunner.run(specs, facts: facts, settings: settings)
        } else {
            outcomes = specs.map { _ in GateRunner.GateOutcome(ran: false, exitCode: nil, output: nil) }
        }
        return zip(specs, outcomes).map { spec, outcome in
            let (cats, cites) = MLTestScore.categories(for: spec, tests: tests)
            var purpose = spec.purpose
            if !cites.isEmpty {
                // "data, model, infrastructure: tests/conftest.py:99" rather than one repeat per category.
                var order: [String] = []
                var byPlace: [String: [String]] = [:]
                for (category, evidence) in cites {
                    let place = evidence.citation
                    if byPlace[place] == nil { order.append(place) }
                    byPlace[place, default: []].append(category.rawValue)
                }
                purpose +=
                    ". Exercises "
                    + order.map { "\(byPlace[$0]!.joined(separator: ", ")): \($0)" }.joined(separator: "; ")
            }
            return Gate(
                command: spec.command, purpose: purpose, mlTestScore: cats.isEmpty ? [.infrastructure] : cats,
                ran: outcome.ran, exitCode: outcome.exitCode, output: outcome.output, source: spec.source,
                origin: spec.kind == .proposed ? .proposed : .defined, needsGPU: spec.needsGPU,
                selectsAbsentPaths: spec.selectsAbsentPaths)
        }
    }

    /// Every gate the repository defines, in a stable order, with a plain pytest gate when tests exist without config
    /// and proposed gates when nothing exists.
    package static func discover(facts: RepositoryFacts) -> [GateSpec] {
        var specs: [GateSpec] = []
        let testFiles = facts.files.filter {
            $0.kind == .python && $0.isTest && !$0.isVendored && $0.name.hasPrefix("test")
        }
        if let p = GateSources.pytest(facts) {
            specs.append(p)
        } else if let first = testFiles.first {
            let dirs = Set(testFiles.map { $0.components.count > 1 ? String($0.components[0]) : "." }).sorted()
            specs.append(
                GateSpec(
                    kind: .pytest, steps: [["python", "-m", "pytest", "-q"]],
                    purpose:
                        "Runs the \(testFiles.count) test file(s) under \(dirs.joined(separator: ", ")) with pytest's default discovery (no pytest configuration found)",
                    selection: .allTests, source: facts.evidence(first.path, 1)))
        }
        if let c = GateSources.coverage(facts) { specs.append(c) }
        specs += NoxSessions.gates(facts)
        specs += GateSources.tox(facts)
        specs += GateSources.make(facts)
        if let pc = GateSources.preCommit(facts) { specs.append(pc) }
        specs += DocumentedCommands.gates(facts, existing: specs)
        var seen = Set<String>()
        specs = specs.filter { seen.insert($0.command).inserted }
        if specs.isEmpty || testFiles.isEmpty && !specs.contains(where: { $0.kind == .pytest }) {
            specs += proposals(facts: facts, hasTests: !testFiles.isEmpty)
        }
        return specs
    }

    /// Offline gates for a repository without any: a smoke-test suite and a byte-compile check.
    package static func proposals(facts: RepositoryFacts, hasTests: Bool) -> [GateSpec] {
        let product = facts.files.filter { $0.kind == .python && $0.countsAsProduct }
        let entry = product.first { ["train.py", "main.py", "cli.py", "__main__.py"].contains(String($0.name)) }?.path
        let model = product.first { $0.name.contains("model") }?.path
        var subjects: [String] = []
        if let model { subjects.append("a forward pass of \(model) on a tiny config (output shape)") }
        subjects.append("one batch from the data pipeline")
        if let entry { subjects.append("\(entry) running one step on CPU with a temp output dir") }
        var out: [GateSpec] = []
        if !hasTests {
            out.append(
                GateSpec(
                    kind: .proposed, steps: [["python", "-m", "pytest", "-q"]],
                    purpose:
                        "Proposed (the repository has no tests): add tests/test_smoke.py covering \(subjects.joined(separator: ", ")); run offline with HF_HUB_OFFLINE=1 WANDB_MODE=offline",
                    selection: .none, source: nil, baseCategories: [.data, .model, .infrastructure]))
        }
        if !product.isEmpty {
            out.append(
                GateSpec(
                    kind: .proposed, steps: [["python", "-m", "compileall", "-q", "."]],
                    purpose:
                        "Proposed: byte-compiles all \(product.count) Python file(s) to catch syntax errors offline (no dependencies needed)",
                    selection: .none, source: nil, baseCategories: [.infrastructure]))
        }
        return out
    }
}
