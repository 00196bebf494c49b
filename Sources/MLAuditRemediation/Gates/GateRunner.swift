import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Runs gates under `--run-gates` only: inside a temporary copy of the repository (the audited tree is never
/// written), with a minimal environment, without network when `unshare -rn` works, each under the gate timeout.
package enum GateRunner {
    /// Network isolation and timeout wrappers available on this machine, probed once per run.
    package struct Isolation {
        package var prefix: [String]
        package var note: String?

        package static func probe() -> Isolation {
            var prefix: [String] = []
            var note: String? = nil
            if let r = try? ProcessRunner.run("unshare", ["-rn", "true"], timeout: 10), r.exitCode == 0, !r.timedOut {
                prefix = ["unshare", "-rn"]
            } else {
                let why =
                    (try? ProcessRunner.run("unshare", ["-rn", "true"], timeout: 10))
                    .map { $0.stderrText.trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unshare is not installed"
                note =
                    "network isolation unavailable (unshare -rn failed: \(why.isEmpty ? "non-zero exit" : String(why.prefix(120)))); the gate ran with network access"
            }
            return Isolation(prefix: prefix, note: note)
        }
    }

    package static func run(_ specs: [GateSpec], facts: RepositoryFacts, settings: AuditSettings) -> [GateOutcome] {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("mlaudit-gates-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: base) }
        let copy = base.appendingPathComponent(
            facts.root.lastPathComponent.isEmpty ? "repo" : facts.root.lastPathComponent)
        let home = base.appendingPathComponent("home")
        do {
            try fm.createDirectory(at: home, withIntermediateDirectories: true)
            try copyTree(facts: facts, to: copy)
        } catch {
            facts.errors.record(
                step: .gates, error: "could not make a temporary copy of the repository: \(error.localizedDescription)",
                context: "gates run only in a temporary copy; none was run", path: nil)
            return specs.map { _ in GateOutcome(ran: false, exitCode: nil, output: nil) }
        }
        let isolation = Isolation.probe()
        let hasTimeout = fm.isExecutableFile(atPath: "/usr/bin/timeout") || fm.isExecutableFile(atPath: "/bin/timeout")
        let env = environment(home: home)
        return specs.map { spec in
            runOne(
                spec, in: copy, env: env, isolation: isolation, hasTimeout: hasTimeout, timeout: settings.gateTimeout,
                errors: facts.errors,
                known: facts.secrets.known)
        }
    }

    package struct GateOutcome {
        package var ran: Bool
        package var exitCode: Int?
        package var output: String?
    }

    package static func runOne(
        _ spec: GateSpec, in dir: URL, env: [String: String], isolation: Isolation, hasTimeout: Bool,
        timeout: TimeInterval, errors: ErrorLog, known: KnownSecrets
    ) -> GateOutcome {
        var transcript = ""
        var code: Int32 = 0
        for argv in spec.steps {
            var full = isolation.prefix + argv
            if hasTimeout { full = ["timeout", "-k", "5", String(max(1, Int(timeout)))] + full }
            do {
                let r = try ProcessRunner.run(
                    full[0], Array(full.dropFirst()), in: dir, environment: env,
                    timeout: timeout + 15, maxOutput: 4 << 20)
                transcript += r.stdoutText + r.stderrText
                code = r.timedOut ? 124 : r.exitCode
                if code == 124 || r.timedOut {
                    transcript += "\n[timed out after \(Int(timeout)) s; the gate's process group was killed]"
                    errors.record(
                        step: .gates, error: "gate `\(spec.command)` timed out after \(Int(timeout)) s",
                        context: "raise the limit with the gate timeout setting, or narrow the gate to a faster subset",
                        path: spec.source?.path)
                }
            } catch {
                errors.record(
                    step: .gates, error: "gate `\(spec.command)` could not start: \(error)",
                    context: "the program is not installed or not executable", path: spec.source?.path)
                return GateOutcome(ran: false, exitCode: nil, output: "could not start: \(error)")
            }
            if code != 0 { break }
        }
        // The copy's random path would make reports differ run to run.
        transcript = transcript.replacingOccurrences(of: dir.path, with: "<temp copy>")
        // Test runners print their wall time ("1 passed in 3.24s"): the same run must give the same report.
        transcript = transcript.replacingOccurrences(
            of: #"\b(in|after|took) [0-9]+(\.[0-9]+)?s\b"#, with: "$1 <elapsed>", options: .regularExpression)
        var output = trim(SecretScanner.redact(transcript, known: known))
        if let note = isolation.note { output = note + "\n" + output }
        return GateOutcome(ran: true, exitCode: Int(code), output: output)
    }

    /// The last lines of a transcript (at most 20 lines, 1,500 characters), trailing blanks removed.
    package static func trim(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var kept = Array(lines.reversed().drop { $0.isEmpty }.reversed().drop { $0.isEmpty })
        if kept.count > 20 { kept = ["..."] + kept.suffix(20) }
        var s = kept.joined(separator: "\n")
        if s.count > 1500 { s = "..." + String(s.suffix(1500)) }
        return s.isEmpty ? "(no output)" : s
    }

    /// PATH, a throwaway HOME, UTF-8 locale, pinned hash seed, offline switches for the usual ML hubs and trackers.
    package static func environment(home: URL) -> [String: String] {
        let parent = ProcessInfo.processInfo.environment
        var env: [String: String] = [
            "PATH": parent["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path, "TMPDIR": home.path, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PIP_NO_INDEX": "1",
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
            "WANDB_MODE": "offline", "MLFLOW_TRACKING_URI": "file:" + home.appendingPathComponent("mlruns").path,
            "CUDA_VISIBLE_DEVICES": "", "MPLBACKEND": "Agg", "NO_COLOR": "1",
        ]
        // Version managers resolve interpreters through their own variables.
        for key in ["PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "CONDA_PREFIX", "CONDA_DEFAULT_ENV"] {
            if let v = parent[key] { env[key] = v }
        }
        if env["PYENV_ROOT"] == nil, let realHome = parent["HOME"],
            FileManager.default.fileExists(atPath: realHome + "/.pyenv")
        {
            env["PYENV_ROOT"] = realHome + "/.pyenv"
        }
        return env
    }

    /// Copies the snapshot's regular files (tracked and untracked-not-ignored); never follows links, never writes the original.
    package static func copyTree(facts: RepositoryFacts, to dest: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dest, withIntermediateDirectories: true)
        var made: Set<String> = []
        for f in facts.files {
            let parts = f.path.split(separator: "/")
            guard !parts.contains(".."), !f.path.hasPrefix("/") else { continue }
            let target = dest.appendingPathComponent(f.path)
            let dir = target.deletingLastPathComponent().path
            if !made.contains(dir) {
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
                made.insert(dir)
            }
            let src = facts.root.appendingPathComponent(f.path)
            guard let attrs = try? fm.attributesOfItem(atPath: src.path),
                attrs[.type] as? FileAttributeType == .typeRegular
            else { continue }
            try fm.copyItem(at: src, to: target)
        }
    }
}
