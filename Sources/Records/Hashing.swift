/// 64-bit FNV-1a: a stable, platform-independent hash of bytes (for ranks and duplicate checks,
/// not for security).
public struct FNV1a64: Sendable {
    /// The hash of everything added so far.
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    /// Adds the UTF-8 bytes of `text`.
    public mutating func add(_ text: String) {
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    }

    /// Adds `text` followed by a NUL separator, so that ("ab","c") and ("a","bc") differ.
    public mutating func addField(_ text: String) {
        add(text)
        value = value &* 0x0000_0100_0000_01B3
    }
}

/// SplitMix64: a small, seeded, platform-independent random number generator (for bootstrap
/// resamples, random masks and template ranks — results reproducible for a seed).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.finalize(state)
    }

    /// SplitMix64's output function: a bijective 64-bit mix.
    public static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Lowercase hexadecimal of bytes (digests in records).
public func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 15)])
    }
    return String(decoding: text, as: UTF8.self)
}

/// A neuron of a model: (layer, index of the neuron within the layer's FFN).
public struct LayerNeuron: Hashable, Comparable, Sendable {
    public var layer: Int
    public var neuron: Int

    public init(layer: Int, neuron: Int) {
        self.layer = layer
        self.neuron = neuron
    }

    public static func < (a: LayerNeuron, b: LayerNeuron) -> Bool { (a.layer, a.neuron) < (b.layer, b.neuron) }
}

/// Shard `index` of `count` of a stream: an item belongs to the shard its key's FNV-1a hash
/// selects, so shards never depend on input order and together cover every item once.
public struct Shard: Equatable, Sendable {
    public var index: Int
    public var count: Int

    /// Parses `i/n` with 0 ≤ i < n.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n > 0, (0..<n).contains(i) else { return nil }
        index = i
        count = n
    }

    /// Whether the item keyed `key` belongs to this shard.
    public func contains(_ key: String) -> Bool {
        var hash = FNV1a64()
        hash.add(key)
        return Int(hash.value % UInt64(count)) == index
    }
}
