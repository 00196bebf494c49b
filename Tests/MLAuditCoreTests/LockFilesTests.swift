import XCTest

@testable import MLAuditFacts
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// One definition of a lock file: the capability rule, MLA108 and the reproducibility checklist agree.
final class LockFilesTests: XCTestCase {
    func testNames() {
        for name in [
            "uv.lock", "Pipfile.lock", "pylock.toml", "pylock.dev.toml", "requirements.lock", "requirements-lock.txt",
            "requirements.locked.txt", "conda-lock.yml", "linux-64.conda-lock.yaml", "constraints.lock",
        ] {
            XCTAssertTrue(LockFiles.isLockFile(name), name)
        }
        for name in ["requirements.txt", "pyproject.toml", "yarn.lock", "Cargo.lock", "lock.py", "pylock.json"] {
            XCTAssertFalse(LockFiles.isLockFile(name), name)
        }
    }

    func testAPylockOnlyRepositoryIsLockedEverywhere() throws {
        let files = [
            "pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"torch>=2\"]\n",
            "pylock.toml": "lock-version = \"1.0\"\n[[packages]]\nname = \"torch\"\n", "train.py": "import torch\n",
        ]
        let facts = try RuleFixture.facts(files)
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let rule = try XCTUnwrap(RuleCatalog.rule(for: .dependencyLocking))
        XCTAssertEqual(
            CapabilityEngine.evaluate(rule, RuleContext(facts: facts), settings: RuleFixture.settings).state, .present)
        XCTAssertTrue(NoLockFileCheck().evaluate(FindingContext(facts: facts, capabilities: [])).isEmpty)
        let env = EnvironmentCapture.item(facts)
        XCTAssertTrue(env.notes.contains("Lock file: pylock.toml"), env.notes)
    }
}

/// The one requirements reader: pins, URLs, continuations.
final class RequirementsReaderTests: XCTestCase {
    func testPins() {
        let lines: [Substring] = [
            "torch==2.1.0", "numpy>=1.26", "# comment", "-r base.txt", "peft @ git+https://github.com/o/peft.git",
            "git+https://github.com/o/fvcore.git@a1b2c3", "https://download.pytorch.org/whl/torch-1.8.1-cp37.whl",
            "pkg @ git+ssh://git@github.com/o/pkg.git", "requests \\", "    ==2.31.0", "scipy  # pinned elsewhere",
            "hashed --hash=sha256:abc",
        ]
        let got = Requirements.entries(lines).map { "\($0.line):\($0.name):\($0.pinned)" }
        XCTAssertEqual(
            got,
            [
                "1:torch:true", "2:numpy:false", "5:peft:false", "6:git:true", "7:https:true", "8:pkg:false",
                "9:requests:true", "11:scipy:false", "12:hashed:true",
            ])
    }
}
