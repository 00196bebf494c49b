import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// The pip-install and pre-commit proofs: each builds a release binary with the Swift runtime linked in (minutes)
/// and needs PyPI, so they run only when asked: `MLAUDIT_WHEEL_CHECK=1` / `MLAUDIT_PRECOMMIT_CHECK=1`.
final class PackagingScriptTests: XCTestCase {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../scripts"
    ).standardizedFileURL

    private func run(_ script: String, gate: String) throws {
        guard ProcessInfo.processInfo.environment[gate] == "1" else {
            throw XCTSkip("set \(gate)=1 to run scripts/\(script)")
        }
        let r = try ProcessRunner.run("bash", [Self.scripts.appendingPathComponent(script).path], timeout: 3600)
        XCTAssertEqual(r.exitCode, 0, r.stdoutText + r.stderrText)
        XCTAssertTrue(r.stdoutText.contains("OK: "), r.stdoutText)
    }

    func testPipInstalledBinaryRunsWithoutTheSwiftToolchain() throws {
        try run("check-wheel.sh", gate: "MLAUDIT_WHEEL_CHECK")
    }

    func testPreCommitHookFailsOnATokenAndPassesOnACleanRepository() throws {
        try run("check-pre-commit.sh", gate: "MLAUDIT_PRECOMMIT_CHECK")
    }

    /// Cheap checks of the packaging files, always on.
    func testHookDefinitionAndBuildBackend() throws {
        let root = Self.scripts.deletingLastPathComponent()
        let hooks = try String(contentsOf: root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        for needle in ["- id: mlaudit", "entry: mlaudit check", "language: python", "pass_filenames: false"] {
            XCTAssertTrue(hooks.contains(needle), needle)
        }
        let pyproject = try String(contentsOf: root.appendingPathComponent("pyproject.toml"), encoding: .utf8)
        XCTAssertTrue(pyproject.contains("build-backend = \"setuptools.build_meta\""))
        let setup = try String(contentsOf: root.appendingPathComponent("setup.py"), encoding: .utf8)
        XCTAssertTrue(setup.contains("\"--static-swift-stdlib\"") && setup.contains("\"--product\", \"mlaudit\""))
        // setup.py reads the wheel's version from this exact line, so the wheel and `mlaudit --version` agree.
        let sources =
            FileManager.default.enumerator(atPath: root.appendingPathComponent("Sources").path)?.compactMap {
                $0 as? String
            }
            .filter { $0.hasSuffix(".swift") } ?? []
        let source = try sources.map {
            try String(contentsOf: root.appendingPathComponent("Sources/" + $0), encoding: .utf8)
        }.joined()
        XCTAssertTrue(source.contains("enum MLAuditVersion { public static let value = \"\(MLAuditVersion.value)\" }"))
        XCTAssertTrue(setup.contains(#"enum MLAuditVersion \{ public static let value = "([^"]+)" \}"#))
    }
}
