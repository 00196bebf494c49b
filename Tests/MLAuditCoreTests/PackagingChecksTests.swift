import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// The packaging and documentation checks on repositories built on the fly: syntax newer than the declared Python
/// (MLA140, fixed by MLD228), console scripts pointing nowhere (MLA141), Dockerfile sources missing (MLA142), and
/// dead documentation links repointed where the target is certain (MLD227).
final class PackagingChecksTests: XCTestCase {
    private func uses(_ source: String, below: Int = 7) -> [String] {
        PythonSyntaxFeature.uses(in: Array(source.utf8), below: below).map { "\($0.line) \($0.feature.minor)" }
    }

    func testSyntaxFeaturesAreReadFromTokens() {
        XCTAssertEqual(uses("if (n := 3):\n    pass\n"), ["1 8"])
        XCTAssertEqual(uses("def f(a, /, b):\n    return a\nlambda x, /: x\n"), ["1 8", "3 8"])
        XCTAssertEqual(uses("print(f'{x=}', f\"{y = !r}\")\n"), ["1 8"])
        XCTAssertEqual(uses("with (open(a) as f, open(b) as g):\n    pass\n"), ["1 9"])
        XCTAssertEqual(uses("match cmd:\n    case 1:\n        pass\n"), ["1 10"])
        XCTAssertEqual(uses("try:\n    pass\nexcept* ValueError:\n    pass\n"), ["3 11"])
        XCTAssertEqual(
            uses("type Vec = list[float]\nclass Box[T]:\n    pass\ndef first[T](x):\n    pass\n"),
            [
                "1 12", "2 12", "4 12",
            ])
        XCTAssertEqual(uses("x = f\"{d[\"k\"]}\"\n"), ["1 12"])
        // Ordinary code: soft keywords as names, operators, format specs, comparisons, one-item parentheses.
        XCTAssertEqual(
            uses(
                "match = re.match(p, s)\nmatch.group(1)\nmatch(a, b)\ntype = 1\ntype(x)\nx = a / b\nf(a, *b)\ny = f'{a:=^9} {a == b} {a != b} {d[\"k\"]} {{x=}}'\nwith (yield x) as y:\n    pass\nmatch: int = 3\nz = {match: 1}\n"
            ), [])
        // Below the declared minimum nothing is reported.
        XCTAssertEqual(uses("match cmd:\n    case 1:\n        pass\n", below: 10), [])
        XCTAssertEqual(DeclaredPython.minimum(">=3.7"), 7)
        XCTAssertEqual(DeclaredPython.minimum(">=3.8, <4"), 8)
        XCTAssertEqual(DeclaredPython.minimum("~=3.10"), 10)
        XCTAssertEqual(DeclaredPython.minimum("==3.9.*"), 9)
        XCTAssertNil(DeclaredPython.minimum("<3.13"))
        XCTAssertNil(DeclaredPython.minimum(">=2.7"))
    }

    func testSyntaxNewerThanDeclaredIsReportedAndTheMinimumRaised() throws {
        let repo = try FixtureRepository.committed([
            "setup.py":
                "from setuptools import setup\nsetup(\n    name='pkg',\n    python_requires=\">=3.7\",\n    classifiers=[\n        \"Programming Language :: Python :: 3.7\",\n        \"Programming Language :: Python :: 3.8\",\n    ],\n)\n",
            "pkg/__init__.py": "", "pkg/log.py": "def show(x):\n    print(f\"{x=}\")\n",
            "tests/test_x.py": "match x:\n    case 1:\n        pass\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let hit = try XCTUnwrap(SyntaxNewerThanRequiresPythonCheck().evaluate(context).first)
        XCTAssertTrue(hit.title.hasPrefix("setup.py:4 declares Python >=3.7, but installed code needs 3.8"), hit.title)
        XCTAssertEqual(hit.evidence.map { "\($0.path):\($0.line)" }, ["pkg/log.py:2", "setup.py:4"])
        let diff = try XCTUnwrap(DiffHarness.propose(RequiresPythonProposer(), repo))
        XCTAssertEqual(diff.code, .mld228)
        XCTAssertTrue(diff.patch.contains("+    python_requires=\">=3.8\","), diff.patch)
        XCTAssertTrue(diff.patch.contains("-        \"Programming Language :: Python :: 3.7\","), diff.patch)
        XCTAssertFalse(diff.patch.contains("-        \"Programming Language :: Python :: 3.8\","), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testClassifiersBelowTheDeclaredMinimumAreDropped() throws {
        let repo = try FixtureRepository.committed([
            "pyproject.toml":
                "[project]\nname = \"pkg\"\nrequires-python = \">=3.12\"\nclassifiers = [\n    \"Programming Language :: Python :: 3.10\",\n    \"Programming Language :: Python :: 3.11\",\n    \"Programming Language :: Python :: 3.12\",\n]\n",
            "pkg/__init__.py": "",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let hit = try XCTUnwrap(ClassifierContradictsRequiresPythonCheck().evaluate(context).first)
        XCTAssertEqual(hit.evidence.map(\.line), [3, 5, 6])
        XCTAssertTrue(hit.title.contains("Python 3.10, 3.11"), hit.title)
        let diff = try XCTUnwrap(DiffHarness.propose(StaleClassifierProposer(), repo))
        XCTAssertTrue(diff.patch.contains("-    \"Programming Language :: Python :: 3.10\","), diff.patch)
        XCTAssertTrue(diff.patch.contains("-    \"Programming Language :: Python :: 3.11\","), diff.patch)
        XCTAssertFalse(diff.patch.contains("-    \"Programming Language :: Python :: 3.12\","), diff.patch)
        // When the code needs a newer Python too, MLD228 makes both edits: this proposer stays out.
        let both = try FixtureRepository.committed([
            "pyproject.toml":
                "[project]\nname = \"pkg\"\nrequires-python = \">=3.9\"\nclassifiers = [\"Programming Language :: Python :: 3.8\"]\n",
            "pkg/__init__.py": "", "pkg/a.py": "match x:\n    case 1:\n        pass\n",
        ])
        XCTAssertNil(try DiffHarness.propose(StaleClassifierProposer(), both))
    }

    func testConsoleScriptsResolveThroughTheLayout() throws {
        let repo = try FixtureRepository.committed([
            "setup.cfg":
                "[metadata]\nname = pkg\n[options]\npackage_dir =\n    = src\n[options.entry_points]\nconsole_scripts =\n    pkg-train = pkg.train:main\n    pkg-serve = pkg.serve:main\n    pkg-old = pkg.legacy:main\n",
            "src/pkg/__init__.py": "", "src/pkg/train.py": "def main():\n    pass\n",
            "src/pkg/serve.py": "from pkg.app import main\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        XCTAssertEqual(
            DanglingEntryPointCheck.scripts(context).map { "\($0.name) \($0.module):\($0.attribute)" },
            ["pkg-train pkg.train:main", "pkg-serve pkg.serve:main", "pkg-old pkg.legacy:main"])
        let hits = DanglingEntryPointCheck().evaluate(context)
        XCTAssertEqual(hits.count, 1)
        XCTAssertTrue(hits[0].title.hasPrefix("1 declared console script(s) point nowhere (`pkg-old`"), hits[0].title)
        XCTAssertEqual(hits[0].evidence.map(\.line), [10])
    }

    func testDockerCopySourcesAgainstRootAndDockerfileFolder() throws {
        let repo = try FixtureRepository.committed([
            "docker/Dockerfile":
                "FROM python:3.11\nCOPY requirements.txt /app/\nCOPY entry.sh /entry.sh\nCOPY ADD-ME.txt \\\n  /x\nCOPY generated/ /data/\n",
            "docker/entry.sh": "echo\n", "requirements.txt": "torch\n",
            "Makefile": "image:\n\tpython fetch.py --to generated\n\tdocker build -f docker/Dockerfile .\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        XCTAssertEqual(
            DockerCopyMissingSourceCheck.missing(context).map { "\($0.path):\($0.line) \($0.source)" },
            ["docker/Dockerfile:4 ADD-ME.txt"])
        XCTAssertEqual(DockerCopyMissingSourceCheck.sources("COPY --from=build /a /b"), [])
        XCTAssertEqual(DockerCopyMissingSourceCheck.sources("ADD [\"a.txt\", \"b c\", \"/dst/\"]"), ["a.txt", "b c"])
    }

    func testDocLinksInReferencesHTMLAndRstAreRepointedWhenCertain() throws {
        let repo = try FixtureRepository.committed([
            "README.md":
                "# P\n<img src=\"Assets/Logo.png\" width=\"120\">\n[guide][g] and ![arch](img/arch.png)\n\n[g]: docs/Guide.md\n[gone]: docs/gone.md\n",
            "assets/logo.png": "png", "docs/guide.md": "g\n", "docs/img/arch.png": "png",
            "docs/index.rst": ".. image:: ../assets/logo.png\n.. figure:: pics/missing.png\n",
            "docs/usage.md": "Read [the guide](docs/guide.md#setup) first.\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let broken = BrokenDocLinkCheck.broken(context)
        XCTAssertEqual(
            broken.map { "\($0.path):\($0.line) \($0.target) \($0.certainTarget ?? "-")" },
            [
                "README.md:2 Assets/Logo.png assets/logo.png", "README.md:3 img/arch.png docs/img/arch.png",
                "README.md:5 docs/Guide.md docs/guide.md", "README.md:6 docs/gone.md -",
                "docs/index.rst:2 pics/missing.png -", "docs/usage.md:1 docs/guide.md docs/guide.md",
            ])
        let diff = try XCTUnwrap(DiffHarness.propose(DocLinkTargetProposer(), repo))
        XCTAssertEqual(diff.paths, ["README.md", "docs/usage.md"])
        XCTAssertTrue(diff.patch.contains("+Read [the guide](guide.md#setup) first."), diff.patch)
        XCTAssertTrue(diff.patch.contains("+<img src=\"assets/logo.png\" width=\"120\">"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+[guide][g] and ![arch](docs/img/arch.png)"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+[g]: docs/guide.md"), diff.patch)
        XCTAssertFalse(diff.patch.contains("+[gone]"), diff.patch)
        XCTAssertEqual(DocLinkTargetProposer.relative("docs/img/a.png", from: ["docs", "source"]), "../img/a.png")
        XCTAssertEqual(DocLinkTargetProposer.relative("README.md", from: []), "README.md")
    }
}
