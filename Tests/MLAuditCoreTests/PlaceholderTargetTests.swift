import Foundation
import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditRules

/// `placeholderTarget` skips resolving a dotted call whose last part names no placeholder: its answers are those of
/// resolving every call.
final class PlaceholderTargetTests: XCTestCase {
    func testTheNamePrefilterKeepsEveryPlaceholderTarget() throws {
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/ckpt.py":
                "class Saver:\n    def save(self, m):\n        raise NotImplementedError\n\n    def load(self, p):\n        return p\n\n\ndef helper():\n    raise NotImplementedError\n\n\ndef ready():\n    return 1\n",
            "pkg/base.py":
                "class Base:\n    def step(self):\n        raise NotImplementedError\n\n\nclass Child(Base):\n    def run(self):\n        return self.step()\n",
            "train.py":
                "from pkg.ckpt import Saver, ready\nfrom pkg import ckpt as c\nfrom pkg.ckpt import helper as h\nimport pkg.ckpt\n\n\ndef main(model, device):\n    s = Saver()\n    s.save(model)\n    s.load('p')\n    h()\n    ready()\n    model.to(device)\n    c.helper()\n    c.ready()\n    pkg.ckpt.helper()\n    super().save(model)\n    s.save.__call__(model)\n",
        ])
        let facts = repo.facts()
        let ctx = RuleContext(facts: facts)
        var found: [String] = []
        for m in facts.python.values.sorted(by: { $0.path < $1.path }) {
            for call in m.calls {
                let full = ctx.resolvedTarget(of: call, in: m).flatMap { t in
                    ctx.stubFunctionKeys.contains(.init(path: t.path, qualifiedName: t.function.qualifiedName))
                        ? t.function : nil
                }
                let filtered = ctx.placeholderTarget(of: call, in: m)
                XCTAssertEqual(filtered?.qualifiedName, full?.qualifiedName, "\(m.path):\(call.line) \(call.callee)")
                if let f = filtered { found.append("\(call.callee)->\(f.qualifiedName)") }
            }
        }
        XCTAssertTrue(found.contains("s.save->Saver.save"), "\(found)")
        XCTAssertTrue(found.contains("h->helper"), "an alias of a placeholder: \(found)")
        XCTAssertTrue(found.contains("c.helper->helper"), "\(found)")
        XCTAssertTrue(found.contains("self.step->Base.step"), "\(found)")
    }
}
