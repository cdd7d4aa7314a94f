/// Expands a verb or adjective stem into the surface prefixes Okt's dictionary accepts for it
/// (open-korean-text 2.1.0 `KoreanConjugation.conjugatePredicated`), e.g. 가 → 가, 간, 갔, 가서, 가시….
/// Words are syllable indices (see ``Hangul``).
enum KoreanConjugation {
    private typealias O = Hangul.Onset
    private typealias V = Hangul.Vowel
    private typealias C = Hangul.Coda

    private static let codasCommon = [C.b, C.ss, C.r, C.n, C.m]
    private static let codasForContraction = [C.ss, C.r, C.m]
    private static let codasNoPast = [C.b, C.r, C.n, C.m]

    private static let preEomiCommon = Hangul.syllables("게겠고구기긴길네다더던도든면자잖재져죠지진질")
    private static let preEomi1_1 = Hangul.syllables("야서써도준")
    private static let preEomi1_2 = Hangul.syllables("어었")
    private static let preEomi1_3 = Hangul.syllables("아았")
    private static let preEomi1_4 = Hangul.syllables("워웠")
    private static let preEomi1_5 = Hangul.syllables("여였")
    private static let preEomi2 = Hangul.syllables("노느니냐")
    private static let preEomi3 = Hangul.syllables("러려며")
    private static let preEomi4 = Hangul.syllables("으")
    private static let preEomi5 = Hangul.syllables("은")
    private static let preEomi6 = Hangul.syllables("는")
    private static let preEomi7 = Hangul.syllables("운")
    private static let preEomiRespect = Hangul.syllables("세시실신셔습셨십")
    private static let preEomiVowel = preEomiCommon + preEomi2 + preEomi3 + preEomiRespect

    private static let ha = Hangul.syllables("하")[0]
    private static let hae = Hangul.syllables("해")[0]
    private static let ni = Hangul.syllables("니")[0]
    private static let reu = Hangul.syllables("르")[0]

    /// Forms a verb stem never yields: these are likelier adjective conjugations.
    private static let verbExclusions: Set<[UInt16]> = Set(["아니", "입", "입니", "나는"].map(Hangul.syllables))

    /// Every form of `word` (duplicates possible; callers keep a set).
    static func forms(of word: [UInt16], isAdjective: Bool) -> [[UInt16]] {
        guard let last = word.last else { return [] }
        let initial = Array(word.dropLast())
        let o = Hangul.onset(last), v = Hangul.vowel(last), c = Hangul.coda(last)
        func compose(_ o: Int, _ v: Int, _ c: Int = C.none) -> [UInt16] { [Hangul.compose(o, v, c)] }
        func addPreEomi(_ head: UInt16, _ tails: [UInt16]) -> [[UInt16]] { tails.map { [head, $0] } }
        let lastString: [UInt16] = [last]

        var endings: [[UInt16]]
        switch (o, v, c) {
        case (O.h, V.a, C.none):  // 하다
            let tail: [[UInt16]] = isAdjective
                ? ["합", "해", "히", "하"].map(Hangul.syllables) : ["합", "해"].map(Hangul.syllables)
            endings = addPreEomi(last, preEomiCommon + preEomi2 + preEomi6 + preEomiRespect)
                + codasCommon.map { $0 == C.ss ? compose(O.h, V.ae, $0) : compose(O.h, V.a, $0) }
                + addPreEomi(ha, preEomiVowel + preEomi1_5 + preEomi6)
                + addPreEomi(hae, preEomi1_1) + tail
        case (_, V.o, C.none):  // 쏘다
            endings = addPreEomi(last, preEomiVowel + preEomi2 + preEomi1_3 + preEomi6)
                + codasNoPast.map { compose(o, V.o, $0) }
                + [compose(o, V.wa), compose(o, V.wa, C.ss), lastString]
        case (_, V.u, C.none):  // 맞추다, 겨누다, 재우다
            endings = addPreEomi(last, preEomiVowel + preEomi1_2 + preEomi2 + preEomi6)
                + codasNoPast.map { compose(o, V.u, $0) }
                + [compose(o, V.wo), compose(o, V.wo, C.ss), lastString]
        case (_, V.eu, C.none):  // 치르다, 뜨다, 모으다
            endings = addPreEomi(last, preEomi2 + preEomi6)
                + codasNoPast.map { compose(o, V.eu, $0) }
                + [compose(o, V.wo), compose(o, V.eo), compose(o, V.a),
                   compose(o, V.wo, C.ss), compose(o, V.eo, C.ss), compose(o, V.a, C.ss), lastString]
        case (O.g, V.wi, C.none):  // 사귀다
            endings = addPreEomi(last, preEomi2 + preEomi6)
                + codasNoPast.map { compose(O.g, V.wi, $0) }
                + [compose(O.g, V.yeo), compose(O.g, V.yeo, C.ss), lastString]
        case (_, V.wi, C.none):  // 쥐다
            endings = codasNoPast.map { compose(o, V.wi, $0) } + addPreEomi(last, preEomi2 + preEomi6)
                + [lastString]
        case (_, V.i, C.none):  // 마시다, 치다, 이다, 아니다
            endings = codasNoPast.map { compose(o, V.i, $0) }
                + addPreEomi(last, preEomi1_2 + preEomi2 + preEomi6)
                + [compose(o, V.i, C.b) + [ni], compose(o, V.yeo), compose(o, V.yeo, C.ss), lastString]
        case (_, V.we, C.none), (_, V.oe, C.none), (_, V.wae, C.none):  // 꿰다, 꾀다
            endings = addPreEomi(last, preEomi2 + preEomi6) + codasCommon.map { compose(o, v, $0) }
                + [lastString]
        case (_, _, C.none):  // 둘러서다, 켜다, 세다, 캐다, 차다
            endings = codasCommon.map { compose(o, v, $0) }
                + addPreEomi(last, preEomiVowel + preEomi1_1 + preEomi2 + preEomi6) + [lastString]
        case (_, _, C.r) where (o == O.m && v == V.eo) || v == V.eu || v == V.a || v == V.u:  // 만들다, 알다
            endings = addPreEomi(last, preEomi1_2 + preEomi3)
                + addPreEomi(Hangul.compose(o, v), preEomi2 + preEomi6 + preEomiRespect)
                + [compose(o, v, C.rm), compose(o, v, C.n), lastString]
        case (_, V.a, C.s):  // 낫다
            endings = addPreEomi(last, preEomi2 + preEomi6)
                + addPreEomi(Hangul.compose(o, V.a), preEomi4 + preEomi5) + [lastString]
        case (O.m, V.u, C.d):  // 묻다
            endings = addPreEomi(last, preEomi2 + preEomi6) + [compose(O.m, V.u, C.r), lastString]
        case (_, V.u, C.d):  // 붇다
            endings = addPreEomi(last, preEomi2 + preEomi6)
                + addPreEomi(Hangul.compose(o, V.u), preEomi1_2 + preEomi1_4 + preEomi4 + preEomi5)
                + [compose(o, V.u, C.r), lastString]
        case (_, V.u, C.b):  // 눕다
            endings = addPreEomi(last, preEomi2 + preEomi6)
                + addPreEomi(Hangul.compose(o, V.u), preEomi1_4 + preEomi4 + preEomi5) + [lastString]
        case (_, V.eo, C.b) where isAdjective:  // 간지럽다, 갑작스럽다
            endings = addPreEomi(Hangul.compose(o, V.eo), preEomi1_4 + preEomi7)
                + [compose(o, V.eo), compose(o, V.eo, C.n), lastString]
        case (_, _, C.b) where isAdjective:  // 아름답다, 가볍다
            endings = addPreEomi(Hangul.compose(o, v), preEomi1_4 + preEomi7) + [compose(o, v), lastString]
        case (_, V.o, C.h):  // 놓다
            endings = addPreEomi(last, preEomi2 + preEomi6) + codasCommon.map { compose(o, V.o, $0) }
                + [compose(o, V.wa), compose(o, V.o), lastString]
        case (_, _, C.h) where isAdjective:  // 파랗다, 어떻다
            endings = codasCommon.map { compose(o, v, $0) }
                + codasForContraction.map { compose(o, V.ae, $0) }
                + [compose(o, V.ae), compose(o, v), lastString]
        case _ where word.count == 1 || (isAdjective && c == C.ss):  // 있다, 컸다
            endings = addPreEomi(last, preEomiCommon + preEomi1_2 + preEomi1_3 + preEomi2 + preEomi4
                + preEomi5 + preEomi6) + [lastString]
        default:  // 부여잡다, 얻어맞다
            endings = [lastString]
        }

        var result = endings.map { initial + $0 }
        // -르 irregular (고르다 → 골라): also conjugate with ㄹ moved onto the previous syllable.
        if last == reu, let previous = initial.last, !Hangul.hasCoda(previous) {
            let newInitial = initial.dropLast()
                + [Hangul.compose(Hangul.onset(previous), Hangul.vowel(previous), C.r)]
            let ro = O.r
            let irregular = addPreEomi(last, preEomi2 + preEomi6)
                + codasNoPast.map { compose(ro, V.eu, $0) }
                + [compose(ro, V.wo), compose(ro, V.eo), compose(ro, V.a),
                   compose(ro, V.wo, C.ss), compose(ro, V.eo, C.ss), compose(ro, V.a, C.ss), lastString]
            result += irregular.map { newInitial + $0 }
        }
        if !isAdjective { result.removeAll { verbExclusions.contains($0) } }
        return result
    }
}
