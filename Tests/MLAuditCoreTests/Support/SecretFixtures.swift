import Foundation

/// Test credentials, assembled at run time from a seeded generator so that no real-looking secret is ever written
/// literally in the project's sources (secret scanners and push protection stay quiet on this repository).
enum SecretFixtures {
    /// A deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func string(_ alphabet: String, _ count: Int) -> String {
            let chars = Array(alphabet)
            return String((0..<count).map { _ in chars[Int(next() % UInt64(chars.count))] })
        }
    }

    static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let lower = "abcdefghijklmnopqrstuvwxyz"
    static let digits = "0123456789"
    static var alnum: String { upper + lower + digits }

    /// A string of `count` characters from `alphabet` that surely mixes upper case, lower case and a digit
    /// (where the alphabet has them).
    static func mixed(_ g: inout Generator, _ alphabet: String, _ count: Int) -> String {
        var head = ""
        if alphabet.contains("A") { head += g.string(upper, 1) }
        if alphabet.contains("a") { head += g.string(lower, 1) }
        if alphabet.contains("0") { head += g.string(digits, 1) }
        return head + g.string(alphabet, count - head.count)
    }

    /// One credential of each kind the scanner knows, with the kind it must be reported as.
    struct Planted {
        let kind: String
        let value: String
        let line: String
    }

    static func all(seed: UInt64 = 7) -> [Planted] {
        var g = Generator(seed: seed)
        let aws = "AK" + "IA" + g.string(upper, 6) + "7" + g.string(upper + digits, 9)
        let awsSecret = mixed(&g, alnum + "/+", 40)
        let ghp = "gh" + "p_" + mixed(&g, alnum, 36)
        let pat = "github" + "_pat_" + mixed(&g, alnum, 22) + "_" + mixed(&g, alnum, 59)
        let glpat = "gl" + "pat-" + mixed(&g, alnum, 20)
        let hf = "h" + "f_" + mixed(&g, upper + lower, 34)
        let wandb = g.string("0123456789abcdef", 40)
        let openai = "s" + "k-proj-" + mixed(&g, alnum + "_-", 56)
        let openaiLegacy = "s" + "k-" + mixed(&g, alnum, 48)
        let slack = "xo" + "xb-" + g.string(digits, 12) + "-" + g.string(digits, 12) + "-" + mixed(&g, alnum, 24)
        let urlPassword = mixed(&g, alnum, 16)
        let generic = mixed(&g, alnum, 32)
        let password = mixed(&g, alnum + "!@#%^&*", 14).replacingOccurrences(of: "@", with: "#")
        let keyBody = (0..<6).map { _ in g.string(alnum + "+/", 64) }.joined(separator: "\n")
        let privateKey =
            "-----BEGIN " + "RSA PRIVATE" + " KEY-----\n" + keyBody + "\n-----END " + "RSA PRIVATE" + " KEY-----"
        return [
            Planted(kind: "AWS access key", value: aws, line: "aws_access_key_id = \"\(aws)\""),
            Planted(kind: "AWS secret key", value: awsSecret, line: "aws_secret_access_key = \(awsSecret)"),
            Planted(kind: "GitHub token", value: ghp, line: "GITHUB_TOKEN=\(ghp)"),
            Planted(kind: "GitHub token", value: pat, line: "gh = Github(\"\(pat)\")"),
            Planted(kind: "GitLab token", value: glpat, line: "gitlab_token: \(glpat)"),
            Planted(kind: "Hugging Face token", value: hf, line: "login(token=\"\(hf)\")"),
            Planted(kind: "W&B API key", value: wandb, line: "os.environ[\"WANDB_API_KEY\"] = \"\(wandb)\""),
            Planted(kind: "OpenAI API key", value: openai, line: "client = OpenAI(api_key=\"\(openai)\")"),
            Planted(kind: "OpenAI API key", value: openaiLegacy, line: "openai.api_key = '\(openaiLegacy)'"),
            Planted(kind: "Slack token", value: slack, line: "SLACK = \"\(slack)\""),
            Planted(
                kind: "URL password", value: urlPassword,
                line: "DB = \"postgresql://trainer:\(urlPassword)@db.internal:5432/runs\""),
            Planted(kind: "high-entropy secret", value: generic, line: "client_secret = \"\(generic)\""),
            Planted(kind: "password", value: password, line: "db_password = \"\(password)\""),
            Planted(kind: "private key", value: privateKey, line: privateKey),
        ]
    }

    /// Every planted value, and for the multi-line key also each of its body lines (none may leak on its own).
    static func forbiddenFragments(_ planted: [Planted]) -> [String] {
        planted.flatMap { p -> [String] in
            p.kind == "private key"
                ? p.value.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init) : [p.value]
        }
    }
}
