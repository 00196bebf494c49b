import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Reproducibility Checklist: seeds, environment capture, code versioning, results determinism.
/// Each item is present / partial / missing, with notes naming what is there and what is not, and real path:line evidence.
public enum ReproducibilityChecklist {
    public static func items(facts: RepositoryFacts, capabilities: [CapabilityAssessment]) -> [ReproItem] {
        let code = StageTrace.detail("repro signals") { facts.productSignals() }
        return [
            StageTrace.detail("repro seeds") { seeds(facts, code, capabilities) },
            StageTrace.detail("repro environment") { EnvironmentCapture.item(facts) },
            StageTrace.detail("repro versioning") { versioning(facts, code) },
            StageTrace.detail("repro determinism") { determinism(facts, code) },
        ]
    }

    // MARK: Seeds

    /// An RNG family a seeding call covers; a call that seeds every family (set_seed, seed_everything) is `seedsAll`.
    package struct SeedFamily: Hashable, Comparable {
        package var name: String
        package var seedsAll = false
        /// Families that seed everything first, then by name (the checklist's order).
        package static func < (a: SeedFamily, b: SeedFamily) -> Bool {
            (a.seedsAll ? 0 : 1, a.name) < (b.seedsAll ? 0 : 1, b.name)
        }
    }

    /// RNG families and the seeding calls that cover them.
    package static func seedFamily(_ c: CodeSignals.Call, _ m: CodeSignals) -> SeedFamily? {
        let callee = c.callee
        let leaf = CodeSignals.leaf(callee)
        if leaf == "seed_everything" { return SeedFamily(name: "lightning seed_everything", seedsAll: true) }
        if leaf == "set_seed" {
            if callee.hasPrefix("transformers.") || m.namesImported(from: "transformers").contains("set_seed") {
                return SeedFamily(name: "transformers.set_seed", seedsAll: true)
            }
            if callee.hasPrefix("accelerate") || m.namesImported(from: "accelerate").contains("set_seed") {
                return SeedFamily(name: "accelerate set_seed", seedsAll: true)
            }
            if callee.contains("tf.random") || callee.contains("tensorflow") { return SeedFamily(name: "tensorflow") }
            return SeedFamily(name: "set_seed (own helper)", seedsAll: true)
        }
        if leaf == "manual_seed_all" || callee.hasSuffix("cuda.manual_seed") { return SeedFamily(name: "torch.cuda") }
        if leaf == "manual_seed" && !callee.contains("Generator")
            && (callee.hasPrefix("torch") || m.importsModule("torch"))
        {
            return SeedFamily(name: "torch")
        }
        if callee == "np.random.seed" || callee == "numpy.random.seed" { return SeedFamily(name: "numpy") }
        if callee == "random.seed" || (callee == "seed" && m.namesImported(from: "random").contains("seed")) {
            return SeedFamily(name: "random")
        }
        if callee.hasSuffix("random.PRNGKey") || callee.hasSuffix("random.key") && callee.hasPrefix("jax") {
            return SeedFamily(name: "jax")
        }
        return nil
    }

    /// RNG families whose random draws the code makes (so they need a seed).
    package static func usedFamilies(_ m: CodeSignals) -> Set<String> {
        var used = Set<String>()
        if m.importsModule("torch") { used.insert("torch") }
        for c in m.calls {
            if (c.callee.hasPrefix("np.random.") || c.callee.hasPrefix("numpy.random.")) && !c.callee.hasSuffix(".seed")
            {
                used.insert("numpy")
            }
            if c.callee.hasPrefix("random.") && c.callee != "random.seed" && m.importsModule("random") {
                used.insert("random")
            }
        }
        return used
    }

    package static func seeds(_ facts: RepositoryFacts, _ code: [CodeSignals], _ caps: [CapabilityAssessment])
        -> ReproItem
    {
        var seeded: [SeedFamily: [Evidence]] = [:]
        var used = Set<String>()
        for m in code {
            used.formUnion(usedFamilies(m))
            for c in m.calls {
                if let fam = seedFamily(c, m) { seeded[fam, default: []].append(facts.evidence(m.path, c.line)) }
            }
        }
        let allInOne = seeded.keys.filter(\.seedsAll).sorted()
        let covered = Set(seeded.keys.map { $0.name == "torch.cuda" ? "torch" : $0.name })
        let unseeded = allInOne.isEmpty ? used.subtracting(covered).sorted() : []
        // Root-level entry points first, then examples and deeper modules.
        let rank = { (e: Evidence) in (e.path.split(separator: "/").count, e.path, e.line) }
        for k in seeded.keys { seeded[k]!.sort { rank($0) < rank($1) } }
        let families = seeded.keys.sorted()
        let evidence = Array(families.map { seeded[$0]![0] }.prefix(5))
        let place = families.map { fam in
            let sites = seeded[fam]!
            return "\(fam.name) at \(sites[0].citation)"
                + (sites.count > 1 ? " (+\(sites.count - 1))" : "")
        }
        var notes: String
        let status: ReproStatus
        if seeded.isEmpty {
            status = .missing
            notes =
                used.isEmpty
                ? "No RNG is seeded anywhere in product code."
                : "No RNG is seeded; the code draws from \(used.sorted().joined(separator: ", ")). Add one seeding helper (torch, numpy, random, cuda) called first in every entry point."
        } else if unseeded.isEmpty {
            status = .present
            notes = "Seeded: " + place.joined(separator: "; ") + "."
        } else {
            status = .partial
            notes =
                "Seeded: " + place.joined(separator: "; ")
                + ". Not seeded but used: \(unseeded.joined(separator: ", "))."
        }
        if let rng = caps.lazy.flatMap(\.subfeatures).first(where: { $0.subfeature == .rngState }),
            rng.state != .present
        {
            notes += " RNG state is not saved in checkpoints, so a resumed run diverges from an uninterrupted one."
        }
        return ReproItem(item: "Seeds", status: status, notes: notes, evidence: evidence)
    }

    // MARK: Code versioning

    /// Texts one of which every commit-recording line of `versioning` holds, as bytes.
    static let commitMarkers: [[UInt8]] = ["git_commit", "\"commit_hash\"", "mlflow.source.git.commit"].map {
        Array($0.utf8)
    }

    package static func versioning(_ facts: RepositoryFacts, _ code: [CodeSignals]) -> ReproItem {
        let git = facts.git
        var recorded: [Evidence] = []
        for m in code {
            // A call's argument text is its tokens as written, a space only where the source had one: it holds
            // "rev-parse" only if the file does, which the byte-pair filter rules out for most files unread.
            let mayRevParse = facts.snapshot.mayContain(m.path, revParse)
            for c in m.calls
            where mayRevParse && c.argumentsContain("rev-parse") || c.callee.hasSuffix("Repo") && m.importsModule("git")
                || gitLeaf(c.callee)
            {
                recorded.append(facts.evidence(m.path, c.line))
            }
            // Every line that records a commit holds one of these texts: a file that cannot hold any is not read
            // again (the snapshot's byte-pair filter answers without the text).
            guard
                commitMarkers.contains(where: { facts.snapshot.mayContain(m.path, $0) })
            else { continue }
            // The byte-pair filter lets most large files through: the whole text is searched once for the markers
            // (their characters have no other canonically equivalent form, so a line search cannot find one the
            // bytes do not hold) before every line is searched for them.
            guard let content = facts.snapshot.content(m.path), !content.isBinary,
                content.withBytes({ text in
                    commitMarkers.contains { marker in
                        marker.withUnsafeBytes { ByteSearch.occurs($0, in: UnsafeRawBufferPointer(text)) }
                    }
                })
            else { continue }
            for (n, l) in m.lines
            where l.fastContains("git_commit") && (l.fastContains("\"git_commit\"") || l.fastContains("'git_commit'"))
                || l.fastContains("\"commit_hash\"") || l.fastContains("mlflow.source.git.commit")
            {
                recorded.append(facts.evidence(m.path, n))
            }
        }
        recorded = Array(Set(recorded)).sorted { ($0.path, $0.line) < ($1.path, $1.line) }
        guard git.isRepository else {
            return ReproItem(
                item: "Code versioning", status: .missing,
                notes:
                    "The audited tree is not a git work tree: results cannot be tied to a commit. Put it under git and record the commit in every run's outputs.",
                evidence: recorded)
        }
        var state = git.head.map { "HEAD \(String($0.prefix(12)))" } ?? "no commit yet"
        if let b = git.branch { state += " on \(b)" } else if git.isDetached { state += " (detached)" }
        state += git.isDirty ? ", uncommitted changes in tracked files" : ", clean tree"
        if git.isShallow { state += ", shallow clone" }
        if recorded.isEmpty {
            return ReproItem(
                item: "Code versioning", status: .partial,
                notes:
                    "git: \(state). The commit is not written into outputs or checkpoints (no `git rev-parse HEAD` or commit field found); store it next to each checkpoint and metrics file.",
                evidence: [])
        }
        let status: ReproStatus = git.isDirty || git.head == nil ? .partial : .present
        return ReproItem(
            item: "Code versioning", status: status,
            notes:
                "git: \(state). The commit is recorded by the code at \(recorded.prefix(3).map(\.citation).joined(separator: ", "))."
                + (git.isDirty ? " The tree is dirty, so the recorded commit does not describe this code." : ""),
            evidence: Array(recorded.prefix(3)))
    }

    /// Whether the callee's last component names a git hash/commit helper (case-insensitive).
    package static func gitLeaf(_ callee: String) -> Bool {
        // An ASCII callee not ending in "." (every product call, nearly): its leaf is the bytes after the last dot,
        // and lower-casing then searching is a case-insensitive byte search. No string is made.
        var text = callee
        let fast: Bool? = text.withUTF8 { b -> Bool? in
            guard let lastByte = b.last, lastByte != 0x2E, b.allSatisfy({ $0 < 0x80 }) else { return nil }
            let start = b.lastIndex(of: 0x2E).map { $0 + 1 } ?? 0
            let leaf = UnsafeBufferPointer(rebasing: b[start...])
            guard leaf.count >= 8 else { return false }
            return containsIgnoringASCIICase(leaf, gitHash) || containsIgnoringASCIICase(leaf, gitCommit)
        }
        if let fast { return fast }
        let leaf = CodeSignals.leaf(callee)
        guard leaf.utf8.count >= 8 else { return false }
        let lower = leaf.lowercased()
        return lower.fastContains("git_hash") || lower.fastContains("git_commit")
    }

    private static let revParse = Array("rev-parse".utf8)
    private static let gitHash = Array("git_hash".utf8)
    private static let gitCommit = Array("git_commit".utf8)

    /// Whether the lower-case ASCII `needle` occurs in `text` with ASCII letters compared without case.
    private static func containsIgnoringASCIICase(_ text: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard text.count >= needle.count else { return false }
        let lower = { (x: UInt8) in x >= 0x41 && x <= 0x5A ? x | 0x20 : x }
        outer: for i in 0...(text.count - needle.count) {
            for j in needle.indices where lower(text[i + j]) != needle[j] { continue outer }
            return true
        }
        return false
    }

    // MARK: Results determinism

    package static func determinism(_ facts: RepositoryFacts, _ code: [CodeSignals]) -> ReproItem {
        // each setting found: what it is (decides), how the notes name it (shown), where
        var good: [(DeterminismSetting, String, Evidence)] = []
        var bad: [(DeterminismSetting, String, Evidence)] = []
        func note(_ ok: Bool, _ setting: DeterminismSetting, _ what: String, _ ev: Evidence) {
            if ok { good.append((setting, what, ev)) } else { bad.append((setting, what, ev)) }
        }
        var loaders: [Evidence] = []
        var seededLoaders: [Evidence] = []
        for m in code {
            for c in m.calls {
                let leaf = CodeSignals.leaf(c.callee)
                if leaf == "use_deterministic_algorithms" {
                    let on = !c.arguments.hasPrefix("False")
                    note(
                        on, .deterministicAlgorithms, "torch.use_deterministic_algorithms(\(on ? "True" : "False"))",
                        facts.evidence(m.path, c.line))
                }
                if leaf == "DataLoader" {
                    let ev = facts.evidence(m.path, c.line)
                    loaders.append(ev)
                    if c.argumentsContain("worker_init_fn") || c.argumentsContain("generator") {
                        seededLoaders.append(ev)
                    }
                }
            }
            for a in m.assignments {
                // Trimmed only for the few assignments that need the value (Foundation's trim is slow on Linux).
                var v: String { a.value.trimmingCharacters(in: .whitespaces) }
                if a.target.hasSuffix("cudnn.deterministic") {
                    note(
                        v.hasPrefix("True"), .cudnnDeterministic, "cudnn.deterministic = \(v)",
                        facts.evidence(m.path, a.line))
                } else if a.target.hasSuffix("cudnn.benchmark") {
                    note(
                        v.hasPrefix("False"), .cudnnBenchmark, "cudnn.benchmark = \(v)", facts.evidence(m.path, a.line))
                } else if a.target.fastContains("PYTHONHASHSEED") || a.target.fastContains("CUBLAS_WORKSPACE_CONFIG") {
                    let hash = a.target.contains("PYTHONHASHSEED")
                    good.append(
                        (
                            hash ? .hashSeed : .cublasWorkspace,
                            hash ? "PYTHONHASHSEED set" : "CUBLAS_WORKSPACE_CONFIG set",
                            facts.evidence(m.path, a.line)
                        ))
                } else if a.target.hasSuffix("allow_tf32"), v.hasPrefix("True") {
                    bad.append(
                        (
                            .tf32, "\(a.target.split(separator: ".").suffix(2).joined(separator: ".")) = True",
                            facts.evidence(m.path, a.line)
                        ))
                }
            }
        }
        // PYTHONHASHSEED pinned outside Python (Dockerfile, Makefile, shell, tox/nox config).
        let hashSeed = Array("PYTHONHASHSEED".utf8)
        for f in facts.files
        where [.dockerfile, .makefile, .shell, .ini, .toml, .yaml].contains(f.kind) && !f.isVendored {
            // No line can hold the name when the file's bytes do not (a byte search skips splitting most files).
            guard let content = facts.snapshot.content(f.path),
                content.withBytes({ h in
                    hashSeed.withUnsafeBytes { ByteSearch.occurs($0, in: UnsafeRawBufferPointer(h)) }
                })
            else { continue }
            for (i, l) in facts.lines(f.path).enumerated() where l.fastContains("PYTHONHASHSEED") {
                good.append((.hashSeed, "PYTHONHASHSEED pinned", facts.evidence(f.path, i + 1)))
                break
            }
        }
        let strong = good.contains { $0.0 == .deterministicAlgorithms || $0.0 == .cudnnDeterministic }
        var parts: [String] = []
        if !good.isEmpty {
            parts.append("Set: " + good.prefix(4).map { "\($0.1) at \($0.2.citation)" }.joined(separator: "; ") + ".")
        }
        if !bad.isEmpty {
            parts.append(
                "Against determinism: " + bad.prefix(4).map { "\($0.1) at \($0.2.citation)" }.joined(separator: "; ")
                    + ".")
        }
        if !loaders.isEmpty {
            let unseeded = loaders.count - seededLoaders.count
            parts.append(
                unseeded == 0
                    ? "Every DataLoader passes a generator or worker_init_fn."
                    : "\(unseeded) of \(loaders.count) DataLoader(s) pass no generator/worker_init_fn (first at \(loaders.first { !seededLoaders.contains($0) }!.citation))."
            )
        }
        if !strong {
            parts.append(
                "Missing: torch.use_deterministic_algorithms(True) / cudnn.deterministic = True for reproducible runs.")
        }
        if !good.contains(where: { $0.0 == .hashSeed }) { parts.append("PYTHONHASHSEED is not pinned.") }
        let status: ReproStatus =
            strong && bad.isEmpty ? .present : (good.isEmpty && seededLoaders.isEmpty ? .missing : .partial)
        let evidence = (good.map(\.2) + bad.map(\.2) + seededLoaders).prefix(5)
        return ReproItem(
            item: "Results determinism", status: status, notes: parts.joined(separator: " "), evidence: Array(evidence))
    }
}

/// A setting that makes results deterministic or not (the Results determinism item decides on these, never on
/// the words its notes show).
enum DeterminismSetting {
    case deterministicAlgorithms, cudnnDeterministic, cudnnBenchmark, hashSeed, cublasWorkspace, tf32
}
