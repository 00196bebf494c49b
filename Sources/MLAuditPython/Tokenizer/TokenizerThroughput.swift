import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A measuring entry point for the tokenizer's speed: tokenizes sources already in memory on the
/// calling thread and reports counts and the time spent (reading files is not timed).
public enum TokenizerThroughput {
    public struct Measurement: Sendable {
        public var files: Int
        /// Bytes tokenized, over all repetitions.
        public var bytes: Int
        public var tokens: Int
        /// Files whose tokenization ended in an error, over all repetitions.
        public var rejected: Int
        /// Wall-clock time.
        public var seconds: Double
        /// CPU time of the measuring thread (steadier than wall-clock time on a loaded machine).
        public var cpuSeconds: Double
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
        public var megabytesPerCPUSecond: Double { cpuSeconds > 0 ? Double(bytes) / 1_000_000 / cpuSeconds : 0 }
    }

    /// Tokenizes every source `repetitions` times.
    public static func measure(sources: [[UInt8]], repetitions: Int = 1) -> Measurement {
        var tokens = 0
        var rejected = 0
        var bytes = 0
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        for _ in 0..<max(1, repetitions) {
            for source in sources {
                let result = PythonTokenizer.tokenize(source)
                tokens += result.tokens.count
                if result.error != nil { rejected += 1 }
                bytes += source.count
            }
        }
        let cpuSeconds = threadCPUSeconds() - cpuStart
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Measurement(
            files: sources.count, bytes: bytes, tokens: tokens, rejected: rejected, seconds: seconds,
            cpuSeconds: cpuSeconds)
    }

    /// CPU time consumed by the calling thread so far.
    private static func threadCPUSeconds() -> Double {
        var spec = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec) == 0 else { return 0 }
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Reads every regular `.py` file under `root` (sorted, symbolic links not followed) into memory.
    public static func loadPythonFiles(under root: String) -> [[UInt8]] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".py") { paths.append(relative) }
        }
        return paths.sorted().compactMap { relative in
            let path = (root as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let data = FileManager.default.contents(atPath: path)
            else { return nil }
            return [UInt8](data)
        }
    }
}
