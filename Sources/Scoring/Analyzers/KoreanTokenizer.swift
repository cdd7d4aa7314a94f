/// A token as Okt yields it: surface text, tag and, for verbs and adjectives, the dictionary form.
struct KoreanToken: Equatable {
    var text: String
    var pos: KoreanPos
    var stem: String? = nil
}

/// open-korean-text 2.1.0 `KoreanTokenizer.tokenize` with the default profile: chunking, the
/// dynamic-programming parse of each Korean chunk, the collapse of one-syllable nouns and the
/// stemmer (an ending is merged into the verb or adjective before it; the stem is kept).
struct KoreanTokenizer: Sendable {
    let dictionary: KoreanDictionary

    func tokenize(_ text: String) -> [KoreanToken] {
        var tokens: [KoreanToken] = []
        for chunk in KoreanChunker.chunks(of: text) {
            if chunk.pos == .korean {
                let parser = KoreanChunkParser(dictionary: dictionary, chunk: chunk.syllables)
                tokens += Self.collapseNouns(parser.bestParse()).map(makeToken)
            } else {
                tokens.append(KoreanToken(text: chunk.text, pos: chunk.pos))
            }
        }
        return Self.mergeEndings(tokens)
    }

    private func makeToken(_ word: (syllables: ArraySlice<UInt16>, pos: KoreanPos)) -> KoreanToken {
        var token = KoreanToken(text: Hangul.string(word.syllables), pos: word.pos)
        if word.pos == .verb || word.pos == .adjective, let key = Hangul.key(word.syllables) {
            token.stem = (word.pos == .verb ? dictionary.verbStems : dictionary.adjectiveStems)[key]
        }
        return token
    }

    /// Okt's `collapseNouns`: runs of one-syllable nouns become one (unknown) noun.
    static func collapseNouns(_ words: [(syllables: ArraySlice<UInt16>, pos: KoreanPos)])
        -> [(syllables: ArraySlice<UInt16>, pos: KoreanPos)]
    {
        var result: [(syllables: ArraySlice<UInt16>, pos: KoreanPos)] = []
        var collapsing = false
        for word in words {
            if word.pos == .noun && word.syllables.count == 1 {
                if collapsing {
                    result[result.count - 1].syllables = ArraySlice(result[result.count - 1].syllables + word.syllables)
                } else {
                    result.append(word)
                }
                collapsing = true
            } else {
                result.append(word)
                collapsing = false
            }
        }
        return result
    }

    /// Okt's `KoreanStemmer.stem`: an Eomi or PreEomi right after a verb or adjective joins it.
    static func mergeEndings(_ tokens: [KoreanToken]) -> [KoreanToken] {
        var result: [KoreanToken] = []
        result.reserveCapacity(tokens.count)
        for token in tokens {
            if (token.pos == .eomi || token.pos == .preEomi), let last = result.last,
               last.pos == .verb || last.pos == .adjective {
                result[result.count - 1].text += token.text
            } else {
                result.append(token)
            }
        }
        return result
    }
}
