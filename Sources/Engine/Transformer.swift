/// The weights of one transformer block.
struct LayerWeights: @unchecked Sendable {
    let attentionNorm: [Float]
    let query, key, value, attentionOutput: WeightMatrix
    let queryBias, keyBias, valueBias: [Float]?
    /// Gemma 3: per-head RMS norms of q and k.
    let queryNorm, keyNorm: [Float]?
    /// Gemma 3: norms of the attention and FFN outputs before their residual add.
    let postAttentionNorm, postFFNNorm: [Float]?
    let ffnNorm: [Float]
    let gate, up, down: WeightMatrix
}

/// A loaded model: its configuration and weights, mapped from the GGUF file (quantized
/// weights stay quantized in memory; only norms and biases are expanded to f32).
public final class Transformer: @unchecked Sendable {
    public let config: ModelConfig
    public let file: GGUFFile
    let embedding: WeightMatrix
    let output: WeightMatrix
    /// Qwen2's optional `output.bias`, added to the logits.
    let outputBias: [Float]?
    let outputNorm: [Float]
    let layers: [LayerWeights]
    /// Llama 3.1 `rope_freqs`: divisors of the per-dimension rope frequencies.
    let ropeFrequencyFactors: [Float]?

    /// Tokens in the vocabulary (rows of the embedding).
    public var vocabularySize: Int { embedding.rows }

    /// Opens `path` and checks that the architecture and every tensor the forward pass uses are supported.
    public convenience init(path: String) throws {
        try self.init(file: try GGUFFile(path: path))
    }

    public init(file: GGUFFile) throws {
        self.file = file
        let config = try ModelConfig(file: file)
        self.config = config
        func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
            let tensor = try file.tensor(name)
            let weights = try WeightMatrix(file: file, tensor: tensor)
            guard weights.rows == rows, weights.columns == columns else {
                throw GGUFError(path: file.path, problem: "tensor '\(name)' is \(weights.columns)×\(weights.rows); expected \(columns)×\(rows)")
            }
            return weights
        }
        func vector(_ name: String, length: Int) throws -> [Float] {
            let tensor = try file.tensor(name)
            guard tensor.elementCount == length, tensor.type.isSupported else {
                throw GGUFError(path: file.path, problem: "tensor '\(name)' has \(tensor.elementCount) \(tensor.type) values; expected \(length) of a supported type")
            }
            var values = [Float](repeating: 0, count: length)
            values.withUnsafeMutableBufferPointer { dequantize(tensor.type, file.data(of: tensor).baseAddress!, $0.baseAddress!, count: length) }
            return values
        }
        func optionalVector(_ name: String, length: Int) throws -> [Float]? {
            file.tensors[name] == nil ? nil : try vector(name, length: length)
        }

        let d = config.embeddingLength, headDim = config.headDimension
        let qWidth = config.headCount * headDim, kvWidth = config.kvHeadCount * headDim
        let embedding = try WeightMatrix(file: file, tensor: try file.tensor("token_embd.weight"))
        guard embedding.columns == d else {
            throw GGUFError(path: file.path, problem: "token_embd.weight rows have \(embedding.columns) values; expected \(d)")
        }
        self.embedding = embedding
        output = file.tensors["output.weight"] == nil ? embedding : try matrix("output.weight", rows: embedding.rows, columns: d)
        outputBias = try optionalVector("output.bias", length: embedding.rows)
        outputNorm = try vector("output_norm.weight", length: d)
        ropeFrequencyFactors = try optionalVector("rope_freqs.weight", length: headDim / 2)
        layers = try (0..<config.layerCount).map { l in
            let p = "blk.\(l)."
            return LayerWeights(
                attentionNorm: try vector(p + "attn_norm.weight", length: d),
                query: try matrix(p + "attn_q.weight", rows: qWidth, columns: d),
                key: try matrix(p + "attn_k.weight", rows: kvWidth, columns: d),
                value: try matrix(p + "attn_v.weight", rows: kvWidth, columns: d),
                attentionOutput: try matrix(p + "attn_output.weight", rows: d, columns: qWidth),
                queryBias: try optionalVector(p + "attn_q.bias", length: qWidth),
                keyBias: try optionalVector(p + "attn_k.bias", length: kvWidth),
                valueBias: try optionalVector(p + "attn_v.bias", length: kvWidth),
                queryNorm: try optionalVector(p + "attn_q_norm.weight", length: headDim),
                keyNorm: try optionalVector(p + "attn_k_norm.weight", length: headDim),
                postAttentionNorm: try optionalVector(p + "post_attention_norm.weight", length: d),
                postFFNNorm: try optionalVector(p + "post_ffw_norm.weight", length: d),
                ffnNorm: try vector(p + "ffn_norm.weight", length: d),
                gate: try matrix(p + "ffn_gate.weight", rows: config.ffnLength, columns: d),
                up: try matrix(p + "ffn_up.weight", rows: config.ffnLength, columns: d),
                down: try matrix(p + "ffn_down.weight", rows: d, columns: config.ffnLength))
        }
    }
}
