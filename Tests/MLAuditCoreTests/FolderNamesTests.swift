import XCTest

@testable import MLAuditKit

/// `FolderNames.anyFolder` answers as splitting the path, dropping its last component and lowercasing each folder.
final class FolderNamesTests: XCTestCase {
    func testFoldersOnlyNeverTheLastComponent() {
        let names: Set<String> = ["deprecated", "third_party"]
        XCTAssertTrue(FolderNames.anyFolder(of: "src/pkg/deprecated/old/pipe.py", in: names))
        XCTAssertTrue(FolderNames.anyFolder(of: "third_party/x.py", in: names))
        XCTAssertTrue(FolderNames.anyFolder(of: "a/Deprecated/b.py", in: names))
        XCTAssertTrue(FolderNames.anyFolder(of: "a/THIRD_PARTY/b.py", in: names))
        XCTAssertFalse(FolderNames.anyFolder(of: "src/pkg/deprecated.py", in: names))
        XCTAssertFalse(FolderNames.anyFolder(of: "src/deprecated", in: names))
        XCTAssertFalse(FolderNames.anyFolder(of: "src/deprecated_utils/a.py", in: names))
        XCTAssertFalse(FolderNames.anyFolder(of: "", in: names))
    }

    func testAgreesWithSplittingOnEdgeCases() {
        let names: Set<String> = ["deprecated", "_vendor", "straße"]
        let paths = [
            "deprecated/", "a//deprecated//b", "/deprecated/x", "deprecated", "a/deprecated/", "a/DEPRECATED//",
            "a/_VENDOR/x", "a/STRASSE/x", "a/Straße/x", "a/STRAẞE/x", "a/déprecated/x", "a/b/c", "//", "/",
        ]
        for path in paths {
            let reference = path.split(separator: "/").dropLast().contains { names.contains($0.lowercased()) }
            XCTAssertEqual(FolderNames.anyFolder(of: path, in: names), reference, path)
        }
    }
}
