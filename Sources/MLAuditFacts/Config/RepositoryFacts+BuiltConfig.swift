extension RepositoryFacts {
    /// The config facts `build` already read (never a second parse of every config file); facts assembled another
    /// way (tests) build them once, on first ask.
    package var builtConfig: ConfigFacts {
        config !== ConfigFacts.empty ? config : memo("ConfigFacts") { ConfigFacts.build(facts: self) }
    }
}
