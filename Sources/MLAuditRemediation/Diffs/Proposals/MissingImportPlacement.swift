import Foundation
import MLAuditPython

/// Where `MissingImportProposer` puts an import, in the file's own order and style.
extension MissingImportProposer {
    /// A top-level import statement: its form's module and kind, first and last line (0-based).
    struct Statement {
        var module: String
        var level: Int
        var isFrom: Bool
        var first: Int
        var last: Int
        var top: String { String(module.split(separator: ".").first ?? "") }
    }

    /// Top-level (unindented) import statements, with the last line of parenthesized or continued ones.
    static func statements(_ module: PythonModule, _ lines: [String]) -> [Statement] {
        var out: [Statement] = []
        for i in module.imports {
            let first = i.line - 1
            guard first >= 0, first < lines.count else { continue }
            let text = lines[first]
            guard text.hasPrefix("import ") || text.hasPrefix("from ") else { continue }
            var last = first
            if text.contains("("), !text.contains(")") {
                while last + 1 < lines.count, !lines[last].contains(")") { last += 1 }
            } else {
                while lines[last].hasSuffix("\\"), last + 1 < lines.count { last += 1 }
            }
            if out.last?.first == first { continue }
            out.append(Statement(module: i.module, level: i.level, isFrom: i.isFrom, first: first, last: last))
        }
        return out
    }

    /// 0 standard library, 1 third party, 2 first party (a top-level folder or module of the repository), 3 relative.
    static func section(_ module: String, level: Int, firstParty: Set<String>) -> Int {
        if level > 0 { return 3 }
        let top = String(module.split(separator: ".").first ?? "")
        if standardLibrary.contains(top) { return 0 }
        return firstParty.contains(top) ? 2 : 1
    }

    /// `sys.stdlib_module_names` of CPython 3.11 (private modules left out).
    static let standardLibrary: Set<String> = [
        "abc", "aifc", "antigravity", "argparse", "array", "ast", "asynchat", "asyncio", "asyncore", "atexit",
        "audioop", "base64", "bdb", "binascii", "bisect", "builtins", "bz2", "cProfile", "calendar", "cgi", "cgitb",
        "chunk", "cmath", "cmd", "code", "codecs", "codeop", "collections", "colorsys", "compileall", "concurrent",
        "configparser", "contextlib", "contextvars", "copy", "copyreg", "crypt", "csv", "ctypes", "curses",
        "dataclasses", "datetime", "dbm", "decimal", "difflib", "dis", "distutils", "doctest", "email", "encodings",
        "ensurepip", "enum", "errno", "faulthandler", "fcntl", "filecmp", "fileinput", "fnmatch", "fractions",
        "ftplib", "functools", "gc", "genericpath", "getopt", "getpass", "gettext", "glob", "graphlib", "grp", "gzip",
        "hashlib", "heapq", "hmac", "html", "http", "idlelib", "imaplib", "imghdr", "imp", "importlib", "inspect",
        "io", "ipaddress", "itertools", "json", "keyword", "lib2to3", "linecache", "locale", "logging", "lzma",
        "mailbox", "mailcap", "marshal", "math", "mimetypes", "mmap", "modulefinder", "msilib", "msvcrt",
        "multiprocessing", "netrc", "nis", "nntplib", "nt", "ntpath", "nturl2path", "numbers", "opcode", "operator",
        "optparse", "os", "ossaudiodev", "pathlib", "pdb", "pickle", "pickletools", "pipes", "pkgutil", "platform",
        "plistlib", "poplib", "posix", "posixpath", "pprint", "profile", "pstats", "pty", "pwd", "py_compile",
        "pyclbr", "pydoc", "pydoc_data", "pyexpat", "queue", "quopri", "random", "re", "readline", "reprlib",
        "resource", "rlcompleter", "runpy", "sched", "secrets", "select", "selectors", "shelve", "shlex", "shutil",
        "signal", "site", "smtpd", "smtplib", "sndhdr", "socket", "socketserver", "spwd", "sqlite3", "sre_compile",
        "sre_constants", "sre_parse", "ssl", "stat", "statistics", "string", "stringprep", "struct", "subprocess",
        "sunau", "symtable", "sys", "sysconfig", "syslog", "tabnanny", "tarfile", "telnetlib", "tempfile", "termios",
        "textwrap", "this", "threading", "time", "timeit", "tkinter", "token", "tokenize", "tomllib", "trace",
        "traceback", "tracemalloc", "tty", "turtle", "turtledemo", "types", "typing", "unicodedata", "unittest",
        "urllib", "uu", "uuid", "venv", "warnings", "wave", "weakref", "webbrowser", "winreg", "winsound", "wsgiref",
        "xdrlib", "xml", "xmlrpc", "zipapp", "zipfile", "zipimport", "zlib", "zoneinfo",
    ]

    /// isort's default order of imported names (ruff `order-by-type`): CONSTANTS, Classes, functions, then by name.
    static func orderKey(_ name: String) -> (Int, String) {
        let letters = name.filter(\.isLetter)
        if !letters.isEmpty, letters.allSatisfy(\.isUppercase), letters.count > 1 { return (0, name) }
        if name.first?.isUppercase == true { return (1, name) }
        return (2, name)
    }

    static func isOrdered(_ names: [String]) -> Bool {
        zip(names, names.dropFirst()).allSatisfy { orderKey($0) <= orderKey($1) }
    }

    /// Adds `form` to the editor's file; false when no placement is certain (the import would land after the first
    /// use at module level, a line would exceed `limit`, or the existing import's shape is not one read here).
    static func insert(
        _ form: Form, into editor: inout SourceEditor, module: PythonModule, before use: Int, limit: Int,
        firstParty: Set<String>
    ) -> Bool {
        let lines = editor.lines
        let all = statements(module, lines)
        guard !all.isEmpty else { return false }
        let entry = form.isFrom ? (form.name ?? "") + (form.alias.map { " as \($0)" } ?? "") : ""
        if form.isFrom,
            let same = all.first(where: { $0.isFrom && $0.module == form.module && $0.level == form.level })
        {
            guard same.last + 1 < use else { return false }
            return join(entry, to: same, &editor, limit: limit)
        }
        let statement = form.statement
        guard statement.count <= limit else { return false }
        // isort's sections (standard library, third party, first party, relative), plain imports before `from`
        // imports within a section, each by module: the import goes where isort would put it, in a section the
        // file already has (no new section is started).
        let section = { (module: String, level: Int) in Self.section(module, level: level, firstParty: firstParty) }
        let mine = section(form.module, form.level)
        let peers = all.filter { section($0.module, $0.level) == mine }
        guard !peers.isEmpty else { return false }
        let key = form.module.lowercased()
        let anchor: Int
        if !form.isFrom {
            if let next = peers.first(where: { !$0.isFrom && $0.module.lowercased() > key }) {
                anchor = next.first
            } else if let last = peers.last(where: { !$0.isFrom }) {
                anchor = last.last + 1
            } else {
                anchor = peers[0].first
            }
        } else if let next = peers.first(where: { $0.isFrom && $0.module.lowercased() > key }) {
            anchor = next.first
        } else {
            anchor = peers[peers.count - 1].last + 1
        }
        guard anchor < use else { return false }
        editor.insert([statement], before: anchor)
        return true
    }

    /// `from M import a, b` gains `entry` (in order when the names are ordered); a parenthesized list with one name
    /// per line gains a line.
    static func join(_ entry: String, to s: Statement, _ editor: inout SourceEditor, limit: Int) -> Bool {
        let lines = editor.lines
        if s.first == s.last {
            let text = lines[s.first]
            guard !text.contains("#"), !text.contains("("), let r = text.range(of: " import ") else { return false }
            var names = text[r.upperBound...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !names.contains(entry) else { return false }
            if isOrdered(names) {
                let at = names.firstIndex { orderKey($0) > orderKey(entry) } ?? names.count
                names.insert(entry, at: at)
            } else {
                names.append(entry)
            }
            let updated = String(text[..<r.upperBound]) + names.joined(separator: ", ")
            guard updated.count <= limit else { return false }
            editor.replace(line: s.first, with: updated)
            return true
        }
        // `from M import (` / one `name,` per line / `)`.
        guard lines[s.first].hasSuffix("("), lines[s.last].trimmingCharacters(in: .whitespaces) == ")",
            s.first + 1 < s.last
        else { return false }
        let body = Array(lines[(s.first + 1)..<s.last])
        let names = body.map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.allSatisfy({ $0.hasSuffix(",") && !$0.contains("#") && $0.dropLast().allSatisfy { $0 != "," } })
        else { return false }
        let bare = names.map { String($0.dropLast()) }
        guard !bare.contains(entry) else { return false }
        let indent = SourceEditor.indentation(body[0])
        let at = isOrdered(bare) ? (bare.firstIndex { orderKey($0) > orderKey(entry) } ?? bare.count) : bare.count
        editor.insert([indent + entry + ","], before: s.first + 1 + at)
        return true
    }
}
