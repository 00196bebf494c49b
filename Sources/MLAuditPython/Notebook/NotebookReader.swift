import Foundation

/// Reads a Jupyter notebook's code cells through the Python reader.
/// Line numbers in the returned module are lines of the raw `.ipynb` file, so `path:line` citations verify.
///
/// - Each code cell is read on its own (a broken cell cannot swallow the next); its problems are prefixed
///   "cell N:" (N counts all cells from 1, as Jupyter shows them). IPython lines (`%magic`, `!shell`,
///   `x = !cmd`, `obj?`) are blanked first, keeping line numbers; a cell starting with a `%%` cell magic other than time/timeit/capture/prun is not Python and is skipped.
/// - nbformat writes one JSON string per source line; a cell line maps to the raw line of the string where
///   it starts. A cell whose `source` is one string maps every line to that string's line (the cell's first
///   source line): the mapping is ambiguous there.
///   Columns stay columns of the cell's source line (the raw line also holds indentation, a quote and escapes).
/// - Markdown cell lines go to `proseLines` (the stub inventory counts uppercase TODO/FIXME/XXX/HACK there as
///   todo_comment, as the devset does for nanoGPT's transformer_sizing.ipynb).
/// - Malformed JSON, or JSON without a `cells` array, is a `.failure` naming the raw line.
public enum NotebookReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ d: String) { description = d }
    }

    /// Notebooks larger than this are refused rather than scanned.
    public static let maxBytes = 512 * 1024 * 1024
    static let pythonCellMagics: Set<String> = ["time", "timeit", "capture", "prun"]

    public static func read(json: [UInt8], path: String) -> Result<PythonModule, Failure> {
        guard json.count <= maxBytes else { return .failure(Failure("notebook is larger than \(maxBytes) bytes")) }
        let cells: [NotebookJSON.Cell]
        switch NotebookJSON.cells(json) {
        case .success(let c): cells = c
        case .failure(let f): return .failure(Failure("malformed notebook JSON at line \(f.line): \(f.message)"))
        }
        var module = PythonModule(path: path, lineCount: PythonReader.lineCount(json))
        for (index, cell) in cells.enumerated() {
            let (lines, rawLines) = cellLines(cell)
            guard let fallback = rawLines.first else { continue }
            if cell.type == "markdown" {
                for (text, raw) in zip(lines, rawLines) {
                    let t = text.trimmingCharacters(in: .whitespaces)
                    if !t.isEmpty { module.proseLines.append(PythonComment(text: String(t.prefix(300)), line: raw)) }
                }
                continue
            }
            guard cell.type == "code" else { continue }
            guard let python = pythonSource(lines) else { continue }
            var cellModule = PythonReader.read(source: Array(python.utf8), path: path)
            for i in cellModule.problems.indices {
                cellModule.problems[i].message = "cell \(index + 1): " + cellModule.problems[i].message
            }
            cellModule.remapLines { n in
                n >= 1 && n <= rawLines.count
                    ? rawLines[n - 1] : (n > rawLines.count ? rawLines[rawLines.count - 1] : fallback)
            }
            module.append(cellModule)
        }
        return .success(module)
    }

    /// The cell's lines (without line ends) and the raw .ipynb line each starts on.
    static func cellLines(_ cell: NotebookJSON.Cell) -> ([String], [Int]) {
        var lines: [String] = []
        var raw: [Int] = []
        var current = ""
        var currentLine: Int? = nil
        for piece in cell.pieces {
            for ch in piece.text {
                if currentLine == nil { currentLine = cell.sourceIsArray ? piece.line : cell.pieces.first?.line }
                if ch == "\n" || ch == "\r\n" || ch == "\r" {
                    lines.append(current)
                    raw.append(currentLine ?? piece.line)
                    current = ""
                    currentLine = nil
                } else {
                    current.append(ch)
                }
            }
        }
        if let l = currentLine {
            lines.append(current)
            raw.append(l)
        }
        return (lines, raw)
    }

    /// The cell as Python source, IPython-only lines blanked; nil for a non-Python cell magic.
    static func pythonSource(_ lines: [String]) -> String? {
        var out: [String] = []
        out.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if i == 0, t.hasPrefix("%%") {
                let name = t.dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                guard pythonCellMagics.contains(String(name)) else { return nil }
                out.append("")
                continue
            }
            out.append(isIPythonLine(t) ? "" : line)
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `%magic`, `!cmd`, `x = !cmd`, `x = %magic`, `obj?`, `?obj` (trimmed line).
    static func isIPythonLine(_ t: String) -> Bool {
        guard let first = t.first else { return false }
        if first == "%" || first == "!" || first == "?" { return true }
        if t.hasSuffix("?"), !t.contains("#"),
            t.dropLast().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "?" })
        {
            return true
        }
        if let eq = t.firstIndex(of: "=") {
            let lhs = t[..<eq].trimmingCharacters(in: .whitespaces)
            let rhs = t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if !lhs.isEmpty, lhs.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "," || $0 == " " }),
                let r = rhs.first, r == "!" || r == "%"
            {
                return !rhs.hasPrefix("!=") && !rhs.hasPrefix("%=")
            }
        }
        return false
    }
}
