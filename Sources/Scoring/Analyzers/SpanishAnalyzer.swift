import Foundation

/// Spanish tokens as BLEnD's scorer gets them from Spark NLP 5.3.3:
/// DocumentAssembler → Tokenizer → `LemmatizerModel.pretrained("lemma", "es")`, lemma results.
///
/// Stand-in, since Spark NLP and its pretrained model cannot be installed offline:
/// - Tokenizer: Spark NLP's default `Tokenizer` rules, re-implemented exactly. Candidates are runs
///   of non-whitespace (Java `\S+`, where whitespace is only space, \t, \n, \v, \f and \r). Each
///   candidate is matched against `\A([C]*)([^C](?:.*[^C])*)([C]*)\z` with the default context
///   characters C = `. , ; : ! ? * - ( ) " '`, and every non-empty group becomes one token: the
///   whole run of leading context characters, the core, the whole run of trailing ones
///   ("(paella)," gives "(", "paella", "),"). A candidate made only of context characters stays
///   whole. Other marks (¿ ¡ « » “ ”) are not context characters and stay attached ("¿qué").
/// - Lemmatizer: like `LemmatizerModel.annotate`, a case-sensitive, exact dictionary lookup of the
///   token that falls back to the token itself. The dictionary is spacy-lookups-data's
///   es_lemma_lookup (lowercase keys, lexiconista-derived) instead of the pretrained "lemma"
///   dictionary, so lemmas of individual words can differ from the official model; capitalised
///   tokens ("Navidad") miss the lowercase keys and are returned unchanged, as in Spark.
/// The reference used to check this analyzer is a Python model of the same stand-in
/// (Python `re` with the Spark rule, plus the same dictionary).
public struct SpanishAnalyzer: TokenAnalyzer {
    private let lemmas: [String: String]

    /// Loads `lemma_lookup.tsv` (form TAB lemma per line) written by `scripts/analyzer-data/es.sh`.
    public init(dataDirectory: String) throws {
        let path = dataDirectory + "/lemma_lookup.tsv"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerDataError(path: path, problem: "missing")
        }
        var table: [String: String] = [:]
        table.reserveCapacity(500_000)
        var malformedLine: Int?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            var tab = -1
            var line = 1
            for index in 0..<bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\t"):
                    if tab >= 0 { malformedLine = malformedLine ?? line }
                    tab = index
                case UInt8(ascii: "\n"):
                    if tab <= lineStart || tab + 1 >= index {
                        malformedLine = malformedLine ?? line
                    } else {
                        let form = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<tab]), as: UTF8.self)
                        let lemma = String(decoding: UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<index]), as: UTF8.self)
                        table[form] = lemma
                    }
                    lineStart = index + 1
                    tab = -1
                    line += 1
                default:
                    break
                }
            }
            if lineStart < bytes.count { malformedLine = malformedLine ?? line }
        }
        if let malformedLine {
            throw AnalyzerDataError(path: path, problem: "line \(malformedLine) is not \"form<TAB>lemma\"")
        }
        if table.isEmpty { throw AnalyzerDataError(path: path, problem: "empty") }
        lemmas = table
    }

    public func tokens(of text: String) -> [String] {
        Self.sparkTokens(of: text).map(lemma)
    }

    /// The dictionary lemma of `token`, or `token` itself. Spark compares Java strings code unit by
    /// code unit, so a canonically equivalent but differently encoded key does not count.
    private func lemma(_ token: String) -> String {
        guard let key = lemmas.index(forKey: token) else { return token }
        return lemmas.keys[key].utf8.elementsEqual(token.utf8) ? lemmas.values[key] : token
    }

    /// Java's `\s` without UNICODE_CHARACTER_CLASS.
    private static func isJavaSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r": return true
        default: return false
        }
    }

    /// Spark NLP's default `contextChars`.
    private static func isContextCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", ",", ";", ":", "!", "?", "*", "-", "(", ")", "\"", "'": return true
        default: return false
        }
    }

    /// The tokens of Spark NLP's default `Tokenizer` (before lemmatization).
    static func sparkTokens(of text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [String] = []
        var index = 0
        while index < scalars.count {
            if isJavaSpace(scalars[index]) {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count && !isJavaSpace(scalars[end]) { end += 1 }
            appendCandidateTokens(scalars[index..<end], to: &tokens)
            index = end
        }
        return tokens
    }

    private static func appendCandidateTokens(_ candidate: ArraySlice<Unicode.Scalar>, to tokens: inout [String]) {
        func string(_ part: ArraySlice<Unicode.Scalar>) -> String {
            var result = String.UnicodeScalarView()
            result.append(contentsOf: part)
            return String(result)
        }
        guard let coreStart = candidate.firstIndex(where: { !isContextCharacter($0) }),
              let coreLast = candidate.lastIndex(where: { !isContextCharacter($0) })
        else {
            tokens.append(string(candidate))  // the rule does not match: the candidate stays whole
            return
        }
        for part in [candidate[..<coreStart], candidate[coreStart...coreLast], candidate[(coreLast + 1)...]]
        where !part.isEmpty {
            tokens.append(string(part))
        }
    }
}
