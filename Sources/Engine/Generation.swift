/// Why generation stopped.
public enum FinishReason: String, Sendable {
    /// The model produced an end-of-generation token.
    case stop
    /// `maxTokens` or the context length was reached.
    case length
}

/// The outcome of greedy generation.
public struct Generation: Sendable, Equatable {
    /// The generated tokens, without the end-of-generation token that stopped them.
    public var tokens: [Int32]
    public var finishReason: FinishReason
    /// Prompt tokens processed (BOS included when it was part of the prompt).
    public var promptTokens: Int
}

extension InferenceSession {
    /// Greedy decoding (temperature 0, the paper's setting): prefills `prompt` in one batch,
    /// then appends the most likely token (the lowest id among equals) until a token of
    /// `stopTokens`, `maxTokens` new tokens, or the end of the context.
    /// Starts from an empty cache; a prompt longer than the context is an error.
    public func generate(prompt: [Int32], maxTokens: Int, stopTokens: Set<Int32>) throws -> Generation {
        reset()
        guard !prompt.isEmpty else { throw EngineError.emptyPrompt }
        guard prompt.count < capacity else { throw EngineError.contextOverflow(tokens: prompt.count + 1, capacity: capacity) }
        var logits = try forward(prompt, logits: .last).logits
        var tokens: [Int32] = []
        while tokens.count < maxTokens {
            let next = Int32(argmax(logits))
            if stopTokens.contains(next) { return Generation(tokens: tokens, finishReason: .stop, promptTokens: prompt.count) }
            tokens.append(next)
            guard tokens.count < maxTokens, position < capacity else { break }
            logits = try forward([next], logits: .last).logits
        }
        return Generation(tokens: tokens, finishReason: .length, promptTokens: prompt.count)
    }

    /// Teacher forcing: runs `prompt` + `response` from an empty cache in one batch, without the
    /// output layer, and returns the FFN activations at the positions whose input token is a
    /// response token, `prompt.count ..< prompt.count + response.count` (the paper's convention:
    /// BOS, when present, counts in the prompt).
    public func activations(prompt: [Int32], response: [Int32], signal: CapturedSignal) throws -> CapturedActivations {
        reset()
        guard !prompt.isEmpty else { throw EngineError.emptyPrompt }
        let positions = prompt.count..<prompt.count + response.count
        let (_, captured) = try forward(prompt + response, logits: .none, capture: (positions, signal))
        return captured!
    }
}

/// The index of the largest value; the first one among equals (as `torch.argmax`).
func argmax(_ values: [Float]) -> Int {
    var best = 0
    for i in values.indices where values[i] > values[best] { best = i }
    return best
}
