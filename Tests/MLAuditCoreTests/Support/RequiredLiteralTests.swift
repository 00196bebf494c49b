import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport

final class RequiredLiteralTests: XCTestCase {
    func testExtractsOnlyTextEveryMatchMustContain() {
        XCTAssertEqual(RequiredLiteral.extract(#"^tiktoken\.(get_encoding|encoding_for_model)$"#), "tiktoken.")
        XCTAssertEqual(
            RequiredLiteral.extract(#"(^|\.)(AutoTokenizer|\w*TokenizerFast)\.from_(pretrained|file)$"#), ".from_")
        XCTAssertEqual(RequiredLiteral.extract(#"save_weights?_only"#), "save_weight")
        XCTAssertEqual(RequiredLiteral.extract(#"ab{0,2}cdef"#), "cdef")
        XCTAssertNil(RequiredLiteral.extract(#"foo|barbaz"#), "top-level alternation")
        XCTAssertNil(RequiredLiteral.extract(#"(?i)Trainer"#), "inline flags")
        XCTAssertNil(RequiredLiteral.extract(#"\x41BCD"#), "escapes with arguments")
        XCTAssertNil(RequiredLiteral.extract(#"a.b"#), "no run of 3")
        XCTAssertNil(RequiredLiteral.extract(#"(unclosed"#))
    }

    /// The prefilter never says "no" where the regex says "yes".
    func testThePrefilterAgreesWithTheRegex() {
        let patterns = [
            #"^tiktoken\.(get_encoding|encoding_for_model)$"#, #"(^|\.)Trainer\.fit$"#, #"save_weights?_only"#,
            #"torch\.(save|load)"#, #"[Tt]rainer\(\s*model"#, #"wandb\.init\b"#, #"lr_schedul(er|e)"#,
            #"\bcheckpoint\w*\.pt"#, #"(?:set|manual)_seed"#, #"x{2,}yz"#, #"ab+cd"#, #"\.to\(device"#,
        ]
        let haystacks = [
            "tiktoken.get_encoding", "TIKTOKEN.GET_ENCODING", "pl.Trainer.fit", "trainer.fit", "save_weight_only",
            "SAVE_WEIGHTS_ONLY", "torch.save", "Trainer( model", "wandb.init", "lr_schedule", "Kelvin \u{212A}",
            "checkpoint_1.pt", "set_seed", "xxyz", "xxxyz", "abbcd", "acd", "x.to(device)", "", "é torch.load",
        ]
        for p in patterns {
            for ci in [false, true] {
                guard let lit = RequiredLiteral.extract(p) else { continue }
                let needle = Array((ci ? lit.lowercased() : lit).utf8)
                for h in haystacks + haystacks.map({ $0.uppercased() }) {
                    let rx = try! NSRegularExpression(pattern: p, options: ci ? [.caseInsensitive] : [])
                    let regex = rx.firstMatch(in: h, range: NSRange(h.startIndex..., in: h)) != nil
                    if regex {
                        XCTAssertTrue(
                            RequiredLiteral.mayMatch(h, literal: needle, caseInsensitive: ci), "\(p) ci=\(ci) on \(h)")
                    }
                    XCTAssertEqual(h.containsMatch(p, caseInsensitive: ci), regex, "\(p) ci=\(ci) on \(h)")
                }
            }
        }
    }
}
