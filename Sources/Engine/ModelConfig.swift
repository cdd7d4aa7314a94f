/// The transformer families the engine runs.
public enum Architecture: String, Sendable, CaseIterable {
    /// Gemma 3 text: GELU-tanh, q/k norms, post-norms, sliding-window layers, scaled embeddings.
    case gemma3
    /// Llama 2/3/3.1 and SmolLM2: SwiGLU, rope on adjacent pairs, optional rope frequency factors.
    case llama
    /// Qwen2/2.5: the Llama block with q/k/v biases and NEOX rope.
    case qwen2
}

/// How rotary embeddings pair dimensions.
enum RopeStyle: Sendable {
    /// Adjacent pairs (x[2i], x[2i+1]): llama.cpp's LLAMA_ROPE_TYPE_NORM.
    case adjacent
    /// Halves (x[i], x[i + n/2]): NEOX, used by Gemma and Qwen2.
    case halves
}

/// The FFN activation applied to W_gate·h.
public enum Activation: String, Sendable {
    case geluTanh = "gelu_tanh"
    case silu
}

/// A model's hyperparameters, read from GGUF metadata.
public struct ModelConfig: Sendable {
    public let architecture: Architecture
    public let layerCount: Int
    /// d_model.
    public let embeddingLength: Int
    /// d_ff: neurons per FFN layer.
    public let ffnLength: Int
    public let headCount: Int
    public let kvHeadCount: Int
    public let headDimension: Int
    public let contextLength: Int
    public let rmsEpsilon: Float
    public let ropeBase: Float
    /// Gemma 3's local (sliding-window) layers use their own rope base.
    public let localRopeBase: Float
    /// Sliding window of Gemma 3's local layers; nil when every layer is global.
    public let slidingWindow: Int?
    public let activation: Activation
    let ropeStyle: RopeStyle

    init(file: GGUFFile) throws {
        func fail(_ problem: String) -> GGUFError { GGUFError(path: file.path, problem: problem) }
        guard let name = file.metadata["general.architecture"]?.stringValue else {
            throw fail("general.architecture is missing")
        }
        guard let architecture = Architecture(rawValue: name) else {
            throw fail("architecture '\(name)' is not supported (supported: \(Architecture.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        func integer(_ key: String) throws -> Int {
            guard let value = file.metadata["\(name).\(key)"]?.intValue, value > 0 else { throw fail("\(name).\(key) is missing or not a positive integer") }
            return value
        }
        func number(_ key: String, default fallback: Double? = nil) throws -> Float {
            if let value = file.metadata["\(name).\(key)"]?.doubleValue { return Float(value) }
            if let fallback { return Float(fallback) }
            throw fail("\(name).\(key) is missing")
        }
        self.architecture = architecture
        layerCount = try integer("block_count")
        embeddingLength = try integer("embedding_length")
        ffnLength = try integer("feed_forward_length")
        headCount = try integer("attention.head_count")
        kvHeadCount = (try? integer("attention.head_count_kv")) ?? headCount
        headDimension = (try? integer("attention.key_length")) ?? embeddingLength / headCount
        contextLength = try integer("context_length")
        rmsEpsilon = try number("attention.layer_norm_rms_epsilon")
        ropeBase = try number("rope.freq_base", default: 10_000)
        guard headCount % kvHeadCount == 0 else { throw fail("head_count \(headCount) is not a multiple of head_count_kv \(kvHeadCount)") }
        // Refuse what the forward pass does not implement rather than compute something else.
        if let rotated = file.metadata["\(name).rope.dimension_count"]?.intValue, rotated != headDimension {
            throw fail("partial rotary embeddings (\(name).rope.dimension_count \(rotated) < head dimension \(headDimension)) are not supported")
        }
        if let scaling = file.metadata["\(name).rope.scaling.type"]?.stringValue, scaling != "none" {
            throw fail("rope scaling '\(scaling)' is not supported (Llama 3.1 frequency factors are, via rope_freqs)")
        }
        switch architecture {
        case .gemma3:
            activation = .geluTanh
            ropeStyle = .halves
            localRopeBase = 10_000
            slidingWindow = try? integer("attention.sliding_window")
        case .llama:
            activation = .silu
            ropeStyle = .adjacent
            localRopeBase = ropeBase
            slidingWindow = nil
        case .qwen2:
            activation = .silu
            ropeStyle = .halves
            localRopeBase = ropeBase
            slidingWindow = nil
        }
    }

    /// Gemma 3 interleaves five sliding-window layers with one global layer (layers 5, 11, 17, … are global).
    func isSlidingWindowLayer(_ layer: Int) -> Bool {
        architecture == .gemma3 && slidingWindow != nil && layer % 6 < 5
    }
}
