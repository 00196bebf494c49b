import ArgumentParser
import Foundation
import MLAuditCore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit PATH and print (or write) its Status Update."
    )
    @Argument(help: "The repository to audit.") var path: String = "."
    func run() throws {
        throw ValidationError("audit is being built")
    }
}
