import XCTest

@testable import MLAuditPython

/// Specific behaviours of CPython 3.11's `tokenize`, asserted without running Python.
final class TokenizerBehaviourTests: XCTestCase {
    /// `EXACT_NAME 'text' l,c-l,c` per token, like a compact `-e` dump.
    private func summary(_ source: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let result = PythonTokenizer.tokenize(source)
        XCTAssertNil(result.error, file: file, line: line)
        return result.tokens.map { token in
            let name = token.kind == .op ? (token.exactType ?? "?") : token.kind.rawValue
            return
                "\(name) \(token.text.debugDescription) \(token.start.line),\(token.start.column)-\(token.end.line),\(token.end.column)"
        }
    }

    private func summary(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        summary(Array(source.utf8), file: file, line: line)
    }

    func testFStringsAreSingleStringTokens() {
        XCTAssertEqual(
            summary("x = f\"{a!r:>{w}}\" rb'\\d'\n"),
            [
                "ENCODING \"utf-8\" 0,0-0,0", "NAME \"x\" 1,0-1,1", "EQUAL \"=\" 1,2-1,3",
                "STRING \"f\\\"{a!r:>{w}}\\\"\" 1,4-1,17", "STRING \"rb\\'\\\\d\\'\" 1,18-1,24",
                "NEWLINE \"\\n\" 1,24-1,25", "ENDMARKER \"\" 2,0-2,0",
            ])
    }

    func testNewlinesInsideBracketsAreNLAndCommentLinesGiveNL() {
        XCTAssertEqual(
            summary("f(a,\n  # c\n\n  b)\n# top\n"),
            [
                "ENCODING \"utf-8\" 0,0-0,0", "NAME \"f\" 1,0-1,1", "LPAR \"(\" 1,1-1,2", "NAME \"a\" 1,2-1,3",
                "COMMA \",\" 1,3-1,4", "NL \"\\n\" 1,4-1,5", "COMMENT \"# c\" 2,2-2,5", "NL \"\\n\" 2,5-2,6",
                "NL \"\\n\" 3,0-3,1", "NAME \"b\" 4,2-4,3", "RPAR \")\" 4,3-4,4", "NEWLINE \"\\n\" 4,4-4,5",
                "COMMENT \"# top\" 5,0-5,5", "NL \"\\n\" 5,5-5,6", "ENDMARKER \"\" 6,0-6,0",
            ])
    }

    func testMissingFinalNewlineIsSynthesisedBeforeDedents() {
        XCTAssertEqual(
            summary("if x:\n    y"),
            [
                "ENCODING \"utf-8\" 0,0-0,0", "NAME \"if\" 1,0-1,2", "NAME \"x\" 1,3-1,4", "COLON \":\" 1,4-1,5",
                "NEWLINE \"\\n\" 1,5-1,6", "INDENT \"    \" 2,0-2,4", "NAME \"y\" 2,4-2,5", "NEWLINE \"\" 2,5-2,6",
                "DEDENT \"\" 3,0-3,0", "ENDMARKER \"\" 3,0-3,0",
            ])
    }

    func testTrailingWhitespaceOnlyLineEndsTokenizingOnThatLine() {
        XCTAssertEqual(summary("x = 1\n   ").suffix(2), ["NEWLINE \"\\n\" 1,5-1,6", "ENDMARKER \"\" 2,0-2,0"])
    }

    func testUnterminatedQuoteGivesErrorTokensForPrecedingSpaceAndQuote() {
        XCTAssertEqual(
            summary("x = 'abc\n"),
            [
                "ENCODING \"utf-8\" 0,0-0,0", "NAME \"x\" 1,0-1,1", "EQUAL \"=\" 1,2-1,3", "ERRORTOKEN \" \" 1,3-1,4",
                "ERRORTOKEN \"\\'\" 1,4-1,5", "NAME \"abc\" 1,5-1,8", "NEWLINE \"\\n\" 1,8-1,9",
                "ENDMARKER \"\" 2,0-2,0",
            ])
    }

    func testColumnsCountCodePoints() {
        XCTAssertEqual(
            summary("é = 'ü'  # ñ\n"),
            [
                "ENCODING \"utf-8\" 0,0-0,0", "NAME \"é\" 1,0-1,1", "EQUAL \"=\" 1,2-1,3", "STRING \"\\'ü\\'\" 1,4-1,7",
                "COMMENT \"# ñ\" 1,9-1,12", "NEWLINE \"\\n\" 1,12-1,13", "ENDMARKER \"\" 2,0-2,0",
            ])
    }

    func testBOMIsStrippedAndCRLFIsOneNewline() {
        XCTAssertEqual(
            summary([0xEF, 0xBB, 0xBF, 0x78, 0x0D, 0x0A]),
            [
                "ENCODING \"utf-8\" 0,0-0,0", "NAME \"x\" 1,0-1,1", "NEWLINE \"\\r\\n\" 1,1-1,3",
                "ENDMARKER \"\" 2,0-2,0",
            ])
    }

    func testLatin1CookieDecodesTheRest() {
        let source = Array("# coding: latin-1\nx = \"".utf8) + [0xE9] + Array("\"\n".utf8)
        XCTAssertEqual(
            summary(source),
            [
                "ENCODING \"iso-8859-1\" 0,0-0,0", "COMMENT \"# coding: latin-1\" 1,0-1,17", "NL \"\\n\" 1,17-1,18",
                "NAME \"x\" 2,0-2,1", "EQUAL \"=\" 2,2-2,3", "STRING \"\\\"é\\\"\" 2,4-2,7", "NEWLINE \"\\n\" 2,7-2,8",
                "ENDMARKER \"\" 3,0-3,0",
            ])
    }

    func testExactOperatorTypes() {
        XCTAssertEqual(
            summary("(n := 1) -> x **= ...\n"),
            [
                "ENCODING \"utf-8\" 0,0-0,0", "LPAR \"(\" 1,0-1,1", "NAME \"n\" 1,1-1,2", "COLONEQUAL \":=\" 1,3-1,5",
                "NUMBER \"1\" 1,6-1,7", "RPAR \")\" 1,7-1,8", "RARROW \"->\" 1,9-1,11", "NAME \"x\" 1,12-1,13",
                "DOUBLESTAREQUAL \"**=\" 1,14-1,17", "ELLIPSIS \"...\" 1,18-1,21", "NEWLINE \"\\n\" 1,21-1,22",
                "ENDMARKER \"\" 2,0-2,0",
            ])
    }

    func testStaleContinuationFlagTurnsALaterTripleQuotedStringIntoAnErrorToken() {
        // CPython 3.11 never clears `needcont` after the ERRORTOKEN of a broken backslash-continued string.
        XCTAssertEqual(
            summary("x = 'a\\\nb\ny = \"\"\"c\nd\ne = 1\n"),
            [
                "ENCODING \"utf-8\" 0,0-0,0", "NAME \"x\" 1,0-1,1", "EQUAL \"=\" 1,2-1,3",
                "ERRORTOKEN \"\\'a\\\\\\nb\\n\" 1,4-2,2", "NAME \"y\" 3,0-3,1", "EQUAL \"=\" 3,2-3,3",
                "ERRORTOKEN \"\\\"\\\"\\\"c\\nd\\n\" 3,4-4,2", "NAME \"e\" 5,0-5,1", "EQUAL \"=\" 5,2-5,3",
                "NUMBER \"1\" 5,4-5,5",
                "NEWLINE \"\\n\" 5,5-5,6", "ENDMARKER \"\" 6,0-6,0",
            ])
    }

    func testErrorsCarryCPythonPositions() {
        let dedent = PythonTokenizer.tokenize(Array("if x:\n        a = 1\n    b = 2\n".utf8))
        XCTAssertEqual(dedent.error?.line, 3)
        XCTAssertEqual(dedent.error?.column, 4)
        XCTAssertEqual(dedent.tokens.last?.kind, .newline, "tokens before the error are kept")
        let string = PythonTokenizer.tokenize(Array("x = 1\ny = '''abc\ndef\n".utf8))
        XCTAssertEqual(string.error?.line, 2)
        XCTAssertEqual(string.error?.column, 4)
        let statement = PythonTokenizer.tokenize(Array("x = (1,\n2\n".utf8))
        XCTAssertEqual(statement.error?.line, 3)
        XCTAssertEqual(statement.error?.column, 0)
        XCTAssertNotNil(PythonTokenizer.tokenize([0x78, 0x0A, 0xFF, 0x0A]).error)
        if case .success = TokenDump.render(source: [0x28, 0x0A]) { XCTFail("an unclosed bracket must fail the dump") }
    }

    func testDumpPadsColumnsLikePythonPrintf() throws {
        let dump = try TokenDump.render(source: Array("x\n".utf8)).get()
        XCTAssertEqual(
            dump,
            """
            0,0-0,0:            ENCODING       'utf-8'        \n\
            1,0-1,1:            NAME           'x'            \n\
            1,1-1,2:            NEWLINE        '\\n'           \n\
            2,0-2,0:            ENDMARKER      ''             \n
            """)
    }
}
