import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditPython
@testable import MLAuditRemediation
@testable import MLAuditReport
@testable import MLAuditRules

/// Names read at run time that nothing binds (MLA144) on repositories built on the fly, and the missing import added
/// in the repository's own form (MLD230).
final class UnboundNameTests: XCTestCase {
    private func unbound(_ source: String) -> [String] {
        let b = PythonNameBindingReader.read(source: Array(source.utf8))
        return b.unbound(ignoring: []).map {
            "\($0.name)@\($0.lines.map(String.init).joined(separator: ","))" + ($0.boundElsewhere ? "*" : "")
        }
    }

    func testBindingsAndRunTimeUsesAreReadFromTokens() {
        XCTAssertEqual(unbound("def f(x):\n    return F.relu(x) + y\n"), ["F@2", "y@2"])
        // Annotations (parameter, return, variable), attributes, keyword names and strings are not run-time reads.
        XCTAssertEqual(
            unbound(
                "def f(x: Tensor = None, *a: Any, **k: Dict) -> Out:\n    v: Foo = g(key=x).name\n    return 'z'\n"),
            ["g@2"])
        // Every binding form, in any scope.
        XCTAssertEqual(
            unbound(
                "import a.b\nimport c as d\nfrom e import (f, g as h)\nclass K(a.Base, metaclass=d.M):\n    z = 1\n(p, *q), [r] = 1, 2\nfor i, (j, k) in f:\n    pass\nwith h() as (m, n), h() as o:\n    pass\ntry:\n    pass\nexcept E as err:\n    pass\nif (w := 3):\n    pass\nl = lambda u, *v, t=1, **s: (u, v, t, s, w)\nc2 = [x2 for x2 in range(3) if x2]\ndef gg():\n    global G\n    G = 1\n    del G\nmatch p:\n    case {\"k\": cap, **rest} if cap:\n        pass\n    case Pt(x=px) | [px, *_]:\n        pass\nprint(a, z, i, j, k, m, n, o, err, c2, gg, q, r, rest, px, K)\n"
            ), ["E@13", "Pt@26"])
        // Augmented assignment, subscript and attribute targets read their object.
        XCTAssertEqual(unbound("x += 1\nobj.attr = 2\narr[idx] = 3\n"), ["obj@2", "arr@3", "idx@3"])
        // A use under `try` guarded by NameError (or everything) is not reported; one under ImportError is.
        XCTAssertEqual(
            unbound(
                "try:\n    t = unicode\nexcept NameError:\n    t = str\ntry:\n    u = nope\nexcept ImportError:\n    pass\n"
            ),
            ["nope@6"])
    }

    func testUnreachableReadsAreNotClaims() {
        XCTAssertEqual(
            unbound(
                "def f(a):\n    if a:\n        raise NotImplementedError\n        g(dead)\n    return live\n    h(dead2)\n"
            ),
            ["live@5"])
    }

    func testFunctionScopes() {
        // Bound only in another function (a local import, a parameter): not visible here.
        XCTAssertEqual(
            unbound(
                "def a(pg):\n    from m import helper\n    return helper(pg)\n\ndef b():\n    return helper(pg)\n"),
            ["helper@6*", "pg@6*"])
        // Enclosing functions, `global`, class bodies (read generously), comprehensions and lambdas are visible.
        XCTAssertEqual(
            unbound(
                "def outer(x):\n    y = 1\n    def inner():\n        return x + y + G\n    return inner\n\ndef setg():\n    global G\n    G = 2\n\nclass C:\n    attr = 1\n    def m(self):\n        return [v for v in range(attr)]\n"
            ), [])
    }

    func testModulesThatCanGainNamesAreNotRead() {
        for source in [
            "from os import *\nprint(x)\n", "globals()['x'] = 1\nprint(x)\n", "exec('x = 1')\nprint(x)\n",
            "def __getattr__(n):\n    return n\nprint(x)\n", "vars().update(x=1)\nprint(x)\n",
        ] {
            let b = PythonNameBindingReader.read(source: Array(source.utf8))
            XCTAssertTrue(b.hasStarImport || b.hasDynamicNamespace || b.hasModuleGetattr, source)
        }
        XCTAssertTrue(PythonNameBindingReader.read(source: Array("print \"x\"\n".utf8)).isUnparsable)
        XCTAssertTrue(
            PythonNameBindingReader.read(source: Array("try:\n    a\nexcept E, e:\n    pass\n".utf8)).isUnparsable)
        XCTAssertTrue(PythonNameBindingReader.read(source: Array("x = {{ cookiecutter.name }}\n".utf8)).isTemplate)
        XCTAssertFalse(
            PythonNameBindingReader.read(source: Array("match x:\n    case 1:\n        pass\n".utf8)).isUnparsable)
    }

    func testCheckCitesEachModuleAndSkipsSilencedLines() throws {
        let repo = try FixtureRepository.committed([
            "pkg/model.py": "import torch\n\n\ndef act(x):\n    return F.gelu(x)\n",
            "pkg/quiet.py": "def f():\n    return g()  # noqa: F821\n",
            "tests/test_skip.py":
                "import unittest\n\n\n@unittest.skip\nclass T(unittest.TestCase):\n    def test_a(self):\n        trt_compile(1)\n",
            "examples/run.py": "def main():\n    return parse_args()\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let sites = UnboundNameCheck.sites(context).map { "\($0.path) \($0.names.map(\.name))" }
        XCTAssertEqual(sites, ["examples/run.py [\"parse_args\"]", "pkg/model.py [\"F\"]"])
        let hits = UnboundNameCheck().evaluate(context)
        XCTAssertEqual(hits.count, 2, "installed code and examples are reported apart")
        XCTAssertEqual(hits[0].evidence.map(\.path), ["pkg/model.py"])
        XCTAssertEqual(hits[1].severity, .medium)
    }

    func testMissingImportUsesTheRepositoryFormAndPlace() throws {
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/utils.py": "def get_version():\n    return 1\n\n\ndef other():\n    return 2\n",
            "pkg/a.py": "import torch\nimport torch.nn.functional as F\n\nfrom pkg.utils import get_version\n",
            "pkg/b.py": "import torch.nn.functional as F\nfrom pkg.utils import get_version\n",
            "pkg/model.py":
                "import os\n\nimport torch\nfrom torch import nn\n\nfrom pkg.utils import other\n\n\ndef act(x):\n    return F.gelu(x) if get_version() else x\n",
            "pkg/lonely.py": "def f():\n    return unknown_name()\n",
        ])
        let diff = try XCTUnwrap(DiffHarness.propose(MissingImportProposer(), repo))
        XCTAssertEqual(diff.paths, ["pkg/model.py"])
        XCTAssertTrue(
            diff.patch.contains(" import torch\n+import torch.nn.functional as F\n from torch import nn\n"), diff.patch)
        XCTAssertTrue(
            diff.patch.contains("-from pkg.utils import other\n+from pkg.utils import get_version, other\n"), diff.patch
        )
        try DiffHarness.applyAndCompile(diff, to: repo)

        // Two forms of one alias: not certain, no diff.
        let split = try FixtureRepository.committed([
            "a.py": "import numpy as np\n", "b.py": "import jax.numpy as np\n", "c.py": "import numpy as np\n",
            "d.py": "import jax.numpy as np\n", "e.py": "import os\n\n\ndef f():\n    return np.ones(1)\n",
        ])
        XCTAssertNil(try DiffHarness.propose(MissingImportProposer(), split))
    }

    func testStaleExportsAreFoundAndRemoved() throws {
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "from .gen import Greedy\n\n__all__ = [\"Greedy\", \"gen\", \"Gone\"]\n",
            "pkg/gen.py":
                "__all__ = [\n    \"Greedy\",\n    \"BeamWithLM\",\n]\n\n\nclass Greedy:\n    pass\n",
        ])
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let sites = UndefinedExportCheck.sites(context).map { "\($0.path) \($0.names.map(\.name))" }
        XCTAssertEqual(sites, ["pkg/__init__.py [\"Gone\"]", "pkg/gen.py [\"BeamWithLM\"]"])
        let diff = try XCTUnwrap(DiffHarness.propose(StaleExportProposer(), repo))
        XCTAssertTrue(
            diff.patch.contains("-__all__ = [\"Greedy\", \"gen\", \"Gone\"]\n+__all__ = [\"Greedy\", \"gen\"]\n"),
            diff.patch)
        XCTAssertTrue(diff.patch.contains("-    \"BeamWithLM\",\n"), diff.patch)
        try DiffHarness.applyAndCompile(diff, to: repo)
    }
}
