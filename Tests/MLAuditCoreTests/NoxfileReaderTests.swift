import Testing

@testable import MLAuditFacts

/// The one noxfile reader: sessions from the structure reader, or from the text when it has no functions.
struct NoxfileReaderTests {
    static let text = """
        import nox
        from nox import session

        @nox.session(python=["3.10"], name="unit")
        def tests(session):
            session.run("pytest", "-q", "tests/")

        @session
        def lint(session):
            session.run('ruff', 'check', '.')
            session.install("x")

        def helper():
            pass
        """

    @Test func sessionsFromTheText() {
        let s = NoxfileReader.sessions(path: "noxfile.py", text: Self.text, module: nil)
        #expect(s.map(\.name) == ["unit", "lint"])
        #expect(s.map(\.function) == ["tests", "lint"])
        #expect(s.map(\.line) == [5, 9])
        #expect(s.map(\.runs) == [["pytest -q tests/"], ["ruff check ."]])
    }

    @Test(arguments: [
        "", "@", "@nox.session\n", "@nox.session\ndef", "@nox.session(name=\"\n", "def (\n", "@session\n\n\nx = 1\n",
        "@nox.session\ndef t(session):\n    session.run(\"unterminated\n", "\u{0}@nox.session\u{0}\ndef \u{0}(",
    ])
    func malformedInputNeverCrashes(_ text: String) {
        let s = NoxfileReader.sessions(path: "noxfile.py", text: text, module: nil)
        #expect(s.count <= 1)
        _ = s.map(\.runs)
    }
}
