import Crypto
import Records

/// The content address of a request: sha256 (hex) of canonical JSON — keys sorted, UTF-8,
/// numbers in shortest round-trip form — over the backend kind, the model, the chat template
/// (local engine), the full messages and every sampling setting. Two requests with the same
/// key get the same answer, so the key is what a resumed run skips and what answer records carry.
public func requestKey(backend: String, request: ChatRequest, chatTemplate: String? = nil) -> String {
    var writer = JSONWriter()
    writer.beginObject()
    writer.field("backend", backend)
    writer.fieldIfPresent("chat_template", chatTemplate)
    writer.field("max_tokens", request.settings.maxTokens)
    writer.key("messages")
    writer.beginArray()
    for message in request.messages {
        writer.beginObject()
        writer.field("content", message.content)
        writer.field("role", message.role)
        writer.endObject()
    }
    writer.endArray()
    writer.field("model", request.model)
    writer.field("seed", request.settings.seed)
    writer.field("temperature", request.settings.temperature)
    writer.field("top_p", request.settings.topP)
    writer.endObject()
    return SHA256.hash(data: writer.bytes).map { byte in
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
    }.joined()
}
