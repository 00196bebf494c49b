import XCTest
@testable import MLAuditCore
final class CoreSmokeTests: XCTestCase { func testVersion() { XCTAssertEqual(MLAuditVersion.value, "0.1.0") } }
