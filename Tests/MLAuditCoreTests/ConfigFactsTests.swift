import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class ConfigFactsTests: XCTestCase {
    private func config(_ files: [String: String]) throws -> (ConfigFacts, RepositoryFacts) {
        let facts = try RuleFixture.facts(files)
        return (facts.config, facts)
    }

    func testYAMLEntriesCarryLinesAndSkipComments() throws {
        let (c, _) = try config([
            "configs/trainer/default.yaml":
                "_target_: lightning.Trainer\n\nmax_epochs: 10\n# precision: 16\ncallbacks:\n  - a\n  - b\nnested:\n  inner:\n    key: v\n"
        ])
        let rows = c.entries(in: "configs/trainer/default.yaml")
        XCTAssertEqual(rows.first { $0.key == "max_epochs" }?.line, 3)
        XCTAssertNil(rows.first { $0.key == "precision" }, "a commented-out key is not an entry")
        XCTAssertEqual(rows.filter { $0.key == "callbacks" && $0.isListItem }.map(\.value), ["a", "b"])
        XCTAssertEqual(rows.first { $0.keyPath == "nested.inner.key" }?.line, 10)
        XCTAssertEqual(c.hydraTargets.first?.value, "lightning.Trainer")
    }

    func testMalformedYAMLIsRecordedNotFatal() throws {
        let (c, facts) = try config(["bad.yaml": "a: [1, 2\nb: : :\n", "good.yaml": "x: 1\n"])
        XCTAssertTrue(c.entries(in: "bad.yaml").isEmpty)
        XCTAssertEqual(c.entries(in: "good.yaml").count, 1)
        XCTAssertTrue(facts.errors.all.contains { $0.step == .config && $0.path == "bad.yaml" })
    }

    func testYAMLAliasExpansionIsBounded() throws {
        var doc = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var prev = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h"] {
            doc += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ", ") + "]\n"
            prev = name
        }
        let (c, _) = try config(["bomb.yaml": doc])
        XCTAssertLessThanOrEqual(c.entries(in: "bomb.yaml").count, YAMLConfigReader.maxEntries)
    }

    func testTOMLTablesArraysAndComments() throws {
        let toml = """
            [project]
            name = "proj"
            dependencies = [
                "torch==2.1.0",  # pinned
                "numpy>=1.26",
            ]
            # [project.scripts]
            [tool.coverage.report]
            fail_under = 85
            """
        let (c, _) = try config(["pyproject.toml": toml])
        let rows = c.entries(in: "pyproject.toml")
        XCTAssertEqual(rows.first { $0.keyPath == "project.name" }?.value, "proj")
        XCTAssertEqual(rows.first { $0.keyPath == "tool.coverage.report.fail_under" }?.line, 9)
        XCTAssertEqual(c.requirements.map(\.name), ["torch", "numpy"])
        XCTAssertEqual(c.requirements.map(\.isExactPin), [true, false])
        XCTAssertEqual(c.requirements.first?.line, 4)
    }

    func testBrokenTOMLIsRecordedAndGivesNoValues() throws {
        let (c, facts) = try config(["pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"torch\"\n"])
        XCTAssertTrue(facts.errors.all.contains { $0.step == .config && $0.path == "pyproject.toml" })
        XCTAssertEqual(c.entries(in: "pyproject.toml"), [])
        XCTAssertEqual(c.requirements, [])
    }

    func testPoetryInlineTablesGiveTheirVersion() throws {
        let toml = """
            [tool.poetry.dependencies]
            python = "^3.10"
            torch = { version = "2.1.0", optional = true }
            numpy = "^1.26"
            """
        let (c, _) = try config(["pyproject.toml": toml])
        XCTAssertEqual(c.requirements.map(\.name), ["torch", "numpy"])
        XCTAssertEqual(c.requirements.map(\.specifier), ["==2.1.0", "^1.26"])
        XCTAssertEqual(c.requirements.map(\.line), [3, 4])
    }

    func testINIContinuationLines() throws {
        let (c, _) = try config([
            "setup.cfg": "[options.entry_points]\nconsole_scripts =\n    train = pkg.train:main\n; comment = x\n"
        ])
        let rows = c.entries(in: "setup.cfg")
        XCTAssertEqual(rows.first { $0.isListItem }?.value, "train = pkg.train:main")
        XCTAssertEqual(rows.first { $0.isListItem }?.line, 3)
        XCTAssertNil(rows.first { $0.key == "comment" })
    }

    func testRequirementsMakefileAndShell() throws {
        let (c, _) = try config([
            "requirements.txt": "# comment\ntorch==2.1.0 --hash=sha256:abc\nrich\n-e .\nhydra-core>=1.3,<2\n",
            "Makefile":
                "VAR := 1\n.PHONY: test\ntest: ## run tests\n\tpytest -k \"not slow\"\n\n# help\nclean:\n\trm -rf build\n",
            "run.sh": "#!/bin/bash\n# comment\npython train.py \\\n  --lr=0.1\n",
        ])
        XCTAssertEqual(c.requirements.map(\.name), ["torch", "rich", "hydra-core"])
        XCTAssertEqual(c.requirements.map(\.isExactPin), [true, false, false])
        XCTAssertEqual(c.makeTargets.map(\.name), ["test", "clean"])
        XCTAssertEqual(c.makeTargets.first?.recipeLines, [4])
        XCTAssertEqual(c.commands.first { $0.path == "run.sh" }?.text, "python train.py  --lr=0.1")
    }

    func testMarkdownStructure() throws {
        let md =
            "# Title\n\nSome prose with several words here.\n\n## Quick start\n```bash\npip install -e .\npython train.py\n```\n![Architecture](docs/arch.png)\n```mermaid\ngraph TD; A-->B\n```\n"
        let doc = MarkdownDoc.parse(text: md, path: "README.md")
        XCTAssertEqual(doc.headings.map(\.text), ["Title", "Quick start"])
        XCTAssertEqual(doc.fences.map(\.language), ["bash", "mermaid"])
        XCTAssertEqual(doc.fences.first?.lines, [7, 8])
        XCTAssertEqual(doc.images.first?.target, "docs/arch.png")
        XCTAssertEqual(doc.commandLines.map(\.text).prefix(2), ["pip install -e .", "python train.py"])
        XCTAssertEqual(doc.proseLines, [3])
    }

    func testUnterminatedFenceAndEmptyInputsDoNotCrash() {
        _ = MarkdownDoc.parse(text: "```\nnever closed", path: "a.md")
        _ = MarkdownDoc.parse(text: "", path: "b.md")
        XCTAssertEqual(TOMLConfigReader.scanTOML(text: "a = [\n", path: "x.toml").count, 0, "malformed: no values")
        XCTAssertTrue(TOMLConfigReader.scanINI(text: "= broken\n[", path: "x.ini").count <= 1)
        XCTAssertTrue(MakefileParser.targets(":\n\t\n", path: "Makefile").count <= 1)
    }
}
