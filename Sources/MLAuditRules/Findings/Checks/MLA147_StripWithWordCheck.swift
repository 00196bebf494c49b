import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `name.strip("test_")`, `path.rstrip(".json")`, `url.lstrip("http://")`: `strip`/`lstrip`/`rstrip` take a SET of
/// characters, not a prefix or suffix, so a word argument also eats any run of its letters at the ends
/// (`"test_dataset".strip("test_")` is `"data"`, `"results.json".rstrip(".json")` is `"result"`).
/// Reported only when the argument reads as a word or affix: at least two distinct characters, a letter among them,
/// no escape, and not a character set as written (a range such as `abc`/`012`, a letter in both cases such as
/// `lL`). `"$$"`, `"__"`, `"```"` (one character repeated) and punctuation sets (`" \n"`, `"[]"`) are not reported.
package struct StripWithWordCheck: FindingCheck {
    package let code = FindingCode.mla147
    package let severity = Severity.medium
    package let summary =
        "`.strip()` / `.lstrip()` / `.rstrip()` is given a word or affix, which it reads as a set of characters."
    package let why =
        "The argument is a character set, not a prefix or suffix: `\"test_dataset\".strip(\"test_\")` returns `\"data\"` and `\"results.json\".rstrip(\".json\")` returns `\"result\"`, so names that begin or end with one of the letters are silently cut."
    package let fix =
        "Use `str.removeprefix` / `str.removesuffix` (Python 3.9+), or slice after `startswith` / `endswith`."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/io.py":
                        "def stem(name):\n    return name.rstrip('.json')\n\ndef split(p):\n    return p.strip().strip(\"json\")\n",
                    "pkg/eval.py": "def prefix(n):\n    return n.strip('test_')\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/io.py":
                        "def clean(s):\n    s = s.strip(' \\n\\t').rstrip('$$').strip('```').strip('__')\n    s = s.strip('[]').lstrip('0123456789').rstrip('lL')\n    return s.strip('x').removesuffix('.json').strip(chars).strip()\n",
                    "third_party/lib/a.py": "x = name.rstrip('.json')\n",
                ], needsPythonReader: true)
        ]
    }

    package static let methods: Set<String> = ["strip", "lstrip", "rstrip"]

    /// One call: where, which method, the literal argument as written and its contents.
    package struct Site: Sendable {
        package var path: String
        package var line: Int
        package var method: String
        package var callee: String
        package var literal: String
        package var word: String
    }

    /// True when `word` reads as a word or affix rather than a set of characters.
    package static func isWord(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard Set(scalars).count >= 2, word.contains(where: \.isLetter) else { return false }
        // A range written out (`abc`, `012`, `xyz`) is a character set.
        if scalars.count >= 3 {
            for i in 0..<(scalars.count - 2)
            where scalars[i].value + 1 == scalars[i + 1].value && scalars[i + 1].value + 1 == scalars[i + 2].value {
                return false
            }
        }
        // A letter in both cases (`lL`, `uUbB`) is a set of spellings.
        let letters = word.filter(\.isLetter)
        if Set(letters.map { $0.lowercased() }).count < Set(letters).count { return false }
        return !word.contains { $0 == " " || $0 == "\t" }
    }

    package static func sites(_ context: FindingContext) -> [Site] {
        context.methodCalls(methods).compactMap { m, call -> Site? in
            guard m.path.hasSuffix(".py"), call.positionalArguments.count == 1, call.keywords.isEmpty,
                let lit = PythonStringText.parse(call.positionalArguments[0]), lit.pieces.count == 1, !lit.hasEscape,
                isWord(lit.body)
            else { return nil }
            return Site(
                path: m.path, line: call.line, method: FindingContext.lastSegment(call.callee), callee: call.callee,
                literal: lit.pieces[0], word: lit.body)
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }.productFirst
        let first = sites.first { $0.path == evidence[0].path && $0.line == evidence[0].line } ?? sites[0]
        return [
            FindingHit(
                title:
                    "\(sites.count) `strip`-family call(s) given a word, which strips characters, not the word (`.\(first.method)(\(first.literal))` at \(first.path):\(first.line); \(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
