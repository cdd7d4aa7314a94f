/// A GGUF model ready to answer and to be probed: weights, tokenizer and chat template, with
/// one inference session. This is the engine's API for `ask` (greedy completion) and `probe`
/// (teacher-forced activation capture); neither needs the types behind it.
///
/// Not thread-safe: one caller at a time (the session's KV cache is reused between calls).
public final class LocalModel {
    public let transformer: Transformer
    public let tokenizer: Tokenizer
    /// How user messages are wrapped; `ChatTemplate.preferred(for:)` unless chosen.
    public let template: ChatTemplate
    /// The system message the template inserts when none is given (ChatML models).
    public let defaultSystem: String?
    private let session: InferenceSession

    /// Loads `path`. `template` nil picks the model's own (`none` for a model without one).
    public init(path: String, template: ChatTemplate? = nil, threads: Int = 2, contextLength: Int? = nil) throws {
        let file = try GGUFFile(path: path)
        transformer = try Transformer(file: file)
        tokenizer = try Tokenizer(file: file)
        self.template = template ?? .preferred(for: file)
        defaultSystem = ChatTemplate.defaultSystemMessage(for: file)
        session = InferenceSession(model: transformer, capacity: contextLength, threads: threads)
    }

    /// Neurons zeroed in every forward pass (the paper's ablation); empty by default.
    public var mask: NeuronMask {
        get { session.mask }
        set { session.mask = newValue }
    }

    /// The prompt text after the template, special tokens spelled out.
    public func renderedPrompt(for message: String, system: String? = nil) -> String {
        template.render(user: message, system: system, defaultSystem: defaultSystem)
    }

    /// The prompt's token ids: template applied, one BOS when the model uses one (a template
    /// that writes BOS itself gets no second one).
    public func promptTokens(for message: String, system: String? = nil) -> [Int32] {
        tokenizer.encode(renderedPrompt(for: message, system: system),
                         addBOS: !template.writesBOS, parseSpecial: template.usesSpecialTokens)
    }

    /// A greedy completion of one user message.
    public struct Completion: Sendable, Equatable {
        public var text: String
        public var tokens: [Int32]
        public var finishReason: FinishReason
        public var promptTokens: Int
    }

    /// Answers `message` greedily (temperature 0), stopping at an end-of-generation token or
    /// after `maxTokens` tokens.
    public func complete(_ message: String, system: String? = nil, maxTokens: Int) throws -> Completion {
        let prompt = promptTokens(for: message, system: system)
        let generation = try session.generate(prompt: prompt, maxTokens: maxTokens, stopTokens: tokenizer.endOfGenerationTokens)
        return Completion(text: tokenizer.decode(generation.tokens), tokens: generation.tokens,
                          finishReason: generation.finishReason, promptTokens: generation.promptTokens)
    }

    /// The FFN activations at the response tokens when `response` is teacher-forced after the
    /// prompt of `message`. Prompt and response are tokenized separately and concatenated, so
    /// the captured positions are exactly the response's; `positions.lowerBound` is n_prompt
    /// (BOS included).
    public func activations(message: String, system: String? = nil, response: String, signal: CapturedSignal) throws -> CapturedActivations {
        let prompt = promptTokens(for: message, system: system)
        let responseTokens = tokenizer.encode(response, addBOS: false, parseSpecial: false)
        return try session.activations(prompt: prompt, response: responseTokens, signal: signal)
    }
}
