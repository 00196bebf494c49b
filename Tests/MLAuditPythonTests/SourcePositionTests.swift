import XCTest

@testable import MLAuditPython

final class SourcePositionTests: XCTestCase {
    func testOrderingIsLineThenColumn() {
        let a = SourcePosition(line: 1, column: 9)
        let b = SourcePosition(line: 2, column: 0)
        let c = SourcePosition(line: 2, column: 3)
        XCTAssertEqual([c, a, b].sorted(), [a, b, c])
        XCTAssertFalse(b < b)
    }
}
