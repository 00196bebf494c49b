import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class GateDiscoveryTests: XCTestCase {
    static let files: [String: String] = [
        "pyproject.toml": """
        [project]
        name = "demo"

        [tool.pytest.ini_options]
        testpaths = ["tests"]
        addopts = "-q --cov-fail-under=80"

        [tool.coverage.report]
        fail_under = 80
        """,
        "noxfile.py": """
        import nox

        @nox.session(python="3.11")
        def tests(session):
            session.run("pytest", "-q", "tests/")

        @nox.session(name="lint")
        def lint_session(session):
            session.run("ruff", "check", ".")
        """,
        "tox.ini": """
        [tox]
        envlist = py311, lint

        [testenv]
        commands = pytest {posargs}

        [testenv:lint]
        commands = ruff check .
        """,
        "Makefile": """
        .PHONY: test lint style

        test:
        \tpython -m pytest tests/test_data.py

        external:
        \tpython -m pytest vendor-clone/tests

        lint:
        \truff check src

        style:
        \truff format src
        """,
        ".pre-commit-config.yaml": """
        repos:
          - repo: https://github.com/astral-sh/ruff-pre-commit
            rev: v0.6.0
            hooks:
              - id: ruff
              - id: ruff-format
        """,
        "src/demo/model.py": "import torch\n\nclass Net(torch.nn.Module):\n    pass\n",
        "tests/test_data.py": """
        from torch.utils.data import DataLoader

        def test_batches():
            loader = DataLoader(list(range(8)), batch_size=4)
            assert len(list(loader)) == 2
        """,
        "tests/test_model.py": """
        import time
        import torch
        from demo.model import Net

        def test_forward_shape():
            out = Net()(torch.zeros(2, 3))
            assert out.shape == (2, 3)

        def test_golden():
            expected = torch.tensor([1.0])
            assert torch.allclose(expected, expected)

        def test_speed():
            start = time.perf_counter()
            assert time.perf_counter() - start < 10
        """,
    ]

    func testDiscoversEveryKindOfGate() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let gates = GateDiscovery.gates(facts: GateFixtures.facts(root), settings: GateFixtures.settings())
        let commands = gates.map(\.command)
        XCTAssertEqual(
            commands,
            [
                "python -m pytest -q",
                "python -m coverage run -m pytest -q && python -m coverage report",
                "nox -s tests", "nox -s lint",
                "tox", "tox -e lint",
                "make test", "make lint", "make external",
                "pre-commit run --all-files",
            ])
        XCTAssertFalse(commands.contains("make style"), "a formatter that rewrites files is not a gate")
        for g in gates {
            XCTAssertFalse(g.ran)
            XCTAssertNil(g.output)
            XCTAssertNil(g.exitCode)
            XCTAssertNotNil(g.source, "\(g.command) must cite where it is defined")
        }
        let byCommand = Dictionary(uniqueKeysWithValues: gates.map { ($0.command, $0) })
        XCTAssertEqual(byCommand["python -m pytest -q"]?.source?.citation, "pyproject.toml:4")
        XCTAssertTrue(byCommand["python -m pytest -q"]!.purpose.contains("testpaths: tests"))
        XCTAssertTrue(
            byCommand["python -m coverage run -m pytest -q && python -m coverage report"]!.purpose.contains(
                "fails under 80%"))
        XCTAssertEqual(byCommand["nox -s tests"]?.source?.citation, "noxfile.py:4")
        XCTAssertEqual(byCommand["nox -s lint"]?.source?.citation, "noxfile.py:8")
        XCTAssertEqual(byCommand["tox -e lint"]?.source?.citation, "tox.ini:7")
        XCTAssertEqual(byCommand["make test"]?.source?.citation, "Makefile:3")
        XCTAssertTrue(
            byCommand["make external"]!.purpose.contains("selects vendor-clone/tests, which is not in the repository"))
        XCTAssertFalse(byCommand["make test"]!.purpose.contains("not in the repository"))
        XCTAssertEqual(byCommand["pre-commit run --all-files"]?.source?.citation, ".pre-commit-config.yaml:5")
        XCTAssertTrue(byCommand["pre-commit run --all-files"]!.purpose.contains("ruff-format"))
    }

    func testMLTestScoreFollowsWhatTheTestsExercise() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let gates = GateDiscovery.gates(facts: GateFixtures.facts(root), settings: GateFixtures.settings())
        let byCommand = Dictionary(uniqueKeysWithValues: gates.map { ($0.command, $0) })
        // The whole suite: data loaders, a forward/shape check, golden values and a timing check.
        XCTAssertEqual(byCommand["python -m pytest -q"]?.mlTestScore, [.data, .model, .regression, .performance])
        // `make test` selects only tests/test_data.py.
        XCTAssertEqual(byCommand["make test"]?.mlTestScore, [.data])
        XCTAssertTrue(byCommand["make test"]!.purpose.contains("data: tests/test_data.py:1"))
        // Lint gates are infrastructure.
        XCTAssertEqual(byCommand["make lint"]?.mlTestScore, [.infrastructure])
        XCTAssertEqual(byCommand["nox -s lint"]?.mlTestScore, [.infrastructure])
    }

    func testProposesOfflineGatesWhenNoneExist() throws {
        let root = try GateFixtures.repo([
            "train.py": "import torch\nprint('train')\n", "model.py": "class GPT: pass\n",
        ])
        defer { GateFixtures.remove(root) }
        let gates = GateDiscovery.gates(facts: GateFixtures.facts(root), settings: GateFixtures.settings())
        XCTAssertEqual(gates.map(\.command), ["python -m pytest -q", "python -m compileall -q ."])
        XCTAssertTrue(gates[0].purpose.hasPrefix("Proposed"))
        XCTAssertTrue(gates[0].purpose.contains("model.py"), gates[0].purpose)
        XCTAssertTrue(gates[0].purpose.contains("train.py"), gates[0].purpose)
        XCTAssertNil(gates[0].source)
        XCTAssertEqual(gates[0].mlTestScore, [.data, .model, .infrastructure])
    }

    func testTestsWithoutConfigurationGetAPlainPytestGate() throws {
        let root = try GateFixtures.repo(["pkg/core.py": "X = 1\n", "test_core.py": "def test_x():\n    assert True\n"])
        defer { GateFixtures.remove(root) }
        let gates = GateDiscovery.gates(facts: GateFixtures.facts(root), settings: GateFixtures.settings())
        XCTAssertEqual(gates.map(\.command), ["python -m pytest -q"])
        XCTAssertEqual(gates[0].source?.citation, "test_core.py:1")
        XCTAssertTrue(gates[0].purpose.contains("no pytest configuration"))
    }

    /// The field review's misparses: `./tests/` is in the repository, `$(check_dirs)` is the Makefile's own variable,
    /// `make test` comes first, and the test commands CONTRIBUTING and the CI config document are gates.
    func testMakefilePathsVariablesAndDocumentedCommands() throws {
        let root = try GateFixtures.repo([
            "Makefile":
                "check_dirs := src tests\n\nquality:\n\truff check $(check_dirs)\n\ntest_core:\n\tpython -m pytest -s -v ./tests/ --ignore=./tests/test_examples.py\n\ntest_cli:\n\tpython -m pytest -s -v ./tests/test_cli.py::test_main\n\ntest_missing:\n\tpython -m pytest ./nowhere/\n\ntest:\n\tpython -m pytest tests\n",
            "src/pkg/__init__.py": "", "tests/test_cli.py": "def test_main():\n    assert True\n",
            "tests/test_examples.py": "def test_x():\n    assert True\n",
            "CONTRIBUTING.md":
                "# Contributing\n\n```bash\nKERAS_BACKEND=jax SKIP_APPLICATIONS_TESTS=True pytest keras\npip install -e . && pytest\n```\n",
            ".github/workflows/unit_tests.yml":
                "jobs:\n  t:\n    steps:\n      - run: pytest -x -n=auto --ignore=tests/models tests\n",
        ])
        defer { GateFixtures.remove(root) }
        let gates = GateDiscovery.gates(facts: GateFixtures.facts(root), settings: GateFixtures.settings())
        let commands = gates.map(\.command)
        XCTAssertEqual(
            Array(commands.filter { $0.hasPrefix("make ") }.prefix(2)), ["make quality", "make test"],
            "the conventional entry points first, in file order")
        let quality = try XCTUnwrap(gates.first { $0.command == "make quality" })
        XCTAssertTrue(quality.purpose.contains("ruff check src tests"), quality.purpose)
        for name in ["make test_core", "make test_cli"] {
            let g = try XCTUnwrap(gates.first { $0.command == name }, "\(commands)")
            XCTAssertFalse(g.purpose.contains("not in the repository"), g.purpose)
        }
        XCTAssertTrue(try XCTUnwrap(gates.first { $0.command == "make test_missing" }).purpose.contains("nowhere"))
        XCTAssertTrue(
            commands.contains("env KERAS_BACKEND=jax SKIP_APPLICATIONS_TESTS=True pytest keras"), "\(commands)")
        XCTAssertTrue(commands.contains("pytest -x -n=auto --ignore=tests/models tests"), "\(commands)")
        XCTAssertFalse(
            commands.contains { $0.contains("&&") && $0.contains("pip") }, "a line with shell syntax is not a gate")
        XCTAssertFalse(commands.contains { $0.contains(".github/workflows") })
    }

    func testCommandRoleSkipsOptionValues() {
        guard
            case .tests(let paths) = CommandRole.of(
                "python -m pytest -m \"single_gpu and bnb\" -n 3 tests/test_gpu.py -k gemma")
        else {
            return XCTFail("pytest must read as a test command")
        }
        XCTAssertEqual(paths, ["tests/test_gpu.py"])
        if case .mutating = CommandRole.of("ruff check --fix src") {} else { XCTFail("--fix rewrites files") }
        if case .lint = CommandRole.of("ruff format --check src") {} else { XCTFail("--check only reads") }
    }
}
