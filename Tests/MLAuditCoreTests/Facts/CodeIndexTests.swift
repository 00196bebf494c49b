import Foundation
import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport

final class CodeIndexTests: XCTestCase {
    func index(_ files: [String: String]) -> CodeIndex {
        var python: [String: PythonModule] = [:]
        var repoFiles: [RepoFile] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let kind = FileKind.classify(path: path)
            repoFiles.append(
                RepoFile(
                    path: path, size: text.utf8.count, kind: kind,
                    isVendored: PathRoles.isVendored(path), isTest: PathRoles.isTest(path)))
            if kind == .python { python[path] = PythonReader.read(source: Array(text.utf8), path: path) }
        }
        let byPath = Dictionary(uniqueKeysWithValues: repoFiles.map { ($0.path, $0) })
        return CodeIndex(python: python, files: repoFiles, fileIndex: { byPath[$0] })
    }

    /// The flat postings answer what a dictionary of arrays answers: every key, its ordinals in the order added,
    /// nil for an absent key, and the stored key's text.
    func testPostingsMatchADictionaryOfArrays() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var builder = Postings.Builder()
            var naive: [String: [Int32]] = [:]
            for ordinal in Int32(0)..<Int32.random(in: 0...300, using: &rng) {
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    let key = "k\(Int.random(in: 0...40, using: &rng))"
                    guard naive[key]?.last != ordinal else { continue }
                    XCTAssertEqual(builder.add(key, ordinal), key)
                    naive[key, default: []].append(ordinal)
                }
            }
            // rows are numbered in first-seen order and name their stored key
            XCTAssertEqual(Set(builder.keys), Set(naive.keys))
            XCTAssertEqual(builder.keys.count, naive.count)
            for (row, key) in builder.keys.enumerated() {
                var again = builder
                XCTAssertEqual(again.addRow(key, Int32.max), Int32(row))
            }
            let postings = builder.build()
            XCTAssertEqual(Set(postings.keys), Set(naive.keys))
            for (key, list) in naive { XCTAssertEqual(postings[key].map(Array.init), list, key) }
            XCTAssertNil(postings["absent"])
        }
    }

    func testOneResolverGivesQualifiedAndRenamedForms() {
        let code = index([
            "a.py": """
            import torch as th
            import numpy.random
            from x.utils import CfgNode as CN
            from torch import load
            from .local import helper as h
            th.save(1)
            load("w")
            CN()
            numpy.random.seed(0)
            h()
            """
        ])
        let callees = { (s: [Int32]) in s.map { code.call($0).callee } }
        XCTAssertEqual(callees(code.sites(qualified: ["torch.save"])), ["th.save"])
        XCTAssertEqual(callees(code.sites(qualified: ["torch.load"])), ["load"])
        XCTAssertEqual(callees(code.sites(qualified: ["x.utils.CfgNode"])), ["CN"])
        XCTAssertEqual(callees(code.sites(qualified: ["numpy.random.seed"])), ["numpy.random.seed"])
        XCTAssertEqual(callees(code.sites(qualified: ["h"])), ["h"], "relative imports stay local names")
        // the renamed view undoes `as` only: CN reads CfgNode, h reads helper, load stays load
        XCTAssertEqual(callees(code.sites(named: ["CfgNode"])), ["CN"])
        XCTAssertEqual(callees(code.sites(named: ["helper"])), ["h"])
        XCTAssertEqual(callees(code.sites(named: ["torch.save"])), ["th.save"])
        XCTAssertEqual(callees(code.sites(leaf: ["seed", "save"])), ["th.save", "numpy.random.seed"], "product order")
        XCTAssertEqual(callees(code.sites(namedLeaf: ["CfgNode"])), ["CN"])
        XCTAssertEqual(callees(code.sites(qualifiedPrefix: "torch.")), ["th.save", "load"])
    }

    func testProductCodeIsOneDefinition() {
        let code = index([
            "train.py": "import torch\ntorch.save(1)\n",
            "tests/test_train.py": "import torch\ntorch.save(2)\n",
            "third_party/lib/x.py": "import torch\ntorch.save(3)\n",
            // a copied package: LICENSE beside __init__.py, no packaging of its own
            "pkg/_copied/LICENSE": "MIT", "pkg/_copied/__init__.py": "",
            "pkg/_copied/m.py": "import torch\ntorch.save(4)\n",
            // a project of a monorepo: LICENSE and pyproject.toml
            "projects/alpha/LICENSE": "MIT", "projects/alpha/pyproject.toml": "[project]\nname='a'\n",
            "projects/alpha/alpha/__init__.py": "", "projects/alpha/alpha/run.py": "import torch\ntorch.save(5)\n",
            // a packaged project kept in a dependency folder is a copy
            "infer/dependencies/AutoX/LICENSE": "MIT", "infer/dependencies/AutoX/setup.py": "setup()\n",
            "infer/dependencies/AutoX/autox/peft.py": "import torch\ntorch.save(6)\n",
        ])
        XCTAssertEqual(
            code.product.map(\.path), ["projects/alpha/alpha/__init__.py", "projects/alpha/alpha/run.py", "train.py"])
        XCTAssertEqual(
            code.sites(qualified: ["torch.save"]).map { code.module(ofSite: $0).path },
            ["projects/alpha/alpha/run.py", "train.py"])
        XCTAssertEqual(code.copiedPackagePrefixes, ["infer/dependencies/AutoX/", "pkg/_copied/"])
        XCTAssertEqual(code.tests.map(\.path), ["tests/test_train.py"])
        XCTAssertFalse(
            code.isProduct(
                "pkg/_copied/m.py",
                file: RepoFile(path: "pkg/_copied/m.py", size: 1, kind: .python, isVendored: false, isTest: false)))
    }

    func testAssignmentsArePostedByTargetLeaf() {
        let code = index(["a.py": "cfg.lr = 1\nx = 2\ntorch.backends.cudnn.deterministic = True\n"])
        XCTAssertEqual(
            code.assignmentTargetLeaves["deterministic"].map { $0.map { code.assignment($0).assignment.line } }, [3])
        XCTAssertEqual(code.assignmentTargetLeaves["lr"]?.count, 1)
    }
}

final class CodeIndexClassTests: XCTestCase {
    func testClassHierarchyFollowsProductClasses() {
        let src =
            "import torch.nn as nn\nclass Base(nn.Module):\n    pass\nclass Mid(Base):\n    pass\nclass Leaf(Mid):\n    pass\nclass Other:\n    pass\n"
        let m = PythonReader.read(source: Array(src.utf8), path: "m.py")
        let f = RepoFile(path: "m.py", size: src.utf8.count, kind: .python, isVendored: false, isTest: false)
        let code = CodeIndex(python: ["m.py": m], files: [f], fileIndex: { $0 == "m.py" ? f : nil })
        XCTAssertEqual(code.subclassNames(of: "nn.Module"), ["Base", "Mid", "Leaf"])
        XCTAssertEqual(code.subclassNames(of: "Module"), ["Base", "Mid", "Leaf"])
        XCTAssertEqual(code.classes(named: "Mid").map(\.cls.span.start), [4])
        XCTAssertTrue(code.subclassNames(of: "Other").isEmpty)
    }
}
