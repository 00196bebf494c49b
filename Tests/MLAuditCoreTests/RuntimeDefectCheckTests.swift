import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditPython
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// The runtime-defect checks MLA147-MLA151 on repositories built on the fly, and their fix diffs MLD233-MLD235
/// (applied with git and byte-compiled).
final class RuntimeDefectCheckTests: XCTestCase {
    private func lines(_ hits: [FindingHit]) -> [String] {
        hits.flatMap(\.evidence).map { "\($0.path):\($0.line)" }
    }

    func testStringLiteralReadingAndPlaceholderCounts() {
        XCTAssertEqual(PythonStringText.parse("'a.json'")?.body, "a.json")
        XCTAssertEqual(PythonStringText.parse("r\"x\" 'y'")?.pieces, ["r\"x\"", "'y'"])
        XCTAssertEqual(PythonStringText.parse("\"\"\"a\"b\"\"\"")?.body, "a\"b")
        XCTAssertNil(PythonStringText.parse("f'{x}'"))
        XCTAssertNil(PythonStringText.parse("'a' + b"))
        XCTAssertNil(PythonStringText.parse("'%s' % x"))
        XCTAssertNil(PythonStringText.parse("name"))
        // At the reader's 200-character cap an argument may be cut between two literals: not read.
        XCTAssertNil(PythonStringText.parse(String(repeating: "'%s' ", count: 40)))
        XCTAssertEqual(PythonStringText.parse("'%s and %5.2f%%'")?.percentArgumentCount, 2)
        XCTAssertEqual(PythonStringText.parse("'%*d|%-.*f'")?.percentArgumentCount, 4)
        XCTAssertNil(PythonStringText.parse("'%(a)s'")?.percentArgumentCount)
        XCTAssertNil(PythonStringText.parse("'100%'")?.percentArgumentCount)
        XCTAssertEqual(PythonStringText.parse("'{} {name} {{x}}'")?.braceFieldCount, 2)
        XCTAssertTrue(StripWithWordCheck.isWord("test_"))
        XCTAssertTrue(StripWithWordCheck.isWord(".json"))
        XCTAssertTrue(StripWithWordCheck.isWord("http://"))
        for set in ["$$", "__", "```", "[]", "0123456789", "abcdef", "lL", "x", "a b"] {
            XCTAssertFalse(StripWithWordCheck.isWord(set), set)
        }
    }

    func testStripWithWordIsReportedAndTheAffixRemoved() throws {
        let repo = try FixtureRepository.committed([
            "pyproject.toml":
                "[project]\nname = \"pkg\"\nrequires-python = \">=3.9\"\n\n[tool.black]\nline_length = 40\n",
            "pkg/__init__.py": "",
            "pkg/names.py":
                "def stem(name):\n    return name.rstrip('.json')\n\n\ndef split(name):\n    return name.strip('test_')\n\n\ndef fence(text):\n    return text.strip('```').strip('json')\n\n\ndef key(long_variable_name):\n    return long_variable_name.lstrip('x_')\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let hits = StripWithWordCheck().evaluate(context)
        XCTAssertEqual(lines(hits), ["pkg/names.py:2", "pkg/names.py:6", "pkg/names.py:10", "pkg/names.py:14"])
        // [tool.black] line_length = 40: the edit that would make line 14 longer than 40 is not made.
        let diff = try XCTUnwrap(DiffHarness.propose(StripAffixProposer(), repo))
        XCTAssertTrue(diff.patch.contains("+    return name.removesuffix('.json')"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+    return name.removeprefix('test_')"), diff.patch)
        // `strip('json')` reads as neither a prefix nor a suffix: left to the maintainer.
        XCTAssertFalse(diff.patch.contains("removeprefix('json')"), diff.patch)
        XCTAssertFalse(diff.patch.contains("removeprefix('x_')"), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
        // Below Python 3.9 there is no removeprefix: the finding stays, no diff.
        let old = try FixtureRepository.committed([
            "setup.py": "from setuptools import setup\nsetup(name='pkg', python_requires='>=3.7')\n",
            "pkg/__init__.py": "", "pkg/names.py": "def stem(name):\n    return name.rstrip('.json')\n",
        ])
        XCTAssertEqual(StripWithWordCheck().evaluate(FindingContext(facts: old.facts(), capabilities: [])).count, 1)
        XCTAssertNil(try DiffHarness.propose(StripAffixProposer(), old))
    }

    func testLoggingArgumentMismatchIsReportedAndPlaceholdersAdded() throws {
        let repo = try FixtureRepository.committed([
            "pyproject.toml": "[project]\nname = \"pkg\"\n",
            "pkg/__init__.py": "",
            "pkg/train.py":
                "import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef main(args, n):\n    logger.info(\"Command Line Args:\", args)\n    logger.warning(\"got {} items from {}\", n, args)\n    logger.info(\n        \"Generated segment\",\n        n,\n    )\n    logging.error(\"%s and %s\", args)\n    logger.info(\"ok %s\", n)\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let sites = LoggingArgumentsCheck.sites(context)
        XCTAssertEqual(
            sites.map { "\($0.line) \($0.placeholders)/\($0.arguments)" }, ["7 0/1", "8 0/2", "9 0/1", "13 2/1"])
        let diff = try XCTUnwrap(DiffHarness.propose(LoggingPlaceholderProposer(), repo))
        XCTAssertTrue(diff.patch.contains("+    logger.info(\"Command Line Args: %s\", args)"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+    logger.warning(\"got %s items from %s\", n, args)"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+        \"Generated segment %s\","), diff.patch)
        // Too few arguments: which one is missing is the maintainer's call.
        XCTAssertFalse(diff.patch.contains("+    logging.error"), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testRaiseNotImplementedIsReportedAndFixed() throws {
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/convert.py":
                "def convert(kind):\n    if kind == 'a':\n        return 1\n    raise NotImplemented(\"{} is not supported\".format(kind))\n\n\ndef other():\n    raise NotImplementedError('x')\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        XCTAssertEqual(lines(RaiseNotImplementedCheck().evaluate(context)), ["pkg/convert.py:4"])
        let diff = try XCTUnwrap(DiffHarness.propose(NotImplementedErrorProposer(), repo))
        XCTAssertTrue(
            diff.patch.contains("+    raise NotImplementedError(\"{} is not supported\".format(kind))"), diff.patch)
        XCTAssertEqual(diff.patch.components(separatedBy: "\n+ ").count, 2, diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testControlFlowInFinallyIsReadFromTokens() throws {
        func sites(_ source: String) -> [String] {
            ControlFlowInFinallyCheck.sites(in: PythonTokenizer.tokenize(Array(source.utf8)).tokens).map {
                "\($0.line) \($0.keyword)"
            }
        }
        XCTAssertEqual(
            sites("def f():\n    try:\n        yield\n    finally:\n        if a:\n            return\n"), ["6 return"])
        XCTAssertEqual(sites("for x in y:\n    try:\n        g()\n    finally: continue\n"), ["4 continue"])
        XCTAssertEqual(sites("while 1:\n    try:\n        g()\n    finally:\n        break\n"), ["5 break"])
        // Loops, functions and comprehensions inside the finally own their break/continue/return.
        XCTAssertEqual(
            sites(
                "def f():\n    try:\n        return g()\n    finally:\n        for h in hs:\n            if h:\n                break\n            continue\n        def cb():\n            return 1\n        x = [i for i in hs]\n        while (a):\n            break\n    return None\n"
            ), [])
        // A return after the try statement is fine.
        XCTAssertEqual(sites("def f():\n    try:\n        g()\n    finally:\n        h()\n    return 1\n"), [])
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/timing.py":
                "from contextlib import contextmanager\n\n\n@contextmanager\ndef timed(threshold):\n    try:\n        yield\n    finally:\n        if threshold:\n            return\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        XCTAssertEqual(lines(ControlFlowInFinallyCheck().evaluate(context)), ["pkg/timing.py:10"])
    }

    func testStrMethodWithoutReturnIsReported() throws {
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/evaluation.py":
                "class Evaluator:\n    def summarize(self):\n        print('AP')\n\n    def __str__(self):\n        self.summarize()\n\n\nclass Fine:\n    def __repr__(self):\n        if self:\n            return 'Fine()'\n        return super().__repr__()\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let hits = StrMethodReturnsNothingCheck().evaluate(context)
        XCTAssertEqual(lines(hits), ["pkg/evaluation.py:5"])
        XCTAssertTrue(hits[0].title.contains("`Evaluator.__str__`"), hits[0].title)
    }

    func testPointlessComparisonIsReportedAndAssertedInTests() throws {
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/fst.py": "def mark(s, m):\n    if s.name == 'x':\n        s.mark == m\n",
            "tests/test_io.py":
                "import pytest\n\n\ndef test_roundtrip(load):\n    out = load()\n    out['a'].tolist() == [\n        3,\n    ]\n    with pytest.raises(TypeError):\n        out == 1\n    assert out == out\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let sites = PointlessComparisonCheck.sites(context)
        XCTAssertEqual(
            sites.map { "\($0.path):\($0.line) \($0.isTest)" }, ["pkg/fst.py:3 false", "tests/test_io.py:6 true"])
        let diff = try XCTUnwrap(DiffHarness.propose(AssertComparisonProposer(), repo))
        XCTAssertTrue(diff.patch.contains("+    assert out['a'].tolist() == ["), diff.patch)
        XCTAssertFalse(diff.patch.contains("pkg/fst.py"), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }
}
