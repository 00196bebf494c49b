import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `docs/status_update_outstanding_questions.md`: the open rows of its Markdown table, when the audited repository has it.
package enum QuestionsLedger {
    package static let path = "docs/status_update_outstanding_questions.md"
    package static let closedStatuses: Set<String> = ["resolved", "retired", "documented resolution"]

    package static func read(facts: RepositoryFacts) -> LedgerSummary? {
        guard facts.snapshot.file(path) != nil else { return nil }
        guard let text = facts.text(path) else {
            facts.errors.record(
                step: .ledger, error: "\(path) is listed but could not be read",
                context: "the ledger's open rows are left out of the report", path: path)
            return nil
        }
        var header: [String]? = nil
        var open: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("|") else {
                header = nil
                continue
            }
            let cells = splitRow(line)
            if header == nil {
                header = cells.map { $0.lowercased() }
                continue
            }
            if cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }) { continue }
            guard let header else { continue }
            let status = column(cells, header, named: "status")
            let valid = column(cells, header, named: "still valid?")
            let isOpen: Bool
            if let valid, !valid.isEmpty {
                isOpen = !valid.lowercased().hasPrefix("no")
            } else if let status {
                isOpen = !closedStatuses.contains(status.lowercased())
            } else {
                isOpen = true
            }
            if isOpen { open.append(cells.prefix(3).joined(separator: " — ")) }
        }
        return LedgerSummary(path: path, openRows: open)
    }

    package static func splitRow(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for ch in line.dropFirst() {
            if escaped {
                current.append(ch)
                escaped = false
                continue
            }
            if ch == "\\" {
                escaped = true
                current.append(ch)
                continue
            }
            if ch == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(ch)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty {
            cells.append(current.trimmingCharacters(in: .whitespaces))
        }
        return cells
    }

    package static func column(_ cells: [String], _ header: [String], named: String) -> String? {
        guard let i = header.firstIndex(of: named), i < cells.count else { return nil }
        return cells[i]
    }
}
