/// A model's answer to one question (written by `ask`): the question's fields, then how it was asked and what came back.
public struct Answer: Record, Equatable, Sendable {
    public static let kind = "answer"

    /// The question asked; its fields are written inline, so an answer record is a question record plus answer fields.
    public var question: Question
    public var id: String { question.id }
    /// The model under test as named on the command line, e.g. `gpt-4o` or `gemma3-270m`.
    public var model: String
    /// `openai` (any OpenAI-compatible server), `anthropic` or `local` (the native engine).
    public var backend: String
    /// The prompt template id: `inst-4`, `inst-7`, `inst-8` or `pers-3`.
    public var instruction: String
    /// The exact user message sent (template applied to the question).
    public var prompt: String
    /// For the local engine, the chat template applied (`gemma`, `chatml`, `llama3` or `none`).
    public var chatTemplate: String?
    public var settings: GenerationSettings
    /// The request key: sha256 over backend kind, model, messages and every sampling setting.
    public var key: String
    /// The response text; nil when the request failed for good.
    public var response: String?
    /// Why generation stopped: `stop`, `length`, ... as the backend reports it.
    public var finishReason: String?
    public var usage: TokenUsage?
    /// Wall time of the successful attempt, in milliseconds.
    public var latencyMS: Double?
    /// Attempts made, retries included.
    public var attempts: Int
    /// Set when the request failed for good.
    public var error: AnswerFailure?
    /// The neurons masked in the local engine while answering (the paper's ablation); nil without.
    public var mask: NeuronMaskInfo?

    public init(question: Question, model: String, backend: String, instruction: String, prompt: String,
                chatTemplate: String? = nil, settings: GenerationSettings, key: String, response: String?,
                finishReason: String?, usage: TokenUsage?, latencyMS: Double?, attempts: Int, error: AnswerFailure? = nil,
                mask: NeuronMaskInfo? = nil) {
        self.question = question
        self.model = model
        self.backend = backend
        self.instruction = instruction
        self.prompt = prompt
        self.chatTemplate = chatTemplate
        self.settings = settings
        self.key = key
        self.response = response
        self.finishReason = finishReason
        self.usage = usage
        self.latencyMS = latencyMS
        self.attempts = attempts
        self.error = error
        self.mask = mask
    }

    public init(fields json: JSONObject) throws {
        question = try Question(fields: json)
        model = try json.string("model")
        backend = try json.string("backend")
        instruction = try json.string("instruction")
        prompt = try json.string("prompt")
        chatTemplate = try json.optionalString("chat_template")
        settings = try json.decode("settings", GenerationSettings.init(json:))
        key = try json.string("key")
        response = try json.optionalString("response")
        finishReason = try json.optionalString("finish_reason")
        usage = try json.decodeIfPresent("usage", TokenUsage.init(json:))
        latencyMS = try json.optionalDouble("latency_ms")
        attempts = try json.int("attempts")
        error = try json.decodeIfPresent("error", AnswerFailure.init(json:))
        mask = try json.decodeIfPresent("mask", NeuronMaskInfo.init(json:))
    }

    public func encodeFields(to writer: inout JSONWriter) {
        question.encodeFields(to: &writer)
        writer.field("model", model)
        writer.field("backend", backend)
        writer.field("instruction", instruction)
        writer.field("prompt", prompt)
        writer.field("chat_template", chatTemplate)
        writer.field("settings", settings)
        writer.field("key", key)
        writer.field("response", response)
        writer.field("finish_reason", finishReason)
        writer.field("usage", usage)
        writer.field("latency_ms", latencyMS)
        writer.field("attempts", attempts)
        writer.field("error", error)
        writer.fieldIfPresent("mask", mask)
    }
}

/// Which neurons were masked while answering: where the set came from, its size, and the
/// sha256 of its sorted (layer, neuron) list (part of the request key).
public struct NeuronMaskInfo: Equatable, Sendable, JSONEncodable {
    /// `file:<path>` or `random:<count>:seed=<seed>`.
    public var source: String
    public var pairs: Int
    public var sha256: String

    public init(source: String, pairs: Int, sha256: String) {
        self.source = source
        self.pairs = pairs
        self.sha256 = sha256
    }

    init(json: JSONObject) throws {
        source = try json.string("source")
        pairs = try json.int("pairs")
        sha256 = try json.string("sha256")
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("source", source)
        writer.field("pairs", pairs)
        writer.field("sha256", sha256)
        writer.endObject()
    }
}

/// Every sampling setting of a request, recorded as sent.
public struct GenerationSettings: Equatable, Sendable, JSONEncodable {
    public var temperature: Double
    public var topP: Double
    public var maxTokens: Int
    public var seed: Int?

    /// The paper's settings: greedy, 1024 new tokens.
    public init(temperature: Double = 0, topP: Double = 1, maxTokens: Int = 1024, seed: Int? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.seed = seed
    }

    init(json: JSONObject) throws {
        temperature = try json.double("temperature")
        topP = try json.double("top_p")
        maxTokens = try json.int("max_tokens")
        seed = try json.optionalInt("seed")
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("temperature", temperature)
        writer.field("top_p", topP)
        writer.field("max_tokens", maxTokens)
        writer.field("seed", seed)
        writer.endObject()
    }
}

/// Token counts as the backend reports them.
public struct TokenUsage: Equatable, Sendable, JSONEncodable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    init(json: JSONObject) throws {
        inputTokens = try json.int("input_tokens")
        outputTokens = try json.int("output_tokens")
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("input_tokens", inputTokens)
        writer.field("output_tokens", outputTokens)
        writer.endObject()
    }
}

/// Why a request failed for good (never contains a credential).
public struct AnswerFailure: Equatable, Sendable, JSONEncodable {
    /// `http`, `timeout`, `connection`, `deadline`, `engine`, ...
    public var kind: String
    /// The HTTP status of the last attempt, when there was one.
    public var status: Int?
    public var message: String

    public init(kind: String, status: Int?, message: String) {
        self.kind = kind
        self.status = status
        self.message = message
    }

    init(json: JSONObject) throws {
        kind = try json.string("kind")
        status = try json.optionalInt("status")
        message = try json.string("message")
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("kind", kind)
        writer.field("status", status)
        writer.field("message", message)
        writer.endObject()
    }
}
