import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Records

/// Any server that speaks OpenAI's chat completions API: OpenAI, vLLM, SGLang, llama.cpp's
/// server, Ollama, TGI… The API key is read from an environment variable by the caller and
/// sent only in the Authorization header.
public struct OpenAIBackend: ModelBackend {
    public let kind = "openai"
    public var label: String { endpoint.label }
    public let chatTemplate: String? = nil
    let endpoint: HTTPEndpoint

    /// `baseURL` is the API root, e.g. `http://localhost:8000/v1`.
    public init(baseURL: URL, apiKey: String?, attemptTimeout: Double = 600, connectTimeout: Double = 10) {
        endpoint = HTTPEndpoint(baseURL: baseURL, apiKey: apiKey, attemptTimeout: attemptTimeout, connectTimeout: connectTimeout)
    }

    public func send(_ request: ChatRequest) async throws(BackendError) -> ChatReply {
        var body = JSONWriter()
        body.beginObject()
        body.field("model", request.model)
        body.field("messages", request.messages)
        body.field("temperature", request.settings.temperature)
        body.field("top_p", request.settings.topP)
        body.field("max_tokens", request.settings.maxTokens)
        body.fieldIfPresent("seed", request.settings.seed)
        body.endObject()
        var headers: [String: String] = [:]
        if let apiKey = endpoint.apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        return try Self.parse(try await endpoint.post("chat/completions", headers: headers, body: body.bytes))
    }

    static func parse(_ body: Data) throws(BackendError) -> ChatReply {
        try parseReply(body) { object in
            var choices = try object.array("choices").makeIterator()
            guard let first = choices.next() else { throw BackendError(kind: .malformedReply, message: "no choices in the reply") }
            let choice = try first.asObject()
            let message = try choice.object("message")
            let usage = try object.optionalObject("usage").map {
                TokenUsage(inputTokens: try $0.int("prompt_tokens"), outputTokens: try $0.int("completion_tokens"))
            }
            return ChatReply(text: try message.optionalString("content") ?? "",
                             finishReason: try choice.optionalString("finish_reason"), usage: usage)
        }
    }
}

/// Anthropic's Messages API.
public struct AnthropicBackend: ModelBackend {
    public let kind = "anthropic"
    public var label: String { endpoint.label }
    public let chatTemplate: String? = nil
    let endpoint: HTTPEndpoint

    /// `baseURL` is the API root, e.g. `https://api.anthropic.com`.
    public init(baseURL: URL, apiKey: String?, attemptTimeout: Double = 600, connectTimeout: Double = 10) {
        endpoint = HTTPEndpoint(baseURL: baseURL, apiKey: apiKey, attemptTimeout: attemptTimeout, connectTimeout: connectTimeout)
    }

    public func send(_ request: ChatRequest) async throws(BackendError) -> ChatReply {
        var body = JSONWriter()
        body.beginObject()
        body.field("model", request.model)
        body.field("max_tokens", request.settings.maxTokens)
        if let system = request.messages.first(where: { $0.role == "system" }) { body.field("system", system.content) }
        body.field("messages", request.messages.filter { $0.role != "system" })
        body.field("temperature", request.settings.temperature)
        if request.settings.topP != 1 { body.field("top_p", request.settings.topP) }
        body.endObject()
        var headers = ["anthropic-version": "2023-06-01"]
        if let apiKey = endpoint.apiKey { headers["x-api-key"] = apiKey }
        return try Self.parse(try await endpoint.post("v1/messages", headers: headers, body: body.bytes))
    }

    static func parse(_ body: Data) throws(BackendError) -> ChatReply {
        try parseReply(body) { object in
            var text = ""
            for block in try object.array("content") {
                let content = try block.asObject()
                if try content.string("type") == "text" { text += try content.string("text") }
            }
            let usage = try object.optionalObject("usage").map {
                TokenUsage(inputTokens: try $0.int("input_tokens"), outputTokens: try $0.int("output_tokens"))
            }
            let reason: String? = switch try object.optionalString("stop_reason") {
            case "end_turn", "stop_sequence": "stop"
            case "max_tokens": "length"
            case let other: other
            }
            return ChatReply(text: text, finishReason: reason, usage: usage)
        }
    }
}

/// An HTTP API root with its key and transport.
struct HTTPEndpoint: Sendable {
    let baseURL: URL
    let apiKey: String?
    let transport: HTTPTransport

    init(baseURL: URL, apiKey: String?, attemptTimeout: Double, connectTimeout: Double) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        transport = HTTPTransport(attemptTimeout: attemptTimeout, connectTimeout: connectTimeout)
    }

    var label: String { HTTPTransport.origin(baseURL) }

    /// POSTs to `path` under the root; the 2xx reply body, or a classified error (key redacted).
    func post(_ path: String, headers: [String: String], body: [UInt8]) async throws(BackendError) -> Data {
        try await transport.postExpectingSuccess(baseURL.appendingPathComponent(path), headers: headers, body: body, secret: apiKey)
    }
}

/// Parses a reply body with `read`; anything that does not parse is a `.malformedReply` (retried).
func parseReply(_ body: Data, _ read: (JSONObject) throws -> ChatReply) throws(BackendError) -> ChatReply {
    do {
        return try body.withUnsafeBytes { raw in try read(try parseObject(raw, at: RecordLocation(input: "reply", line: 1))) }
    } catch let error as BackendError {
        throw error
    } catch {
        throw BackendError(kind: .malformedReply, message: "reply does not parse: \(error)")
    }
}
