/// Atomic Diff codes (`diffs[].code`): one per diff proposer, stable, never reused for another meaning.
public enum DiffCode: String, CaseIterable, Sendable, Hashable, Comparable {
    case mld201 = "MLD201"   // torch.load(..., weights_only=True)
    case mld202 = "MLD202"   // seed helper called at the start of training
    case mld203 = "MLD203"   // RNG / scheduler state saved and restored in the checkpoint
    case mld204 = "MLD204"   // W&B defaults to offline at wandb.init or in the entry points
    case mld205 = "MLD205"   // WandbLogger configs default to offline
    case mld206 = "MLD206"   // MLflow pinned to a local file: tracking URI
    case mld207 = "MLD207"   // a first pytest smoke target
    case mld208 = "MLD208"   // a local detect-secrets pre-commit hook
    case mld209 = "MLD209"   // a coverage floor (fail_under)
    case mld210 = "MLD210"   // noxfile.py with offline local gates
    case mld211 = "MLD211"   // a make recipe that pins dependencies with hashes
    case mld212 = "MLD212"   // the outstanding-questions ledger

    public static func < (a: DiffCode, b: DiffCode) -> Bool { a.rawValue < b.rawValue }
}

extension DiffCode: CustomStringConvertible { public var description: String { rawValue } }
