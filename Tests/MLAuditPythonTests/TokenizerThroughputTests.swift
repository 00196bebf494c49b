import Foundation
import XCTest

@testable import MLAuditPython

/// The measuring entry point counts what it tokenized (its timings are not asserted).
final class TokenizerThroughputTests: XCTestCase {
    func testMeasureCountsFilesBytesTokensAndRejections() throws {
        let sources = TokenizerThroughput.loadPythonFiles(under: TokenizerOracle.fixtureDirectory.path)
        XCTAssertEqual(sources.count, try TokenizerOracle.fixtureFiles().count)
        let results = sources.map { PythonTokenizer.tokenize($0) }
        let measurement = TokenizerThroughput.measure(sources: sources, repetitions: 2)
        XCTAssertEqual(measurement.files, sources.count)
        XCTAssertEqual(measurement.bytes, 2 * sources.reduce(0) { $0 + $1.count })
        XCTAssertEqual(measurement.tokens, 2 * results.reduce(0) { $0 + $1.tokens.count })
        XCTAssertEqual(measurement.rejected, 2 * results.filter { $0.error != nil }.count)
        XCTAssertGreaterThan(measurement.rejected, 0)
        XCTAssertGreaterThanOrEqual(measurement.seconds, 0)
    }
}
