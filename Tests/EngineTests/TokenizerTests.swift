import Foundation
import Testing
@testable import Engine

/// Tokenizers of the embedded models, loaded once, and their golden fixtures.
enum TokenizerFixtures {
    static let gemma = Result { try Tokenizer(file: GGUFFile(path: ModelFiles.gemma)) }
    static let smollm2 = Result { try Tokenizer(file: GGUFFile(path: ModelFiles.smollm2)) }

    /// One line of `Fixtures/<model>/tokens.jsonl`: llama.cpp's ids (via llama-cpp-python).
    struct Case {
        var text: String
        var addBOS: Bool
        var parseSpecial: Bool
        var ids: [Int32]
    }

    static func cases(_ model: String) throws -> [Case] {
        try cases(path: ModelFiles.fixtures(model) + "/tokens.jsonl")
    }

    static func cases(path: String) throws -> [Case] {
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        return try contents.split(separator: "\n").map { line in
            // JSONSerialization drops a raw U+FEFF at the start of a string value; escaped, it stays.
            let escaped = line.replacingOccurrences(of: "\u{FEFF}", with: "\\ufeff")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(escaped.utf8)) as? [String: Any])
            return Case(text: try #require(object["text"] as? String),
                        addBOS: try #require(object["add_bos"] as? Bool),
                        parseSpecial: try #require(object["parse_special"] as? Bool),
                        ids: try #require(object["ids"] as? [Int]).map(Int32.init))
        }
    }

    /// Checks every line of `model`'s fixture (or of the JSONL file at `path`) and returns how many matched.
    static func checkFixtures(_ tokenizer: Tokenizer, _ model: String, path: String? = nil) throws -> Int {
        let cases = try path.map { try Self.cases(path: $0) } ?? Self.cases(model)
        #expect(!cases.isEmpty)
        var matched = 0
        for c in cases {
            let ids = tokenizer.encode(c.text, addBOS: c.addBOS, parseSpecial: c.parseSpecial)
            #expect(ids == c.ids, "\(model) \(c.text.debugDescription) addBOS \(c.addBOS) parseSpecial \(c.parseSpecial)")
            if ids == c.ids { matched += 1 }
        }
        print("TOKENIZER \(model): \(matched)/\(cases.count) fixture lines match llama.cpp")
        return matched
    }

    /// decode(encode(text)) == text, byte for byte, for every fixture text encoded as plain text.
    static func checkRoundTrips(_ tokenizer: Tokenizer, _ model: String) throws {
        for c in try cases(model) where !c.parseSpecial {
            let decoded = tokenizer.decode(tokenizer.encode(c.text, addBOS: c.addBOS, parseSpecial: false))
            #expect(Array(decoded.utf8) == Array(c.text.utf8), "\(model) \(c.text.debugDescription)")
        }
    }

    /// A directory with more llama.cpp tokenizations in the fixture format, `<model>.jsonl`, to
    /// compare against when set (`DUALEVAL_TOKENIZER_ORACLE`).
    static let oracle = ProcessInfo.processInfo.environment["DUALEVAL_TOKENIZER_ORACLE"]

    /// Compares with `$DUALEVAL_TOKENIZER_ORACLE/<model>.jsonl` (tokenizations) and
    /// `<model>.vocab.json` (`bos`, `eos`, `add_bos`, `eog` ids and every token's piece as hex,
    /// from `llama_token_to_piece(special: false)`) where present.
    static func checkOracle(_ tokenizer: Tokenizer, _ model: String) throws {
        guard let oracle else { return }
        if FileManager.default.fileExists(atPath: "\(oracle)/\(model).jsonl") {
            _ = try checkFixtures(tokenizer, model, path: "\(oracle)/\(model).jsonl")
        }
        guard let data = FileManager.default.contents(atPath: "\(oracle)/\(model).vocab.json") else { return }
        let vocab = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(tokenizer.bosToken == (vocab["bos"] as? Int).map(Int32.init))
        #expect(tokenizer.eosToken == (vocab["eos"] as? Int).map(Int32.init))
        #expect(tokenizer.addsBOS == vocab["add_bos"] as? Bool)
        #expect(tokenizer.endOfGenerationTokens == Set(try #require(vocab["eog"] as? [Int]).map(Int32.init)))
        let pieces = try #require(vocab["pieces"] as? [String])
        #expect(pieces.count == tokenizer.vocabularySize)
        var matched = 0
        for (id, hex) in pieces.enumerated() {
            let bytes = stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
            if tokenizer.pieceBytes(Int32(id)) == bytes { matched += 1 } else { Issue.record("\(model) piece of \(id)") }
        }
        print("TOKENIZER \(model): \(matched)/\(pieces.count) token pieces match llama.cpp")
    }

    /// A 2,000-character paragraph in the benchmark's languages.
    static let paragraph: String = {
        let sentences = [
            "What is a common snack for preschool kids in the US? ",
            "在中国，学龄前儿童常见的零食是什么？",
            "¿Cuál es un aperitivo común para niños en edad preescolar en España? ",
            "Apa camilan umum untuk anak-anak TK di Indonesia? ",
            "한국에서 미취학 아동들이 흔히 먹는 간식은 무엇인가요? ",
            "میان‌وعده رایج برای کودکان پیش‌دبستانی در ایران چیست؟ ",
            "Naon jajanan anu umum pikeun barudak TK di Jawa Barat? ",
        ]
        var text = ""
        var i = 0
        while text.count < 2000 {
            text += sentences[i % sentences.count]
            i += 1
        }
        return String(text.prefix(2000))
    }()

    /// Prints and bounds (loosely: CPUs are shared) the encode time of `paragraph` and the load time.
    static func checkSpeed(_ tokenizer: Tokenizer, _ model: String, path: String) throws {
        let file = try GGUFFile(path: path)
        let parse = milliseconds(3) { _ = try? GGUFFile(path: path) }
        let load = milliseconds(3) { _ = try? Tokenizer(file: file) }
        let encode = milliseconds(9) { _ = tokenizer.encode(paragraph, addBOS: true, parseSpecial: false) }
        print("TOKENIZER \(model): encode \(paragraph.count) characters \(String(format: "%.2f", encode)) ms; Tokenizer(file:) \(String(format: "%.0f", load)) ms (GGUFFile(path:) \(String(format: "%.0f", parse)) ms)")
        #expect(encode < 50)
        #expect(load < 1000)
    }

    /// The median time of `repetitions` runs of `body`, in milliseconds.
    static func milliseconds(_ repetitions: Int, _ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<repetitions {
            let start = Date()
            body()
            times.append(Date().timeIntervalSince(start) * 1000)
        }
        return times.sorted()[repetitions / 2]
    }
}

@Suite(.enabled(if: ModelFiles.available(ModelFiles.gemma), "Gemma 3 GGUF missing: run scripts/install-models.sh (or set DUALEVAL_MODELS)"))
struct GemmaTokenizerTests {
    let tokenizer: Tokenizer

    init() throws { tokenizer = try TokenizerFixtures.gemma.get() }

    @Test func matchesLlamaCppOnEveryFixtureLine() throws {
        let matched = try TokenizerFixtures.checkFixtures(tokenizer, "gemma")
        #expect(matched == (try TokenizerFixtures.cases("gemma").count))
    }

    @Test func roundTripsPlainText() throws {
        try TokenizerFixtures.checkRoundTrips(tokenizer, "gemma")
    }

    @Test func matchesLlamaCppOnTheOracleCorpus() throws {
        try TokenizerFixtures.checkOracle(tokenizer, "gemma")
    }

    @Test func readsTheSpecialTokens() {
        #expect(tokenizer.vocabularySize == 262_144)
        #expect(tokenizer.bosToken == 2 && tokenizer.eosToken == 1 && tokenizer.addsBOS)
        // <eos>, <end_of_turn>, and the HTML tag </s>, which llama.cpp takes for an end of generation
        // (its "</s>" rule for PaddleOCR) and so marks control.
        #expect(tokenizer.endOfGenerationTokens == [1, 106, 212])
        #expect(tokenizer.token(forText: "<start_of_turn>") == 105)
        #expect(tokenizer.token(forText: "<end_of_turn>") == 106)
        #expect(tokenizer.token(forText: "no such token text") == nil)
    }

    @Test func splitsControlTokensOnlyWhenAsked() {
        let prompt = "<start_of_turn>user\nhi<end_of_turn>\n"
        let parsed = tokenizer.encode(prompt, addBOS: true, parseSpecial: true)
        #expect(parsed.first == 2 && parsed[1] == 105 && parsed.contains(106))
        let plain = tokenizer.encode(prompt, addBOS: false, parseSpecial: false)
        #expect(!plain.contains(105) && !plain.contains(106))
        // User-defined tokens (newline runs) are split out either way.
        #expect(plain.contains(107))
        // Ids from llama.cpp: the HTML tags are user-defined, so split out either way; </s> too,
        // but llama.cpp makes it control (an end of generation), so only with parseSpecial.
        #expect(tokenizer.encode("<table><tr>x</tr>", addBOS: false, parseSpecial: false) == [168, 173, 236781, 181])
        #expect(tokenizer.encode("a</s>b", addBOS: false, parseSpecial: false) == [236746, 954, 236751, 236813, 236763])
        #expect(tokenizer.encode("a</s>b", addBOS: false, parseSpecial: true) == [236746, 212, 236763])
    }

    @Test func decodesPiecesAndBytes() {
        let newline = tokenizer.token(forText: "<0x0A>")!
        #expect(tokenizer.pieceBytes(newline) == [0x0A])
        #expect(tokenizer.pieceBytes(2).isEmpty)  // <bos> is control
        #expect(tokenizer.pieceBytes(-1).isEmpty && tokenizer.pieceBytes(Int32(tokenizer.vocabularySize)).isEmpty)
        #expect(tokenizer.decode([2] + tokenizer.encode("Hello world", addBOS: false, parseSpecial: false)) == "Hello world")
        // A lone lead byte of a 3-byte character is invalid UTF-8.
        #expect(tokenizer.decode([tokenizer.token(forText: "<0xE2>")!]) == "\u{FFFD}")
        // Bytes of one character split over byte tokens come back together.
        let bytes = Array("😀".utf8).map { tokenizer.token(forText: String(format: "<0x%02X>", $0))! }
        #expect(tokenizer.decode(bytes) == "😀")
    }

    @Test func encodesFastEnough() throws {
        try TokenizerFixtures.checkSpeed(tokenizer, "gemma", path: ModelFiles.gemma)
    }
}

@Suite(.enabled(if: ModelFiles.available(ModelFiles.smollm2), "SmolLM2 GGUF missing: run scripts/install-models.sh (or set DUALEVAL_MODELS)"))
struct SmolLM2TokenizerTests {
    let tokenizer: Tokenizer

    init() throws { tokenizer = try TokenizerFixtures.smollm2.get() }

    @Test func matchesLlamaCppOnEveryFixtureLine() throws {
        let matched = try TokenizerFixtures.checkFixtures(tokenizer, "smollm2")
        #expect(matched == (try TokenizerFixtures.cases("smollm2").count))
    }

    @Test func roundTripsPlainText() throws {
        try TokenizerFixtures.checkRoundTrips(tokenizer, "smollm2")
    }

    @Test func matchesLlamaCppOnTheOracleCorpus() throws {
        try TokenizerFixtures.checkOracle(tokenizer, "smollm2")
    }

    @Test func readsTheSpecialTokens() {
        #expect(tokenizer.vocabularySize == 49_152)
        #expect(tokenizer.bosToken == 1 && tokenizer.eosToken == 2 && !tokenizer.addsBOS)
        // <|endoftext|>, <|im_end|> (EOS), and <reponame>, which llama.cpp takes for a FIM repo token.
        #expect(tokenizer.endOfGenerationTokens == [0, 2, 4])
        #expect(tokenizer.encode("hi", addBOS: true, parseSpecial: false) == tokenizer.encode("hi", addBOS: false, parseSpecial: false))
    }

    @Test func encodesChatMLWithSpecialTokens() {
        let ids = tokenizer.encode("<|im_start|>user\nhi<|im_end|>\n", addBOS: false, parseSpecial: true)
        #expect(ids.first == 1 && ids.contains(2))
        #expect(tokenizer.decode(ids) == "user\nhi\n")
    }

    @Test func encodesFastEnough() throws {
        try TokenizerFixtures.checkSpeed(tokenizer, "smollm2", path: ModelFiles.smollm2)
    }
}

/// The parts that need no model file.
struct TokenizerTests {
    /// A GGUF file with the given metadata and no tensors.
    func file(_ metadata: [(String, GGUFValue)]) throws -> GGUFFile {
        var b = GGUFBuilder()
        func write(_ value: GGUFValue, typed: Bool) {
            func type(_ t: UInt32) { if typed { b.u32(t) } }
            switch value {
            case .string(let s): type(8); b.string(s)
            case .bool(let v): type(7); b.bytes.append(v ? 1 : 0)
            case .uint(let v): type(4); b.u32(UInt32(v))
            case .int(let v): type(5); b.u32(UInt32(bitPattern: Int32(v)))
            case .float(let v): type(6); b.u32(Float(v).bitPattern)
            case .array(let values):
                type(9)
                switch values.first {
                case .string?: b.u32(8)
                case .float?: b.u32(6)
                default: b.u32(5)
                }
                b.u64(UInt64(values.count))
                for v in values { write(v, typed: false) }
            }
        }
        b.u32(0x4655_4747); b.u32(3); b.u64(0); b.u64(UInt64(metadata.count))
        for (key, value) in metadata {
            b.string(key)
            write(value, typed: true)
        }
        b.bytes += [UInt8](repeating: 0, count: 32)
        let path = NSTemporaryDirectory() + "tokenizer-test-" + UUID().uuidString + ".gguf"
        try Data(b.bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try GGUFFile(path: path)
    }

    func problem(_ metadata: [(String, GGUFValue)]) throws -> String? {
        do { _ = try Tokenizer(file: file(metadata)); return nil } catch let error as GGUFError { return error.problem }
    }

    @Test func namesWhatIsNotSupported() throws {
        let tokens: (String, GGUFValue) = ("tokenizer.ggml.tokens", .array([.string("a"), .string("b")]))
        #expect(try problem([tokens])?.contains("tokenizer.ggml.model is missing") == true)
        #expect(try problem([("tokenizer.ggml.model", .string("bert")), tokens])?.contains("tokenizer model 'bert'") == true)
        #expect(try problem([("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.pre", .string("default")), tokens])?
                    .contains("pre-tokenizer 'default' (tokenizer.ggml.pre) is not supported") == true)
        #expect(try problem([("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.pre", .string("qwen2")), tokens])?
                    .contains("tokenizer.ggml.merges is missing") == true)
        #expect(try problem([("tokenizer.ggml.model", .string("llama"))])?.contains("tokenizer.ggml.tokens is missing") == true)
    }

    /// A Llama-2-style SPM vocabulary: llama.cpp's defaults (BOS 1, EOS 2, a space prefix).
    func llamaStyle(_ extra: [(String, GGUFValue)] = []) throws -> Tokenizer {
        let tokens = ["<unk>", "<s>", "</s>", "▁", "a", "b", "▁a", "▁ab", "<0x63>", "<|eot_id|>"]
        let scores: [Double] = [0, 0, 0, -1, -2, -2, -3, -1, 0, 0]
        let types = [2, 3, 3, 1, 1, 1, 1, 1, 6, 1]
        return try Tokenizer(file: file([
            ("tokenizer.ggml.model", .string("llama")),
            ("tokenizer.ggml.tokens", .array(tokens.map { .string($0) })),
            ("tokenizer.ggml.scores", .array(scores.map { .float($0) })),
            ("tokenizer.ggml.token_type", .array(types.map { .int(Int64($0)) })),
        ] + extra))
    }

    @Test func sentencePieceWithSpacePrefixAndByteFallback() throws {
        let tokenizer = try llamaStyle()
        #expect(tokenizer.addsBOS && tokenizer.bosToken == 1 && tokenizer.eosToken == 2)
        // "ab c" → "▁ab▁c": ▁+a, then ▁a+b; "c" has no token and falls back to <0x63>.
        #expect(tokenizer.encode("ab c", addBOS: true, parseSpecial: false) == [1, 7, 3, 8])
        // A fragment after a special token gets the space prefix too.
        #expect(tokenizer.encode("<s>ab", addBOS: false, parseSpecial: true) == [1, 7])
        #expect(tokenizer.encode("", addBOS: true, parseSpecial: false) == [1])
        #expect(tokenizer.decode([1, 7, 3, 8]) == " ab c")
        // <|eot_id|> is recognised by its text: an end of generation, and control from then on.
        #expect(tokenizer.endOfGenerationTokens == [2, 9])
        #expect(tokenizer.pieceBytes(9).isEmpty)
    }

    @Test func sentencePieceHonoursTheGGUFFlags() throws {
        let tokenizer = try llamaStyle([("tokenizer.ggml.add_space_prefix", .bool(false)), ("tokenizer.ggml.add_bos_token", .bool(false)),
                                        ("tokenizer.ggml.add_eos_token", .bool(true)), ("tokenizer.ggml.eos_token_id", .uint(9))])
        #expect(!tokenizer.addsBOS && tokenizer.eosToken == 9)
        #expect(tokenizer.encode("ab", addBOS: true, parseSpecial: false) == [4, 5, 9])
        #expect(tokenizer.encode("ab", addBOS: false, parseSpecial: false) == [4, 5])
    }

    /// A vocabulary of the given texts and attributes.
    func vocabulary(_ tokens: [(String, TokenAttributes)]) -> Vocabulary {
        Vocabulary(texts: tokens.map { Array($0.0.utf8) }, attributes: tokens.map(\.1))
    }

    func partition(_ matcher: SpecialTokenMatcher, _ text: String, parseSpecial: Bool = true) -> [Fragment] {
        Array(text.utf8).withUnsafeBufferPointer { matcher.partition($0, parseSpecial: parseSpecial) }
    }

    @Test func specialTokensClaimLongestFirstNotLeftmost() {
        let matcher = SpecialTokenMatcher(vocabulary: vocabulary([("ab", .control), ("bcd", .control), ("x", .normal)]))
        #expect(partition(matcher, "abcd") == [.text(0..<1), .token(1)])
        #expect(partition(matcher, "abab") == [.token(0), .token(0)])
        #expect(partition(matcher, "xabx") == [.text(0..<1), .token(0), .text(3..<4)])
    }

    @Test func specialTokensOfEqualLengthClaimByLowestID() {
        let matcher = SpecialTokenMatcher(vocabulary: vocabulary([("bc", .control), ("ab", .control)]))
        #expect(partition(matcher, "abc") == [.text(0..<1), .token(0)])
        #expect(partition(matcher, "aaa") == [.text(0..<3)])
    }

    @Test func userDefinedTokensAreAlwaysSplit() {
        let matcher = SpecialTokenMatcher(vocabulary: vocabulary([("<c>", .control), ("\n\n", .userDefined), ("\n", .userDefined), ("<u>", .unknown)]))
        #expect(partition(matcher, "a\n\n\nb<c><u>", parseSpecial: false) == [.text(0..<1), .token(1), .token(2), .text(4..<11)])
        #expect(partition(matcher, "a\n\n\nb<c><u>") == [.text(0..<1), .token(1), .token(2), .text(4..<5), .token(0), .token(3)])
        #expect(partition(matcher, "") == [])
    }

    @Test func tableLookupIsByteExact() {
        var table = ByteStringTable()
        table.append(Array("e\u{301}".utf8))
        table.append(Array("abc".utf8))
        table.append(Array("abc".utf8))  // a later duplicate wins, as in llama.cpp
        #expect(table.index(of: Array("e\u{301}".utf8)) == 0)
        #expect(table.index(of: Array("\u{E9}".utf8)) == nil)
        #expect(table.index(of: Array("abc".utf8)) == 2)
        for i in 0..<1000 { table.append(Array("token \(i)".utf8)) }
        #expect(table.index(of: Array("token 999".utf8)) == 1002 && table.count == 1003)
        #expect(Array(table.bytes(at: 3)) == Array("token 0".utf8))
    }

    /// Inputs whose words under each regex come from Python's `regex` module with the regexes of
    /// `tokenizer.json` (same results as llama.cpp for these inputs).
    static let preTokenizerInputs = [
        "Hello world's  end\n\n  x  ", "I'LL DO IT, we'Re 12345 apples!!!\r\n\tnext", "a\u{A0}b ab12cd 3.14159",
        "北京 2024年 １２３４", "emoji 👍🏽 ok?!", "x\n \ny", "((( foo )))\n\n", "'hello 'x don't",
    ]

    func words(_ preTokenizer: PreTokenizer, _ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            preTokenizer.words(buffer).map { String(decoding: bytes[$0], as: UTF8.self) }
        }
    }

    @Test func llama3PreTokenizer() {
        let expected: [[String]] = [
            ["Hello", " world", "'s", " ", " end", "\n\n", " ", " x", "  "],
            ["I", "'LL", " DO", " IT", ",", " we", "'Re", " ", "123", "45", " apples", "!!!\r\n", "\tnext"],
            ["a", "\u{A0}b", " ab", "12", "cd", " ", "3", ".", "141", "59"],
            ["北京", " ", "202", "4", "年", " ", "１２３", "４"],
            ["emoji", " 👍🏽", " ok", "?!"],
            ["x", "\n \n", "y"],
            ["(((", " foo", " )))\n\n"],
            ["'hello", " '", "x", " don", "'t"],
        ]
        #expect(Self.preTokenizerInputs.map { words(.llama3, $0) } == expected)
    }

    @Test func qwen2PreTokenizer() {
        let expected: [[String]] = [
            ["Hello", " world", "'s", " ", " end", "\n\n", " ", " x", "  "],
            ["I", "'LL", " DO", " IT", ",", " we", "'Re", " ", "1", "2", "3", "4", "5", " apples", "!!!\r\n", "\tnext"],
            ["a", "\u{A0}b", " ab", "1", "2", "cd", " ", "3", ".", "1", "4", "1", "5", "9"],
            ["北京", " ", "2", "0", "2", "4", "年", " ", "１", "２", "３", "４"],
            ["emoji", " 👍🏽", " ok", "?!"],
            ["x", "\n \n", "y"],
            ["(((", " foo", " )))\n\n"],
            ["'hello", " '", "x", " don", "'t"],
        ]
        #expect(Self.preTokenizerInputs.map { words(.qwen2, $0) } == expected)
    }

    @Test func gpt2PreTokenizer() {
        let expected: [[String]] = [
            ["Hello", " world", "'s", " ", " end", "\n\n ", " x", "  "],
            ["I", "'", "LL", " DO", " IT", ",", " we", "'", "Re", " 12345", " apples", "!!!", "\r\n", "\t", "next"],
            ["a", "\u{A0}", "b", " ab", "12", "cd", " 3", ".", "14159"],
            ["北京", " 2024", "年", " １２３４"],
            ["emoji", " 👍🏽", " ok", "?!"],
            ["x", "\n ", "\n", "y"],
            ["(((", " foo", " )))", "\n\n"],
            ["'", "hello", " '", "x", " don", "'t"],
        ]
        #expect(Self.preTokenizerInputs.map { words(.gpt2, $0) } == expected)
    }

    @Test func smolLMPreTokenizerIsolatesEveryNumber() {
        let expected: [[String]] = [
            ["Hello", " world", "'s", " ", " end", "\n\n ", " x", "  "],
            ["I", "'", "LL", " DO", " IT", ",", " we", "'", "Re", " ", "1", "2", "3", "4", "5", " apples", "!!!", "\r\n", "\t", "next"],
            ["a", "\u{A0}", "b", " ab", "1", "2", "cd", " ", "3", ".", "1", "4", "1", "5", "9"],
            ["北京", " ", "2", "0", "2", "4", "年", " ", "１", "２", "３", "４"],
            ["emoji", " 👍🏽", " ok", "?!"],
            ["x", "\n ", "\n", "y"],
            ["(((", " foo", " )))", "\n\n"],
            ["'", "hello", " '", "x", " don", "'t"],
        ]
        #expect(Self.preTokenizerInputs.map { words(.digitsThenGPT2, $0) } == expected)
    }

    @Test func byteLevelAlphabetRoundTrips() {
        let all = (0...255).map(UInt8.init)
        var decoded: [UInt8] = []
        ByteLevelAlphabet.decode(ArraySlice(ByteLevelAlphabet.encode(all)), into: &decoded)
        #expect(decoded == all)
        #expect(ByteLevelAlphabet.character(of: 0x20) == Array("Ġ".utf8) && ByteLevelAlphabet.character(of: 0x0A) == Array("Ċ".utf8))
    }
}
