/// How a user message is wrapped into a prompt before tokenization.
///
/// Rendered prompts spell special tokens as text (`<start_of_turn>`, `<|im_start|>`), so they are
/// encoded with special tokens parsed; a template that writes BOS itself is encoded without
/// adding another (the paper's released code doubled it; see docs/engine.md).
public enum ChatTemplate: String, Sendable, CaseIterable {
    /// The text as given: a plain completion prompt (the right choice for base models).
    case none
    /// Gemma turns: `<bos><start_of_turn>user\n…<end_of_turn>\n<start_of_turn>model\n`.
    case gemma
    /// ChatML (Qwen2/2.5, SmolLM2): `<|im_start|>role\n…<|im_end|>\n`, then the assistant header.
    case chatml
    /// Llama 3 headers: `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n…<|eot_id|>…`.
    case llama3

    /// The template that works for the model in `file`: the family of its `tokenizer.chat_template`,
    /// and `none` when it has none (Gemma 3 270M is a base model: wrapped in turns it echoes).
    public static func preferred(for file: GGUFFile) -> ChatTemplate {
        guard let source = file.metadata["tokenizer.chat_template"]?.stringValue else { return .none }
        if source.contains("<start_of_turn>") { return .gemma }
        if source.contains("<|im_start|>") { return .chatml }
        if source.contains("<|start_header_id|>") { return .llama3 }
        return .none
    }

    /// Whether the rendered text starts with BOS, so the tokenizer must not add one.
    public var writesBOS: Bool { self == .gemma || self == .llama3 }

    /// Whether the rendered text holds special tokens to parse.
    public var usesSpecialTokens: Bool { self != .none }

    /// The prompt for one user message. `defaultSystem` is the system message the model's own
    /// template inserts when none is given (ChatML models; see `defaultSystemMessage(for:)`).
    public func render(user: String, system: String? = nil, defaultSystem: String? = nil) -> String {
        switch self {
        case .none:
            return user
        case .gemma:
            let content = (system.map { trimmed($0) + "\n\n" } ?? "") + trimmed(user)
            return "<bos><start_of_turn>user\n\(content)<end_of_turn>\n<start_of_turn>model\n"
        case .chatml:
            var text = ""
            if let system = system ?? defaultSystem { text += "<|im_start|>system\n\(system)<|im_end|>\n" }
            return text + "<|im_start|>user\n\(user)<|im_end|>\n<|im_start|>assistant\n"
        case .llama3:
            var text = "<|begin_of_text|>"
            if let system { text += "<|start_header_id|>system<|end_header_id|>\n\n\(trimmed(system))<|eot_id|>" }
            return text + "<|start_header_id|>user<|end_header_id|>\n\n\(trimmed(user))<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
        }
    }

    /// The system message a ChatML model's shipped template inserts when the conversation has none.
    public static func defaultSystemMessage(for file: GGUFFile) -> String? {
        guard let source = file.metadata["tokenizer.chat_template"]?.stringValue else { return nil }
        for known in ["You are a helpful AI assistant named SmolLM, trained by Hugging Face",
                      "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."] where source.contains(known) {
            return known
        }
        return nil
    }

    private func trimmed(_ text: String) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
