#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which FFN activation a capture records at each neuron.
public enum CapturedSignal: String, Sendable {
    /// act(W_gate·h): what the paper's code hooks (`mlp.act_fn`).
    case act
    /// act(W_gate·h) ⊙ (W_up·h): the input of W_down.
    case gated
}

/// (layer, neuron) pairs whose gated activation is forced to zero in every forward pass: the
/// paper's ablation (zeroing row j of W_up has the same effect).
public struct NeuronMask: Sendable, Equatable {
    /// Per layer, the masked neuron ids.
    public var neurons: [Int: [Int]]

    public init(_ pairs: [(layer: Int, neuron: Int)] = []) {
        var neurons: [Int: [Int]] = [:]
        for pair in pairs { neurons[pair.layer, default: []].append(pair.neuron) }
        self.neurons = neurons
    }

    public var isEmpty: Bool { neurons.values.allSatisfy(\.isEmpty) }
}

/// FFN activations captured during a forward pass: `values[(layer · positions + p) · ffn + j]`.
public struct CapturedActivations: Sendable {
    public let signal: CapturedSignal
    public let layers: Int
    /// The captured token indices (within the forward call).
    public let positions: Range<Int>
    public let ffnLength: Int
    public var values: [Float]

    /// The activation vector of `layer` at token `position` (an index in `positions`).
    public func vector(layer: Int, position: Int) -> ArraySlice<Float> {
        let start = (layer * positions.count + (position - positions.lowerBound)) * ffnLength
        return values[start..<start + ffnLength]
    }
}

/// What a forward pass returns.
public enum LogitsRequest: Sendable {
    /// No logits (teacher-forced capture skips the output layer).
    case none
    /// The logits of the last token.
    case last
    /// The logits of every token.
    case all
}

/// One sequence being run through a model: the KV cache and the position reached.
///
/// `forward` appends tokens at the current position; generation and teacher forcing are built on it.
public final class InferenceSession {
    public let model: Transformer
    /// Worker threads for the matrix products and attention.
    public let threads: Int
    /// The most tokens this session's sequence may hold (at most the model's context length).
    public let capacity: Int
    /// Tokens the KV cache has room for now; it grows (doubling) up to `capacity` as needed.
    private var allocated = 0
    /// Tokens processed so far (the position of the next token).
    public private(set) var position = 0
    /// Neurons zeroed in every forward pass.
    public var mask = NeuronMask()
    private var keyCache: [UnsafeMutablePointer<Float>] = []
    private var valueCache: [UnsafeMutablePointer<Float>] = []
    /// Rope inverse frequencies of global layers, and of Gemma 3's sliding-window layers.
    private let globalFrequencies: [Float]
    private let localFrequencies: [Float]

    public init(model: Transformer, capacity: Int? = nil, threads: Int = 2) {
        self.model = model
        self.threads = max(1, threads)
        let config = model.config
        let capacity = min(capacity ?? config.contextLength, config.contextLength)
        self.capacity = capacity
        // θ_i = pos · base^(−2i/n) / factor_i, computed in f32 as transformers does.
        func frequencies(_ base: Float) -> [Float] {
            let n = config.headDimension
            return (0..<n / 2).map { i in
                let inverse = 1 / powf(base, Float(2 * i) / Float(n))
                return inverse / (model.ropeFrequencyFactors?[i] ?? 1)
            }
        }
        globalFrequencies = frequencies(config.ropeBase)
        localFrequencies = frequencies(config.localRopeBase)
    }

    deinit {
        keyCache.forEach { $0.deallocate() }
        valueCache.forEach { $0.deallocate() }
    }

    /// Forgets every token: the next forward pass starts at position 0.
    public func reset() { position = 0 }

    /// Grows the KV cache to hold at least `tokens` tokens, keeping what it holds.
    private func reserve(_ tokens: Int) {
        guard tokens > allocated else { return }
        let grown = min(capacity, max(tokens, 2 * allocated, 256))
        let kvWidth = model.config.kvHeadCount * model.config.headDimension
        func regrow(_ caches: inout [UnsafeMutablePointer<Float>]) {
            caches = (0..<model.config.layerCount).map { layer in
                let fresh = UnsafeMutablePointer<Float>.allocate(capacity: grown * kvWidth)
                if layer < caches.count {
                    fresh.update(from: caches[layer], count: position * kvWidth)
                    caches[layer].deallocate()
                }
                return fresh
            }
        }
        regrow(&keyCache)
        regrow(&valueCache)
        allocated = grown
    }

    /// Runs `tokens` at the current position and advances it.
    ///
    /// - Parameters:
    ///   - logits: which logits to compute (rows of `vocabularySize`).
    ///   - capture: token indices (within `tokens`) whose FFN activations to record, and which signal.
    /// - Returns: the requested logits (row-major) and the captured activations.
    public func forward(_ tokens: [Int32], logits: LogitsRequest = .last,
                        capture: (positions: Range<Int>, signal: CapturedSignal)? = nil) throws -> (logits: [Float], activations: CapturedActivations?) {
        let config = model.config
        let count = tokens.count
        guard count > 0 else { return ([], nil) }
        guard position + count <= capacity else {
            throw EngineError.contextOverflow(tokens: position + count, capacity: capacity)
        }
        reserve(position + count)
        for token in tokens where token < 0 || Int(token) >= model.vocabularySize {
            throw EngineError.invalidToken(token, vocabularySize: model.vocabularySize)
        }
        if let capture {
            precondition(capture.positions.lowerBound >= 0 && capture.positions.upperBound <= count, "capture positions outside the tokens")
        }
        let d = config.embeddingLength, ffn = config.ffnLength
        let headDim = config.headDimension
        let qWidth = config.headCount * headDim, kvWidth = config.kvHeadCount * headDim

        let x = Buffer(count * d), h = Buffer(count * d), attended = Buffer(count * qWidth)
        let q = Buffer(count * qWidth), k = Buffer(count * kvWidth), v = Buffer(count * kvWidth)
        let projected = Buffer(count * d), gate = Buffer(count * ffn), up = Buffer(count * ffn)
        defer { [x, h, attended, q, k, v, projected, gate, up].forEach { $0.free() } }

        // Embeddings (Gemma scales them by √d, rounded to f32 as transformers does).
        let embeddingScale: Float = config.architecture == .gemma3 ? Float(Double(d).squareRoot()) : 1
        for (t, token) in tokens.enumerated() {
            model.embedding.expandRow(Int(token), into: x.pointer + t * d)
            if embeddingScale != 1 { for i in 0..<d { x.pointer[t * d + i] *= embeddingScale } }
        }

        var captured: CapturedActivations?
        if let capture {
            captured = CapturedActivations(signal: capture.signal, layers: config.layerCount, positions: capture.positions,
                                           ffnLength: ffn, values: [Float](repeating: 0, count: config.layerCount * capture.positions.count * ffn))
        }

        for (l, layer) in model.layers.enumerated() {
            // Attention.
            for t in 0..<count { rmsNorm(x.pointer + t * d, layer.attentionNorm, h.pointer + t * d, d, config.rmsEpsilon) }
            layer.query.multiply(h.pointer, tokens: count, into: q.pointer, threads: threads)
            layer.key.multiply(h.pointer, tokens: count, into: k.pointer, threads: threads)
            layer.value.multiply(h.pointer, tokens: count, into: v.pointer, threads: threads)
            for t in 0..<count {
                if let bias = layer.queryBias { for i in 0..<qWidth { q.pointer[t * qWidth + i] += bias[i] } }
                if let bias = layer.keyBias { for i in 0..<kvWidth { k.pointer[t * kvWidth + i] += bias[i] } }
                if let bias = layer.valueBias { for i in 0..<kvWidth { v.pointer[t * kvWidth + i] += bias[i] } }
                if let norm = layer.queryNorm {
                    for head in 0..<config.headCount {
                        let row = q.pointer + t * qWidth + head * headDim
                        rmsNorm(row, norm, row, headDim, config.rmsEpsilon)
                    }
                }
                if let norm = layer.keyNorm {
                    for head in 0..<config.kvHeadCount {
                        let row = k.pointer + t * kvWidth + head * headDim
                        rmsNorm(row, norm, row, headDim, config.rmsEpsilon)
                    }
                }
                let sliding = config.isSlidingWindowLayer(l)
                let frequencies = sliding ? localFrequencies : globalFrequencies
                let pos = Float(position + t)
                for head in 0..<config.headCount { rotate(q.pointer + t * qWidth + head * headDim, pos, frequencies) }
                for head in 0..<config.kvHeadCount { rotate(k.pointer + t * kvWidth + head * headDim, pos, frequencies) }
            }
            (keyCache[l] + position * kvWidth).update(from: k.pointer, count: count * kvWidth)
            (valueCache[l] + position * kvWidth).update(from: v.pointer, count: count * kvWidth)
            attend(layer: l, queries: q.pointer, count: count, into: attended.pointer)
            layer.attentionOutput.multiply(attended.pointer, tokens: count, into: projected.pointer, threads: threads)
            addResidual(projected, into: x, norm: layer.postAttentionNorm, count: count)

            // Feed-forward.
            for t in 0..<count { rmsNorm(x.pointer + t * d, layer.ffnNorm, h.pointer + t * d, d, config.rmsEpsilon) }
            layer.gate.multiply(h.pointer, tokens: count, into: gate.pointer, threads: threads)
            layer.up.multiply(h.pointer, tokens: count, into: up.pointer, threads: threads)
            applyActivation(gate, count: count * ffn)
            if let capture, capture.signal == .act { record(gate, layer: l, into: &captured!) }
            multiplyElementwise(gate, by: up, count: count * ffn)
            if let masked = mask.neurons[l] {
                for t in 0..<count { for j in masked { gate.pointer[t * ffn + j] = 0 } }
            }
            if let capture, capture.signal == .gated { record(gate, layer: l, into: &captured!) }
            layer.down.multiply(gate.pointer, tokens: count, into: projected.pointer, threads: threads)
            addResidual(projected, into: x, norm: layer.postFFNNorm, count: count)
        }
        position += count

        // Output layer.
        let rows: Range<Int>
        switch logits {
        case .none: return ([], captured)
        case .last: rows = count - 1..<count
        case .all: rows = 0..<count
        }
        for t in rows { rmsNorm(x.pointer + t * d, model.outputNorm, h.pointer + (t - rows.lowerBound) * d, d, config.rmsEpsilon) }
        var result = [Float](repeating: 0, count: rows.count * model.vocabularySize)
        result.withUnsafeMutableBufferPointer { model.output.multiply(h.pointer, tokens: rows.count, into: $0.baseAddress!, threads: threads) }
        if let bias = model.outputBias {
            for i in result.indices { result[i] += bias[i % bias.count] }
        }
        return (result, captured)
    }

    /// gate[i] = act(gate[i]) (GELU-tanh or SiLU), split across threads.
    private func applyActivation(_ gate: Buffer, count: Int) {
        let values = UnsafeSendable(gate.pointer)
        let gelu = model.config.activation == .geluTanh
        parallelFor(count / 8, threads: threads) { start, end in
            let raw = UnsafeMutableRawPointer(values.pointer)
            for chunk in start..<end {
                let x = raw.loadUnaligned(fromByteOffset: 32 * chunk, as: SIMD8<Float>.self)
                raw.storeBytes(of: gelu ? geluTanh(x) : silu(x), toByteOffset: 32 * chunk, as: SIMD8<Float>.self)
            }
        }
        for i in count / 8 * 8..<count { values.pointer[i] = gelu ? geluTanh(values.pointer[i]) : silu(values.pointer[i]) }
    }

    /// a[i] *= b[i].
    private func multiplyElementwise(_ a: Buffer, by b: Buffer, count: Int) {
        for i in 0..<count { a.pointer[i] *= b.pointer[i] }
    }

    /// Copies the captured token rows of `values` (count × ffn) into `captured` for `layer`.
    private func record(_ values: Buffer, layer: Int, into captured: inout CapturedActivations) {
        let ffn = captured.ffnLength, positions = captured.positions
        captured.values.withUnsafeMutableBufferPointer { out in
            for (p, t) in positions.enumerated() {
                (out.baseAddress! + (layer * positions.count + p) * ffn).update(from: values.pointer + t * ffn, count: ffn)
            }
        }
    }

    /// x += norm ? rms(y)·norm : y, row by row.
    private func addResidual(_ y: Buffer, into x: Buffer, norm: [Float]?, count: Int) {
        let d = model.config.embeddingLength
        for t in 0..<count {
            let row = y.pointer + t * d
            if let norm { rmsNorm(row, norm, row, d, model.config.rmsEpsilon) }
            for i in 0..<d { x.pointer[t * d + i] += row[i] }
        }
    }

    /// Rotary embedding of one head vector at position `pos`.
    private func rotate(_ x: UnsafeMutablePointer<Float>, _ pos: Float, _ frequencies: [Float]) {
        let half = frequencies.count
        for i in 0..<half {
            let angle = pos * frequencies[i]
            let c = cosf(angle), s = sinf(angle)
            switch model.config.ropeStyle {
            case .halves:
                let a = x[i], b = x[i + half]
                x[i] = a * c - b * s
                x[i + half] = a * s + b * c
            case .adjacent:
                let a = x[2 * i], b = x[2 * i + 1]
                x[2 * i] = a * c - b * s
                x[2 * i + 1] = a * s + b * c
            }
        }
    }

    /// Causal (and for sliding-window layers, windowed) attention of `count` new queries over the cache.
    private func attend(layer: Int, queries: UnsafeMutablePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) {
        let config = model.config
        let headDim = config.headDimension, heads = config.headCount
        let kvWidth = config.kvHeadCount * headDim, qWidth = heads * headDim
        let group = heads / config.kvHeadCount
        let scale = 1 / Float(headDim).squareRoot()
        let window = config.isSlidingWindowLayer(layer) ? config.slidingWindow : nil
        let keys = UnsafeSendable(keyCache[layer]), values = UnsafeSendable(valueCache[layer])
        let q = UnsafeSendable(queries), out = UnsafeSendable(output)
        let start = position
        parallelFor(count * heads, threads: threads) { first, end in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: start + count)
            defer { scores.deallocate() }
            for item in first..<end {
                let t = item / heads, head = item % heads, kvHead = head / group
                let pos = start + t
                let from = window.map { max(0, pos - $0 + 1) } ?? 0
                let query = q.pointer + t * qWidth + head * headDim
                for j in from...pos {
                    scores[j - from] = dot(query, keys.pointer + j * kvWidth + kvHead * headDim, headDim) * scale
                }
                let n = pos - from + 1
                softmax(scores, n)
                let result = out.pointer + t * qWidth + head * headDim
                result.initialize(repeating: 0, count: headDim)
                for j in 0..<n { axpy(scores[j], values.pointer + (from + j) * kvWidth + kvHead * headDim, result, headDim) }
            }
        }
    }
}

/// A scratch array of floats for one forward pass.
final class Buffer {
    let pointer: UnsafeMutablePointer<Float>
    init(_ count: Int) {
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }
    func free() { pointer.deallocate() }
}

/// Errors of running a model.
public enum EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    case contextOverflow(tokens: Int, capacity: Int)
    case invalidToken(Int32, vocabularySize: Int)
    case emptyPrompt

    public var description: String {
        switch self {
        case .contextOverflow(let tokens, let capacity):
            "the sequence needs \(tokens) tokens but the context holds \(capacity)"
        case .invalidToken(let token, let size):
            "token id \(token) is outside the vocabulary of \(size)"
        case .emptyPrompt:
            "the prompt has no tokens"
        }
    }
}
