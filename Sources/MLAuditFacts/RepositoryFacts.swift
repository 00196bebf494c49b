import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Stage 3: per-file facts the analyses query. Built once; read-only afterwards.
// @unchecked: the line cache and memos (`Any` values) are guarded by `lock`; everything else is immutable.
public final class RepositoryFacts: @unchecked Sendable {
    public let snapshot: RepositorySnapshot
    public let git: GitFacts
    /// Every readable `.py` file and notebook, keyed by path.
    public let python: [String: PythonModule]
    public let stubs: [StubSite]
    public let errors: ErrorLog
    /// Secrets in the snapshot's text files: places for the findings, values for redaction.
    public let secrets: SecretFacts
    /// Parsed configuration, packaging, build and documentation files, built by `build` before any analysis
    /// (parse errors are recorded in the facts stage, step 6:CONFIG_READ).
    public private(set) var config: ConfigFacts = .empty
    /// The `--time-budget` deadline every later stage consults (set by `build`).
    public internal(set) var deadline: Deadline = .none
    /// The fact cache the audit reads and fills (nil with `--no-cache`): later stages keep their own pure results
    /// in it too (verified diffs).
    public internal(set) var factCache: FactCache? = nil
    private var lineCache: [String: LineIndex] = [:]
    private var memos: [String: Any] = [:]
    private var lastLines: (path: String, lines: [Substring])?
    /// What the `SourceAnalysis` values given to `build` found in each file (set by `build`, read-only after).
    private var analysed = SourceAnalysisTable()
    private let lock = NSLock()

    public var files: [RepoFile] { snapshot.files }
    public var root: URL { snapshot.root }

    public convenience init(
        snapshot: RepositorySnapshot, git: GitFacts, python: [String: PythonModule], stubs: [StubSite],
        errors: ErrorLog,
        secrets: SecretFacts = SecretFacts()
    ) {
        self.init(
            snapshot: snapshot, git: git, python: python, stubs: stubs, errors: errors, secrets: secrets,
            code: StageTrace.stage("index") { Self.index(python, snapshot) })
    }

    /// With the code index already built (`build` makes it beside the stub inventory and the secret scan).
    init(
        snapshot: RepositorySnapshot, git: GitFacts, python: [String: PythonModule], stubs: [StubSite],
        errors: ErrorLog, secrets: SecretFacts, code: CodeIndex
    ) {
        self.snapshot = snapshot
        self.git = git
        self.python = python
        self.stubs = stubs
        self.errors = errors
        self.secrets = secrets
        self.code = code
    }

    static func index(_ python: [String: PythonModule], _ snapshot: RepositorySnapshot) -> CodeIndex {
        CodeIndex(python: python, files: snapshot.files, fileIndex: snapshot.file)
    }

    /// The code index (product code, imports, call and assignment postings): built here, immutable.
    public let code: CodeIndex

    public static func build(
        snapshot: RepositorySnapshot, git: GitFacts, errors: ErrorLog,
        deadline: Deadline = .none, cache: FactCache? = nil,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, analyses: [any SourceAnalysis] = []
    ) -> RepositoryFacts {
        // Only the files: each content is fetched in the loop, read, scanned for secrets and released, so the
        // texts do not outlive their facts.
        let sources = snapshot.files.filter {
            ($0.kind == .python || $0.kind == .notebook) && snapshot.isRead($0.path)
        }
        @Sendable func recordProblem(_ p: PythonReadProblem, _ path: String) {
            errors.record(
                step: .python, error: "\(path):\(p.line): \(p.message)",
                context: "the file was read up to the problem; facts after it may be missing", path: path)
        }
        var modules = [PythonModule?](repeating: nil, count: sources.count)
        var secretHits = [SecretScanner.FileHits?](repeating: nil, count: sources.count)
        var analysedValues = [[(any Sendable)?]?](repeating: nil, count: analyses.isEmpty ? 0 : sources.count)
        StageTrace.stage("read") {
            modules.withUnsafeMutableBufferPointer { out in
                secretHits.withUnsafeMutableBufferPointer { hitsOut in
                    analysedValues.withUnsafeMutableBufferPointer { analysedOut in
                        // Each iteration writes only its own slot, and the buffers outlive concurrentPerform.
                        nonisolated(unsafe) let buffer = out
                        nonisolated(unsafe) let hitsBuffer = hitsOut
                        nonisolated(unsafe) let analysedBuffer = analysedOut
                        // One worker per core, each taking every `workers`-th file with its own interner (no lock): a
                        // worker shares repeated texts across all its files. Slots are written once each, so the merged
                        // facts do not depend on the number of workers.
                        let workers = max(1, min(workers, sources.count))
                        DispatchQueue.concurrentPerform(iterations: workers) { w in
                            let interner = FactInterner()
                            var i = w
                            while i < sources.count {
                                defer { i += workers }
                                let file = sources[i]
                                if deadline.expired { continue }
                                guard let content = snapshot.contentForPass(file.path) else { continue }
                                let key = cache.map { c in
                                    content.withBytes { bytes -> String in
                                        let kind: FactCache.Kind = file.kind == .notebook ? .notebook : .python
                                        // a tracked file git found unchanged is named by its blob id: nothing to hash
                                        if let blob = git.cleanBlobIDs[file.path],
                                            let k = c.key(blob: blob, byteCount: bytes.count, kind: kind)
                                        {
                                            return k
                                        }
                                        return c.key(bytes, kind: kind)
                                    }
                                }
                                // The tokens the structure reader takes, kept for the source analyses.
                                var tokenization: PythonTokenization? = nil
                                // Secrets are scanned while the bytes are here (or come from the cache, a pure function of
                                // the bytes); then the text goes: the facts are all later stages need of it (a cited line
                                // reads the file again).
                                defer {
                                    if !analyses.isEmpty {
                                        analysedBuffer[i] = Self.analyse(
                                            file, content, tokenization, analyses, cache: cache, key: key,
                                            module: buffer[i])
                                    }
                                    if let cache, let key, let hits = cache.loadSecrets(key, path: file.path) {
                                        hitsBuffer[i] = hits
                                    } else {
                                        let hits = content.withBytes {
                                            SecretScanner.scanFile(path: file.path, bytes: $0)
                                        }
                                        if let cache, let key { cache.storeSecrets(key, hits) }
                                        hitsBuffer[i] = hits
                                    }
                                    snapshot.release(file.path)
                                }
                                if let cache, let key, let hit = cache.load(key, path: file.path) {
                                    if file.kind == .python, let p = hit.problems.first { recordProblem(p, file.path) }
                                    buffer[i] = interner.intern(hit)
                                } else if file.kind == .notebook {
                                    switch NotebookReader.read(json: content.bytes, path: file.path) {
                                    case .success(let m):
                                        buffer[i] = interner.intern(m)
                                        if let cache, let key { cache.store(key, m) }
                                    case .failure(let why):
                                        errors.record(
                                            step: .notebook, error: "\(file.path): \(why.description)",
                                            context:
                                                "the notebook's code cells are left out of the audit; re-save it with Jupyter to repair it",
                                            path: file.path)
                                    }
                                } else {
                                    let source = content.bytes
                                    var tokens = PythonTokenizer.tokenize(source)
                                    if !analyses.isEmpty {
                                        // cut into logical lines once, for the structure reader and the analyses
                                        tokens.cutLines()
                                        tokenization = tokens
                                    }
                                    let m = PythonReader.read(source: source, path: file.path, tokenization: tokens)
                                    if let p = m.problems.first { recordProblem(p, file.path) }
                                    if let cache, let key { cache.store(key, m) }
                                    buffer[i] = interner.intern(m)
                                }
                            }
                        }
                    }
                }
            }
        }
        var table = SourceAnalysisTable()
        for (a, analysis) in analyses.enumerated() {
            var values: [String: any Sendable] = [:]
            for (file, row) in zip(sources, analysedValues) { if let value = row?[a] { values[file.path] = value } }
            table.byName[analysis.name] = values
        }
        var scanned: [String: SecretScanner.FileHits] = [:]
        for (file, hits) in zip(sources, secretHits) { if let hits { scanned[file.path] = hits } }
        var python: [String: PythonModule] = [:]
        for m in modules.compactMap({ $0 }) { python[m.path] = m }
        let unread = deadline.expired ? sources.filter { python[$0.path] == nil && $0.kind == .python }.count : 0
        if unread > 0 {
            errors.record(
                step: .python, error: "the time budget ran out while reading Python; \(unread) files were not read",
                context: "capability evidence from those files is missing; raise --time-budget", path: nil)
        }
        // The inventory covers product code: the rubric counts tests only for Internal CI/Test, and their dummy bodies
        // are fixtures, not gaps. Vendored copies never count. (Subclasses in tests still resolve declarations: all
        // non-vendored modules are read, only the sites of product files are kept.)
        let stubModules = python.values.filter { snapshot.file($0.path)?.isVendored == false }.sorted {
            $0.path < $1.path
        }
        // The stub inventory, the secret scan and the code index read the modules and the snapshot, not each other:
        // they run at the same time (each is a serial loop), and their values do not depend on the interleaving.
        let (modulesByPath, hitsByPath) = (python, scanned)
        let (stubs, secrets, code) = Concurrently.run(
            {
                StageTrace.stage("stubs") { StubInventory.build(modules: stubModules) }.filter {
                    snapshot.file($0.path)?.isTest == false
                }
            },
            { StageTrace.stage("secrets") { SecretScanner.scan(snapshot: snapshot, scanned: hitsByPath) } },
            { StageTrace.stage("index") { Self.index(modulesByPath, snapshot) } })
        let facts = RepositoryFacts(
            snapshot: snapshot, git: git, python: python, stubs: stubs, errors: errors, secrets: secrets, code: code)
        facts.deadline = deadline
        facts.factCache = cache
        facts.analysed = table
        facts.config = StageTrace.stage("config") { ConfigFacts.build(facts: facts) }
        // JSON texts (data, golden values, tokenizer and model configs: most of a tree's non-code bytes) are read by
        // later stages only in byte searches that the pair filter mostly answers, and in a cited line: once their
        // entries are taken they go, like the Python texts, and a later read reads the file again.
        for file in snapshot.files where file.kind == .json { snapshot.release(file.path) }
        return facts
    }

    public func text(_ path: String) -> String? { snapshot.text(path) }

    /// The values of the analyses that apply to `file`: taken from the fact cache's entry for its content when
    /// there is one and each value decodes, else computed from the content (tokenized at most once); a value
    /// computed now is stored back with the others, so the next audit of the same bytes reads none of them again.
    static func analyse(
        _ file: RepoFile, _ content: FileContent, _ tokenization: PythonTokenization?, _ analyses: [any SourceAnalysis],
        cache: FactCache?, key: String?, module: PythonModule? = nil
    ) -> [(any Sendable)?] {
        let stored = cache.flatMap { c in key.flatMap { c.loadAnalyses($0) } }
        var source: PythonSource? = nil
        var fresh: [(name: String, bytes: [UInt8])] = []
        let values: [(any Sendable)?] = analyses.map { a in
            guard a.applies(to: file) else { return nil }
            if let bytes = stored?[a.name], let v = a.erasedDecode(bytes) { return v }
            let s = source ?? PythonSource(content, tokenization: tokenization, module: module)
            source = s
            let v = a.erasedAnalyze(s)
            if cache != nil, let bytes = a.erasedEncode(v) { fresh.append((a.name, bytes)) }
            return v
        }
        if !fresh.isEmpty, let cache, let key {
            // the values read from the entry stay in it (another path may apply other analyses to the same bytes)
            var entry = fresh
            for (name, bytes) in stored ?? [:] where !fresh.contains(where: { $0.name == name }) {
                entry.append((name, bytes))
            }
            cache.storeAnalyses(key, entry)
        }
        return values
    }

    /// `analysis`'s value for the file at `path`: the one the read pass computed, else computed now from the file's
    /// content (read again if it was released); nil for a file the snapshot did not read.
    public func analysis<A: SourceAnalysis>(_ analysis: A, of path: String) -> A.Value? {
        if let value = analysed.byName[analysis.name]?[path] as? A.Value { return value }
        return snapshot.content(path).map { analysis.analyze(PythonSource($0, module: python[path])) }
    }

    /// The file's lines (split on "\n", a trailing "\r" kept out). Split at the byte level with exactly
    /// `split(separator: "\n")`'s Character semantics: a "\r\n" pair is one Character, so it does not split.
    /// No whole-tree cache (it would hold a slice per line of every file; one line goes through `line(_:_:)`,
    /// which keeps two 32-bit offsets per line), but the most recent result is kept (one file's lines): a check
    /// that asks for the same file's lines once per call site splits the file once, not once per site.
    public func lines(_ path: String) -> [Substring] {
        lock.lock()
        if let last = lastLines, last.path == path {
            lock.unlock()
            return last.lines
        }
        lock.unlock()
        let split = Self.splitLines(snapshot.text(path) ?? "")
        lock.lock()
        lastLines = (path, split)
        lock.unlock()
        return split
    }

    /// Line `n` (1-based) of the file, as `lines(path)[n - 1]` would give it; nil outside the file.
    public func line(_ path: String, _ n: Int) -> Substring? {
        guard n >= 1 else { return nil }
        // A file whose line index is known (it was read whole once) and whose text is its bytes: only the line's
        // bytes are read again, not the file (a check citing many files' lines read each whole every time).
        if let index = knownLineIndex(path) {
            guard n <= index.starts.count else { return nil }
            if let bytes = snapshot.lineBytes(path, Int(index.starts[n - 1]), Int(index.end(of: n - 1))) {
                return Substring(String(decoding: bytes, as: UTF8.self))
            }
        }
        guard let text = snapshot.text(path) else { return nil }
        let index = lineIndex(path, text)
        guard n <= index.starts.count else { return nil }
        let u = text.utf8
        let start = u.index(u.startIndex, offsetBy: Int(index.starts[n - 1]))
        let end = u.index(u.startIndex, offsetBy: Int(index.end(of: n - 1)))
        return text[start..<end]
    }

    /// The number of lines `lines(path)` gives.
    public func lineCount(_ path: String) -> Int {
        if let index = knownLineIndex(path) { return index.starts.count }
        guard let text = snapshot.text(path) else { return 1 }
        return lineIndex(path, text).starts.count
    }

    /// Where each line of a file starts (UTF-8 offsets), split as `splitLines` splits: one 32-bit offset per line.
    /// A line ends one byte before the next starts (its "\n"); the last ends at `lastEnd`.
    struct LineIndex {
        var starts: [UInt32]
        var lastEnd: UInt32
        /// The UTF-8 length of the text the index was made from (a file read again at another length is indexed
        /// again).
        var byteCount: Int
        func end(of i: Int) -> UInt32 { i + 1 < starts.count ? starts[i + 1] - 1 : lastEnd }

        init(_ text: String) {
            var t = text
            byteCount = text.utf8.count
            (starts, lastEnd) = t.withUTF8 { buf -> ([UInt32], UInt32) in
                // counted first, so the index (held for the whole audit) is allocated at its size, without the
                // slack of appending
                var lines = 1
                for i in 0..<buf.count where buf[i] == 0x0A && (i == 0 || buf[i - 1] != 0x0D) { lines += 1 }
                var starts: [UInt32] = []
                starts.reserveCapacity(lines)
                starts.append(0)
                var i = 0
                while i < buf.count {
                    if buf[i] == 0x0A && (i == 0 || buf[i - 1] != 0x0D) { starts.append(UInt32(i + 1)) }
                    i += 1
                }
                let last = Int(starts[starts.count - 1])
                let end = buf.count > last && buf[buf.count - 1] == 0x0D ? buf.count - 1 : buf.count
                return (starts, UInt32(end))
            }
        }
    }

    /// The cached line index of a file, if one was made.
    private func knownLineIndex(_ path: String) -> LineIndex? {
        lock.lock()
        defer { lock.unlock() }
        return lineCache[path]
    }

    /// The line index of a file, cached per file.
    private func lineIndex(_ path: String, _ text: String) -> LineIndex {
        let length = text.utf8.count
        lock.lock()
        if let l = lineCache[path], l.byteCount == length {
            lock.unlock()
            return l
        }
        lock.unlock()
        let index = LineIndex(text)
        lock.lock()
        defer { lock.unlock() }
        if let other = lineCache[path], other.byteCount == length { return other }
        lineCache[path] = index
        return index
    }

    package static func splitLines(_ text: String) -> [Substring] {
        let u = text.utf8
        let fast = u.withContiguousStorageIfAvailable { buf -> [Substring] in
            var out: [Substring] = []
            var start = u.startIndex
            var startOffset = 0
            var i = 0
            while i < buf.count {
                if buf[i] == 0x0A && (i == 0 || buf[i - 1] != 0x0D) {
                    let end = u.index(start, offsetBy: i - startOffset)
                    out.append(text[start..<end])
                    start = u.index(after: end)
                    startOffset = i + 1
                }
                i += 1
            }
            if buf.count > startOffset && buf[buf.count - 1] == 0x0D {
                out.append(text[start..<u.index(before: u.endIndex)])
            } else {
                out.append(text[start...])
            }
            return out
        }
        if let fast { return fast }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// A value computed once per audit and shared by every stage (`make` runs outside the lock; first result wins).
    public func memo<T>(_ key: String, _ make: () -> T) -> T {
        lock.lock()
        if let hit = memos[key] as? T {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let made = make()
        lock.lock()
        defer { lock.unlock() }
        if let other = memos[key] as? T { return other }
        memos[key] = made
        return made
    }

    /// Evidence for `path:line`, carrying the cited line's trimmed text.
    public func evidence(_ path: String, _ line: Int) -> Evidence {
        let text = self.line(path, line).map(Self.excerpt)
        return Evidence(path: path, line: line, text: text)
    }

    /// The cited line's text trimmed of spaces and tabs, at most `maxEvidence` characters. Works on a bounded
    /// window of the line: cost does not grow with the line's length (a 112 KB line cited 8,000 times used to
    /// trim the whole line each time).
    static let maxEvidence = 160
    static func excerpt(_ line: Substring) -> String {
        if let ascii = asciiExcerpt(line) { return ascii }
        func isSpace(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { CharacterSet.whitespaces.contains($0) } }
        var start = line.startIndex
        while start < line.endIndex, isSpace(line[start]) { line.formIndex(after: &start) }
        var end = start
        var n = 0
        while end < line.endIndex && n < maxEvidence {
            line.formIndex(after: &end)
            n += 1
        }
        var cut = line[start..<end]
        // Trailing spaces go only when nothing but spaces follows (as trimming the whole line would do); the
        // check stops at the first other character.
        if line[end...].allSatisfy(isSpace) { while let last = cut.last, isSpace(last) { cut = cut.dropLast() } }
        return String(cut)
    }

    /// `excerpt` read on the bytes, when every byte it looks at is ASCII other than "\r" (each then one Character,
    /// the space and the tab the only ones in `.whitespaces`) and the byte after the window is ASCII or absent (no
    /// combining mark joins the window's last Character); nil otherwise (the Character-level reading decides).
    static func asciiExcerpt(_ line: Substring) -> String? {
        let u = line.utf8
        var i = u.startIndex
        while i < u.endIndex, u[i] == 0x20 || u[i] == 0x09 { u.formIndex(after: &i) }
        let start = i
        var n = 0
        while i < u.endIndex && n < maxEvidence {
            guard u[i] < 0x80, u[i] != 0x0D else { return nil }
            u.formIndex(after: &i)
            n += 1
        }
        let end = i
        // Trailing spaces go only when nothing but spaces and tabs follows the window.
        var onlySpaces = true
        while i < u.endIndex {
            let b = u[i]
            guard b < 0x80 else { return nil }
            if b != 0x20 && b != 0x09 {
                onlySpaces = false
                break
            }
            u.formIndex(after: &i)
        }
        var last = end
        if onlySpaces {
            while last > start {
                let before = u.index(before: last)
                guard u[before] == 0x20 || u[before] == 0x09 else { break }
                last = before
            }
        }
        return String(line[start..<last])
    }

    /// Modules of product code (not tests, not vendored, not copied packages), sorted by path: `code.product`.
    public var productModules: [PythonModule] { code.product }
}
