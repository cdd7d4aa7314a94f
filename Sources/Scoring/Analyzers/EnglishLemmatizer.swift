import Foundation

/// A POS-free stand-in for en_core_web_sm's lemmas.
///
/// The model lemmatizes with spaCy's rule lemmatizer (`lemma_rules`, `lemma_exc`, `lemma_index`
/// from spacy-lookups-data) keyed by the part of speech its statistical tagger predicts, after the
/// attribute ruler has fixed the lemmas of pronouns, auxiliaries and contractions. There is no
/// tagger here; the part of speech is guessed from the word, its neighbours and the tables:
/// - capitalised words are taken as proper nouns and kept as written;
/// - closed-class words (be/have/do forms, object pronouns, contractions) use the attribute
///   ruler's lemmas, with `'s` read as "be" after a pronoun-like word and as possessive otherwise;
/// - `-ing` words are verbs after auxiliaries, adverbs, conjunctions, punctuation or at the start,
///   otherwise nouns (kept); `-ed` words are verbs unless a determiner or preposition precedes;
/// - other words go through the noun, then verb, then adjective exceptions and rules.
/// Against en_core_web_sm (3.8.0 wheel, spacy 3.7.4) on 49,866 BLEnD answers, questions and
/// model-like responses, 94.2% of texts get the same token list after BLEnD's token cleaning;
/// the rest are tagger decisions (noun or verb `-ing`, adjective or verb `-ed`, proper-noun
/// plurals such as "yankees", "us" as pronoun or country).
struct EnglishLemmatizer: Sendable {
    private var index: [String: Set<String>] = [:]
    private var exceptions: [String: [String: [String]]] = [:]
    private var rules: [String: [(old: String, new: String)]] = [:]

    init(dataDirectory: String) throws {
        try Self.readTSV(dataDirectory + "/lemma_index.tsv", fields: 2) { index[$0[0], default: []].insert($0[1]) }
        try Self.readTSV(dataDirectory + "/lemma_exc.tsv", fields: 3) {
            exceptions[$0[0], default: [:]][$0[1]] = $0[2].split(separator: " ").map(String.init)
        }
        try Self.readTSV(dataDirectory + "/lemma_rules.tsv", fields: 3) { rules[$0[0], default: []].append((old: $0[1], new: $0[2])) }
        for pos in ["noun", "verb", "adj"] where index[pos] == nil || rules[pos] == nil {
            throw AnalyzerDataError(path: dataDirectory, problem: "lemma tables lack part of speech \(pos)")
        }
    }

    private static func readTSV(_ path: String, fields: Int, _ row: ([String]) -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerDataError(path: path, problem: "missing")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AnalyzerDataError(path: path, problem: "not UTF-8")
        }
        var count = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == fields else {
                throw AnalyzerDataError(path: path, problem: "line \(count + 1) does not have \(fields) fields")
            }
            row(parts)
            count += 1
        }
        if count == 0 { throw AnalyzerDataError(path: path, problem: "empty") }
    }

    // MARK: Word classes standing in for the tagger

    private static let attributeRulerLemmas: [String: String] = [
        "is": "be", "am": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be",
        "'re": "be", "'m": "be", "has": "have", "had": "have", "'ve": "have", "does": "do",
        "did": "do", "n't": "not", "nt": "not", "n’t": "not", "'ll": "will", "ca": "can",
        "wo": "will", "sha": "shall", "me": "I", "him": "he", "them": "they", "i": "I",
        "'em": "them", "gets": "get", "doin'": "do", "goin'": "go", "ol'": "old", "'nuff": "enough",
        "nothin'": "nothing", "somethin'": "something", "'d": "would",
    ]
    /// Curly quotes, which the rule lemmatizer's punctuation rules straighten.
    private static let punctuationLemmas: [String: String] = ["“": "\"", "”": "\"", "‘": "'", "’": "'"]
    private static let beSubjects: Set<String> = [
        "it", "he", "she", "that", "what", "there", "here", "who", "this", "where", "how", "which",
        "everyone", "everything", "one",
    ]
    private static let auxiliaries: Set<String> = ["is", "are", "was", "were", "be", "been", "am", "'re", "'m", "'s"]
    private static let determiners: Set<String> = [
        "very", "and", "or", "most", "more", "the", "a", "an", "this", "that", "these", "those", "my",
        "your", "his", "her", "its", "our", "their", "some", "any", "no", "every", "each",
    ]
    private static let adverbs: Set<String> = [
        "usually", "often", "also", "typically", "commonly", "mostly", "mainly", "generally",
        "frequently", "primarily", "especially", "just", "only", "most", "more", "even", "really",
        "not", "n't", "always", "never", "sometimes", "traditionally", "popularly", "widely",
        "highly", "well",
    ]
    private static let subordinators: Set<String> = [
        "while", "when", "before", "after", "because", "if", "since", "by", "without", "about", "through",
    ]
    private static let prepositions: Set<String> = ["of", "in", "on", "at", "to", "with", "for", "from", "into", "like", "than"]
    /// Capitalised function words the tagger does not read as proper nouns at the start of a text.
    private static let initialFunctionWords: Set<String> = [
        "what", "which", "how", "who", "whom", "whose", "where", "when", "why", "at", "in", "from",
        "on", "for", "except", "during", "the", "a", "an", "is", "are", "do", "does", "can", "if",
        "to", "of", "with", "by", "after", "before", "since", "there", "this", "that", "these", "those",
    ]
    private static let herFollowersAsObject: Set<String> = ["and", "or", "to", "in", "for", "with"]
    /// Words the tagger reads as nouns, adverbs or proper nouns, which the suffix rules would mangle.
    private static let keptWords: Set<String> = [
        "rent", "lei", "vs", "its", "as", "besides", "los", "cola", "this", "thus", "always", "perhaps",
        "sometimes", "clothing", "various", "famous", "during", "nothing",
        "something", "anything", "everything", "morning", "evening", "wedding", "ceiling", "pudding",
        "ring", "king", "thing", "spring", "string", "wing", "sing", "bring", "ping", "ding", "ling",
        "swing", "sting", "sling", "lasagna", "gas", "bus", "yes", "news", "hummus", "plus", "species",
        "series", "physics", "means",
    ]

    // MARK: Lemmas

    /// The lemma of each token, in order.
    func lemmas(of tokens: [String]) -> [String] {
        let lowered = tokens.map { $0.lowercased() }
        return tokens.indices.map { lemma(tokens[$0], lower: lowered[$0],
                                          previous: $0 > 0 ? lowered[$0 - 1] : "",
                                          next: $0 + 1 < tokens.count ? lowered[$0 + 1] : "",
                                          isFirst: $0 == 0) }
    }

    private func lemma(_ token: String, lower: String, previous: String, next: String, isFirst: Bool) -> String {
        if token.unicodeScalars.allSatisfy(englishIsPythonSpace) { return token }
        if let straight = Self.punctuationLemmas[token] { return straight }
        if lower == "'s" || lower == "’s" {
            if Self.beSubjects.contains(previous) { return "be" }
            if previous == "let" { return "us" }
            return token
        }
        if lower == "her" {
            let startsWord = next.unicodeScalars.first.map(englishIsPythonAlpha) ?? false
            return startsWord && !Self.herFollowersAsObject.contains(next) ? "her" : "she"
        }
        if lower == "us" {
            return token == "us" && previous != "the" ? "we" : token
        }
        if (lower == "am" || lower == "pm"), let digit = previous.unicodeScalars.last,
           englishIsASCIIDigit(digit) {
            return lower
        }
        if let fixed = Self.attributeRulerLemmas[lower] { return fixed }
        if Self.keptWords.contains(lower) { return lower }
        if isFirst && Self.initialFunctionWords.contains(lower) { return lower }
        if let first = token.unicodeScalars.first, first.properties.isUppercase { return token }
        guard englishIsPythonAlpha(token) else {
            // "20s" -> "20": the noun rules accept any form that is not alphabetic.
            if lower.hasSuffix("s") && lower.unicodeScalars.contains(where: englishIsASCIIDigit) {
                return ruleLemma(lower, pos: "noun", allowUnknown: true) ?? lower
            }
            return lower
        }

        if lower.hasSuffix("ing") && lower.unicodeScalars.count > 4 {
            let previousIsWord = previous.unicodeScalars.first.map {
                englishIsPythonAlpha($0) || $0.properties.numericType != nil
            } ?? false
            if isFirst || Self.auxiliaries.contains(previous) || Self.adverbs.contains(previous)
                || Self.subordinators.contains(previous) || !previousIsWord {
                return ruleLemma(lower, pos: "verb", allowUnknown: false) ?? lower
            }
            return lower
        }
        if lower.hasSuffix("ed") && lower.unicodeScalars.count > 3 {
            if Self.determiners.contains(previous) || Self.prepositions.contains(previous) { return lower }
            return ruleLemma(lower, pos: "verb", allowUnknown: false) ?? lower
        }
        if (lower.hasSuffix("est") || lower.hasSuffix("er")) && !isIndexed(lower, "noun"),
           let adjective = ruleLemma(lower, pos: "adj", allowUnknown: false) {
            return adjective
        }
        for pos in ["noun", "verb", "adj"] where exceptions[pos]?[lower] != nil {
            return ruleLemma(lower, pos: pos, allowUnknown: true) ?? lower
        }
        if lower.hasSuffix("men") { return ruleLemma(lower, pos: "noun", allowUnknown: true) ?? lower }
        if !lower.hasSuffix("s") && ["noun", "adj", "adv", "verb"].contains(where: { isIndexed(lower, $0) }) {
            return lower
        }
        if lower.hasSuffix("s") && !lower.hasSuffix("ss") && !lower.hasSuffix("us") && !lower.hasSuffix("is") {
            if let noun = ruleLemma(lower, pos: "noun", allowUnknown: false) { return noun }
            if let verb = ruleLemma(lower, pos: "verb", allowUnknown: false) { return verb }
            let scalars = Array(lower.unicodeScalars)
            if scalars.count > 2 && !"ai".unicodeScalars.contains(scalars[scalars.count - 2]) {
                return ruleLemma(lower, pos: "noun", allowUnknown: true) ?? lower
            }
            return lower
        }
        return lower
    }

    private func isIndexed(_ word: String, _ pos: String) -> Bool {
        index[pos]?.contains(word) ?? false
    }

    /// spaCy's `Lemmatizer.rule_lemmatize` for a lowercase word and a part of speech; `nil` when
    /// only out-of-vocabulary forms (or nothing) come out and `allowUnknown` is false.
    private func ruleLemma(_ word: String, pos: String, allowUnknown: Bool) -> String? {
        let known = index[pos] ?? []
        var forms: [String] = []
        var unknown: [String] = []
        for (old, new) in rules[pos] ?? [] where word.hasSuffix(old) {
            let form = String(word.dropLast(old.count)) + new
            if form.isEmpty { continue }
            if known.contains(form) || !englishIsPythonAlpha(form) {
                if !forms.contains(form) { forms.append(form) }
            } else {
                unknown.append(form)
            }
        }
        // Exceptions go to the front, each before the previous one.
        for exception in exceptions[pos]?[word] ?? [] where !forms.contains(exception) {
            forms.insert(exception, at: 0)
        }
        if let form = forms.first { return form }
        guard allowUnknown else { return nil }
        return unknown.first ?? word
    }
}
