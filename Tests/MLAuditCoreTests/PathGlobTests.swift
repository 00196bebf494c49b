import Testing

@testable import MLAuditKit

/// The one glob engine (`.mlaudit.toml` `paths`, `exclude`, `per_file_ignores`, the `.gitignore` walk).
struct PathGlobTests {
    struct Case: Sendable, CustomStringConvertible {
        let pattern: String
        let path: String
        let matches: Bool
        var description: String { "\(pattern) ~ \(path) -> \(matches)" }
    }

    static let cases: [Case] = [
        // `*` and `?` stay within one segment
        Case(pattern: "*.py", path: "train.py", matches: true),
        Case(pattern: "*.py", path: "src/train.py", matches: false),
        Case(pattern: "src/*.py", path: "src/train.py", matches: true),
        Case(pattern: "src/*.py", path: "src/a/train.py", matches: false),
        Case(pattern: "t?st.py", path: "test.py", matches: true),
        Case(pattern: "t?st.py", path: "t/st.py", matches: false),
        Case(pattern: "*", path: "", matches: true),
        // character classes, ranges, negation with ! and ^, `]` first, escapes
        Case(pattern: "data[0-9].csv", path: "data7.csv", matches: true),
        Case(pattern: "data[0-9].csv", path: "datax.csv", matches: false),
        Case(pattern: "data[!0-9].csv", path: "datax.csv", matches: true),
        Case(pattern: "data[^0-9].csv", path: "data1.csv", matches: false),
        Case(pattern: "[]]x", path: "]x", matches: true),
        Case(pattern: "a[/]b", path: "a/b", matches: false),
        Case(pattern: "\\*.py", path: "*.py", matches: true),
        Case(pattern: "\\*.py", path: "a.py", matches: false),
        Case(pattern: "[z-a]", path: "m", matches: false),
        // `**` as a segment: any number of folders
        Case(pattern: "**/test_*.py", path: "test_a.py", matches: true),
        Case(pattern: "**/test_*.py", path: "a/b/test_a.py", matches: true),
        Case(pattern: "tests/**", path: "tests/a/b.py", matches: true),
        Case(pattern: "tests/**", path: "tests", matches: false),
        Case(pattern: "tests/**", path: "testsx/a.py", matches: false),
        Case(pattern: "a/**/b", path: "a/b", matches: true),
        Case(pattern: "a/**/b", path: "a/x/y/b", matches: true),
        Case(pattern: "a/**/b", path: "a/x/y/c", matches: false),
        Case(pattern: "/docs/*.md", path: "docs/a.md", matches: true),
        // `**` inside a segment is a plain `*`
        Case(pattern: "foo**", path: "foobar", matches: true),
        Case(pattern: "foo**", path: "foo/bar", matches: false),
        // malformed input: never a crash, a literal where nothing else fits
        Case(pattern: "data[0-9.csv", path: "data[0-9.csv", matches: true),
        Case(pattern: "data[0-9.csv", path: "data1.csv", matches: false),
        Case(pattern: "trailing\\", path: "trailing\\", matches: true),
        Case(pattern: "", path: "", matches: true),
        Case(pattern: "", path: "a", matches: false),
        Case(pattern: "[", path: "[", matches: true),
        Case(pattern: "[!]", path: "x", matches: false),
        Case(pattern: "a//b", path: "a//b", matches: true),
    ]

    @Test(arguments: cases)
    func matches(_ c: Case) {
        #expect(PathGlob.matches(c.pattern, c.path) == c.matches, "\(c)")
    }

    /// Many `**` and stars against a long path stay fast (memoised, no backtracking regex); a hang fails the run.
    @Test func hostilePatternsStayPolynomial() {
        let pattern = Array(repeating: "**/*a*", count: 30).joined(separator: "/") + "/b"
        let path = Array(repeating: "aaaaaaaaaaaaaaaaaaaa", count: 60).joined(separator: "/")
        #expect(!PathGlob.matches(pattern, path))
    }

    /// The gitignore walk uses the same engine: slash-less patterns match each file name, negation re-includes.
    @Test func gitignoreSemantics() {
        var ignore = GitIgnore()
        ignore.add(contents: "*.log\n!keep.log\nbuild/\n/root-only.txt\ndocs/**/draft[0-9].md\n", base: "")
        #expect(ignore.isIgnored("a/b/c.log", isDirectory: false))
        #expect(!ignore.isIgnored("a/keep.log", isDirectory: false))
        #expect(ignore.isIgnored("src/build", isDirectory: true))
        #expect(!ignore.isIgnored("src/build", isDirectory: false))
        #expect(ignore.isIgnored("root-only.txt", isDirectory: false))
        #expect(!ignore.isIgnored("sub/root-only.txt", isDirectory: false))
        #expect(ignore.isIgnored("docs/a/b/draft1.md", isDirectory: false))
        #expect(!ignore.isIgnored("docs/a/b/draftx.md", isDirectory: false))
    }

    /// Anchored rules given the path already split (`segments`) answer what they answer splitting it themselves,
    /// at the root and under nested bases, for files and folders.
    @Test func anchoredRulesWithSharedSegments() {
        var ignore = GitIgnore()
        ignore.add(contents: "/build\ndocs/_build/\nsrc/**/gen_*.py\n!src/keep/gen_x.py\na/*/c\n", base: "")
        ignore.add(contents: "/local.cfg\ncache/**\nx/y/\n", base: "pkg/sub")
        let paths = [
            "build", "build/x.o", "docs/_build", "docs/_build/index.html", "src/a/b/gen_1.py", "src/keep/gen_x.py",
            "a/b/c", "a/b/b/c", "pkg/sub/local.cfg", "pkg/sub/deep/local.cfg", "pkg/sub/cache/1/2", "pkg/sub/x/y",
            "pkg/subx/local.cfg", "pkg/sub", "é/ü/build", "a//c",
        ]
        for path in paths {
            let segments = PathGlob.segments(of: path)
            for isDirectory in [false, true] {
                var expected = false
                for rule in ignore.rules {
                    let shared = rule.matches(path, name: nil, segments: segments, isDirectory: isDirectory)
                    let own = rule.matches(path, isDirectory: isDirectory)
                    #expect(shared == own, "\(rule.pattern) on \(path)")
                    if own { expected = !rule.negated }
                }
                #expect(ignore.isIgnored(path, isDirectory: isDirectory) == expected, "\(path)")
            }
        }
    }

    /// A nested `.gitignore` applies under its own folder only; the name matched once per path (shared by every
    /// rule) gives the same answers as each rule splitting the path itself.
    @Test func nestedGitignoreAndSharedName() {
        var ignore = GitIgnore()
        ignore.add(contents: "*.tmp\n", base: "")
        ignore.add(contents: "data*\n!data_keep.csv\nout/\n**\n!*.py\n", base: "pkg/sub")
        #expect(ignore.isIgnored("x.tmp", isDirectory: false))
        #expect(ignore.isIgnored("pkg/sub/a/data1.csv", isDirectory: false))
        #expect(ignore.isIgnored("pkg/sub/a/data_keep.csv", isDirectory: false))  // `**` after the `!` ignores it again
        #expect(!ignore.isIgnored("pkg/sub/main.py", isDirectory: false))
        #expect(!ignore.isIgnored("pkg/other/data1.csv", isDirectory: false))
        #expect(!ignore.isIgnored("pkg/subx/data1.csv", isDirectory: false))
        #expect(ignore.isIgnored("pkg/sub/out", isDirectory: true))
        for rule in ignore.rules {
            for path in ["pkg/sub/a/data1.csv", "pkg/sub/main.py", "x.tmp", "pkg/subx/y", "pkg/sub/out"] {
                let last = Array((path.split(separator: "/").last ?? "").unicodeScalars)
                #expect(
                    rule.matches(path, name: last, isDirectory: false) == rule.matches(path, isDirectory: false))
            }
        }
        for pattern in ["*.py", "a?c", "[!x]*", "**", "lit"] {
            for name in ["a.py", "abc", "xyz", "lit", ""] {
                #expect(PathGlob(pattern).matches(name: Array(name.unicodeScalars)) == PathGlob.matches(pattern, name))
            }
        }
    }
}
