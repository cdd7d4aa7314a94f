import Dispatch
import Engine
import Records

/// The native engine as a backend: greedy decoding of a GGUF model in this process.
/// Requests run one at a time on a dedicated queue (the engine is single-sequence).
public final class LocalBackend: ModelBackend, @unchecked Sendable {
    public let kind = "local"
    public let label: String
    public let chatTemplate: String?
    public let mask: NeuronMaskInfo?
    private let model: LocalModel
    private let queue = DispatchQueue(label: "dualeval.local-engine")

    /// Loads `path`; `template` nil uses the model's own (see `ChatTemplate.preferred(for:)`).
    /// `mask` zeroes those neurons in every forward pass (the paper's ablation); `randomMask`
    /// draws that many neurons uniformly over all layers instead, with its seed.
    public init(path: String, template: ChatTemplate? = nil, threads: Int = 2, mask: NeuronMaskSpec? = nil,
                randomMask: (count: Int, seed: UInt64)? = nil) throws {
        model = try LocalModel(path: path, template: template, threads: threads)
        chatTemplate = model.template.rawValue
        label = "local:\(path)"
        let config = model.transformer.config
        var spec = mask
        if let randomMask {
            guard randomMask.count <= config.layerCount * config.ffnLength else {
                throw RecordError(.usage, problem: "--mask-random \(randomMask.count) exceeds the model's \(config.layerCount * config.ffnLength) neurons")
            }
            spec = NeuronMaskSpec.random(count: randomMask.count, layers: config.layerCount, ffnSize: config.ffnLength,
                                         seed: randomMask.seed)
        }
        if let spec {
            try spec.validate(layers: config.layerCount, ffnSize: config.ffnLength)
            model.mask = spec.engineMask
        }
        self.mask = spec?.info
    }

    public func send(_ request: ChatRequest) async throws(BackendError) -> ChatReply {
        guard request.settings.temperature == 0 else {
            throw BackendError(kind: .engine, message: "the local engine decodes greedily; temperature must be 0")
        }
        let system = request.messages.first { $0.role == "system" }?.content
        guard let user = request.messages.last(where: { $0.role == "user" })?.content else {
            throw BackendError(kind: .engine, message: "the request has no user message")
        }
        let result: Result<ChatReply, BackendError> = await withCheckedContinuation { continuation in
            queue.async { [self] in
                do {
                    let completion = try self.model.complete(user, system: system, maxTokens: request.settings.maxTokens)
                    continuation.resume(returning: .success(ChatReply(
                        text: completion.text, finishReason: completion.finishReason.rawValue,
                        usage: TokenUsage(inputTokens: completion.promptTokens, outputTokens: completion.tokens.count))))
                } catch {
                    continuation.resume(returning: .failure(BackendError(kind: .engine, message: "\(error)")))
                }
            }
        }
        return try result.get()
    }
}
