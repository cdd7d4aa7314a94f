/// English tokens as BLEnD's scorer gets them from spaCy `en_core_web_sm` (spacy 3.7.4 with the
/// en_core_web_sm 3.8.0 model): `[t.lemma_ for t in nlp(text)]`.
///
/// The pipeline components that decide `lemma_` are ported: the tokenizer (`EnglishTokenizer`),
/// the tok2vec + tagger network (`EnglishTagger`, over `EnglishLexemeAttributes`), the attribute
/// ruler (`EnglishAttributeRuler`) and the rule lemmatizer (`EnglishLemmatizer`). The parser and
/// NER are not ported: they do not touch lemmas, except through the attribute ruler's rules that
/// test dependency labels (a verb the parser attaches as "aux" becomes AUX and keeps its form).
/// Only tokens whose lemma depends on the tag are tagged, with only the network rows those tags
/// need; the others get the lemma every tag gives them.
///
/// Against the real pipeline on 49,866 BLEnD answers, questions and model-like responses, 99.92%
/// of the texts get identical lemma lists (every token and tag agrees; the rest is the "aux" rule).
public struct EnglishAnalyzer: TokenAnalyzer {
    private let tokenizer: EnglishTokenizer
    private let attributes: EnglishLexemeAttributes
    private let tagger: EnglishTagger
    private let ruler: EnglishAttributeRuler
    private let lemmatizer: EnglishLemmatizer
    /// What the attribute ruler and lemmatizer do with a token for each tag the tagger can give
    /// it, without duplicates, for tokens no word-specific rule tests (`mayTestWord`); first for
    /// tokens that are not whitespace, then for whitespace tokens.
    private let outcomesOverTags: (word: [Outcome], space: [Outcome])

    /// A lemma the ruler sets, or how the lemmatizer finds it.
    private enum Outcome: Hashable {
        case fixed(String)
        case lemmatized(EnglishLemmatizer.Treatment)
    }

    /// Loads the files `scripts/analyzer-data/en.sh` writes into `dataDirectory`.
    public init(dataDirectory: String) throws {
        tokenizer = try EnglishTokenizer(dataFile: dataDirectory + "/tokenizer.json")
        attributes = try EnglishLexemeAttributes(dataDirectory: dataDirectory)
        tagger = try EnglishTagger(dataDirectory: dataDirectory)
        ruler = try EnglishAttributeRuler(dataFile: dataDirectory + "/attribute_ruler.json")
        lemmatizer = try EnglishLemmatizer(dataDirectory: dataDirectory)

        func outcomes(isSpace: Bool, labels: [String], ruler: EnglishAttributeRuler,
                      lemmatizer: EnglishLemmatizer) -> [Outcome] {
            var seen = Set<Outcome>()
            return labels.compactMap { tag in
                let annotation = ruler.annotate([.init(lower: "", tag: tag, isSpace: isSpace)])[0]
                let outcome = annotation.lemma.map(Outcome.fixed)
                    ?? .lemmatized(lemmatizer.treatment(pos: annotation.pos, morph: annotation.morph))
                return seen.insert(outcome).inserted ? outcome : nil
            }
        }
        outcomesOverTags = (outcomes(isSpace: false, labels: tagger.labels, ruler: ruler, lemmatizer: lemmatizer),
                            outcomes(isSpace: true, labels: tagger.labels, ruler: ruler, lemmatizer: lemmatizer))
    }

    /// Whether the lemma of a token may depend on its tag (or its neighbours'); only those
    /// tokens are tagged. `lower` is the lowercase form.
    private func lemmaDependsOnTag(_ text: String, lower: String, isSpace: Bool) -> Bool {
        if ruler.mayTestWord(lower) { return true }
        var first: String?
        for outcome in isSpace ? outcomesOverTags.space : outcomesOverTags.word {
            let lemma = lemma(of: text, outcome)
            if let first, first != lemma { return true }
            first = lemma
        }
        return false
    }

    private func lemma(of text: String, _ outcome: Outcome) -> String {
        switch outcome {
        case .fixed(let lemma): lemma
        case .lemmatized(let treatment): lemmatizer.lemma(of: text, treatment: treatment)
        }
    }

    /// One analysed token: its text, fine tag, coarse part of speech, morphology and lemma.
    struct AnalyzedToken: Equatable {
        var text: String
        var tag: String
        var pos: String
        var morph: String
        var lemma: String
    }

    /// The spaCy token texts of `text`, without tagging or lemmatization.
    func tokenTexts(of text: String) -> [String] {
        tokenizer.tokenize(text).map { String(String.UnicodeScalarView($0.text)) }
    }

    /// Every token of `text` with the annotations the model gives it. Unless `tagEveryToken`,
    /// tokens whose lemma does not depend on the tag are not tagged (their tag, part of speech
    /// and morphology are then "").
    func analyze(_ text: String, tagEveryToken: Bool = false) -> [AnalyzedToken] {
        let tokens = tokenizer.tokenize(text)
        let texts = tokens.map { String(String.UnicodeScalarView($0.text)) }
        let lowers = texts.map { $0.lowercased() }
        let isSpace = texts.map { $0.unicodeScalars.allSatisfy(englishIsPythonSpace) }
        let needsTag = texts.indices.map {
            tagEveryToken || lemmaDependsOnTag(texts[$0], lower: lowers[$0], isSpace: isSpace[$0])
        }
        var tags = [String?](repeating: nil, count: tokens.count)
        if needsTag.contains(true) {
            var features: [UInt64] = []
            features.reserveCapacity(tokens.count * EnglishTagger.tableRows.count)
            for (token, text) in zip(tokens, texts) {
                features += attributes.features(text: text, normOverride: token.norm, spaceAfter: token.spaceAfter)
            }
            tags = tagger.tags(features: features, count: tokens.count, needed: needsTag).map { $0.map { tagger.labels[$0] } }
        }
        let annotations = ruler.annotate(texts.indices.map {
            EnglishAttributeRuler.Token(lower: lowers[$0], tag: tags[$0] ?? "", isSpace: isSpace[$0])
        })
        return texts.indices.map { i in
            let annotation = annotations[i]
            guard tags[i] != nil else {
                // Every tag gives the same lemma: take the first outcome's.
                let outcome = (isSpace[i] ? outcomesOverTags.space : outcomesOverTags.word)[0]
                return AnalyzedToken(text: texts[i], tag: "", pos: "", morph: "", lemma: lemma(of: texts[i], outcome))
            }
            let lemma = annotation.lemma
                ?? lemmatizer.lemma(of: texts[i], pos: annotation.pos, morph: annotation.morph)
            return AnalyzedToken(text: texts[i], tag: tags[i]!, pos: annotation.pos, morph: annotation.morph, lemma: lemma)
        }
    }

    public func tokens(of text: String) -> [String] {
        analyze(text).map(\.lemma)
    }
}
