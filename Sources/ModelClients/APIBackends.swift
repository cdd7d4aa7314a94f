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
    public var label: String { HTTPTransport.origin(baseURL) }
    public let chatTemplate: String? = nil
    let baseURL: URL
    let apiKey: String?
    let transport: HTTPTransport

    /// `baseURL` is the API root, e.g. `http://localhost:8000/v1`.
    public init(baseURL: URL, apiKey: String?, attemptTimeout: Double = 600, connectTimeout: Double = 10) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        transport = HTTPTransport(attemptTimeout: attemptTimeout, connectTimeout: connectTimeout)
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
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        let reply = try await transport.postExpectingSuccess(baseURL.appendingPathComponent("chat/completions"),
                                                             headers: headers, body: body.bytes, secret: apiKey)
        return try Self.parse(reply)
    }

    static func parse(_ body: Data) throws(BackendError) -> ChatReply {
        do {
            return try body.withUnsafeBytes { raw in
                let object = try parseObject(raw, at: RecordLocation(input: "reply", line: 1))
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
        } catch let error as BackendError {
            throw error
        } catch {
            throw BackendError(kind: .malformedReply, message: "reply does not parse: \(error)")
        }
    }
}

/// Anthropic's Messages API.
public struct AnthropicBackend: ModelBackend {
    public let kind = "anthropic"
    public var label: String { HTTPTransport.origin(baseURL) }
    public let chatTemplate: String? = nil
    let baseURL: URL
    let apiKey: String?
    let transport: HTTPTransport

    /// `baseURL` is the API root, e.g. `https://api.anthropic.com`.
    public init(baseURL: URL, apiKey: String?, attemptTimeout: Double = 600, connectTimeout: Double = 10) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        transport = HTTPTransport(attemptTimeout: attemptTimeout, connectTimeout: connectTimeout)
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
        if let apiKey { headers["x-api-key"] = apiKey }
        let reply = try await transport.postExpectingSuccess(baseURL.appendingPathComponent("v1/messages"),
                                                             headers: headers, body: body.bytes, secret: apiKey)
        return try Self.parse(reply)
    }

    static func parse(_ body: Data) throws(BackendError) -> ChatReply {
        do {
            return try body.withUnsafeBytes { raw in
                let object = try parseObject(raw, at: RecordLocation(input: "reply", line: 1))
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
        } catch let error as BackendError {
            throw error
        } catch {
            throw BackendError(kind: .malformedReply, message: "reply does not parse: \(error)")
        }
    }
}
