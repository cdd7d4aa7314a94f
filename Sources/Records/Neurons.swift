import Foundation

/// The key FFN neurons of one answered question (written by `probe`).
public struct Neurons: Record, Equatable, Sendable {
    public static let kind = "neurons"

    /// The question id, as in the answer.
    public var id: String
    public var templateID: String
    public var culture: Culture
    public var lang: Language
    /// The model as named in the answer record.
    public var model: String
    /// sha256 of the GGUF file that was probed.
    public var modelSHA256: String
    public var instruction: String
    /// The answer's request key.
    public var key: String
    /// Which activation was recorded.
    public var signal: NeuronSignal
    /// Prompt tokens, BOS included: the index of the first response token.
    public var promptTokens: Int
    /// Response tokens: the positions recorded are `promptTokens ..< promptTokens + responseTokens`.
    public var responseTokens: Int
    /// FFN width (neurons per layer).
    public var ffnSize: Int
    /// The threshold function that picked `keyNeurons`.
    public var threshold: NeuronThreshold
    /// Per layer (index = layer), the sorted ids of the key neurons.
    public var keyNeurons: [[Int]]
    /// Per layer, the largest activations in descending order, so any threshold can be re-applied
    /// without running the model again (`--keep N`; empty when not kept).
    public var top: [TopActivations]

    public init(id: String, templateID: String, culture: Culture, lang: Language, model: String, modelSHA256: String,
                instruction: String, key: String, signal: NeuronSignal, promptTokens: Int, responseTokens: Int,
                ffnSize: Int, threshold: NeuronThreshold, keyNeurons: [[Int]], top: [TopActivations]) {
        self.id = id
        self.templateID = templateID
        self.culture = culture
        self.lang = lang
        self.model = model
        self.modelSHA256 = modelSHA256
        self.instruction = instruction
        self.key = key
        self.signal = signal
        self.promptTokens = promptTokens
        self.responseTokens = responseTokens
        self.ffnSize = ffnSize
        self.threshold = threshold
        self.keyNeurons = keyNeurons
        self.top = top
    }

    public init(fields json: JSONObject) throws {
        id = try json.string("id")
        templateID = try json.string("template_id")
        culture = try json.culture()
        lang = try json.language()
        model = try json.string("model")
        modelSHA256 = try json.string("model_sha256")
        instruction = try json.string("instruction")
        key = try json.string("key")
        signal = try json.enumeration("signal")
        promptTokens = try json.int("prompt_tokens")
        responseTokens = try json.int("response_tokens")
        ffnSize = try json.int("ffn_size")
        threshold = try json.decode("threshold", NeuronThreshold.init(json:))
        keyNeurons = try json.array("key_neurons").map { try $0.asArray().map { try $0.asInt() } }
        top = try json.decodeArray("top", TopActivations.init(json:))
    }

    public func encodeFields(to writer: inout JSONWriter) {
        writer.field("id", id)
        writer.field("template_id", templateID)
        writer.field("culture", culture)
        writer.field("lang", lang)
        writer.field("model", model)
        writer.field("model_sha256", modelSHA256)
        writer.field("instruction", instruction)
        writer.field("key", key)
        writer.field("signal", signal.rawValue)
        writer.field("prompt_tokens", promptTokens)
        writer.field("response_tokens", responseTokens)
        writer.field("ffn_size", ffnSize)
        writer.field("threshold", threshold)
        writer.field("key_neurons", keyNeurons)
        writer.field("top", top)
    }
}

/// The activation a probe records at each FFN neuron.
public enum NeuronSignal: String, CaseIterable, Sendable {
    /// act(W_gate·h): what the paper's code hooks (`mlp.act_fn`).
    case act
    /// act(W_gate·h) ⊙ (W_up·h): the input of W_down.
    case gated
}

/// A threshold function over activations: layer top-k, layer top-score ratio or global top-k.
public struct NeuronThreshold: Equatable, Sendable, JSONEncodable {
    public enum Kind: String, CaseIterable, Sendable {
        case layerTopK = "layer_top_k"
        case layerRatio = "layer_ratio"
        case globalTopK = "global_top_k"
    }

    public var kind: Kind
    /// k for the top-k kinds.
    public var k: Int?
    /// r for the ratio kind: keep values ≥ r · layer maximum.
    public var ratio: Double?

    public init(kind: Kind, k: Int? = nil, ratio: Double? = nil) {
        self.kind = kind
        self.k = k
        self.ratio = ratio
    }

    init(json: JSONObject) throws {
        kind = try json.enumeration("kind")
        k = try json.optionalInt("k")
        ratio = try json.optionalDouble("ratio")
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("kind", kind.rawValue)
        writer.fieldIfPresent("k", k)
        writer.fieldIfPresent("ratio", ratio)
        writer.endObject()
    }
}

/// One layer's largest activations: parallel columns, stored as base64 of little-endian
/// arrays (u32 response-token offsets, u32 neuron ids, f32 values) to keep records small.
public struct TopActivations: Equatable, Sendable, JSONEncodable {
    /// Offsets into the response (0 = first response token).
    public var positions: [UInt32]
    public var neurons: [UInt32]
    public var values: [Float]

    public init(positions: [UInt32], neurons: [UInt32], values: [Float]) {
        precondition(positions.count == neurons.count && neurons.count == values.count)
        self.positions = positions
        self.neurons = neurons
        self.values = values
    }

    init(json: JSONObject) throws {
        let count = try json.int("count")
        positions = try Self.column(json, "positions", count: count, as: UInt32.self)
        neurons = try Self.column(json, "neurons", count: count, as: UInt32.self)
        values = try Self.column(json, "values", count: count, as: Float.self)
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("count", positions.count)
        writer.field("positions", Self.base64(positions))
        writer.field("neurons", Self.base64(neurons))
        writer.field("values", Self.base64(values.map(\.bitPattern)))
        writer.endObject()
    }

    private static func base64(_ words: [UInt32]) -> String {
        words.map(\.littleEndian).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    private static func column<T>(_ json: JSONObject, _ key: String, count: Int, as _: T.Type) throws -> [T] {
        guard let data = Data(base64Encoded: try json.string(key)), data.count == count * 4 else {
            throw RecordError.data(json.location, field: json.fieldPath(key), "expected base64 of \(count) little-endian 4-byte values")
        }
        let words = data.withUnsafeBytes { bytes in (0..<count).map { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) } }
        if T.self == Float.self { return words.map { Float(bitPattern: $0) } as! [T] }
        return words as! [T]
    }
}

extension Neurons {
    /// The key neurons under layer top-k with another k, from the stored top entries (the
    /// released code's form: the first k entries by value, collapsed to distinct neurons); nil
    /// when a layer keeps fewer than k entries and not all of its activations.
    public func keyNeurons(layerTopK k: Int) -> [[Int]]? {
        var layers: [[Int]] = []
        for top in self.top {
            guard top.neurons.count >= k || top.neurons.count == responseTokens * ffnSize else { return nil }
            layers.append(Array(Set(top.neurons.prefix(k).map(Int.init))).sorted())
        }
        return layers
    }

    /// The key neurons as stored (`k` nil) or re-thresholded as layer top-k; a record that keeps
    /// too few entries for `k` is a data error at `location`.
    public func keyNeurons(rethresholdedTo k: Int?, at location: RecordLocation) throws -> [[Int]] {
        guard let k else { return keyNeurons }
        guard let layers = keyNeurons(layerTopK: k) else {
            throw RecordError.data(location, field: "top", "a layer keeps fewer than k = \(k) entries; probe again with a larger --keep")
        }
        return layers
    }

    /// The (layer, neuron) pairs of `layers` (key neurons per layer).
    public static func pairs(_ layers: [[Int]]) -> [LayerNeuron] {
        layers.enumerated().flatMap { layer, ids in ids.map { LayerNeuron(layer: layer, neuron: $0) } }
    }
}
