import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// Creates the outstanding-questions ledger (`QuestionsLedger.path`) when the repository has none, seeded with the
/// Error Capture entries recorded so far in this audit. The report's renderer lists the ledger's open rows once it exists.
package struct QuestionsLedgerProposer: DiffProposer {
    package static let header = ["Timestamp(s)", "Step / Phase", "Recorded blocker", "Status", "Still Valid?", "Current disposition"]

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let path = QuestionsLedger.path
        guard context.isFree(path) else { return nil }
        let errors = context.facts.errors.all
        var lines = [
            "# Outstanding Automation Questions", "",
            "Blockers the automated audit could not resolve by itself. The daily status update lists every open row of this table",
            "(a row is open until its Still Valid? column says No or its Status is Resolved or Retired).", "",
            Self.row(Self.header), Self.row(Self.header.map { _ in "---" }),
        ]
        for e in errors {
            lines.append(Self.row([e.timestamp, "\(e.step) (\(e.stepDescription))", e.error + (e.path.map { " (`\($0)`)" } ?? ""),
                                   "Action required", "Yes", "Open; reported under Error Capture Blocks in the daily status update"]))
        }
        let text = lines.joined(separator: "\n") + "\n"
        let seeded = errors.isEmpty ? "with no rows yet (this audit recorded no errors)"
                                    : "seeded with the \(errors.count) Error Capture entr\(errors.count == 1 ? "y" : "ies") recorded so far in this audit"
        return DiffProposal(
            title: "Add the outstanding-questions ledger `\(path)` (\(errors.count) open row\(errors.count == 1 ? "" : "s"))",
            why: "There is no ledger of automation blockers, so an Error Capture entry of one daily status update is forgotten by the next; this creates the ledger \(seeded), and the status update then lists its open rows every day until each is marked resolved.",
            risk: "None for the code: a new Markdown file under docs/. Rows copy audit error messages (paths and parser messages, never file contents).",
            rollback: FindingContext.rollback(modified: [], created: [path]),
            testsDocs: "Re-run the audit: the status update's outstanding-questions part now cites this file; close a row by setting Still Valid? to No.",
            files: [DiffProposal.File(path: path, original: nil, updated: text)])
    }

    /// One table row; every cell escaped so `|` and line breaks in error text cannot split the row.
    package static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0 == "---" ? $0 : MarkdownEscaping.cell($0) }.joined(separator: " | ") + " |"
    }
}
