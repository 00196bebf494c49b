import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditRemediation
import MLAuditRender
import MLAuditReport
import MLAuditRules

struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Inspect mlaudit's readers on one file.",
        subcommands: [DebugTokensCommand.self, DebugReadPythonCommand.self, DebugStructureCommand.self]
    )
}

struct DebugTokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Print FILE's tokens exactly as `python3 -m tokenize -e FILE` does (CPython 3.11).",
        discussion: "Exit 1 with one line on stderr when the file does not tokenize; 2 when it cannot be read."
    )

    @Argument(help: "A Python source file.") var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(
                Data("mlaudit: cannot read \(file): no such file or permission denied\n".utf8))
            throw ExitCode(2)
        }
        switch TokenDump.render(source: [UInt8](data)) {
        case .success(let text):
            FileHandle.standardOutput.write(Data(text.utf8))
        case .failure(let error):
            FileHandle.standardError.write(Data("\(file):\(error.line):\(error.column): \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
