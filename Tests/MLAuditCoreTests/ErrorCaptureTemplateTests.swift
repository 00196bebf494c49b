import XCTest

@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport

/// The Error Capture block has one Swift copy (`ErrorCaptureTemplate`); the generated script's Python mirrors it.
final class ErrorCaptureTemplateTests: XCTestCase {
    func testRendererAndTaskSequenceWriteTheTemplatesLines() {
        let lines = ErrorSection.questionLines(timestamp: "T", step: "[1:X]", error: "e", context: "c")
        XCTAssertEqual(lines, ErrorCaptureTemplate.lines(timestamp: "T", step: "[1:X]", error: "e", context: "c"))
        XCTAssertEqual(lines.first, ":::")
        XCTAssertEqual(lines.last, ":::")
    }

    func testTheScriptsQuestionMirrorsTheTemplate() {
        // The resource splits the closing sentence over two adjacent string literals; joined, it is one line.
        let script = ScriptGenerator.template.replacingOccurrences(of: "\"\n                            \"", with: "")
        XCTAssertTrue(
            script.contains(ErrorCaptureTemplate.closing), "the script's QUESTION_END drifted from the template")
    }
}
