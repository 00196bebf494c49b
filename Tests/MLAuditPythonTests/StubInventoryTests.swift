import XCTest

@testable import MLAuditPython

final class StubInventoryTests: XCTestCase {
    private func read(_ files: [(String, String)]) -> [StubSite] {
        StubInventory.build(modules: files.map { PythonReader.read(source: Array($0.1.utf8), path: $0.0) })
    }

    private func site(_ sites: [StubSite], _ path: String, _ line: Int) -> StubSite? {
        sites.first { $0.path == path && $0.line == line }
    }

    func testSampleFixture() throws {
        let m = PythonReader.read(source: try StructureFixtures.bytes("sample.py"), path: "sample.py")
        let sites = StubInventory.build(modules: [m])
        let summary = sites.map { "\($0.line) \($0.kind.rawValue) \($0.symbol) \($0.declaration)" }
        XCTAssertEqual(
            summary,
            [
                "37 not_implemented Abstract.forward true",
                "40 docstring_only Abstract.todo true",
                "43 placeholder_message Abstract.later false",
                "47 pass stub_pass false",
                "50 ellipsis stub_ellipsis false",
                "57 todo_comment handler false",
            ])
        XCTAssertEqual(sites[0].text, "raise NotImplementedError")
        XCTAssertEqual(sites[5].text, "# TODO: log this")
    }

    func testExceptPassExceptionClassAndStringsAreNotStubs() {
        let src = """
            class E(Exception):
                pass

            def f():
                \"\"\"pass TODO in a docstring.\"\"\"
                try:
                    g()
                except Exception:
                    pass
                s = "# TODO not a comment"
                return s
            """
        XCTAssertEqual(read([("a.py", src)]), [])
    }

    func testOverriddenBaseMethodAcrossFilesIsADeclaration() {
        let base = """
            class Base:
                def forward(self, x):
                    raise NotImplementedError("subclasses implement forward")

                def extra(self):
                    raise NotImplementedError
            """
        let initFile = "from .base import Base\n"
        let impl = """
            from pkg import Base as B

            class Impl(B):
                def forward(self, x):
                    return x
            """
        let sites = read([("src/pkg/base.py", base), ("src/pkg/__init__.py", initFile), ("models/impl.py", impl)])
        XCTAssertEqual(site(sites, "src/pkg/base.py", 3)?.declaration, true, "overridden in models/impl.py")
        XCTAssertEqual(site(sites, "src/pkg/base.py", 6)?.declaration, false, "nobody overrides extra")
        XCTAssertEqual(site(sites, "src/pkg/base.py", 3)?.kind, .notImplemented)
    }

    func testOverrideResolutionDoesNotTrustBareNames() {
        // Impl derives from an external Base (torch's), not the repository's Base with the same name.
        let base = "class Base:\n    def forward(self):\n        raise NotImplementedError\n"
        let impl = "from torch.nn import Base\n\nclass Impl(Base):\n    def forward(self):\n        return 1\n"
        let sites = read([("a/base.py", base), ("b/impl.py", impl)])
        XCTAssertEqual(site(sites, "a/base.py", 3)?.declaration, false)
    }

    func testGrandchildOverrideAndDottedModuleBase() {
        let base = "class Root:\n    def step(self):\n        ...\n"
        let mid = "import lib.base\n\nclass Mid(lib.base.Root):\n    pass\n"
        let leaf = "from lib.mid import Mid\n\nclass Leaf(Mid):\n    def step(self):\n        return 2\n"
        let sites = read([("lib/base.py", base), ("lib/mid.py", mid), ("lib/leaf.py", leaf)])
        XCTAssertEqual(site(sites, "lib/base.py", 3)?.kind, .ellipsis)
        XCTAssertEqual(site(sites, "lib/base.py", 3)?.declaration, true)
    }

    func testABCProtocolMetaclassAndOverload() {
        let src = """
            import abc
            import typing
            from typing import overload

            class P(typing.Protocol):
                def run(self) -> int: ...

            class M(metaclass=abc.ABCMeta):
                def run(self):
                    pass

            class A(abc.ABC):
                @abc.abstractmethod
                def run(self):
                    \"\"\"Run.\"\"\"

            @overload
            def f(x: int) -> int: ...
            def f(x):
                return x

            class Plain:
                def run(self):
                    pass
            """
        let sites = read([("m.py", src)])
        XCTAssertEqual(
            sites.map { "\($0.symbol) \($0.kind.rawValue) \($0.declaration)" },
            [
                "P.run ellipsis true", "M.run pass true", "A.run docstring_only true", "f ellipsis true",
                "Plain.run pass false",
            ])
    }

    func testNotImplementedInsideImplementedFunctionAndPlaceholderMessages() {
        let src = """
            def pick(mode):
                if mode == "a":
                    return 1
                raise NotImplementedError(f"mode {mode}")

            def later():
                return "Feature coming soon"

            def warn_only():
                logger.warning("export is not implemented yet")

            def tokenizer_error():
                raise ValueError("placeholder token missing")

            def keyword():
                return "TODO"

            def is_refillable(rollout):
                return rollout.is_placeholder and rollout.status in ("ok", "placeholder")
            """
        let sites = read([("m.py", src)])
        XCTAssertEqual(
            sites.map { "\($0.line) \($0.kind.rawValue) \($0.symbol)" },
            [
                "4 not_implemented pick", "7 placeholder_message later", "10 placeholder_message warn_only",
            ])
    }

    func testTodoCommentCaseAndKeywordLists() {
        let src = """
            x = 1  # TODO(karpathy): later
            # not sure yet. TODO investigate
            # torch distributed hack
            # matches TODO/FIXME markers
            # the word "TODO" is what we look for
            # xxx lowercase is not a marker
            # hacky or todos are not words
            y = 2  # FIXME
            """
        let sites = read([("m.py", src)])
        XCTAssertEqual(sites.map { "\($0.line) \($0.borderline)" }, ["1 false", "2 false", "3 true", "8 false"])
        XCTAssertTrue(sites.allSatisfy { $0.kind == .todoComment && $0.symbol == "<module>" })
    }

    func testCommentSymbolIsInnermostDefinition() {
        let src = "class A:\n    def f(self):\n        # TODO one\n        return 1\n    # TODO two\n    x = 1\n"
        let sites = read([("m.py", src)])
        XCTAssertEqual(sites.map(\.symbol), ["A.f", "A"])
    }

    func testSortedByPathThenLine() {
        let sites = read([("b.py", "# TODO b\n"), ("a.py", "x = 1\n# TODO a2\n"), ("a.py2", "# TODO c\n")])
        XCTAssertEqual(sites.map { "\($0.path):\($0.line)" }, ["a.py:2", "a.py2:1", "b.py:1"])
    }

    func testMarkers() {
        XCTAssertEqual(StubMarkers.commentMarker("# HACK: x"), .init(marker: "HACK", uppercase: true))
        XCTAssertNil(StubMarkers.commentMarker("# TODO|FIXME"))
        XCTAssertNil(StubMarkers.commentMarker("# todo", uppercaseOnly: true))
        XCTAssertTrue(StubMarkers.isPlaceholderMessage("This is a placeholder"))
        XCTAssertFalse(StubMarkers.isPlaceholderMessage("placeholder tokens must be added"))
        XCTAssertFalse(StubMarkers.isPlaceholderMessage("\\bTODO\\b"))
        XCTAssertTrue(StubMarkers.isPlaceholderMessage("TODO", bareKeywordCounts: true))
        XCTAssertFalse(StubMarkers.isPlaceholderMessage("TODO"))
    }

    /// The byte prefilter never turns away a message the full reading accepts: every accepted message holds one of
    /// its needles, and messages without one are all rejected, in ASCII and non-ASCII text.
    func testPlaceholderPrefilterKeepsEveryAcceptedMessage() {
        let bodies = [
            "Not implemented", "NOT YET IMPLEMENTED for ü", "unimplemented path", "has not been implemented",
            "Coming soon!", "todo: finish", "ÉTAPE todo", "a stub here", "placeholder model", "Stub", "x TODO y",
            "implementation pending", "to do later", "stubborn bug", "placeholders here", "placeholder tokens",
            "done", "", "  ", "naïve résumé", "TODO|FIXME", "\\bstub\\b", "todo todo fixme", "ｔｏｄｏ wide",
        ]
        var accepted = 0
        for body in bodies {
            for message in [body, "  \(body)  ", "\(body) (v2)", "Étape: \(body)"] {
                for bare in [false, true] {
                    let full = StubMarkers.isPlaceholderMessage(message, bareKeywordCounts: bare)
                    if full {
                        accepted += 1
                        XCTAssertTrue(StubMarkers.mayHoldPlaceholderWord(message.lowercased()), message)
                    }
                    if !StubMarkers.mayHoldPlaceholderWord(message.lowercased()) { XCTAssertFalse(full, message) }
                }
            }
        }
        XCTAssertGreaterThan(accepted, 20)
        XCTAssertFalse(StubMarkers.mayHoldPlaceholderWord("the model is trained"))
        XCTAssertTrue(StubMarkers.mayHoldPlaceholderWord("a stub"))
    }
}
