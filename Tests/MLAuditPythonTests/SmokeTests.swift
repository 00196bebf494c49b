import XCTest
@testable import MLAuditPython
final class SmokeTests: XCTestCase { func testVersion() { XCTAssertEqual(MLAuditPythonVersion.value, "0.1.0") } }
