/// Finds Okt's best parse of one Korean chunk (open-korean-text 2.1.0
/// `KoreanTokenizer.findTopCandidates` and `ParsedChunk.score`, default `TokenizerProfile`).
///
/// A chunk that is itself a dictionary word is that word (the first dictionary in
/// ``KoreanPos/dictionaryPoses`` order). Otherwise a dynamic program walks the chunk: for every end
/// position it extends the best parses ending at the previous 1...8 positions by one word, allowed
/// by the grammar trie and the dictionaries (any word may be a noun; a noun not in the dictionary is
/// "unknown" unless it looks like a name or a Korean numeral), scores each candidate and keeps the
/// five lowest scores (ties: lower sum of tag ids, then first found). Scores use `Float` arithmetic
/// in Okt's order so that ties break exactly as on the JVM.
struct KoreanChunkParser {
    private static let topNPerState = 5
    private static let maxTraceBack = 8
    private static let trie = KoreanPosTrie.okt

    let dictionary: KoreanDictionary
    let chunk: [UInt16]

    /// One parse: its last word, a link to the parse before it, and running totals for the score.
    private struct Parse {
        var parent: Int32 = -1
        var start: Int32 = 0, end: Int32 = 0
        var pos: KoreanPos = .noun
        var count: Int32 = 0
        var unknowns: Int32 = 0
        var words: Int32 = 1
        var unknownCoverage: Int32 = 0
        var frequencySum: Float = 0
        var determiners: Int32 = 0
        var exclamations: Int32 = 0
        var hasNonNoun = false
        var firstPos: KoreanPos = .noun
        var secondPos: KoreanPos = .noun
        var nounThenHaVerb = false
        var josaMismatched = false
        var posIdSum: Int32 = 0
        var score: Float = 0
    }

    private struct Candidate {
        var parse: Int32
        /// The trie node the parse's last word matched; -1 before the first word.
        var trieNode: Int32
    }

    /// The words of the best parse.
    func bestParse() -> [(syllables: ArraySlice<UInt16>, pos: KoreanPos)] {
        let whole = dictionary.mask(of: chunk[...])
        if whole != 0, let pos = KoreanPos.dictionaryPoses.first(where: { whole & $0.bit != 0 }) {
            return [(chunk[...], pos)]
        }

        let n = chunk.count
        var parses: [Parse] = [Parse()]
        var solutions: [[Candidate]] = Array(repeating: [], count: n + 1)
        solutions[0] = [Candidate(parse: 0, trieNode: -1)]
        var pool: [(candidate: Candidate, score: Float, tieBreaker: Int32)] = []
        let trieNodes = Self.trie.nodes, roots = Self.trie.roots

        for end in 1...n {
            pool.removeAll(keepingCapacity: true)
            var key: Hangul.Key = 0
            var keyShift = 0
            for start in stride(from: end - 1, through: max(end - Self.maxTraceBack, 0), by: -1) {
                key |= Hangul.Key(chunk[start] + 1) << keyShift
                keyShift += 14
                let mask = dictionary.mask(key)
                var unknownNoun: Bool? = nil
                for solution in solutions[start] {
                    let parent = parses[Int(solution.parse)]
                    let current = solution.trieNode < 0 ? roots : trieNodes[Int(solution.trieNode)].next
                    let restarts = solution.trieNode >= 0 && trieNodes[Int(solution.trieNode)].ending != nil
                    // The nodes that may continue the current word, then (after a complete word)
                    // the roots, which start a new one.
                    for k in 0..<(current.count + (restarts ? roots.count : 0)) {
                        let startsWord = k >= current.count
                        let node = startsWord ? roots[k - current.count] : current[k]
                        let pos = trieNodes[node].pos
                        guard pos == .noun || mask & pos.bit != 0 else { continue }
                        var unknown = false
                        if pos == .noun && mask & KoreanPos.noun.bit == 0 {
                            if unknownNoun == nil { unknownNoun = isUnknownNoun(chunk[start..<end]) }
                            unknown = unknownNoun!
                        }
                        let parse = appending(parent, parentIndex: solution.parse, start: start, end: end,
                                              pos: pos, unknown: unknown, key: key, startsWord: startsWord)
                        parses.append(parse)
                        pool.append((Candidate(parse: Int32(parses.count - 1), trieNode: Int32(node)),
                                     parse.score, parse.posIdSum))
                    }
                }
            }
            // Stable: equal (score, tie-breaker) keep the order they were found in.
            let order = pool.indices.sorted {
                let a = pool[$0], b = pool[$1]
                if a.score != b.score { return a.score < b.score }
                if a.tieBreaker != b.tieBreaker { return a.tieBreaker < b.tieBreaker }
                return $0 < $1
            }
            solutions[end] = order.prefix(Self.topNPerState).map { pool[$0].candidate }
        }

        guard let best = solutions[n].first else { return [(chunk[...], .noun)] }
        var words: [(syllables: ArraySlice<UInt16>, pos: KoreanPos)] = []
        var index = best.parse
        while index > 0 {
            let parse = parses[Int(index)]
            words.append((chunk[Int(parse.start)..<Int(parse.end)], parse.pos))
            index = parse.parent
        }
        return words.reversed()
    }

    /// `parent ++ word`, with the score Okt's `ParsedChunk.score` gives the result.
    private func appending(_ parent: Parse, parentIndex: Int32, start: Int, end: Int, pos: KoreanPos,
                           unknown: Bool, key: Hangul.Key, startsWord: Bool) -> Parse {
        var p = parent
        p.parent = parentIndex
        p.start = Int32(start)
        p.end = Int32(end)
        p.pos = pos
        p.count += 1
        if unknown {
            p.unknowns += 1
            p.unknownCoverage += Int32(end - start)
        }
        if startsWord { p.words += 1 }
        if pos == .noun || pos == .properNoun {
            p.frequencySum += 1 - dictionary.entityFrequency(key)
        } else {
            p.frequencySum += 1
            p.hasNonNoun = true
        }
        if pos == .determiner { p.determiners += 1 }
        if pos == .exclamation { p.exclamations += 1 }
        p.posIdSum += Int32(pos.rawValue)
        if p.count == 1 {
            p.firstPos = pos
        } else {
            if p.count == 2 {
                p.secondPos = pos
                let first = chunk[start]
                p.nounThenHaVerb = (p.firstPos == .noun || p.firstPos == .properNoun || p.firstPos == .verbPrefix) && pos == .verb
                    && (first == Self.ha || first == Self.hae)
            }
            if parent.pos == .noun && pos == .josa && isJosaMismatched(noun: chunk[Int(parent.end) - 1],
                                                                      josa: chunk[start..<end]) {
                p.josaMismatched = true
            }
        }
        p.score = score(p)
        return p
    }

    private func score(_ p: Parse) -> Float {
        let count = Float(p.count)
        let frequencyScore = p.frequencySum / count
        let isExactMatch: Float = p.count == 1 ? 0 : 1
        let isPreferredPattern: Float = p.count == 2 && (p.firstPos == .noun || p.firstPos == .properNoun)
            && p.secondPos == .josa ? 0 : 1
        let isInitialPostPosition: Float
        switch p.firstPos {
        case .suffix, .eomi, .josa, .preEomi: isInitialPostPosition = 1
        default: isInitialPostPosition = 0
        }
        var s: Float = count * 0.18
        s += Float(p.unknowns) * 0.3
        s += Float(p.words) * 0.3
        s += Float(p.unknownCoverage) * 0.5
        s += frequencyScore * 0.2
        s += 0 * 10.0  // Unknown-tagged tokens: never produced here
        s += isExactMatch * 0.5
        s += Float(p.hasNonNoun ? 1 : 0) * 0.1
        s += isPreferredPattern * 0.6
        s += Float(p.determiners) * -0.01
        s += Float(p.exclamations) * 0.01
        s += isInitialPostPosition * 0.2
        s += Float(p.nounThenHaVerb ? 0 : 1) * 0.3
        s += 0 * 3.0  // space guide: empty in the default profile
        s += Float(p.josaMismatched ? 1 : 0) * 3.0
        return s
    }

    // MARK: - Okt's noun and josa heuristics

    private static let ha = Hangul.syllables("하")[0], hae = Hangul.syllables("해")[0]
    private static let ro = Hangul.syllables("로")[0], eu = Hangul.syllables("으")[0]
    private static let josasAfterCoda = Set("는를다".unicodeScalars.map { Hangul.syllable($0.value)! })
    private static let josasAfterVowel = Set("은을이".unicodeScalars.map { Hangul.syllable($0.value)! })
    private static let numberSyllables = Set(Hangul.syllables("일이삼사오육칠팔구천백십해경조억만"))
    private static let numberLastSyllables = Set(Hangul.syllables("일이삼사오육칠팔구천백십해경조억만원배분초"))
    private static let i = Hangul.syllables("이")[0]

    /// A josa that does not fit the noun's last syllable (을 after a vowel, 를 after a consonant…).
    private func isJosaMismatched(noun last: UInt16, josa: ArraySlice<UInt16>) -> Bool {
        let single = josa.count == 1 ? josa.first : nil
        if Hangul.hasCoda(last) {
            return (Hangul.coda(last) != Hangul.Coda.r && josa.first == Self.ro)
                || (single.map(Self.josasAfterCoda.contains) ?? false)
        }
        return josa.first == Self.eu || (single.map(Self.josasAfterVowel.contains) ?? false)
    }

    private func isUnknownNoun(_ word: ArraySlice<UInt16>) -> Bool {
        !isName(word) && !isKoreanNumber(word) && !isKoreanNameVariation(word)
    }

    private func isName(_ word: ArraySlice<UInt16>) -> Bool {
        if let key = Hangul.key(word), dictionary.fullNames.contains(key) || dictionary.givenNames.contains(key) {
            return true
        }
        let s = word.startIndex
        switch word.count {
        case 3:
            return dictionary.familyNames.contains(Hangul.key(word[s..<s + 1])!)
                && dictionary.givenNames.contains(Hangul.key(word[(s + 1)...])!)
        case 4:
            return dictionary.familyNames.contains(Hangul.key(word[s..<s + 2])!)
                && dictionary.givenNames.contains(Hangul.key(word[(s + 2)...])!)
        default:
            return false
        }
    }

    private func isKoreanNumber(_ word: ArraySlice<UInt16>) -> Bool {
        word.dropLast().allSatisfy(Self.numberSyllables.contains)
            && (word.last.map(Self.numberLastSyllables.contains) ?? true)
    }

    /// A name written with its final ㅇ dropped (우혀니 → 우현이).
    private func isKoreanNameVariation(_ word: ArraySlice<UInt16>) -> Bool {
        if isName(word) { return true }
        guard (3...5).contains(word.count) else { return false }
        var recovered = Array(word)
        let last = recovered[recovered.count - 1], previous = recovered[recovered.count - 2]
        guard let coda = Hangul.codaMatchingOnset(Hangul.onset(last)),
              Hangul.onset(last) != Hangul.Onset.ieung, Hangul.vowel(last) == Hangul.Vowel.i,
              !Hangul.hasCoda(last), !Hangul.hasCoda(previous)
        else { return false }
        recovered[recovered.count - 1] = Self.i
        recovered[recovered.count - 2] = Hangul.compose(Hangul.onset(previous), Hangul.vowel(previous), coda)
        return isName(recovered[...]) || isName(recovered.dropLast())
    }
}
