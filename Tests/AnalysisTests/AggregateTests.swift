import Records
import Testing
@testable import Analysis

/// The paper's quantities on small hand-computed cases.
struct AggregateTests {
    @Test func perQuestionShareAveragesLayersWhereBHasNeurons() {
        let a: KeyNeuronSets = [[1, 2, 3], [5], []]
        let b: KeyNeuronSets = [[2, 3, 4, 5], [], [7]]
        // Layer 0: {4, 5} of 4 are new = 0.5; layer 1 has no B neurons (left out); layer 2: 1/1.
        #expect(specializedShare(a: a, b: b) == 0.75)
        #expect(specializedShare(a: a, b: [[], [], []]) == nil)
        #expect(specializedShare(a: b, b: b) == 0)
    }

    @Test func setLevelShareIsEquationEight() {
        let a: [KeyNeuronSets] = [[[1], [2]], [[3], []]]
        let b: [KeyNeuronSets] = [[[1], [9]], [[4], [2]]]
        // N_A = {(0,1), (1,2), (0,3)}; N_B = {(0,1), (1,9), (0,4), (1,2)}; N_B \ N_A has 2 of 4.
        #expect(setLevelShare(a: a, b: b) == 0.5)
        #expect(union(b).count == 4)
        #expect(setLevelShare(a: a, b: [[[], []]]) == nil)
    }

    func score(_ set: SetName, _ template: String, match: Bool, weight: Double = 1, counted: Bool = true,
               model: String = "m") -> JSONObject {
        let record = Score(id: set.questionID(templateID: template), templateID: template, culture: set.culture, lang: set.lang,
                           model: model, instruction: "inst-4", key: "k", counted: counted,
                           excludedBecause: counted ? nil : "idk", match: match, weight: match ? weight : 0,
                           matchedGroup: match ? 0 : nil, matchedText: nil, matchedLang: nil, matchedBy: nil,
                           cleanedResponse: "x", responseTokens: nil, answerTokens: nil)
        return object(record)
    }

    func neurons(_ set: SetName, _ template: String, _ keys: KeyNeuronSets, top: [[UInt32]]? = nil) -> JSONObject {
        let record = Neurons(id: set.questionID(templateID: template), templateID: template, culture: set.culture, lang: set.lang,
                             model: "m", modelSHA256: "0", instruction: "inst-4", key: "k", signal: .act,
                             promptTokens: 3, responseTokens: 1, ffnSize: 16,
                             threshold: NeuronThreshold(kind: .layerTopK, k: 2), keyNeurons: keys,
                             top: (top ?? keys.map { $0.map(UInt32.init) }).map {
                                 TopActivations(positions: $0.map { _ in 0 }, neurons: $0, values: $0.map { _ in 1 })
                             })
        return object(record)
    }

    func object(_ record: some Record) -> JSONObject {
        var writer = JSONWriter()
        writer.value(record)
        return writer.bytes.withUnsafeBytes { try! parseObject($0, at: RecordLocation(input: "test", line: 1)) }
    }

    let cnZh = SetName(culture: .CN, lang: .zh), cnEn = SetName(culture: .CN, lang: .en)
    let usZh = SetName(culture: .US, lang: .zh), usEn = SetName(culture: .US, lang: .en)

    @Test func gapsPairTemplatesCountedInBothSets() throws {
        var store = ResultStore()
        for (t, a, b) in [("t1", true, true), ("t2", true, false), ("t3", false, false), ("t4", true, false)] {
            try store.add(score(cnZh, t, match: a))
            try store.add(score(cnEn, t, match: b))
        }
        try store.add(score(cnZh, "t5", match: true))                 // not in Q_CN_en: unpaired
        try store.add(score(cnEn, "t6", match: true, counted: false))  // filtered out
        let results = try aggregate(store, resamples: 500, seed: 1)
        let gap = try #require(results.gaps.first { $0.kind == "cross_lingual" })
        #expect(gap.setA == "Q_CN_zh" && gap.setB == "Q_CN_en")
        #expect(gap.pairs == 4)
        #expect(gap.semBA == 75 && gap.semBB == 25 && gap.gap == 50)
        #expect(gap.onlyA == 2 && gap.onlyB == 0)
        #expect(gap.mcnemarP == 0.5)
        #expect(gap.interval.lower <= 50 && gap.interval.upper >= 50)
        #expect(!results.gaps.contains { $0.kind == "cross_cultural" })
        // The accuracy table counts every counted question of each set: 4 of 5 in Q_CN_zh.
        let zh = try #require(results.accuracy.first { $0.set == "Q_CN_zh" })
        #expect(zh.counted == 5 && zh.matched == 4 && zh.semB == 80)
        #expect(results.accuracy.first { $0.set == "Q_CN_en" }?.counted == 4)
    }

    @Test func semWUsesTheWeights() throws {
        var store = ResultStore()
        try store.add(score(cnZh, "t1", match: true, weight: 0.5))
        try store.add(score(cnZh, "t2", match: true, weight: 1))
        try store.add(score(cnZh, "t3", match: false))
        try store.add(score(cnZh, "t4", match: false))
        let accuracy = try #require(try aggregate(store, resamples: 10).accuracy.first)
        #expect(accuracy.semB == 50)
        #expect(accuracy.semW == 37.5)
    }

    @Test func specializedSharesPairQuestionsByTemplate() throws {
        var store = ResultStore()
        // P_en_l for zh: A = Q_US_en, B = Q_US_zh.
        try store.add(neurons(usEn, "t1", [[1, 2], [3, 4]]))
        try store.add(neurons(usZh, "t1", [[1, 5], [3, 4]]))   // p = (1/2 + 0/2) / 2 = 0.25
        try store.add(neurons(usEn, "t2", [[1, 2], [3, 4]]))
        try store.add(neurons(usZh, "t2", [[6, 7], [8, 9]]))   // p = 1
        try store.add(neurons(usZh, "t3", [[6, 7], [8, 9]]))   // no A: unpaired
        let results = try aggregate(store, resamples: 200)
        let share = try #require(results.specialized.first { $0.kind == "P_en_l" && $0.lang == "zh" })
        #expect(share.questions == 2)
        #expect(share.share == 62.5)
        // N_A = {(0,1),(0,2),(1,3),(1,4)}; N_B = {(0,1),(0,5),(1,3),(1,4),(0,6),(0,7),(1,8),(1,9)}: 5 of 8 new.
        #expect(share.setLevelShare == 62.5)
        #expect(results.settings.threshold == "layer_top_k k=2")
    }

    @Test func correctOnlyKeepsQuestionsRightInBothSets() throws {
        var store = ResultStore()
        try store.add(neurons(usEn, "t1", [[1, 2]]))
        try store.add(neurons(usZh, "t1", [[1, 5]]))   // p = 0.5
        try store.add(neurons(usEn, "t2", [[1, 2]]))
        try store.add(neurons(usZh, "t2", [[6, 7]]))   // p = 1, but wrong in Q_US_zh
        for t in ["t1", "t2"] { try store.add(score(usEn, t, match: true)) }
        try store.add(score(usZh, "t1", match: true))
        try store.add(score(usZh, "t2", match: false))
        #expect(try aggregate(store, resamples: 10).specialized.first?.share == 75)
        let correct = try aggregate(store, resamples: 10, correctOnly: true).specialized.first
        #expect(correct?.share == 50)
        #expect(correct?.questions == 1)
    }

    @Test func rethresholdingTakesTheFirstKTopEntries() throws {
        var store = ResultStore(k: 1)
        // Top entries per layer in descending order: neuron 9 then 2; k = 1 keeps 9.
        try store.add(neurons(usEn, "t1", [[2, 9]], top: [[9, 2]]))
        try store.add(neurons(usZh, "t1", [[2, 9]], top: [[2, 9]]))
        let share = try #require(try aggregate(store, resamples: 10).specialized.first)
        #expect(share.share == 100)
    }

    @Test func duplicatesAndForeignRecordsAreErrors() throws {
        var store = ResultStore()
        try store.add(score(cnZh, "t1", match: true))
        #expect(throws: RecordError.self) { try store.add(score(cnZh, "t1", match: false)) }
        var writer = JSONWriter()
        writer.beginObject(); writer.field("kind", "question"); writer.field("id", "x"); writer.endObject()
        let question = writer.bytes.withUnsafeBytes { try! parseObject($0, at: RecordLocation(input: "in", line: 3)) }
        #expect(throws: RecordError.self) { try store.add(question) }
    }

    @Test func neuronCountsAgainstAccuracyAcrossSetsOfALanguage() throws {
        var store = ResultStore()
        // Three English sets with |N_Q| = 2, 3, 4 and SEM-B = 0, 50, 100: r = 1.
        let sets = [SetName(culture: .US, lang: .en), SetName(culture: .CN, lang: .en), SetName(culture: .ES, lang: .en)]
        for (i, set) in sets.enumerated() {
            try store.add(neurons(set, "t1", [Array(0..<(i + 2))]))
            try store.add(score(set, "t1", match: i >= 1))
            try store.add(score(set, "t2", match: i == 2))
        }
        let english = try #require(try aggregate(store, resamples: 10).neuronAccuracy.first { $0.lang == "en" })
        #expect(english.points.map(\.neurons) == [2, 3, 4])
        #expect(english.points.map(\.semB) == [0, 50, 100])
        #expect(english.pearsonR == 1)
    }

    @Test func ablationRunsAreComparedWithTheUnmaskedRunAndTheControl() throws {
        var store = ResultStore()
        for t in ["t1", "t2", "t3", "t4"] {
            try store.add(score(cnZh, t, match: true))                                   // unmasked: 100
            try store.add(score(cnZh, t, match: t == "t1", model: "m+key-k5"))           // key masked: 25
            try store.add(score(cnZh, t, match: t != "t4", model: "m+random-k5"))        // control: 75
            try store.add(score(cnZh, t, match: false, model: "m+key-k10"))              // no control run
        }
        let results = try aggregate(store, resamples: 10)
        #expect(results.accuracy.map(\.model) == ["m"])
        #expect(results.ablation.count == 2)
        let k5 = try #require(results.ablation.first { $0.k == 5 })
        #expect(k5.model == "m" && k5.set == "Q_CN_zh")
        #expect(k5.baseline == 100 && k5.keyMasked == 25 && k5.randomMasked == 75)
        #expect(k5.keyDrop == 75 && k5.randomDrop == 25)
        let k10 = try #require(results.ablation.first { $0.k == 10 })
        #expect(k10.randomMasked == nil && k10.randomDrop == nil && k10.keyDrop == 100)
    }

    @Test func ablationRunNames() {
        #expect(AblationEffect.runName(model: "gemma3-270m", masked: .key, k: 5) == "gemma3-270m+key-k5")
        #expect(AblationEffect.parse(runName: "gemma3-270m+random-k25")! == ("gemma3-270m", .random, 25))
        #expect(AblationEffect.parse(runName: "a+b+key-k1")! == ("a+b", .key, 1))
        #expect(AblationEffect.parse(runName: "gemma3-270m") == nil)
        #expect(AblationEffect.parse(runName: "m+key-k0") == nil)
        #expect(AblationEffect.parse(runName: "m+key-kx") == nil)
    }
}

