import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython

/// Call-site queries answered from the code index's postings: a regex runs once per distinct callee (or callee
/// leaf) text, never once per call, and only the matching sites are materialised. Each query is exact: it returns
/// the same calls, in the same product order, as testing every call of every product module.
extension RuleContext {
    /// Sites whose written callee (`c.callee`) matches `regex`, in product order.
    package func sites(calleeMatching regex: String, caseInsensitive: Bool = false) -> [Int32] {
        siteMemo.value("callee\u{0}\(caseInsensitive)\u{0}\(regex)") {
            // every written callee is a key of `namedCallees` (with the alias-renamed forms beside it)
            let matched = Set(calleeVocabulary.matching(regex, caseInsensitive: caseInsensitive, in: self))
            return code.sites(named: matched.sorted()).filter { matched.contains(code.call($0).callee) }
        }
    }

    /// Sites whose written callee's last component (`c.callee.lastComponent`) matches `regex`, in product order.
    package func sites(leafMatching regex: String, caseInsensitive: Bool = false) -> [Int32] {
        siteMemo.value("leaf\u{0}\(caseInsensitive)\u{0}\(regex)") {
            let matched = calleeLeafVocabulary.matching(regex, caseInsensitive: caseInsensitive, in: self)
            return code.sites(leaf: Set(matched))
        }
    }

    /// Sites whose written callee's last component is one of `names`, in product order.
    package func sites(leaf names: Set<String>) -> [Int32] { code.sites(leaf: names) }

    /// Sites passing one of `keywords` as a keyword argument, in product order.
    package func sites(keyword keywords: Set<String>) -> [Int32] { code.sites(keyword: keywords) }

    /// The calls at `sites` grouped by module: modules in product order, each module's calls in source order.
    package func callsByModule(_ sites: [Int32]) -> [(module: PythonModule, calls: [PythonCall])] {
        var out: [(module: PythonModule, calls: [PythonCall])] = []
        var last = -1
        for s in Set(sites).sorted() {
            let p = code.modulePosition(ofSite: s)
            if p != last {
                out.append((code.product[p], []))
                last = p
            }
            out[out.count - 1].calls.append(code.call(s))
        }
        return out
    }

    /// Assignment ordinals whose target's last component matches `regex`, in product order.
    package func assignments(targetLeafMatching regex: String, caseInsensitive: Bool = false) -> [(
        module: PythonModule, assignment: PythonAssignment
    )] {
        let leaves = code.assignmentTargetLeaves
        return assignmentLeafVocabulary.matching(regex, caseInsensitive: caseInsensitive, in: self)
            .flatMap { leaves[$0] ?? [] }.sorted().map { code.assignment($0) }
    }

    /// `regex` as a test of each word of a vocabulary (distinct callees, leaves, targets): the pattern's literal set
    /// is looked up once, and the words holding none of its literals never reach the regex.
    package func vocabularyFilter(_ regex: String, caseInsensitive: Bool) -> (String) -> Bool {
        let set = RegexLiteralSets.shared.set(regex, caseInsensitive: caseInsensitive)
        return { word in
            if let set, !set.mayMatch(word) { return false }
            return word.containsMatch(regex, caseInsensitive: caseInsensitive)
        }
    }
}

extension VocabularyIndex {
    /// The words `context.vocabularyFilter(regex, caseInsensitive:)` keeps, in order.
    package func matching(_ regex: String, caseInsensitive: Bool, in context: RuleContext) -> [String] {
        matching(
            literals: RegexLiteralSets.shared.set(regex, caseInsensitive: caseInsensitive),
            context.vocabularyFilter(regex, caseInsensitive: caseInsensitive))
    }
}
