import MLAuditFacts

/// Config entries grouped by a key (a lower-cased entry key, a file path): each group lists positions in the one
/// entry array, in entry order, so the grouping holds 4 bytes per entry instead of a copy of every entry (a large
/// tree has hundreds of thousands of product entries, and `RuleContext` keeps two such groupings through the
/// rules stage).
package struct ConfigEntryIndex: Sendable {
    let entries: ConfigEntryList
    let positions: [String: [Int32]]

    package init(entries: ConfigEntryList, positions: [String: [Int32]]) {
        self.entries = entries
        self.positions = positions
    }

    package init(entries: [ConfigEntry], positions: [String: [Int32]]) {
        self.init(entries: ConfigEntryList(entries: entries), positions: positions)
    }

    /// The group's entries in entry order; nil when no entry has `key`.
    package subscript(_ key: String) -> [ConfigEntry]? {
        positions[key].map { $0.map { entries[Int($0)] } }
    }
}
