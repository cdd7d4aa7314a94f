import Foundation

/// spaCy's English rule lemmatizer (`EnglishLemmatizer`, mode "rule") as en_core_web_sm runs it:
/// after the attribute ruler, for tokens the ruler gave no lemma, from the coarse part of speech,
/// the morphology and spacy-lookups-data's `lemma_index` / `lemma_exc` / `lemma_rules` tables.
struct EnglishLemmatizer: Sendable {
    private var index: [String: Set<String>] = [:]
    private var exceptions: [String: [String: [String]]] = [:]
    /// Suffix rules (old ending, new ending) as scalars: Python compares code points.
    private var rules: [String: [(old: [Unicode.Scalar], new: [Unicode.Scalar])]] = [:]

    /// Loads `lemma_index.tsv`, `lemma_exc.tsv` and `lemma_rules.tsv` from `dataDirectory`.
    init(dataDirectory: String) throws {
        try englishReadTSV(dataDirectory + "/lemma_index.tsv", fields: 2) { row, _ in index[row[0], default: []].insert(row[1]) }
        try englishReadTSV(dataDirectory + "/lemma_exc.tsv", fields: 3) { row, _ in
            exceptions[row[0], default: [:]][row[1]] = row[2].split(separator: " ").map(String.init)
        }
        try englishReadTSV(dataDirectory + "/lemma_rules.tsv", fields: 3) { row, _ in
            rules[row[0], default: []].append((old: Array(row[1].unicodeScalars), new: Array(row[2].unicodeScalars)))
        }
        for pos in ["noun", "verb", "adj"] where index[pos] == nil || rules[pos] == nil {
            throw AnalyzerDataError(path: dataDirectory + "/lemma_rules.tsv", problem: "lemma tables lack part of speech \(pos)")
        }
    }

    /// What `rule_lemmatize` does with a token of some part of speech and morphology.
    enum Treatment: Hashable {
        /// The lowercase form (base forms, and parts of speech without tables).
        case lowercase
        /// The form as written (proper nouns).
        case keep
        /// The suffix rules, exceptions and index of one part of speech ("noun").
        case rules(String)
    }

    /// How a token with coarse part of speech `pos` (e.g. "NOUN") and morphology `morph`
    /// ("Number=Plur") is lemmatized.
    func treatment(pos: String, morph: String) -> Treatment {
        let univPos = pos.lowercased()
        if univPos.isEmpty || univPos == "eol" || univPos == "space" { return .lowercase }
        if Self.isBaseForm(univPos: univPos, morph: morph) { return .lowercase }
        if index[univPos] == nil && exceptions[univPos] == nil && rules[univPos] == nil {
            return univPos == "propn" ? .keep : .lowercase
        }
        return .rules(univPos)
    }

    /// `Lemmatizer.rule_lemmatize(token)[0]` for a token with coarse part of speech `pos` and
    /// morphology `morph`.
    func lemma(of text: String, pos: String, morph: String) -> String {
        lemma(of: text, treatment: treatment(pos: pos, morph: morph))
    }

    /// The lemma of `text` under `treatment`.
    func lemma(of text: String, treatment: Treatment) -> String {
        let univPos: String
        switch treatment {
        case .lowercase: return text.lowercased()
        case .keep: return text
        case .rules(let pos): univPos = pos
        }
        let known = index[univPos] ?? []
        let posExceptions = exceptions[univPos] ?? [:]
        let posRules = rules[univPos] ?? []
        let word = text.lowercased()
        var forms: [String] = []
        var unknownForms: [String] = []
        let scalars = Array(word.unicodeScalars)
        for (old, new) in posRules where scalars.count >= old.count && scalars.suffix(old.count).elementsEqual(old) {
            let form = String(String.UnicodeScalarView(scalars.dropLast(old.count))) + String(String.UnicodeScalarView(new))
            if form.isEmpty { continue }
            if known.contains(form) || !englishIsPythonAlpha(form) {
                if !forms.contains(form) { forms.append(form) }
            } else {
                unknownForms.append(form)
            }
        }
        // Exceptions go to the front, each before the previous one.
        for exception in posExceptions[word] ?? [] where !forms.contains(exception) {
            forms.insert(exception, at: 0)
        }
        return forms.first ?? unknownForms.first ?? text
    }

    /// `EnglishLemmatizer.is_base_form`: forms that are their own lemma.
    private static func isBaseForm(univPos: String, morph: String) -> Bool {
        var features: [Substring: Substring] = [:]
        for feature in morph.split(separator: "|") {
            let parts = feature.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { features[parts[0]] = parts[1] }
        }
        if univPos == "noun" && features["Number"] == "Sing" { return true }
        if univPos == "verb" && features["VerbForm"] == "Inf" { return true }
        // spaCy reads VBP (finite present without a number) as a base form.
        if univPos == "verb" && features["VerbForm"] == "Fin" && features["Tense"] == "Pres" && features["Number"] == nil {
            return true
        }
        if univPos == "adj" && features["Degree"] == "Pos" { return true }
        return features["VerbForm"] == "Inf" || features["VerbForm"] == "None" || features["Degree"] == "Pos"
    }
}
