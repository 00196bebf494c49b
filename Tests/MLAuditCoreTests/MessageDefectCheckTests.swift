import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditPython
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// The checks MLA153-MLA156 (a message without its `f` prefix, `raise` of a literal, an `assert` that checks nothing,
/// `except A or B`) on repositories built on the fly, and their fix diffs MLD237-MLD238 (applied with git and
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

    /// Past its cap the f-prefix diff names the sites it leaves, so the maintainer sees the whole change.
    func testFStringPrefixDiffNamesTheSitesItLeaves() throws {
        let body = (1...18).map { "    if x == \($0):\n        raise ValueError(\"bad {x}\")\n" }.joined()
        let repo = try FixtureRepository.committed(["pkg/__init__.py": "", "pkg/m.py": "def f(x):\n" + body])
        let diff = try XCTUnwrap(DiffHarness.propose(FStringPrefixProposer(), repo))
        XCTAssertEqual(diff.patch.components(separatedBy: "\n+        raise ValueError(f\"bad {x}\")").count - 1, 16)
        XCTAssertTrue(diff.why.contains("2 more site(s) need the same change"), diff.why)
        XCTAssertTrue(diff.why.contains("pkg/m.py:35, pkg/m.py:37"), diff.why)
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
