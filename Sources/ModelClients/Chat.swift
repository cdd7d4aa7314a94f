import Records

/// One message of a chat request.
public struct ChatMessage: Sendable, Equatable, JSONEncodable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: "user", content: content) }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("role", role)
        writer.field("content", content)
        writer.endObject()
    }
}

/// What is sent to a model: the messages and every sampling setting.
public struct ChatRequest: Sendable, Equatable {
    public var model: String
    public var messages: [ChatMessage]
    public var settings: GenerationSettings

    public init(model: String, messages: [ChatMessage], settings: GenerationSettings) {
        self.model = model
        self.messages = messages
        self.settings = settings
    }
}

/// What came back.
public struct ChatReply: Sendable, Equatable {
    public var text: String
    /// `stop`, `length`, … as the backend names it (Anthropic's `end_turn` is mapped to `stop`,
    /// `max_tokens` to `length`).
    public var finishReason: String?
    public var usage: TokenUsage?

    public init(text: String, finishReason: String?, usage: TokenUsage?) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
    }
}

/// Something that answers chat requests: an HTTP API or the local engine.
public protocol ModelBackend: Sendable {
    /// `openai`, `anthropic` or `local`: part of the request key and of every answer record.
    var kind: String { get }
    /// A short description for messages (never contains a credential).
    var label: String { get }
    /// The chat template applied (local engine only).
    var chatTemplate: String? { get }
    /// Sends one request, once (retries are the caller's).
    func send(_ request: ChatRequest) async throws(BackendError) -> ChatReply
    /// The neurons masked while answering (local engine only); part of the request key.
    var mask: NeuronMaskInfo? { get }
}

extension ModelBackend {
    public var mask: NeuronMaskInfo? { nil }
}
