import Testing

@testable import MLAuditFacts
@testable import MLAuditRemediation

/// The one INI reader and the one TOML line reader, section by section (what gates and rules query).
struct ConfigSectionTests {
    @Test func iniSectionsValuesAndContinuations() throws {
        let text = """
            [tox]
            envlist = py310, lint
            [testenv]
            commands =
                pytest {posargs}
                # a comment is not a command
                flake8 src
            [tool:pytest]
            testpaths = tests
            addopts = --cov=pkg --cov-fail-under=80
            """
        let sections = TOMLConfigReader.iniSections(text: text, path: "tox.ini")
        #expect(sections.map(\.name) == ["", "tox", "testenv", "tool:pytest"])
        #expect(sections.map(\.line) == [0, 1, 3, 8])
        let env = try #require(sections.first { $0.name == "testenv" })
        #expect(env.value("commands")?.0 == "pytest {posargs} flake8 src")
        #expect(env.value("commands")?.1 == 4)
        #expect(sections[1].value("envlist")?.0 == "py310, lint")
        #expect(sections[3].value("addopts")?.0 == "--cov=pkg --cov-fail-under=80")
        #expect(sections[3].value("missing") == nil)
    }

    @Test func tomlTablesArraysOnOneAndManyLines() throws {
        let text = """
            name = "x"
            [tool.pytest.ini_options]
            testpaths = ["tests", "integration"]
            addopts = [
                "--cov=pkg",
                "--cov-fail-under=90",
            ]
            [tool.coverage.report]
            fail_under = 85  # percent
            """
        let sections = TOMLConfigReader.tomlSections(text: text, path: "pyproject.toml")
        #expect(sections.map(\.name) == ["", "tool.pytest.ini_options", "tool.coverage.report"])
        let pytest = sections[1]
        #expect(pytest.line == 2)
        #expect(pytest.value("testpaths")?.0 == #"["tests", "integration"]"#)
        #expect(pytest.value("addopts")?.0 == "[ --cov=pkg --cov-fail-under=90")
        #expect(sections[2].value("fail_under")?.0 == "85")
        #expect(sections[0].value("name")?.0 == "x")
        // the flat entries are the sections' entries
        #expect(
            TOMLConfigReader.scanTOML(text: text, path: "pyproject.toml") == sections.flatMap(\.entries))
    }

    @Test(arguments: [
        "", "[", "]", "[]", "[[x]]\na = [", "= broken\n[", "a = \"unterminated\n[b\nc = 1", "\u{0}[\u{0}]\n=\u{0}",
        "    indented first\n[s]\n  continuation", String(repeating: "[s]\nk = [\n", count: 300),
    ])
    func malformedInputNeverCrashes(_ text: String) {
        for sections in [
            TOMLConfigReader.iniSections(text: text, path: "x.ini"),
            TOMLConfigReader.tomlSections(text: text, path: "x.toml"),
        ] {
            #expect(!sections.isEmpty)
            for s in sections { _ = s.value("k") }
        }
    }
}

/// pre-commit configuration through Yams (never line matching): commented hooks do not count; a malformed file
/// gives no gate and an Error Capture entry, never a crash.
struct PreCommitConfigTests {
    @Test func hooksComeFromTheParsedDocument() throws {
        let repo = try FixtureRepository.committed([
            ".pre-commit-config.yaml":
                "repos:\n  - repo: local\n    hooks:\n      # - id: commented-out\n      - id: ruff\n      - id: \"detect-secrets\"\n        args: [--baseline, .secrets.baseline]\n",
            "pkg/a.py": "x = 1\n",
        ])
        let facts = repo.facts()
        #expect(facts.config.preCommitHooks(in: ".pre-commit-config.yaml").map(\.value) == ["ruff", "detect-secrets"])
        let gate = try #require(GateSources.preCommit(facts))
        #expect(gate.purpose.hasPrefix("pre-commit hooks (2): ruff, detect-secrets;"))
        #expect(gate.source?.line == 5)
    }

    @Test func malformedConfigGivesNoGateAndAnError() throws {
        let repo = try FixtureRepository.committed([
            ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks: [\n      - id: ruff\n  bad: : :\n",
            "pkg/a.py": "x = 1\n",
        ])
        let facts = repo.facts()
        #expect(GateSources.preCommit(facts) == nil)
        #expect(facts.errors.all.contains { $0.path == ".pre-commit-config.yaml" })
    }
}
