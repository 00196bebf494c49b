/// Renders tokens exactly as `python3 -m tokenize -e FILE` prints them (CPython 3.11).
public enum TokenDump {
    public static func render(source: [UInt8]) -> Result<String, PythonTokenizeError> {
        .failure(PythonTokenizeError(line: 1, column: 0, message: "tokenizer not available yet"))
    }
}
