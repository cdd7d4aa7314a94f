import Crypto
import Records

/// The content address of a request: sha256 (hex) of canonical JSON — keys sorted, UTF-8,
/// numbers in shortest round-trip form — over the backend kind, the model, the chat template
/// (local engine) and its neuron mask, the full messages and every sampling setting. Two requests with the same
/// key get the same answer, so the key is what a resumed run skips and what answer records carry.
public func requestKey(backend: String, request: ChatRequest, chatTemplate: String? = nil, mask: NeuronMaskInfo? = nil) -> String {
    var writer = JSONWriter()
    writer.beginObject()
    writer.field("backend", backend)
    writer.fieldIfPresent("chat_template", chatTemplate)
    writer.fieldIfPresent("mask", mask?.sha256)
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
    return hexString(SHA256.hash(data: writer.bytes))
}
