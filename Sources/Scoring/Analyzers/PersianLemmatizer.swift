/// hazm 0.10.0's `Lemmatizer().lemmatize(word)` with the default `pos=""`, on UTF-8 bytes.
struct PersianLemmatizer {
    /// The keys of hazm's word list (words.dat).
    private let words: Set<[UInt8]>
    private let verbs: PersianVerbLemmas

    init(words: [[UInt8]], verbs: [PersianVerb]) {
        self.words = Set(words)
        self.verbs = PersianVerbLemmas(verbs: verbs)
    }

    /// hazm's checks in hazm's order: a listed word is its own lemma; a verb form gives its verb as
    /// "past#present"; otherwise the stem, when it is a non-empty listed word; otherwise the word.
    func lemmatize(_ word: [UInt8]) -> String {
        if words.contains(word) { return String(decoding: word, as: UTF8.self) }
        if let verb = verbs.lemma(of: word) { return verb }
        let stem = PersianStemmer.stem(word)
        if !stem.isEmpty && words.contains(stem) { return String(decoding: stem, as: UTF8.self) }
        return String(decoding: word, as: UTF8.self)
    }
}
