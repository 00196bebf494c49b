import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditPython
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// The checks MLA153-MLA156 (a message without its `f` prefix, `raise` of a literal, an `assert` that checks nothing,
/// `except A or B`) on repositories built on the fly, and their fix diffs MLD237-MLD240 (applied with git and
/// byte-compiled).
final class MessageDefectCheckTests: XCTestCase {
    private func lines(_ source: String) -> [PythonStatementTokens] {
        PythonStatementTokens.lines(PythonTokenizer.tokenize(Array(source.utf8)).tokens)
    }

    private func string(_ text: String) -> PythonToken {
        PythonTokenizer.tokenize(Array(text.utf8)).tokens.first { $0.kind == .string }!
    }

    func testFieldsOfPlainStrings() {
        XCTAssertEqual(MissingFStringPrefixCheck.fields(string("'a {x} b {y.z!r} {w[0]:.3f}'")), ["x", "y", "w"])
        XCTAssertEqual(MissingFStringPrefixCheck.fields(string("'no fields'")), [])
        XCTAssertEqual(MissingFStringPrefixCheck.fields(string("r'{path}'")), ["path"])
        for text in ["'{}'", "'{0}'", "'{{x}}'", "'{\"a\": 1}'", "'} {x}'", "'{x'", "'{len(x)}'", "'{x y}'", "b'{x}'"] {
            XCTAssertNil(MissingFStringPrefixCheck.fields(string(text)), text)
        }
        XCTAssertNil(MissingFStringPrefixCheck.fields(string("f'{x}'")))
    }

    func testByteScanPicksTheFilesToTokenize() {
        func scan(_ source: String) -> PythonStatementSites.Candidates {
            Array(source.utf8).withUnsafeBufferPointer { PythonStatementSites.candidates($0) }
        }
        XCTAssertEqual(scan("raise 'x'\n"), [.raiseLiteral])
        XCTAssertEqual(scan("    raise False\n"), [.raiseLiteral])
        XCTAssertEqual(scan("raise ValueError('x')\nraise_ = 1\n"), [])
        XCTAssertEqual(scan("    assert (\n        a,  # (x\n        'm)',\n    )\n"), [.assertion])
        XCTAssertEqual(scan("assert (\n    a\n), 'm'\nassert (a, b) == c\n"), [])
        XCTAssertEqual(scan("assert (\n    x == 0.0,\n), 'no dropout'\n"), [.assertion])
        XCTAssertEqual(scan("assert x['bs'], 16  \r\n"), [.assertion])
        XCTAssertEqual(scan("assert x == 1, 'm'\nassert f\n"), [])
        XCTAssertEqual(scan("except A or B:\n"), [.exceptOperator])
        XCTAssertEqual(scan("except (A, B):\nx = a or b\n"), [])
        XCTAssertEqual(scan("print('a {x}')\n"), [.fieldInPlainString])
        XCTAssertEqual(scan("print(f'a {x}')\nprint(rf'{y}')\nd = {0: 1}\nmsg = 'a {x}'\n"), [])
        XCTAssertEqual(scan("print('{x}'.format(x=1))  # '{y}'\nprint(f\"{a['k']} {b}\")\n"), [])
        XCTAssertEqual(scan("        \"got {step.value!r}\"\n"), [.fieldInPlainString])
    }

    func testMissingFStringPrefixIsReportedAndPrefixed() throws {
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/check.py":
                "import logging\n\nlogger = logging.getLogger(__name__)\nLIMIT = 3\n\n\ndef check(shape, step):\n    if not shape:\n        raise ValueError(\"bad shape {shape} over {LIMIT}\")\n    assert step > 0, (\n        f\"step {step} \"\n        \"must be positive, got {step.value!r}\"\n    )\n    logger.info(\"checked {shape}\")\n    logger.info(\"checked {shape}\", shape)\n    print(\"use {unknown} here\")\n    print(\"done {shape}\".format(shape=shape))\n    raise ValueError(u\"bad {shape}\")\n    raise ValueError(\"late {later}\")\n    later = 1\n",
            "tests/test_x.py": "def test_a(n):\n    for i in range(n):\n        assert i < n, 'example {i}'\n",
            "pkg/deprecated/__init__.py": "",
            "pkg/deprecated/old.py": "def old(x):\n    raise ValueError('old {x.name}')\n",
            "pkg/legacy.py": "def old(x):\n    raise ValueError('old {x.name}')\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let sites = MissingFStringPrefixCheck.sites(context)
        XCTAssertEqual(
            sites.map { "\($0.path):\($0.line) \($0.fields)" },
            [
                "pkg/check.py:9 [\"shape\", \"LIMIT\"]", "pkg/check.py:10 [\"step\"]", "pkg/check.py:14 [\"shape\"]",
                "pkg/check.py:18 [\"shape\"]", "pkg/legacy.py:2 [\"x\"]", "tests/test_x.py:3 [\"i\"]",
            ])
        // Titles name the first field as written; a `deprecated/` folder is closed to changes: out of scope.
        XCTAssertEqual(sites.last { $0.path == "pkg/legacy.py" }?.firstField, "{x.name}")
        let diff = try XCTUnwrap(DiffHarness.propose(FStringPrefixProposer(), repo))
        XCTAssertTrue(diff.patch.contains("+        raise ValueError(f\"bad shape {shape} over {LIMIT}\")"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+        f\"must be positive, got {step.value!r}\""), diff.patch)
        XCTAssertTrue(diff.patch.contains("+    logger.info(f\"checked {shape}\")"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+        assert i < n, f'example {i}'"), diff.patch)
        XCTAssertFalse(diff.patch.contains("deprecated/old.py"), diff.patch)
        // No `uf` prefix exists: the u-string is reported, not rewritten.
        XCTAssertFalse(diff.patch.contains("fu\"") || diff.patch.contains("uf\""), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testRaiseOfALiteralIsReadFromTokens() throws {
        let sites = RaiseLiteralCheck.sites(
            path: "a.py",
            lines(
                "def f(x):\n    if x: raise 'no %s' % x\n    raise \"not available\"\n    raise ValueError('x')\n    raise\n    raise False\n    y = 'raise \"x\"'\n"
            ))
        XCTAssertEqual(sites.map { "\($0.line) \($0.isSingleString)" }, ["2 false", "3 true", "6 false"])
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/attention.py":
                "def attend(flash):\n    if flash:\n        raise \"torch_xla is not available\"\n    return 1\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        XCTAssertEqual(RaiseLiteralCheck().evaluate(context).flatMap(\.evidence).map(\.line), [3])
    }

    /// `assert value, 16` in a test compares with the number; a conditional or lambda expression, a multi-line
    /// assert and product code are left alone.
    func testAssertWithANumberMessageComparesInTests() throws {
        XCTAssertEqual(
            AssertNumberMessageProposer.rewrite("        assert cfg[\"train_batch_size\"], 16"),
            "        assert cfg[\"train_batch_size\"] == 16")
        XCTAssertEqual(AssertNumberMessageProposer.rewrite("assert f(a, b) + 1, -2.5"), "assert f(a, b) + 1 == -2.5")
        XCTAssertNil(AssertNumberMessageProposer.rewrite("assert a if b else c, 16"))
        XCTAssertNil(AssertNumberMessageProposer.rewrite("assert lambda: 1, 16"))
        XCTAssertNil(AssertNumberMessageProposer.rewrite("assert not done, 16"))
        XCTAssertEqual(AssertNumberMessageProposer.rewrite("assert (n := f()), 3"), "assert (n := f()) == 3")
        XCTAssertNil(AssertNumberMessageProposer.rewrite("assert x, 'msg'"))
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "", "pkg/train.py": "def run(cfg):\n    assert cfg['bs'], 16\n    return cfg\n",
            "tests/test_train.py":
                "from pkg.train import run\n\n\ndef test_bs():\n    cfg = run({'bs': 16})\n    assert cfg['bs'], 16\n    assert cfg['bs'] if cfg else 0, 16\n",
        ])
        let diff = try XCTUnwrap(DiffHarness.propose(AssertNumberMessageProposer(), repo))
        XCTAssertTrue(diff.patch.contains("+    assert cfg['bs'] == 16\n"), diff.patch)
        XCTAssertFalse(diff.patch.contains("pkg/train.py"), diff.patch)
        XCTAssertFalse(diff.patch.contains("if cfg else 0 =="), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    /// A raised string becomes an exception carrying it: ImportError for a missing or too old dependency,
    /// RuntimeError otherwise; a formatted or non-string literal is left to the maintainer.
    func testRaisedLiteralBecomesAnException() throws {
        XCTAssertEqual(RaiseLiteralProposer.exceptionClass("\"torch_xla is not available\""), "ImportError")
        XCTAssertEqual(
            RaiseLiteralProposer.exceptionClass("'kernel is supported from torch_xla version 2.3'"), "ImportError")
        XCTAssertEqual(RaiseLiteralProposer.exceptionClass("\"unsupported config version 3\""), "RuntimeError")
        XCTAssertEqual(RaiseLiteralProposer.exceptionClass("\"number of epochs exceeds int32\""), "RuntimeError")
        XCTAssertNil(RaiseLiteralProposer.rewrite("    raise 'a' + b", literal: "'a'"))
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/attention.py":
                "def attend(x, flash, available):\n    if flash:\n        if not available():\n            raise \"torch_xla is not available\"\n        raise f\"unsupported {x}\"\n    if x is None: raise 'no input'\n    if x == 1: raise 'no input %s' % x\n    raise False\n",
        ])
        let diff = try XCTUnwrap(DiffHarness.propose(RaiseLiteralProposer(), repo))
        XCTAssertTrue(diff.patch.contains("+            raise ImportError(\"torch_xla is not available\")"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+        raise RuntimeError(f\"unsupported {x}\")"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+    if x is None: raise RuntimeError('no input')"), diff.patch)
        XCTAssertFalse(diff.patch.contains("+    if x == 1"), diff.patch)
        XCTAssertFalse(diff.patch.contains("+    raise False"), diff.patch)
        XCTAssertTrue(diff.title.hasPrefix("Raise `ImportError` or `RuntimeError` carrying the message"), diff.title)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testVacuousAssertsAreReadFromTokens() {
        let sites = VacuousAssertCheck.sites(
            path: "a.py",
            lines(
                "def f(cfg, acc, p):\n    assert \"pipeline has a bug\"\n    assert f\"weird {p}\"\n    assert (\n        cfg.pp > 0,\n        'positive',\n    )\n    assert acc['bs'], 16\n    assert acc['bs'] == 16, 16\n    assert (a, b) == (1, 2)\n    assert cfg, 'x'\n    assert ''\n    assert (cfg), 'x'\n    if cfg: assert 'x'\n    assert (\n        cfg.dropout == 0.0,\n    ), 'no dropout'\n"
            ))
        XCTAssertEqual(
            sites.map { "\($0.line) \($0.kind)" },
            ["2 string", "3 string", "4 tuple", "8 numberMessage", "14 string", "15 tuple"])
    }

    /// Every site is a one-character insertion, so the diff makes the whole change in one pass; past its bound
    /// (80 sites) it names the sites it leaves. A line the prefix would take over the repository's length is named too.
    func testFStringPrefixDiffFixesEverySiteUpToItsBound() throws {
        let body = (1...81).map { "    if x == \($0):\n        raise ValueError(\"bad {x}\")\n" }.joined()
        // 96 columns, at the limit: the prefix would make it 97.
        let long = "    raise ValueError(\"" + String(repeating: "a", count: 68) + " {x}\")\n"
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "", "pkg/m.py": "def f(x):\n" + body,
            "pkg/a.py": "def g(x):\n" + long + "    raise ValueError(\"short {x}\")\n",
            "pyproject.toml": "[tool.black]\nline-length = 96\n",
        ])
        let diff = try XCTUnwrap(DiffHarness.propose(FStringPrefixProposer(), repo))
        XCTAssertEqual(diff.patch.components(separatedBy: "\n+        raise ValueError(f\"bad {x}\")").count - 1, 79)
        XCTAssertTrue(diff.patch.contains("+    raise ValueError(f\"short {x}\")"), diff.patch)
        XCTAssertFalse(diff.patch.contains("+    raise ValueError(f\"aaa"), diff.patch)
        XCTAssertTrue(diff.why.contains("The diff fixes 80 of the 83 sites, in 2 file(s)."), diff.why)
        XCTAssertTrue(diff.why.contains("2 left (past the diff's size bound): pkg/m.py:161, pkg/m.py:163."), diff.why)
        XCTAssertTrue(
            diff.why.contains(
                "1 left (the prefix would take the line over the repository's line length, and it cannot be wrapped): pkg/a.py:2."
            ),
            diff.why)
        try DiffHarness.applyAndCompile(diff, to: repo)

        let small = try FixtureRepository.committed([
            "pkg/__init__.py": "", "pkg/m.py": "def f(x):\n    raise ValueError(\"bad {x}\")\n",
        ])
        let one = try XCTUnwrap(DiffHarness.propose(FStringPrefixProposer(), small))
        XCTAssertTrue(one.why.hasSuffix("the value that explains the failure."), one.why)

        // A file with CR line ends is never edited (line numbers could differ): its site is named, not lost.
        let crlf = try FixtureRepository.committed([
            "pkg/__init__.py": "", "pkg/m.py": "def f(x):\n    raise ValueError(\"bad {x}\")\n",
            "pkg/win.py": "def g(x):\r\n    raise ValueError(\"bad {x}\")\r\n",
        ])
        let mixed = try XCTUnwrap(DiffHarness.propose(FStringPrefixProposer(), crlf))
        XCTAssertTrue(
            mixed.why.hasSuffix(
                "The diff fixes 1 of the 2 sites, in 1 file(s). 1 left (in a file with CR line ends, which no diff edits): pkg/win.py:2."
            ), mixed.why)
    }

    /// A message alone on its line that the prefix would take over the limit is split at spaces, the `f` only on
    /// the pieces with a field; a line the split cannot serve is left and named.
    func testFStringPrefixWrapsALongMessageAtSpaces() throws {
        let words = "the checkpoint loaded from {path} has {n} channels where the pipeline expects six of them"
        XCTAssertEqual(
            FStringPrefixProposer.wrap(
                "        \"" + words + "\",", piece: "\"" + words + "\"", limit: 60, previous: "    raise ValueError("),
            [
                "        f\"the checkpoint loaded from {path} has {n} \"",
                "        \"channels where the pipeline expects six of them\",",
            ].joined(separator: "\n"))
        // Not alone on its line, after a backslash continuation, triple-quoted, or a word longer than the limit.
        XCTAssertNil(
            FStringPrefixProposer.wrap("    f(\"a {x} b\")", piece: "\"a {x} b\"", limit: 8, previous: "x = ("))
        XCTAssertNil(FStringPrefixProposer.wrap("    \"a {x} b\"", piece: "\"a {x} b\"", limit: 8, previous: "x = \\"))
        XCTAssertNil(
            FStringPrefixProposer.wrap(
                "    \"\"\"a {x} b\"\"\"", piece: "\"\"\"a {x} b\"\"\"", limit: 12, previous: "f("))
        XCTAssertNil(
            FStringPrefixProposer.wrap(
                "    \"abcdefghijkl {x}\"", piece: "\"abcdefghijkl {x}\"", limit: 12, previous: "f("))
        // No split inside a field's format spec, nor after a backslash.
        XCTAssertEqual(
            FStringPrefixProposer.wrap("  'a\\ b {x: >4} c'", piece: "'a\\ b {x: >4} c'", limit: 14, previous: "f("),
            "  'a\\ b '\n  f'{x: >4} c'")

        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/w.py": "def h(path, n):\n    raise ValueError(\n        \"" + words + "\"\n    )\n",
            "pyproject.toml": "[tool.ruff]\nline-length = 60\n",
        ])
        let diff = try XCTUnwrap(DiffHarness.propose(FStringPrefixProposer(), repo))
        XCTAssertTrue(
            diff.patch.contains("+        f\"the checkpoint loaded from {path} has {n} \"\n+        \"channels"),
            diff.patch)
        XCTAssertTrue(
            diff.why.contains(
                "One of them, on a line the prefix would take past the repository's 60 columns, is split"), diff.why)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testCopiedFromMarkersAreRead() {
        XCTAssertEqual(
            CopyGroups.markedSource("# Copied from diffusers.pipelines.sd.SDPipeline.check with SD->SDXL"),
            "diffusers.pipelines.sd.SDPipeline.check")
        XCTAssertEqual(CopyGroups.markedSource("#Copied from pkg.a.f"), "pkg.a.f")
        XCTAssertNil(CopyGroups.markedSource("# Copied from InstructPix2Pix, don't use their CFG"))
        XCTAssertNil(CopyGroups.markedSource("# Copied from https://github.com/x/y"))
        XCTAssertNil(CopyGroups.markedSource("# copied verbatim"))
    }

    /// The path index answers as the scans over every path it replaces: a unique tail, an ambiguous one, a missing
    /// one, and own packages at the root and under `src/` (not a file at the root, not a deeper folder).
    func testCopyGroupsPathIndexAgreesWithPathScans() {
        let paths = [
            "a/b/c.py", "x/b/c.py", "a/d.py", "src/pkg/m.py", "top.py", "deep/src/other/m.py", "lib/u/v/w.py",
        ]
        let index = CopyGroups.PathIndex(paths)
        for file in ["c.py", "b/c.py", "a/b/c.py", "d.py", "m.py", "pkg/m.py", "v/w.py", "w.py", "top.py", "none.py"] {
            let scan = paths.filter { $0.hasSuffix("/" + file) }
            XCTAssertEqual(index.uniquePath(endingWith: file), scan.count == 1 ? scan[0] : nil, file)
        }
        for dotted in ["a.b.c", "pkg.m.f", "top.f", "deep.x", "other.m", "src.pkg", "lib.u", "nope.x"] {
            let top = String(dotted.prefix { $0 != "." })
            let scan = paths.contains { $0.hasPrefix(top + "/") || $0.hasPrefix("src/" + top + "/") }
            XCTAssertEqual(index.isOwnPackage(dotted), scan, dotted)
        }
        XCTAssertTrue(index.isOwnPackage("pkg.m"))
        XCTAssertFalse(index.isOwnPackage("top.f"))
        XCTAssertFalse(index.isOwnPackage("other.m"))
    }

    /// A site in a `# Copied from` block is fixed only together with its source and every other copy, so the
    /// repository's `fix-copies` check stays clean; a group with a member the diff cannot touch (a closed folder,
    /// a source that cannot be found) keeps all of its sites out, named.
    func testFStringPrefixDiffKeepsCopyGroupsConsistent() throws {
        let method = "    def check(self, shape):\n        raise ValueError(\"bad shape {shape}\")\n"
        let repo = try FixtureRepository.committed([
            "src/pkg/__init__.py": "",
            "src/pkg/base.py": "class Base:\n" + method + "\n\nclass Kept:\n" + method,
            "src/pkg/copy.py":
                "class Copy:\n    # Copied from pkg.base.Base.check\n" + method
                + "\n\nclass Other:\n    # Copied from pkg.base.Kept.check with Kept->Other\n" + method,
            "src/pkg/deprecated/__init__.py": "",
            "src/pkg/deprecated/old.py": "class Old:\n    # Copied from pkg.base.Kept.check\n" + method,
            "src/pkg/lost.py": "class Lost:\n    # Copied from pkg.gone.Gone.check\n" + method,
            "src/pkg/vendored.py": "class Vendored:\n    # Copied from transformers.models.x.X.check\n" + method,
        ])
        let groups = CopyGroups.read(repo.facts())
        XCTAssertEqual(
            groups.groups.map { $0.map { "\($0.path) \($0.name)" } },
            [
                ["src/pkg/base.py Base.check", "src/pkg/copy.py Copy.check"],
                ["src/pkg/base.py Kept.check", "src/pkg/copy.py Other.check", "src/pkg/deprecated/old.py Old.check"],
            ])
        XCTAssertEqual(groups.unresolved.map(\.name), ["Lost.check"])
        let diff = try XCTUnwrap(DiffHarness.propose(FStringPrefixProposer(), repo))
        XCTAssertTrue(diff.why.contains("The diff fixes 3 of the 6 sites, in 3 file(s)."), diff.why)
        XCTAssertTrue(
            diff.why.contains(
                "3 left (in a `# Copied from` block whose source or other copies are not fixed with it): src/pkg/base.py:8, src/pkg/copy.py:10, src/pkg/lost.py:4."
            ), diff.why)
        for path in ["src/pkg/base.py", "src/pkg/copy.py", "src/pkg/vendored.py"] {
            XCTAssertTrue(diff.patch.contains("+++ b/\(path)"), path)
        }
        try DiffHarness.applyAndCompile(diff, to: repo)
    }

    func testExceptWithBooleanOperatorIsReportedAndTupled() throws {
        let sites = ExceptBooleanOperatorCheck.sites(
            path: "a.py",
            lines(
                "try:\n    pass\nexcept ImportError or ModuleNotFoundError:\n    pass\nexcept (KeyError or ValueError) as e:\n    pass\nexcept (A, B):\n    pass\nexcept a.E and f(x):\n    pass\nexcept errors[0] if errors else Exception:\n    pass\n"
            ))
        XCTAssertEqual(
            sites.map { "\($0.line) \($0.op) \($0.classes ?? [])" },
            ["5 or [\"KeyError\", \"ValueError\"]", "9 and []"],
            "line 3 catches both: ModuleNotFoundError is an ImportError")
        XCTAssertTrue(ExceptBooleanOperatorCheck.builtinSubclass("BrokenPipeError", of: "IOError"))
        XCTAssertFalse(ExceptBooleanOperatorCheck.builtinSubclass("ImportError", of: "ModuleNotFoundError"))
        XCTAssertFalse(ExceptBooleanOperatorCheck.builtinSubclass("MyError", of: "Exception"))
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/strategy.py":
                "def setup():\n    try:\n        import apex  # noqa: F401\n    except ImportError or RuntimeError:\n        return None\n    try:\n        return int('x')\n    except (KeyError or ValueError) as e:\n        return e\n",
        ])
        let diff = try XCTUnwrap(DiffHarness.propose(ExceptTupleProposer(), repo))
        XCTAssertTrue(diff.patch.contains("+    except (ImportError, RuntimeError):"), diff.patch)
        XCTAssertTrue(diff.patch.contains("+    except (KeyError, ValueError) as e:"), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
        XCTAssertEqual(
            ExceptTupleProposer.rewrite("except A or B or C:", op: "or", classes: ["A", "B", "C"]), "except (A, B, C):")
        XCTAssertNil(ExceptTupleProposer.rewrite("except A or f(B):", op: "or", classes: ["A", "B"]))
    }
}
