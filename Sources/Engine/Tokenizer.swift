/// A model's tokenizer, read from its GGUF metadata, encoding exactly as llama.cpp's
/// `llama_tokenize`: SentencePiece-style (`tokenizer.ggml.model = "llama"`, Gemma) or byte-level
/// BPE (`"gpt2"` with the pre-tokenizers `smollm`, `llama-bpe`, `qwen2`, `gpt-2`).
public final class Tokenizer: @unchecked Sendable {
    private enum Encoder {
        case sentencePiece(SentencePieceEncoder)
        case bytePair(BytePairEncoder)
    }

    private let vocabulary: Vocabulary
    private let encoder: Encoder
    private let specialTokens: SpecialTokenMatcher
    private let addsEOS: Bool

    /// The BOS token id, if the vocabulary has one (whether or not the model adds it: `addsBOS`).
    public let bosToken: Int32?
    /// The EOS token id, if the vocabulary has one.
    public let eosToken: Int32?
    /// Whether `encode(_:addBOS: true, parseSpecial:)` prepends `bosToken`
    /// (`tokenizer.ggml.add_bos_token`; llama.cpp's default: true for SPM and Llama 3, else false).
    public let addsBOS: Bool
    /// The tokens that end generation, as llama.cpp's `llama_vocab_is_eog`: EOS, the end-of-turn
    /// token (`<end_of_turn>`, `<|im_end|>`, `<|eot_id|>`, `<|endoftext|>`, ...), and the other
    /// texts llama.cpp treats as ends (FIM pad/repo/separator tokens among them).
    public let endOfGenerationTokens: Set<Int32>

    /// The number of tokens.
    public var vocabularySize: Int { vocabulary.count }

    /// Reads the tokenizer of `file`. Throws a `GGUFError` for a missing vocabulary or an
    /// unsupported tokenizer model or pre-tokenizer.
    public init(file: GGUFFile) throws {
        let metadata = file.metadata
        func fail(_ problem: String) -> GGUFError { GGUFError(path: file.path, problem: problem) }
        guard let model = metadata["tokenizer.ggml.model"]?.stringValue else { throw fail("tokenizer.ggml.model is missing") }
        var vocabulary = try Vocabulary(metadata: metadata, path: file.path)

        // llama.cpp's defaults by model, then the GGUF keys.
        let pre: PreTokenizer.Configuration?
        var bos: Int32?, eos: Int32?, addsBOS: Bool
        switch model {
        case "llama":
            pre = nil
            (bos, eos, addsBOS) = (1, 2, true)
        case "gpt2":
            let name = metadata["tokenizer.ggml.pre"]?.stringValue ?? "default"
            guard let configuration = PreTokenizer.configuration(named: name) else {
                throw fail("pre-tokenizer '\(name)' (tokenizer.ggml.pre) is not supported (supported: \(PreTokenizer.supportedNames))")
            }
            pre = configuration
            (bos, eos, addsBOS) = (11, 11, configuration.addsBOS)
        default:
            throw fail("tokenizer model '\(model)' (tokenizer.ggml.model) is not supported (supported: llama, gpt2)")
        }
        let count = vocabulary.count
        func tokenID(_ key: String, default fallback: Int32?) -> Int32? {
            let fallback = fallback.flatMap { $0 < count ? $0 : nil }
            guard let value = metadata["tokenizer.ggml.\(key)"]?.intValue else { return fallback }
            return (0..<count).contains(value) ? Int32(value) : fallback
        }
        bos = tokenID("bos_token_id", default: bos)
        eos = tokenID("eos_token_id", default: eos)
        addsBOS = metadata["tokenizer.ggml.add_bos_token"]?.boolValue ?? addsBOS
        let addsEOS = metadata["tokenizer.ggml.add_eos_token"]?.boolValue ?? false

        var endOfGeneration = SpecialTokenRoles.detect(in: &vocabulary, configured: { tokenID($0, default: nil) })
        if let eos { endOfGeneration.insert(eos) }

        if let pre {
            guard let merges = metadata["tokenizer.ggml.merges"]?.arrayValue else { throw fail("tokenizer.ggml.merges is missing") }
            encoder = .bytePair(try BytePairEncoder(vocabulary: vocabulary, merges: merges, configuration: pre, path: file.path))
        } else {
            let addsSpacePrefix = metadata["tokenizer.ggml.add_space_prefix"]?.boolValue ?? true
            encoder = .sentencePiece(SentencePieceEncoder(vocabulary: vocabulary, addsSpacePrefix: addsSpacePrefix))
        }
        self.vocabulary = vocabulary
        self.specialTokens = SpecialTokenMatcher(vocabulary: vocabulary)
        self.bosToken = bos
        self.eosToken = eos
        self.addsBOS = addsBOS && bos != nil
        self.addsEOS = addsEOS && eos != nil
        self.endOfGenerationTokens = endOfGeneration
    }

    /// The tokens of `text`, as llama.cpp's `llama_tokenize(vocab, text, add_special: addBOS,
    /// parse_special: parseSpecial)`: with `addBOS`, BOS first if the model adds it (and EOS last
    /// if it asks for that); with `parseSpecial`, control-token texts such as `<start_of_turn>`
    /// become their tokens (user-defined tokens always do).
    public func encode(_ text: String, addBOS: Bool, parseSpecial: Bool) -> [Int32] {
        var text = text
        return text.withUTF8 { bytes in
            var output: [Int32] = []
            output.reserveCapacity(bytes.count / 3 + 2)
            if addBOS && addsBOS, let bosToken { output.append(bosToken) }
            var merger = SymbolMerger()
            var followsSpecial = true
            for fragment in specialTokens.partition(bytes, parseSpecial: parseSpecial) {
                switch fragment {
                case .token(let token):
                    output.append(token)
                    followsSpecial = true
                case .text(let range):
                    let piece = UnsafeBufferPointer(rebasing: bytes[range])
                    switch encoder {
                    case .sentencePiece(let spm): spm.encode(piece, followsSpecial: followsSpecial, merger: &merger, into: &output)
                    case .bytePair(let bpe): bpe.encode(piece, merger: &merger, into: &output)
                    }
                    followsSpecial = false
                }
            }
            if addBOS && addsEOS, let eosToken { output.append(eosToken) }
            return output
        }
    }

    /// The text of `tokens`: their `pieceBytes` in order (control and unknown tokens hidden, byte
    /// tokens reassembled), invalid UTF-8 replaced by U+FFFD. This is llama.cpp's streamed text;
    /// `llama_detokenize`'s clean-ups (a leading space dropped for `add_space_prefix` vocabularies,
    /// `clean_spaces` for some BPE pre-tokenizers) are not applied; neither concerns Gemma 3 or SmolLM2.
    public func decode(_ tokens: [Int32]) -> String {
        var bytes: [UInt8] = []
        for token in tokens { appendPiece(of: token, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes `token` contributes to `decode`'s text (possibly part of a UTF-8 character; none for
    /// control, unknown, unused and out-of-range tokens), for streaming.
    public func pieceBytes(_ token: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        appendPiece(of: token, to: &bytes)
        return bytes
    }

    /// The token whose text is exactly `text` (byte for byte, as stored: `▁` for SPM spaces, GPT-2
    /// characters for BPE bytes), or nil.
    public func token(forText text: String) -> Int32? {
        vocabulary.token(for: text)
    }

    /// llama.cpp's `token_to_piece` without special tokens.
    private func appendPiece(of token: Int32, to bytes: inout [UInt8]) {
        guard vocabulary.contains(token) else { return }
        let attributes = vocabulary.attributes[Int(token)]
        let text = vocabulary.text(of: token)
        if attributes.intersects(.hidden) { return }
        if attributes.contains(.userDefined) {
            bytes += text
        } else if attributes.contains(.normal) {
            switch encoder {
            case .sentencePiece: Self.appendUnescapingSpaces(text, to: &bytes)
            case .bytePair: ByteLevelAlphabet.decode(text, into: &bytes)
            }
        } else if attributes.contains(.byte), text.count == 6, let byte = UInt8(String(decoding: text.dropFirst(3).prefix(2), as: UTF8.self), radix: 16) {
            bytes.append(byte)
        }
    }

    /// `text` with every `▁` (U+2581) as a space.
    private static func appendUnescapingSpaces(_ text: ArraySlice<UInt8>, to bytes: inout [UInt8]) {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == 0xE2 && i + 2 < text.endIndex && text[i + 1] == 0x96 && text[i + 2] == 0x81 {
                bytes.append(0x20)
                i += 3
            } else {
                bytes.append(text[i])
                i += 1
            }
        }
    }
}

/// The tokens llama.cpp recognises by their text when the GGUF does not name them
/// (llama-vocab.cpp, "auto-detect special tokens by text"): it marks them control and counts
/// some of them as ends of generation.
enum SpecialTokenRoles {
    static let endOfTurn = ["<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>",
                            "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>"]
    static let endOfMessage = ["<|eom_id|>"]
    static let fillInMiddle = [
        "fim_pre": ["<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>"],
        "fim_suf": ["<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>"],
        "fim_mid": ["<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>"],
        "fim_pad": ["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"],
        "fim_rep": ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"],
        "fim_sep": ["<|file_sep|>"],
    ]
    /// FIM roles llama.cpp also treats as ends of generation.
    static let fillInMiddleEnds: Set<String> = ["fim_pad", "fim_rep", "fim_sep"]
    static let endOfGeneration = ["<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
                                  "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
                                  "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
                                  "<｜end▁of▁sentence｜>", "[e~["]

    /// Marks the recognised tokens of `vocabulary` control and returns the ends of generation found
    /// (EOS aside). `configured` gives the id a GGUF key (`eot_token_id`, ...) sets, if any; of several
    /// matching texts the lowest id is taken (llama.cpp takes the first in hash-map order).
    static func detect(in vocabulary: inout Vocabulary, configured: (String) -> Int32?) -> Set<Int32> {
        func find(_ texts: [String], key: String) -> Int32? {
            if let id = configured(key) { return id }
            guard let id = texts.compactMap({ vocabulary.token(for: $0) }).min() else { return nil }
            vocabulary.attributes[Int(id)].insert(.control)
            return id
        }
        var ends = Set<Int32>()
        let endOfTurn = find(endOfTurn, key: "eot_token_id")
        let endOfMessage = find(endOfMessage, key: "eom_token_id")
        for (role, texts) in fillInMiddle {
            if let id = find(texts, key: "\(role)_token_id"), fillInMiddleEnds.contains(role) { ends.insert(id) }
        }
        for text in endOfGeneration {
            guard let id = vocabulary.token(for: text) else { continue }
            vocabulary.attributes[Int(id)].insert(.control)
            ends.insert(id)
        }
        if let endOfTurn { ends.insert(endOfTurn) }
        if let endOfMessage { ends.insert(endOfMessage) }
        return ends
    }
}
