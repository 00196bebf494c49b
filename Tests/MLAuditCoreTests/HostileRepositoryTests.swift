import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Audits every hostile fixture through `Auditor.run` and checks: exit code 0 or 1, every skipped input accounted
/// for, every broken input named by an Error Capture entry, no secret or outside content in any output, valid JSON,
/// and the tree unchanged. Times and memory are printed per fixture ("HOSTILE ..." lines).
final class HostileRepositoryTests: XCTestCase {
    /// Runs the audit off the test thread so that a hang fails the test instead of stalling the suite.
    static func audit(
        _ r: HostileRepository, settings: AuditSettings = .pinned(), timeout: TimeInterval = 600,
        file: StaticString = #filePath, line: UInt = #line
    ) -> AuditOutcome? {
        let before = TreeFingerprint.take(r.root)
        final class Box: @unchecked Sendable {
            var outcome: AuditOutcome?
            var sample: ResourceSample?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let root = r.root
        let thread = Thread {
            let (outcome, sample) = ResourceSample.measure { Auditor.run(root: root, settings: settings) }
            box.outcome = outcome
            box.sample = sample
            done.signal()
        }
        thread.stackSize = 8 << 20  // the main thread's usual limit (ulimit -s), as the CLI runs
        thread.start()
        guard done.wait(timeout: .now() + timeout) == .success, let outcome = box.outcome, let sample = box.sample
        else {
            XCTFail("\(r.name): the audit did not finish within \(Int(timeout)) s", file: file, line: line)
            return nil
        }
        let after = TreeFingerprint.take(r.root)
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        XCTAssertEqual(
            changed, [],
            "\(r.name): the audit changed the tree: \(changed.prefix(5).map { "\($0): \(before[$0] ?? "absent") -> \(after[$0] ?? "absent")" })",
            file: file, line: line)
        let report = outcome.report
        print(
            "HOSTILE \(r.name): \(sample.summary); exit \(outcome.exitCode), \(report.errors.count) errors, \(report.repoMap.skippedFiles.count) skipped, \(report.repoMap.totalFiles) files"
                + (r.notes.isEmpty ? "" : "; note: " + r.notes.joined(separator: "; ")))
        check(outcome, r, file: file, line: line)
        return outcome
    }

    static func check(_ outcome: AuditOutcome, _ r: HostileRepository, file: StaticString, line: UInt) {
        let report = outcome.report
        XCTAssertTrue(
            outcome.exitCode == 0 || outcome.exitCode == 1, "\(r.name): exit \(outcome.exitCode)", file: file,
            line: line)
        XCTAssertEqual(
            outcome.exitCode, report.errors.isEmpty ? 0 : 1, "\(r.name): exit code vs Error Capture entries",
            file: file, line: line)
        XCTAssertEqual(
            outcome.stderrLines.count, report.errors.count, "\(r.name): one stderr line per error", file: file,
            line: line)
        func named(_ p: String) -> Bool {
            report.errors.contains { $0.path == p || ($0.path ?? "").hasPrefix(p + "/") || $0.error.contains(p) }
        }
        var listedOnly: [String] = []
        for p in r.skipped {
            let listed = report.repoMap.skippedFiles.contains { $0.path == p }
            XCTAssertTrue(
                listed || named(p), "\(r.name): \(p) is neither an Error Capture entry nor a skipped file", file: file,
                line: line)
            if listed && !named(p) { listedOnly.append(p) }
        }
        if !listedOnly.isEmpty {
            print(
                "HOSTILE \(r.name): skipped without an Error Capture entry (listed in the Repo Map only): \(listedOnly)"
            )
        }
        for p in r.broken {
            XCTAssertTrue(
                named(p),
                "\(r.name): no Error Capture entry for broken input \(p); errors: \(report.errors.map(\.error))",
                file: file, line: line)
        }
        let outputs = [
            ("markdown", outcome.markdown), ("json", outcome.json),
            ("stderr", outcome.stderrLines.joined(separator: "\n")),
        ]
        for f in r.forbidden {
            for (what, text) in outputs {
                XCTAssertFalse(
                    text.contains(f), "\(r.name): \(what) holds forbidden text \(f.prefix(12))…", file: file, line: line
                )
            }
        }
        XCTAssertNoThrow(
            try JSONSerialization.jsonObject(with: Data(outcome.json.utf8)), "\(r.name): JSON does not parse",
            file: file, line: line)
        XCTAssertTrue(
            outcome.markdown.contains("Status Update"), "\(r.name): report has no title", file: file, line: line)
    }

    func testBinaryFilesInvalidUTF8UTF16AndNul() throws {
        _ = Self.audit(try HostileFixtures.binaryAndEncodings())
    }

    func testSizeExtremes() throws {
        _ = Self.audit(try HostileFixtures.sizeExtremes())
    }

    func testMalformedConfigsNotebooksAndAliasBomb() throws {
        _ = Self.audit(try HostileFixtures.malformedConfigs())
    }

    func testNotebookWith50MBOfBase64() throws {
        _ = Self.audit(try HostileFixtures.hugeNotebook())
    }

    func testSymlinksFifoAndUnreadableFiles() throws {
        let r = try HostileFixtures.linksAndSpecialFiles()
        guard let outcome = Self.audit(r) else { return }
        // Nothing of what the links point to is listed either.
        XCTAssertFalse(outcome.json.contains("\"etc_folder/"), "a file under the /etc link was listed")
        XCTAssertFalse(outcome.json.contains("\"parent/"), "a file under the .. link was listed")
    }

    func testHostileFileNamesKeepTheReportWellFormed() throws {
        let r = try HostileFixtures.hostileNames()
        guard let outcome = Self.audit(r) else { return }
        XCTAssertTrue(
            outcome.report.errors.contains { $0.error.contains("not valid UTF-8") }, "the non-UTF-8 name is reported")
        // Inside code spans and fences `<script>` is literal text; rendered, no live tag may appear.
        if let html = try GFMRenderer.html(outcome.markdown) {
            XCTAssertFalse(html.contains("<script"), "live <script> in the rendered report")
            XCTAssertTrue(html.contains("&lt;script&gt;"), "the hostile name is shown, escaped")
        }
        for (k, line) in outcome.markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix("| ") {
            XCTAssertFalse(line.contains("\u{0}"), "NUL in table line \(k)")
        }
        if ReportChecker.available {
            let out = try TemporaryTree(prefix: "mlaudit-hostile-out")
            let md = out.url.appendingPathComponent("report.md")
            let json = out.url.appendingPathComponent("report.json")
            try Data(outcome.markdown.utf8).write(to: md)
            try Data(outcome.json.utf8).write(to: json)
            let lines = try ReportChecker.check(markdown: md, json: json, repo: r.root)
            XCTAssertEqual(lines.last, "0 problems", lines.suffix(10).joined(separator: "\n"))
        }
    }

    func testPlantedSecretsNeverReachAnyOutput() throws {
        let r = try HostileFixtures.plantedSecrets()
        guard let outcome = Self.audit(r) else { return }
        // The planted values do reach the renderers (commit subjects, evidence lines) and come out redacted.
        XCTAssertTrue(
            outcome.markdown.contains("add deploy token [REDACTED:GitHub token]"), "commit subject not shown redacted")
        XCTAssertTrue(outcome.json.contains("[REDACTED:"), "no redaction marker in the JSON")
    }

    func testGitOddities() throws {
        for build in [
            HostileGitFixtures.submoduleWithoutCheckout, HostileGitFixtures.shallowClone,
            HostileGitFixtures.emptyRepository, HostileGitFixtures.detachedHead,
        ] {
            _ = Self.audit(try build())
        }
    }

    /// The built binary on the malformed-configuration fixture: its exit code and stderr lines.
    func testBinaryOnMalformedConfigs() throws {
        guard Binary.url != nil else { throw XCTSkip("the mlaudit binary is not built beside the tests") }
        let r = try HostileFixtures.malformedConfigs()
        let before = TreeFingerprint.take(r.root)
        let (result, sample) = try ResourceSample.measure {
            try Binary.run(
                ["audit", r.path, "--date", "2026-11-25"], environment: ["MLAUDIT_TIMESTAMP": "2026-11-25T00:00:00Z"],
                timeout: 600)
        }
        print("HOSTILE binary \(r.name): \(String(format: "%.2f", sample.seconds)) s, exit \(result.exitCode)")
        XCTAssertFalse(result.timedOut)
        // Problems inside the audited repository are warnings (issue 13): exit 0, one warning line per captured error.
        XCTAssertEqual(result.exitCode, 0, "exit \(result.exitCode): \(result.stderrText.suffix(500))")
        let lines = result.stderrText.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        for line in lines { XCTAssertTrue(line.hasPrefix("mlaudit: warning: ["), line) }
        for p in r.broken { XCTAssertTrue(lines.contains { $0.contains(p) }, "no stderr line for \(p): \(lines)") }
        XCTAssertTrue(result.stdoutText.contains("Status Update"), "the report goes to stdout")
        XCTAssertEqual(TreeFingerprint.take(r.root), before, "the binary changed the tree")
    }

    /// As root, chmod 000 blocks nothing; the binary is then run as `nobody` (setpriv) so the unreadable file and
    /// folder really are unreadable, and each must get its Error Capture line.
    func testUnreadableFileAndFolderAsUnprivilegedUser() throws {
        guard let binary = Binary.url else { throw XCTSkip("the mlaudit binary is not built beside the tests") }
        let setpriv = "/usr/bin/setpriv"
        guard HostileRepository.isRoot, FileManager.default.isExecutableFile(atPath: setpriv) else {
            throw XCTSkip("not root (the in-process links test covers unreadable inputs) or no setpriv")
        }
        let r = try HostileFixtures.linksAndSpecialFiles()
        let before = TreeFingerprint.take(r.root)
        let result = try ProcessRunner.run(
            setpriv,
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp",
                binary.path, "audit", r.path, "--date", "2026-11-25",
            ], timeout: 300)
        if result.exitCode == 127 || result.stderrText.contains("Permission denied") && result.stdout.isEmpty {
            throw XCTSkip("the binary is not reachable for nobody: \(result.stderrText.prefix(200))")
        }
        // Problems inside the audited repository are warnings (exit 0); `--fail-on error` is the way to fail on them.
        XCTAssertEqual(result.exitCode, 0, result.stderrText)
        let lines = result.stderrText.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("mlaudit: warning: [") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("private/unreadable.py") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("locked") }, "\(lines)")
        if let first = r.forbidden.first {
            XCTAssertFalse(result.stdoutText.contains(first), "/etc/passwd content in the report")
        }
        XCTAssertEqual(TreeFingerprint.take(r.root), before, "the audit changed the tree")
        print("HOSTILE links as nobody: exit \(result.exitCode), \(lines.count) stderr lines")
    }

    /// 100,000 empty files: opt-in (MLAUDIT_HOSTILE_HEAVY=1), it takes minutes in a debug build.
    func testHundredThousandEmptyFiles() throws {
        try XCTSkipUnless(
            ProcessInfo.processInfo.environment["MLAUDIT_HOSTILE_HEAVY"] == "1", "set MLAUDIT_HOSTILE_HEAVY=1 to run")
        _ = Self.audit(try HostileFixtures.manyEmptyFiles(), timeout: 1800)
    }

    /// The million-line file, and the giant files read in full (read cap raised to 64 MB): opt-in like the above.
    func testSizeExtremesWithTheReadCapRaised() throws {
        try XCTSkipUnless(
            ProcessInfo.processInfo.environment["MLAUDIT_HOSTILE_HEAVY"] == "1", "set MLAUDIT_HOSTILE_HEAVY=1 to run")
        var r = try HostileFixtures.sizeExtremes(heavy: true)
        r.skipped = ["data/huge_dataset.py"]
        var settings = AuditSettings.pinned()
        settings.maxFileBytes = 64 << 20
        _ = Self.audit(r, settings: settings, timeout: 1800)
    }
}
