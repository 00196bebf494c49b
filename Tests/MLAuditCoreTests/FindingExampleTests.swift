import XCTest
@testable import MLAuditCore
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditFacts
@testable import MLAuditRules
@testable import MLAuditRemediation
@testable import MLAuditRender

/// Runs every example of every catalogue check: triggering ones must hit, clean ones must not.
final class FindingExampleTests: XCTestCase {
    func testCodesAreUniqueAndWellFormed() {
        let codes = FindingCatalog.checks.map(\.code)
        XCTAssertEqual(Set(codes).count, codes.count, "duplicate finding code")
        for check in FindingCatalog.checks {
            XCTAssertTrue(check.code.range(of: #"^MLA1\d\d$"#, options: .regularExpression) != nil, check.code)
            XCTAssertFalse(check.summary.isEmpty || check.why.isEmpty || check.fix.isEmpty, check.code)
            XCTAssertFalse(check.triggering.isEmpty, "\(check.code) has no triggering example")
            XCTAssertFalse(check.clean.isEmpty, "\(check.code) has no clean example")
        }
    }

    func testEveryExample() throws {
        var ran = 0, skipped: [String] = []
        for check in FindingCatalog.checks {
            for (i, example) in check.triggering.enumerated() {
                if example.needsPythonReader && !ReaderProbe.available { skipped.append("\(check.code) trigger \(i)"); continue }
                let hits = try hitsOf(check, example)
                XCTAssertFalse(hits.isEmpty, "\(check.code): triggering example \(i) yields no finding")
                for hit in hits { XCTAssertFalse(hit.title.isEmpty, check.code) }
                ran += 1
            }
            for (i, example) in check.clean.enumerated() {
                let hits = try hitsOf(check, example)
                XCTAssertTrue(hits.isEmpty, "\(check.code): clean example \(i) yields \(hits.map(\.title))")
                ran += 1
            }
        }
        XCTAssertGreaterThan(ran, 40)
        if !skipped.isEmpty { print("FindingExampleTests: Python reader not available, skipped \(skipped.count): \(skipped.joined(separator: ", "))") }
    }

    private func hitsOf(_ check: any FindingCheck, _ example: FindingExample) throws -> [FindingHit] {
        let repo = try FixtureRepository.committed(example.files)
        let context = FindingContext(facts: repo.facts(), capabilities: example.capabilities)
        return check.evaluate(context)
    }
}
