import Foundation
import XCTest

@testable import MLAuditFacts
@testable import MLAuditReport
@testable import MLAuditRules

/// MLA134 on a repository built on the fly: git-ignored files on disk, symbolic links, letter case, translated docs.
final class BrokenDocLinkTests: XCTestCase {
    func testBrokenLinksAgainstTheTreeOnDisk() throws {
        let repo = try FixtureRepository.committed([
            "README.md":
                "# P\n[ignored](local/secret.txt) [gone](docs/gone.md)\n[case](Docs/Guide.md) [out](link/etc/passwd)\n[host](github.com/org/repo) [up](../outside.md)\n",
            ".gitignore": "local/\n",
            "docs/guide.md": "[api](api/overview) [missing](nothere.png)\n",
            "docs/source/en/api/overview.md": "# API\n",
            "docs/source/ja/index.md": "[gap](api/overview) [dead](api/nothing)\n",
        ])
        // Present on disk, not listed by git: exists. A symbolic link is never followed out of the root.
        try repo.write("local/secret.txt", "x\n")
        try FileManager.default.createSymbolicLink(
            atPath: repo.root.appendingPathComponent("link").path,
            withDestinationPath: "/")
        let context = FindingContext(facts: repo.facts(), capabilities: [])
        let broken = BrokenDocLinkCheck.broken(context).map { "\($0.path):\($0.line) \($0.target)" }
        XCTAssertEqual(
            broken,
            [
                "README.md:2 docs/gone.md", "README.md:3 Docs/Guide.md", "README.md:4 github.com/org/repo",
                "docs/guide.md:1 api/overview", "docs/guide.md:1 nothere.png", "docs/source/ja/index.md:1 api/nothing",
            ])
        let hits = BrokenDocLinkCheck().evaluate(context)
        XCTAssertEqual(hits.count, 1)
        let title = try XCTUnwrap(hits.first?.title)
        XCTAssertTrue(title.hasPrefix("6 documentation link(s)"), title)
        XCTAssertTrue(title.contains("only the case differs from docs/guide.md: broken on Linux"), title)
        XCTAssertTrue(title.contains("+3 more"), title)
        XCTAssertEqual(hits.first?.severity, .medium)  // the root README is affected
        XCTAssertEqual(hits.first?.evidence.map(\.line), [2, 3, 4, 1, 1])  // one citation per line
    }

    func testTargetsSkipCodeAndNonPaths() {
        let lines: [Substring] = [
            "[a](x.md \"title\") `[b](y.md)` [c](<z w.md>) [d](https://e.f) [e](#top) [f](/abs) [g]({{ u }}/h)",
            "```bash", "[h](in-fence.md)", "```", "![i](img/a.png?raw=true)",
        ]
        XCTAssertEqual(BrokenDocLinkCheck.targets(lines).map(\.target), ["x.md", "z w.md", "img/a.png"])
        // Lines without any mark byte are skipped, but only outside the links' reach: a fence stays open across
        // them, a reference definition and a tag still count, and a line with a mark but no link adds nothing.
        let mixed: [Substring] = [
            "plain prose", "~~~", "plain [x](fenced.md)", "no marks here", "~~~ ", "[r]: ref/def.md \"T\"",
            "<IMG width=3 SRC='pic.png'>", "a [bracket] only", "`code` only", "[l] (not/a/link.md)", "[k](kept.md)",
        ]
        XCTAssertEqual(
            BrokenDocLinkCheck.targets(mixed).map { "\($0.line) \($0.target)" },
            ["6 ref/def.md", "7 pic.png", "11 kept.md"])
        let marks = BrokenDocLinkCheck.LineMarks("a ]( b ]: c")
        XCTAssertTrue(marks.any && marks.closeParen && marks.closeColon && !marks.angle)
        XCTAssertFalse(BrokenDocLinkCheck.LineMarks("plain (text): no marks").any)
        XCTAssertTrue(BrokenDocLinkCheck.looksLikeHost("discord.gg/eleutherai"))
        XCTAssertFalse(BrokenDocLinkCheck.looksLikeHost("docs/guide.md"))
        XCTAssertFalse(BrokenDocLinkCheck.looksLikeHost("setup.py/x"))
    }
}
