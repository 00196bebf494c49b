/// Entry point of the Python reader: source bytes -> `PythonModule`.
/// (The structure reader fills every field of `PythonModule`; see Structure/.)
public enum PythonReader {
    public static func read(source: [UInt8], path: String) -> PythonModule {
        var lines = 1
        for b in source where b == 0x0A { lines += 1 }
        return PythonModule(path: path, lineCount: lines)
    }
}
