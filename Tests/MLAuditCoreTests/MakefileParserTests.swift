import Testing

@testable import MLAuditFacts

/// The one Makefile reader: what gates, capability rules and the command index all read.
struct MakefileParserTests {
    static let main = """
        # top comment
        PY ?= python
        PY ?= python3
        TESTS := tests
        FLAGS = -q
        FLAGS += --maxfail=1
        export ENV_VAR = 1
        include make/lint.mk
        -include ../outside.mk
        include /etc/passwd
        .PHONY: test lint gpu
        test: install ; $(PY) -m pytest $(FLAGS) \\
            $(TESTS)
        \t@echo done

        \t# a comment inside the recipe
        \t$(PY) -m pytest docs

        gpu: FLAGS = -m gpu
        gpu:
        \tpytest ${FLAGS}
        a b: c
        \tpytest tests/$@
        %.o: %.c
        \tcc $<
        $(NAME): x
        \techo computed
        VAR := value: with colon
        """

    static let files: [String: String] = [
        "make/lint.mk": "LINTER = ruff\nlint:\n\t$(LINTER) check .\ninclude make/lint.mk\n",
        "outside.mk": "evil:\n\trm -rf /\n",
    ]

    static func parsed() -> Makefile {
        MakefileParser.parse(main, path: "Makefile") { files[$0] }
    }

    @Test func variablesFollowMakeAssignmentRules() {
        let m = Self.parsed()
        #expect(m.variables["PY"] == "python")  // ?= keeps the first value
        #expect(m.variables["FLAGS"] == "-q --maxfail=1")
        #expect(m.variables["ENV_VAR"] == "1")
        #expect(m.variables["LINTER"] == "ruff")  // from the included file
        #expect(m.variables["VAR"] == "value: with colon")
        #expect(m.targetVariables["gpu"]?["FLAGS"] == "-m gpu")
    }

    @Test func includesStayInsideTheTreeAndStopAtACycle() {
        let m = Self.parsed()
        #expect(m.includes == ["make/lint.mk"])
        #expect(m.targets.contains { $0.name == "lint" && $0.path == "make/lint.mk" && $0.line == 2 })
        #expect(!m.targets.contains { $0.name == "evil" })
        #expect(m.ownTargets.allSatisfy { $0.path == "Makefile" })
    }

    @Test func rulesRecipesContinuationsAndPhony() throws {
        let m = Self.parsed()
        #expect(m.phony == ["test", "lint", "gpu"])
        let test = try #require(m.targets.first { $0.name == "test" })
        #expect(test.line == 12)
        #expect(test.recipeTexts == ["$(PY) -m pytest $(FLAGS) $(TESTS)", "@echo done", "$(PY) -m pytest docs"])
        #expect(test.recipeLines == [12, 14, 17])
        #expect(m.expand(test.recipeTexts[0], target: "test") == "python -m pytest -q --maxfail=1 tests")
        let gpu = try #require(m.targets.first { $0.name == "gpu" })
        #expect(m.expand(gpu.recipeTexts[0], target: "gpu") == "pytest -m gpu")
        // one rule naming two targets gives each the recipe; pattern and computed names are kept out of `$` names
        #expect(m.targets.filter { $0.recipeTexts == ["pytest tests/$@"] }.map(\.name) == ["a", "b"])
        #expect(!m.targets.contains { $0.name.contains("$") })
        #expect(!m.targets.contains { $0.name == "VAR" })
    }

    @Test(arguments: [
        "", ":", ":\n\t\n", "\t\t\n", "\\", "a:\\", "include", "include \\\n", "=", "?=x", "a: b = ", "x = $(x)",
        ".PHONY:", "a:;", "\u{0}:\u{0}\n\t\u{0}", String(repeating: "a: b\n\tc \\\n", count: 500),
    ])
    func malformedInputNeverCrashes(_ text: String) {
        let m = MakefileParser.parse(text, path: "Makefile") { _ in text }
        #expect(m.targets.count <= 1000)
        _ = m.targets.map { m.expand($0.recipeTexts.joined(separator: " "), target: $0.name) }
    }

    @Test func includeOfItselfIsReadOnce() {
        let m = MakefileParser.parse("include Makefile\nt:\n\techo\n", path: "Makefile") { _ in
            "include Makefile\nt:\n\techo\n"
        }
        #expect(m.targets.count == 1)
        #expect(m.includes.isEmpty)
    }
}
