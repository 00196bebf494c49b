import Foundation
import Yams
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// Local gates: a detect-secrets pre-commit hook, a coverage floor, offline nox sessions.

package struct DetectSecretsHookProposer: DiffProposer {
    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard NoSecretScannerCheck().evaluate(context).isEmpty == false else { return nil }
        let existing = context.files { $0.path == ".pre-commit-config.yaml" || $0.path == ".pre-commit-config.yml" }.first
        let hook = ["- repo: local", "  hooks:", "    - id: detect-secrets", "      name: detect-secrets (local, offline)",
                    "      entry: detect-secrets-hook", "      language: system", "      types: [text]"]
        var file: DiffProposal.File
        if let existing, var editor = context.editor(existing.path) {
            // The `repos:` list: its item indentation, and where it ends (next top-level key or end of file).
            guard let reposIndex = editor.lines.firstIndex(where: { $0.hasPrefix("repos:") }) else { return nil }
            let after = editor.lines.index(after: reposIndex)
            let itemIndent = editor.lines[after...].first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") }.map(SourceEditor.indentation) ?? "  "
            var end = editor.lines.count
            if let next = editor.lines[after...].firstIndex(where: { l in
                guard let c = l.first else { return false }
                return c != " " && c != "\t" && c != "#" && c != "-"
            }) { end = next }
            while end > after && editor.lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
            editor.insert(hook.map { itemIndent + $0 }, before: end)
            file = DiffProposal.File(editor)
        } else {
            guard context.isFree(".pre-commit-config.yaml") else { return nil }
            file = DiffProposal.File(path: ".pre-commit-config.yaml", original: nil,
                                     updated: "# Local hooks only: run with `pre-commit run --all-files` (no hosted CI).\nrepos:\n" + hook.map { "  " + $0 }.joined(separator: "\n") + "\n")
        }
        // The result must stay valid YAML with the hook in the repos list.
        guard let parsed = try? Yams.load(yaml: file.updated) as? [String: Any], let repos = parsed["repos"] as? [Any],
              repos.contains(where: { ($0 as? [String: Any])?["repo"] as? String == "local" }) else { return nil }
        let created = file.original == nil
        return DiffProposal(
            title: "Add a local `detect-secrets` pre-commit hook",
            why: "No secret scanner is configured; W&B, Hugging Face and cloud keys pasted into configs or notebooks would be committed unnoticed. A local hook (language: system) scans staged files offline, with no hosted CI.",
            risk: "Commits with high-entropy strings are blocked until reviewed; mark false positives with `# pragma: allowlist secret` or a baseline (`detect-secrets scan > .secrets.baseline`, then `entry: detect-secrets-hook --baseline .secrets.baseline`). Requires `pip install detect-secrets pre-commit`.",
            rollback: FindingContext.rollback(modified: created ? [] : [file.path], created: created ? [file.path] : []),
            testsDocs: "Run `pre-commit run detect-secrets --all-files` once and baseline existing findings; note the hook in CONTRIBUTING/README.",
            files: [file])
    }
}

package struct CoverageFloorProposer: DiffProposer {
    package static let floor = 70

    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard !NoCoverageThresholdCheck().evaluate(context).isEmpty else { return nil }
        let line = "fail_under = \(Self.floor)"
        var file: DiffProposal.File?
        var place = ""
        // An existing report section first, in the file coverage.py reads first.
        let sections: [(String, String)] = [(".coveragerc", "[report]"), ("pyproject.toml", "[tool.coverage.report]"),
                                            ("setup.cfg", "[coverage:report]"), ("tox.ini", "[coverage:report]")]
        for (path, header) in sections {
            guard var editor = context.editor(path), let i = editor.lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == header }) else { continue }
            editor.insert([Self.styled(line: "fail_under", value: "\(Self.floor)", section: i, in: editor.lines, toml: path.hasSuffix(".toml"))], after: i)
            file = DiffProposal.File(editor); place = "\(path) \(header)"
            break
        }
        if file == nil {
            if var editor = context.editor(".coveragerc") {
                editor.append(["", "[report]", line]); file = DiffProposal.File(editor); place = ".coveragerc [report]"
            } else if var editor = context.editor("pyproject.toml") {
                if editor.lines.last?.isEmpty == false { editor.append([""]) }
                editor.append(["[tool.coverage.report]", line]); file = DiffProposal.File(editor); place = "pyproject.toml [tool.coverage.report]"
            } else if var editor = context.editor("setup.cfg") {
                if editor.lines.last?.isEmpty == false { editor.append([""]) }
                editor.append(["[coverage:report]", line]); file = DiffProposal.File(editor); place = "setup.cfg [coverage:report]"
            } else if context.isFree(".coveragerc") {
                file = DiffProposal.File(path: ".coveragerc", original: nil, updated: "[report]\n\(line)\n"); place = "a new .coveragerc"
            }
        }
        guard let file else { return nil }
        let created = file.original == nil
        return DiffProposal(
            title: "Enforce a \(Self.floor)% coverage floor (`fail_under` in \(place))",
            why: "Tests exist but nothing fails when coverage drops; with `fail_under` the coverage report (and `pytest --cov`) exits non-zero below \(Self.floor)%, so untested training paths cannot accumulate silently.",
            risk: "The gate fails at once if current coverage is below \(Self.floor)%: measure first (`coverage run -m pytest && coverage report`) and set the floor to the measured value, then ratchet it up.",
            rollback: FindingContext.rollback(modified: created ? [] : [file.path], created: created ? [file.path] : []),
            testsDocs: "Run `coverage run -m pytest -q && coverage report` (or `pytest --cov --cov-report=term-missing`) in the local gate; document the floor next to the test command.",
            files: [file])
    }
}

extension CoverageFloorProposer {
    /// `key = value` written like the section's first existing key: its indentation and separator
    /// (`=` or, in INI files, `:`, with or without spaces). TOML always uses `=`.
    package static func styled(line key: String, value: String, section: Int, in lines: [String], toml: Bool) -> String {
        var i = section + 1
        while i < lines.count {
            let l = lines[i]
            let t = l.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") { break }
            if !t.isEmpty, !t.hasPrefix("#"), !t.hasPrefix(";"), SourceEditor.indentation(l).isEmpty || !toml,
               let sep = l.firstIndex(where: { $0 == "=" || (!toml && $0 == ":") }),
               l[..<sep].trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) {
                let before = l[..<sep].reversed().prefix { $0 == " " || $0 == "\t" }
                let after = l[l.index(after: sep)...].prefix { $0 == " " || $0 == "\t" }
                return SourceEditor.indentation(l) + key + String(before) + String(l[sep]) + String(after) + value
            }
            i += 1
        }
        return "\(key) = \(value)"
    }
}

package struct NoxOfflineGatesProposer: DiffProposer {
    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard context.isFree("noxfile.py"), context.facts.snapshot.file("tox.ini") == nil else { return nil }
        let product = context.files { $0.kind == .python && !$0.isTest && $0.path.hasSuffix(".py") }
        guard !product.isEmpty else { return nil }
        let targets = Array(Set(product.map { p -> String in
            let parts = p.path.split(separator: "/")
            return parts.count > 1 ? String(parts[0]) : p.path
        })).sorted().filter { $0 != "noxfile.py" && $0 != "setup.py" }.prefix(12)
        guard !targets.isEmpty else { return nil }
        let hasTests = !QualityGates.testFiles(context).isEmpty
        var text = [
            "\"\"\"Local, offline gates. Run `nox` (all sessions) or `nox -s <name>`; nothing is installed or downloaded.\"\"\"",
            "import nox", "",
            "nox.options.sessions = [\(hasTests ? "\"tests\", " : "")\"compile_all\"]",
            "# Trackers and the Hugging Face Hub stay offline inside the gates.",
            "OFFLINE = {\"WANDB_MODE\": \"offline\", \"HF_HUB_OFFLINE\": \"1\", \"HF_DATASETS_OFFLINE\": \"1\",",
            "           \"TRANSFORMERS_OFFLINE\": \"1\", \"MLFLOW_TRACKING_URI\": \"file:./mlruns\"}", "", "",
        ]
        if hasTests {
            text += ["@nox.session(python=False)", "def tests(session):",
                     "    \"\"\"The pytest suite in the current environment (pass extra pytest arguments after --).\"\"\"",
                     "    session.run(\"python\", \"-m\", \"pytest\", \"-q\", *session.posargs, env=OFFLINE)", "", ""]
        }
        text += ["@nox.session(python=False)", "def compile_all(session):",
                 "    \"\"\"Byte-compile the code, catching syntax errors in scripts no test imports.\"\"\"",
                 "    session.run(\"python\", \"-m\", \"compileall\", \"-q\", \(targets.map { "\"\($0)\"" }.joined(separator: ", ")), env=OFFLINE)"]
        return DiffProposal(
            title: "Add `noxfile.py` with offline local gates (\(hasTests ? "tests, " : "")compile_all)",
            why: "There is no nox/tox gate runner; these sessions run \(hasTests ? "the pytest suite and " : "")a byte-compile of \(targets.count) top-level module(s)/package(s) in the current environment with W&B, MLflow and the Hub forced offline, so the same gate runs on every machine without network or hosted CI.",
            risk: "None for the code: a new file. `python=False` sessions use the active environment, so results depend on what is installed there.",
            rollback: FindingContext.rollback(modified: [], created: ["noxfile.py"]),
            testsDocs: "Run `nox -l` then `nox`; list the sessions in the README's development section (pip install nox).",
            files: [DiffProposal.File(path: "noxfile.py", original: nil, updated: text.joined(separator: "\n") + "\n")])
    }
}
