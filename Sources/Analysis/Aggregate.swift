import Records

/// Computes every table of the report from the joined records.
public func aggregate(_ store: ResultStore, resamples: Int = 2000, seed: UInt64 = 0,
                      correctOnly: Bool = false) throws -> AggregateResults {
    let settings = AggregateSettings(resamples: resamples, seed: seed, k: store.k, correctOnly: correctOnly,
                                     threshold: store.thresholds.isEmpty ? nil : store.thresholds.sorted().joined(separator: "; "))
    let bootstrap = Bootstrap(resamples: resamples, seed: seed)
    // Ablation runs (`<model>+key-k5`, ...) get their own table, not a column of the dual tables.
    var store = store
    let ablationRuns = store.removeScores { AblationEffect.parse(runName: $0.model) != nil }
    let accuracy = store.scores.keys.sorted().map { run in setAccuracy(run, store.scores[run]!, bootstrap) }
    return AggregateResults(settings: settings, accuracy: accuracy, gaps: synergyGaps(store, bootstrap),
                            specialized: try specializedShares(store, bootstrap, correctOnly: correctOnly),
                            neuronAccuracy: neuronAccuracy(store), ablation: ablationEffects(ablationRuns, baselines: store.scores))
}

/// SEM-B of a run's counted questions.
private func semB(_ outcomes: [String: Outcome]) -> Double {
    100 * Double(outcomes.values.filter(\.match).count) / Double(max(outcomes.count, 1))
}

func ablationEffects(_ runs: [RunKey: [String: Outcome]], baselines: [RunKey: [String: Outcome]]) -> [AblationEffect] {
    runs.keys.sorted().compactMap { run in
        guard let (model, masked, k) = AblationEffect.parse(runName: run.model), masked == .key else { return nil }
        let control = RunKey(model: AblationEffect.runName(model: model, masked: .random, k: k), instruction: run.instruction, set: run.set)
        let baseline = RunKey(model: model, instruction: run.instruction, set: run.set)
        return AblationEffect(model: model, instruction: run.instruction, set: run.set.description, k: k,
                              baseline: baselines[baseline].map(semB), keyMasked: semB(runs[run]!),
                              randomMasked: runs[control].map(semB))
    }.sorted { ($0.model, $0.instruction, $0.set, $0.k) < ($1.model, $1.instruction, $1.set, $1.k) }
}

/// Bootstrap settings; every interval gets its own seed derived from its label, so a value does
/// not depend on which other cells were computed.
struct Bootstrap {
    var resamples: Int
    var seed: UInt64

    func interval(_ values: [Double], label: String) -> Interval {
        var hash = FNV1a64()
        hash.add(label)
        return bootstrapInterval(ofMean: values, resamples: resamples, seed: seed ^ hash.value)
    }
}

func setAccuracy(_ run: RunKey, _ outcomes: [String: Outcome], _ bootstrap: Bootstrap) -> SetAccuracy {
    let ordered = outcomes.sorted { $0.key < $1.key }.map(\.value)
    let binary = ordered.map { $0.match ? 100.0 : 0 }
    let weighted = ordered.map { 100 * $0.weight }
    let label = "\(run.model)/\(run.instruction)/\(run.set)"
    return SetAccuracy(model: run.model, instruction: run.instruction, set: run.set.description,
                       culture: run.set.culture.rawValue, lang: run.set.lang.rawValue, counted: ordered.count,
                       matched: ordered.filter(\.match).count,
                       semB: mean(binary), semBInterval: bootstrap.interval(binary, label: label + "/sem_b"),
                       semW: mean(weighted), semWInterval: bootstrap.interval(weighted, label: label + "/sem_w"))
}

/// The (model, instruction) pairs that have runs, in order.
private func modelRuns<Key: Hashable>(_ keys: some Sequence<Key>, _ run: (Key) -> RunKey) -> [(String, String)] {
    var seen: Set<[String]> = []
    var result: [(String, String)] = []
    for key in keys {
        let r = run(key)
        if seen.insert([r.model, r.instruction]).inserted { result.append((r.model, r.instruction)) }
    }
    return result.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
}

func synergyGaps(_ store: ResultStore, _ bootstrap: Bootstrap) -> [SynergyGap] {
    var gaps: [SynergyGap] = []
    for (model, instruction) in modelRuns(store.scores.keys, { $0 }) {
        for culture in Culture.allCases where culture != .US {
            let lang = culture.language
            let local = SetName(culture: culture, lang: lang)
            for (kind, other) in [("cross_lingual", SetName(culture: culture, lang: .en)),
                                  ("cross_cultural", SetName(culture: .US, lang: lang))] {
                guard let a = store.scores[RunKey(model: model, instruction: instruction, set: local)],
                      let b = store.scores[RunKey(model: model, instruction: instruction, set: other)] else { continue }
                let templates = Set(a.keys).intersection(b.keys).sorted()
                guard !templates.isEmpty else { continue }
                let pairs = templates.map { (a[$0]!.match, b[$0]!.match) }
                let differences = pairs.map { (($0.0 ? 100.0 : 0) - ($0.1 ? 100.0 : 0)) }
                let onlyA = pairs.filter { $0.0 && !$0.1 }.count
                let onlyB = pairs.filter { !$0.0 && $0.1 }.count
                let semBA = 100 * Double(pairs.filter(\.0).count) / Double(pairs.count)
                let semBB = 100 * Double(pairs.filter(\.1).count) / Double(pairs.count)
                gaps.append(SynergyGap(model: model, instruction: instruction, kind: kind, culture: culture.rawValue,
                                       lang: lang.rawValue, setA: local.description, setB: other.description,
                                       pairs: pairs.count, semBA: semBA, semBB: semBB, gap: mean(differences),
                                       interval: bootstrap.interval(differences, label: "\(model)/\(instruction)/\(kind)/\(culture)"),
                                       onlyA: onlyA, onlyB: onlyB, mcnemarP: mcnemarExactP(onlyA: onlyA, onlyB: onlyB)))
            }
        }
    }
    return gaps
}

/// p_q = mean over the layers where B has key neurons of |B_l \ A_l| / |B_l|; nil when B has
/// none in any layer.
public func specializedShare(a: KeyNeuronSets, b: KeyNeuronSets) -> Double? {
    precondition(a.count == b.count, "A and B come from models with different layer counts")
    var total = 0.0
    var layers = 0
    for (aLayer, bLayer) in zip(a, b) where !bLayer.isEmpty {
        let aSet = Set(aLayer)
        total += Double(bLayer.filter { !aSet.contains($0) }.count) / Double(bLayer.count)
        layers += 1
    }
    return layers == 0 ? nil : total / Double(layers)
}

/// Eq. 8: |N_B \ N_A| / |N_B| over the unions of (layer, neuron) pairs; nil when N_B is empty.
public func setLevelShare(a: [KeyNeuronSets], b: [KeyNeuronSets]) -> Double? {
    let unionA = union(a), unionB = union(b)
    guard !unionB.isEmpty else { return nil }
    return Double(unionB.subtracting(unionA).count) / Double(unionB.count)
}

/// N_Q: the distinct (layer, neuron) pairs over questions.
public func union(_ questions: [KeyNeuronSets]) -> Set<LayerNeuron> {
    var pairs: Set<LayerNeuron> = []
    for question in questions {
        for (layer, neurons) in question.enumerated() {
            for neuron in neurons { pairs.insert(LayerNeuron(layer: layer, neuron: neuron)) }
        }
    }
    return pairs
}


func specializedShares(_ store: ResultStore, _ bootstrap: Bootstrap, correctOnly: Bool) throws -> [SpecializedShare] {
    var shares: [SpecializedShare] = []
    let signals = Set(store.neurons.keys.map(\.signal)).sorted()
    for (model, instruction) in modelRuns(store.neurons.keys, \.run) {
        for signal in signals {
            for lang in Language.allCases where lang != .en {
                let culture = lang.homeCulture
                for (kind, setA, setB) in [("P_en_l", SetName(culture: .US, lang: .en), SetName(culture: .US, lang: lang)),
                                           ("P_l_l", SetName(culture: culture, lang: .en), SetName(culture: culture, lang: lang))] {
                    let runA = RunKey(model: model, instruction: instruction, set: setA)
                    let runB = RunKey(model: model, instruction: instruction, set: setB)
                    guard let a = store.neurons[NeuronRunKey(run: runA, signal: signal)],
                          let b = store.neurons[NeuronRunKey(run: runB, signal: signal)] else { continue }
                    var templates = Set(a.keys).intersection(b.keys)
                    if correctOnly {
                        guard let scoresA = store.scores[runA], let scoresB = store.scores[runB] else {
                            throw RecordError(.usage, problem: "--correct-only needs the scores of \(setA) and \(setB) for \(model) with \(instruction)")
                        }
                        templates = templates.filter { scoresA[$0]?.match == true && scoresB[$0]?.match == true }
                    }
                    let ordered = templates.sorted()
                    let perQuestion = ordered.compactMap { specializedShare(a: a[$0]!, b: b[$0]!) }.map { 100 * $0 }
                    guard !perQuestion.isEmpty else { continue }
                    let setLevel = setLevelShare(a: ordered.map { a[$0]! }, b: ordered.map { b[$0]! }) ?? 0
                    shares.append(SpecializedShare(model: model, instruction: instruction, signal: signal, kind: kind,
                                                   lang: lang.rawValue, setA: setA.description, setB: setB.description,
                                                   questions: perQuestion.count, share: mean(perQuestion),
                                                   interval: bootstrap.interval(perQuestion, label: "\(model)/\(instruction)/\(signal)/\(kind)/\(lang)"),
                                                   setLevelShare: 100 * setLevel))
                }
            }
        }
    }
    return shares
}

func neuronAccuracy(_ store: ResultStore) -> [NeuronAccuracy] {
    var results: [NeuronAccuracy] = []
    let signals = Set(store.neurons.keys.map(\.signal)).sorted()
    for (model, instruction) in modelRuns(store.neurons.keys, \.run) {
        for signal in signals {
            var byLanguage: [String: [NeuronAccuracy.Point]] = [:]
            for set in SetName.all {
                let run = RunKey(model: model, instruction: instruction, set: set)
                guard let questions = store.neurons[NeuronRunKey(run: run, signal: signal)],
                      let outcomes = store.scores[run], !outcomes.isEmpty else { continue }
                let point = NeuronAccuracy.Point(set: set.description, neurons: union(Array(questions.values)).count,
                                                 semB: semB(outcomes))
                byLanguage[set.lang.rawValue, default: []].append(point)
                byLanguage["all", default: []].append(point)
            }
            for lang in Language.allCases.map(\.rawValue) + ["all"] {
                guard let points = byLanguage[lang] else { continue }
                let correlation = pearson(points.map { Double($0.neurons) }, points.map(\.semB))
                results.append(NeuronAccuracy(model: model, instruction: instruction, signal: signal, lang: lang, points: points,
                                              pearsonR: correlation?.r, pValue: correlation?.pValue, interval: correlation?.interval))
            }
        }
    }
    return results
}
