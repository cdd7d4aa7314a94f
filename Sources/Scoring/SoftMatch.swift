import Records

/// Which test of `lemma_check` accepted an answer.
public enum MatchTest: String, Sendable {
    /// The answer (or its hyphen/space variant) occurs in the response as a substring.
    case substring
    /// Every normalized answer token occurs among the response tokens.
    case tokens
}

/// The outcome of BLEnD's soft exact match of one cleaned response against a question's answer groups.
public struct MatchOutcome: Equatable, Sendable {
    /// Index of the first group with an accepted answer; nil without a match.
    public var group: Int?
    /// The accepted answer, as stored.
    public var text: String?
    /// The language whose check accepted it.
    public var language: Language?
    public var test: MatchTest?
    /// The normalized tokens of the deciding check (the last check made, without a match); nil
    /// when the substring test decided or no check ran.
    public var responseTokens: [String]?
    public var answerTokens: [String]?

    public static let noMatch = MatchOutcome()
}

/// BLEnD's soft exact match (blend-scoring.md §5 C): groups in stored order; for a question in a
/// language other than English, the group's answers in that language, then its English answers
/// checked as English; the first accepted answer decides.
public final class SoftMatcher {
    private let analyzers: AnalyzerSet
    /// This matcher's handles on the shared analyzers, so the set's lock is taken once per language.
    private var analyzerByLanguage: [Language: any TokenAnalyzer] = [:]
    /// Cleaned tokens of texts per language: answers repeat across models and runs, and short
    /// responses ("rice", "i don't know") across questions.
    private var tokenCache: [Language: [String: [String]]] = [:]
    private var cachedTokenLists = 0
    /// Bound on cached tokenizations, so memory stays flat on any input.
    private let cacheLimit = 100_000

    public init(analyzers: AnalyzerSet) {
        self.analyzers = analyzers
    }

    /// Matches `response` (already cleaned, non-empty) against `groups` for a question in `language`.
    public func match(_ response: String, groups: [AnswerGroup], language: Language) throws -> MatchOutcome {
        var responseTokens: [Language: [String]] = [:]
        var last = MatchOutcome.noMatch
        for (index, group) in groups.enumerated() {
            if language != .en {
                for answer in group.texts {
                    if let accepted = try check(answer, response, language, &responseTokens, &last) {
                        return MatchOutcome(group: index, text: answer, language: language, test: accepted,
                                            responseTokens: last.responseTokens, answerTokens: last.answerTokens)
                    }
                }
            }
            for answer in group.enTexts {
                if let accepted = try check(answer, response, .en, &responseTokens, &last) {
                    return MatchOutcome(group: index, text: answer, language: .en, test: accepted,
                                        responseTokens: last.responseTokens, answerTokens: last.answerTokens)
                }
            }
        }
        return last
    }

    /// BLEnD's `lemma_check(answer, response, language)`; records the tokens compared in `last`.
    private func check(_ answer: String, _ response: String, _ language: Language,
                       _ responseTokens: inout [Language: [String]], _ last: inout MatchOutcome) throws -> MatchTest? {
        if PythonText.contains(response, answer)
            || PythonText.contains(response, PythonText.replaceScalars(answer, [("-", " ")]))
            || PythonText.contains(response, PythonText.replaceScalars(answer, [(" ", "-")])) {
            last.responseTokens = nil
            last.answerTokens = nil
            return .substring
        }
        let responseSide: [String]
        if let known = responseTokens[language] {
            responseSide = known
        } else {
            responseSide = try tokens(of: response, language)
            responseTokens[language] = responseSide
        }
        let answerSide = try tokens(of: answer, language)
        last.responseTokens = responseSide
        last.answerTokens = answerSide
        return answerSide.allSatisfy(responseSide.contains) ? .tokens : nil
    }

    /// The cleaned analyzer tokens of `text` in `language`, cached.
    private func tokens(of text: String, _ language: Language) throws -> [String] {
        if let known = tokenCache[language]?[text] { return known }
        let analyzer: any TokenAnalyzer
        if let known = analyzerByLanguage[language] {
            analyzer = known
        } else {
            analyzer = try analyzers.analyzer(for: language)
            analyzerByLanguage[language] = analyzer
        }
        let tokens = cleanedTokens(analyzer.tokens(of: text))
        if cachedTokenLists >= cacheLimit {
            tokenCache.removeAll(keepingCapacity: true)
            cachedTokenLists = 0
        }
        tokenCache[language, default: [:]][text] = tokens
        cachedTokenLists += 1
        return tokens
    }
}
