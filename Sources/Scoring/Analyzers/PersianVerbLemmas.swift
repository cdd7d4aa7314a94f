/// hazm 0.10.0's `Lemmatizer.verbs` table (conjugated form → "past#present" lemma) restricted to
/// keys without whitespace, the only ones a whitespace-split word can hit.
///
/// hazm fills the table with `verbs["است"] = "#است"`, then every conjugation of every verb, then
/// the "_"-joined forms, visiting the verbs in reverse file order, so where two verbs share a form
/// the one listed first in verbs.dat wins. Single-word forms are stored; "_"-joined forms are
/// recognised by parsing the word, because they only depend on the past stem.
struct PersianVerbLemmas {
    private let lemmas: [String]
    private let lemmaIndexBySingleWordForm: [[UInt8]: Int32]
    private let firstLemmaIndexByPastStem: [[UInt8]: Int32]

    private static let underscore = UInt8(ascii: "_")
    private static let participleEnding = Array("ه".utf8)
    private static let negation = Array("ن".utf8)

    init(verbs: [PersianVerb]) {
        lemmas = ["#است"] + verbs.map(\.lemma)
        var singleWordForms: [[UInt8]: Int32] = [Array("است".utf8): 0]
        var firstByPastStem: [[UInt8]: Int32] = [:]
        for (offset, verb) in verbs.enumerated().reversed() {
            let index = Int32(offset + 1)
            for form in PersianConjugation.singleWordForms(of: verb) { singleWordForms[form] = index }
            firstByPastStem[verb.pastStem] = index
        }
        lemmaIndexBySingleWordForm = singleWordForms
        firstLemmaIndexByPastStem = firstByPastStem
    }

    /// The lemma hazm's table holds for `word`, or nil when `word` is not a key.
    func lemma(of word: [UInt8]) -> String? {
        let index = word.contains(Self.underscore)
            ? joinedFormLemmaIndex(word) : lemmaIndexBySingleWordForm[word]
        return index.map { lemmas[Int($0)] }
    }

    /// hazm joins, for every past stem S: S+"ه_"+A and "ن"+S+"ه_"+A for each auxiliary A after,
    /// and B+"_"+S for each auxiliary B before. Stems contain no "_", so the word splits at its
    /// first "_"; several readings can match, and the verb listed first in verbs.dat wins.
    private func joinedFormLemmaIndex(_ word: [UInt8]) -> Int32? {
        guard let split = word.firstIndex(of: Self.underscore) else { return nil }
        let head = word[..<split]
        let tail = Array(word[(split + 1)...])
        var pastStems: [ArraySlice<UInt8>] = []
        if PersianConjugation.auxiliariesAfter.contains(tail),
           PersianBytes.hasSuffix(head, Self.participleEnding) {
            let stem = head.dropLast(Self.participleEnding.count)
            pastStems.append(stem)
            if PersianBytes.hasPrefix(stem, Self.negation) {
                pastStems.append(stem.dropFirst(Self.negation.count))
            }
        }
        if PersianConjugation.auxiliariesBefore.contains(Array(head)) {
            pastStems.append(tail[...])
        }
        return pastStems.compactMap { firstLemmaIndexByPastStem[Array($0)] }.min()
    }
}
