import ArgumentParser
import Records

/// `--shard i/n`: process one of n disjoint parts of the input, so that hosts can split a set.
public struct ShardOptions: ParsableArguments {
    @Option(name: .customLong("shard"), help: ArgumentHelp("Process the i-th of n shards (0-based), e.g. 0/4; shards are disjoint and together cover the input.", valueName: "i/n"))
    public var text: String?

    public init() {}

    public func validate() throws {
        if text != nil && shard == nil { throw ValidationError("--shard is i/n with 0 ≤ i < n") }
    }

    /// The shard, or nil for all of the input.
    public var shard: Shard? { text.flatMap(Shard.init) }
}
