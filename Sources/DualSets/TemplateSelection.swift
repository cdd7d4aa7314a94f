import Records

/// Which templates a run uses. The choice depends only on the template ids and the seed,
/// never on the set, so every dual set of a run gets the same templates.
public enum TemplateSelection: Sendable, Equatable {
    /// Every template.
    case all
    /// The first n templates in BLEnD order.
    case first(Int)
    /// n templates drawn with `seed`: the n ids with the smallest keyed hash. A larger n with
    /// the same seed keeps every template of a smaller one.
    case sample(Int, seed: UInt64)

    /// The selected ids of `universe`, in the universe's order.
    public func apply(to universe: [String]) -> [String] {
        switch self {
        case .all:
            return universe
        case .first(let count):
            return Array(universe.prefix(count))
        case .sample(let count, let seed):
            let chosen = Set(universe.sorted { (Self.rank($0, seed), $0) < (Self.rank($1, seed), $1) }.prefix(count))
            return universe.filter(chosen.contains)
        }
    }

    /// splitmix64(FNV-1a-64(id) xor splitmix64(seed)): a stable, platform-independent rank.
    static func rank(_ templateID: String, _ seed: UInt64) -> UInt64 {
        var hash = FNV1a64()
        hash.add(templateID)
        return splitmix64(hash.value ^ splitmix64(seed))
    }

    /// splitmix64 as a function: the first output of SplitMix64 seeded with `value`.
    static func splitmix64(_ value: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: value)
        return generator.next()
    }
}
