import Crypto
import Engine
import Records

/// A set of (layer, neuron) pairs to mask in the local engine, with where it came from.
public struct NeuronMaskSpec: Equatable, Sendable {
    /// Distinct pairs, sorted by layer then neuron.
    public let pairs: [LayerNeuron]
    /// What the answer records say about it.
    public let info: NeuronMaskInfo

    /// A mask of `pairs` (duplicates removed) described as `source`.
    public init(pairs: some Sequence<LayerNeuron>, source: String) {
        self.pairs = Array(Set(pairs)).sorted()
        var text = ""
        for pair in self.pairs { text += "\(pair.layer) \(pair.neuron)\n" }
        info = NeuronMaskInfo(source: source, pairs: self.pairs.count, sha256: hexString(SHA256.hash(data: Array(text.utf8))))
    }

    /// The engine's form.
    public var engineMask: NeuronMask { NeuronMask(pairs.map { (layer: $0.layer, neuron: $0.neuron) }) }

    /// Reads a mask file: a record stream (zstd or plain) of `neurons` records, whose key neurons
    /// are united, or a text file of `layer neuron` lines (whitespace, comma or tab separated; `#`
    /// starts a comment).
    public static func load(path: String) throws -> NeuronMaskSpec {
        let bytes = try readFile(atPath: path)
        let isText = !bytes.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) && bytes.first(where: { $0 != 0x20 && $0 != 0x0A }) != UInt8(ascii: "{")
        if isText { return try parseText(bytes, path: path) }
        let reader = try RecordReader(paths: [path], options: InputOptions(allowEmpty: false))
        var pairs: Set<LayerNeuron> = []
        while let object = try reader.nextObject() {
            pairs.formUnion(Neurons.pairs(try Neurons(record: object).keyNeurons))
        }
        return NeuronMaskSpec(pairs: pairs, source: "file:\(path)")
    }

    private static func parseText(_ bytes: [UInt8], path: String) throws -> NeuronMaskSpec {
        var pairs: [LayerNeuron] = []
        for (index, rawLine) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" })
            if fields.isEmpty { continue }
            guard fields.count == 2, let layer = Int(fields[0]), let neuron = Int(fields[1]), layer >= 0, neuron >= 0 else {
                throw RecordError(.data, input: path, line: index + 1, problem: "expected 'layer neuron' (two non-negative integers), found '\(line)'")
            }
            pairs.append(LayerNeuron(layer: layer, neuron: neuron))
        }
        guard !pairs.isEmpty else { throw RecordError(.data, input: path, problem: "the mask file lists no (layer, neuron) pairs") }
        return NeuronMaskSpec(pairs: pairs, source: "file:\(path)")
    }

    /// `count` distinct pairs drawn uniformly without replacement over all `layers` × `ffnSize`
    /// neurons (the paper's control), reproducibly for `seed`.
    public static func random(count: Int, layers: Int, ffnSize: Int, seed: UInt64) -> NeuronMaskSpec {
        let total = layers * ffnSize
        precondition(count <= total, "cannot draw \(count) of \(total) neurons")
        var generator = SplitMix64(seed: seed)
        // Floyd's algorithm: exactly `count` draws, uniform over subsets.
        var chosen: Set<Int> = []
        for j in (total - count)..<total {
            let t = Int(generator.next() % UInt64(j + 1))
            chosen.insert(chosen.contains(t) ? j : t)
        }
        return NeuronMaskSpec(pairs: chosen.map { LayerNeuron(layer: $0 / ffnSize, neuron: $0 % ffnSize) },
                              source: "random:\(count):seed=\(seed)")
    }

    /// Checks every pair against the model's shape.
    public func validate(layers: Int, ffnSize: Int) throws {
        if let bad = pairs.first(where: { $0.layer >= layers || $0.neuron >= ffnSize }) {
            throw RecordError(.usage, problem: "mask \(info.source): (layer \(bad.layer), neuron \(bad.neuron)) is outside the model (\(layers) layers × \(ffnSize) neurons)")
        }
    }
}
