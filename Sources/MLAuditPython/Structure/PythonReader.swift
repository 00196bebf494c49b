/// Entry point of the Python reader: source bytes -> `PythonModule`.
/// Tokenizes with `PythonTokenizer`, then reads structure in one pass over the tokens (`ModuleBuilder`).
/// A tokenizer error is recorded in `problems`; everything before it is still read.
public enum PythonReader {
    public static func read(source: [UInt8], path: String) -> PythonModule {
        read(source: source, path: path, tokenization: PythonTokenizer.tokenize(source))
    }

    /// As `read(source:path:)`, with the source's tokens already taken (`PythonTokenizer.tokenize(source)`), so a
    /// caller that reads the tokens for other purposes too tokenizes once.
    public static func read(source: [UInt8], path: String, tokenization: PythonTokenization) -> PythonModule {
        var builder = ModuleBuilder(path: path, lineCount: lineCount(source))
        builder.consume(tokenization.tokens, lines: tokenization.lines)
        var module = builder.module
        module.syntaxUses = PythonSyntaxFeature.uses(tokens: tokenization.tokens, below: 7)
        if let e = tokenization.error {
            module.problems.append(
                PythonReadProblem(line: e.line, message: "tokenizer: \(e.message) (column \(e.column))"))
        }
        return module
    }

    /// Lines as an editor shows them: "a\nb\n" has 2, "a\nb" has 2, "" has 0. `\r\n` and a lone `\r` end lines.
    static func lineCount(_ source: [UInt8]) -> Int {
        var lines = 0
        var i = 0
        let n = source.count
        while i < n {
            let b = source[i]
            if b == 0x0A {
                lines += 1
            } else if b == 0x0D {
                lines += 1
                if i + 1 < n, source[i + 1] == 0x0A { i += 1 }
            }
            i += 1
        }
        if n > 0, source[n - 1] != 0x0A, source[n - 1] != 0x0D { lines += 1 }
        return lines
    }
}
