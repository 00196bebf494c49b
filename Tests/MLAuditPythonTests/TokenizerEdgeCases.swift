/// Small generated sources that exercise corners of CPython 3.11's `tokenize`.
enum TokenizerEdgeCases {
    static let prefixes = [
        "", "b", "B", "r", "R", "u", "U", "f", "F", "br", "Br", "bR", "rb", "Rb", "RB",
        "fr", "Rf", "fR", "RF", "ur", "bu", "rr", "ub", "fb",
    ]
    static let quotes = ["'", "\"", "'''", "\"\"\""]

    static let numbers = [
        "0", "00", "0_0", "007", "0777", "1_000", "1__0", "1_", "0x", "0xFF_ff", "0X_1", "0b102", "0o78", "0O_7",
        "1.", ".5", "1.5", "1e5", "1E+5", "1e-", "1.e5", "1.5e5j", "1j", "1J", "1.j", ".5j", "1e5j", "0_1j",
        "1if", "1else", "1_j", "0x1j", "1..2", "1.__class__", "1e", "1ej", "..5", "...",
    ]

    static let operators = [
        "!=", "!", "%=", "&=", "**=", "*=", "->", "...", "//=", "/=", ":=", "<<=", "<=", ">>=", ">=", "@=", "^=",
        "|=", "~", "<>", "=>", "$", "?", "`", "..", "....", "->>", "-=>", "==", "===",
    ]

    static var snippets: [[UInt8]] {
        var out: [[UInt8]] = []
        for prefix in prefixes {
            for quote in quotes {
                out.append(Array("x = \(prefix)\(quote)a\\\(quote)b\(quote)\n".utf8))
                out.append(Array("x = \(prefix)\(quote)abc\n".utf8))
            }
        }
        for number in numbers { out.append(Array("x = \(number)\n".utf8)) }
        for op in operators { out.append(Array("a \(op) b\n".utf8)) }
        out += textSnippets.map { Array($0.utf8) }
        out += adversarialSnippets(scale: 1_500).map { Array($0.utf8) }
        out += byteSnippets
        return out
    }

    static func deepIndentDepth(scale: Int) -> Int { min(scale / 10, 400) }

    /// Inputs on which CPython's regex tokenizer is quadratic; `scale` sets their size.
    static func adversarialSnippets(scale: Int) -> [String] {
        // Indentation depth d costs about d*d/2 bytes, so the depth stays small.
        let depth = deepIndentDepth(scale: scale)
        let deepIndent =
            (0..<depth).map { String(repeating: " ", count: $0) + "if x:\n" }.joined()
            + String(repeating: " ", count: depth) + "pass\nx = 1\n"
        return [
            "x" + String(repeating: " ", count: scale) + "$\n",
            "x = '" + String(repeating: "\\'", count: scale) + "\n",
            "x = \"" + String(repeating: "\\\"", count: scale) + "'\n",
            String(repeating: "\t \u{0C}", count: scale) + "?\n",
            deepIndent,
        ]
    }

    static let textSnippets = [
        "", "\n", "   ", "\t", "x", "x ", "x  # c", "#c", "  #c", "\\", "x \\\n", "x = (\n", "x = '''\n",
        "if x:\n  y\n", "if x:\n  y", "if x:\n  y\n  ", "if x:\n\ty\n        z\n", "if x:\n    y\n  z\n",
        "if x:\n  \u{0C}  y\n", "\u{0C}x\n", "x\u{0C}= 1\n", "if x:\n    # c\n  # d\n    y\n",
        "x = 'a\\\nb'\n", "x = 'a\\\r\nb'\n", "x = 'a\\\nb\ny = 1\n", "x = 'a\\\n\\\nb'\n", "x = \"\"\"a\\\n\"\"\"\n",
        "s = '''a''''\n", "s = ''''a'''\n", "s = '''''' ''\n", "f(**{'a': 1}, *[2])\n",
        "x = [1,\n# c\n\n 2]\n", "x = (\n\\\n)\n", "x = 1 \\\n\n", ")\n(\n", "x = )(\n",
        "é = 1\n", "x = é\n", "e\u{301} = 1\n", "a\u{B7}b = 1\n", "x = 1 \u{A0} + 2\n", "\u{2028}x = 1\n",
        "x = '\u{0}\u{7}\u{7F}\u{85}\u{A0}\u{AD}\u{200B}\u{2028}\u{FEFF}\u{1F600}\u{E000}\u{10FFFF}'\n",
        "x = \"it's\"\n", "x = '\"'\n", "x = '\\'\"'\n", "x = 1\r\ny = 2\r\n", "x = 1\r", "x = 1\r\r\n",
        "# comment\r\r\n", "if x:\r\n    y\r\n", "x = (1,\r\n2)\r\n", "x = 1 # c\r\n", "\r\n\r\n",
        "def f():\n    return 1\n\n\n", "class A:\n  def f(self):\n    pass\n  x = 1\n",
        "x = f'{a!r:>{w}}' f\"{b:.{p}f}\"\n", "x = f'''{\n a\n}'''\n", "print(f'{x=}')\n",
        "async def f():\n    await x\n", "match x:\n    case 1:\n        pass\n", "type X = int\n",
        "x = 1; y = 2;\n", "@d\ndef f(): ...\n", "x=1\n    ", "x=1\n# c\n   ", "x = 1 \u{0B} 2\n",
        "\u{FEFF}x = 1\n", "x = \u{FEFF}1\n", "# -*- coding: ascii -*-\nx = 1\n", "# coding=utf8\nx = 1\n",
        "#!/bin/python\n# coding: latin-1\nx = 1\n", "\n# coding: latin-1\nx = 1\n", "x = 1\n# coding: latin-1\n",
        "# coding: utf-8-sig\nx = 1\n", "# coding: UTF_8\nx = 1\n", "# coding: \n# coding: latin1\n",
        "# codingcoding: ascii\n", "# coding:  l1 x\ny\n", "# coding: rot13\nx\n", "#coding:utf-16\nx\n",
        "\u{FEFF}# coding: utf-8\nx\n", "\u{FEFF}# coding: utf8\nx\n", "\u{FEFF}", "\u{FEFF}\n",
        "x = 1\n\u{0}", "\u{0}", "x\u{0}y\n", "x = '\u{0}'\n", "\t# tab comment\n\tx = 1\n",
        "if 1:\n\tif 2:\n\t\tpass\n\tpass\n", "if 1:\n        x\n\ty\n", "if 1:\n \tx\n\t y\n",
        // `needcont` outlives the ERRORTOKEN of a broken continued string and applies to a later """ string.
        "x = 'a\\\nb\ny = \"\"\"c\nd\"\"\"\n", "x = 'a\\\nb\ny = \"\"\"c\\\nd\"\"\"\n",
        "x = 'a\\\nb'\ny = '''c\nd'''\n", "x = 'a\\\nb\ny = \"\"\"c\nd\ne = 1\n",
    ]

    static let byteSnippets: [[UInt8]] = [
        [0x78, 0x20, 0x3D, 0x20, 0xFF, 0x0A],
        [0x23, 0x20, 0xC3, 0x0A, 0x78, 0x0A],
        [
            0x23, 0x20, 0x63, 0x6F, 0x64, 0x69, 0x6E, 0x67, 0x3A, 0x20, 0x6C, 0x61, 0x74, 0x69, 0x6E, 0x2D, 0x31, 0x0A,
            0x78, 0x20, 0x3D, 0x20, 0x27, 0xE9, 0xA0, 0x85, 0x27, 0x0A, 0xE9, 0x20, 0x3D, 0x20, 0x31, 0x0A,
        ],
        [
            0x23, 0x20, 0x63, 0x6F, 0x64, 0x69, 0x6E, 0x67, 0x3A, 0x20, 0x61, 0x73, 0x63, 0x69, 0x69, 0x0A,
            0x78, 0x20, 0x3D, 0x20, 0x27, 0xE9, 0x27, 0x0A,
        ],
        [0x78, 0x20, 0x3D, 0x20, 0xED, 0xA0, 0x80, 0x0A],
        [0x78, 0x20, 0x3D, 0x20, 0xC0, 0xAF, 0x0A],
        [0x78, 0x20, 0x3D, 0x20, 0xE2, 0x82, 0x0A],
        [0x78, 0x20, 0x3D, 0x20, 0xF4, 0x90, 0x80, 0x80, 0x0A],
        [0x78, 0x20, 0x3D, 0x20, 0xF0, 0x9F, 0x98, 0x80, 0x0A],
    ]
}
