import Records

/// A run: one model answering one set with one instruction.
public struct RunKey: Hashable, Comparable, Sendable {
    public var model: String
    public var instruction: String
    public var set: SetName

    public init(model: String, instruction: String, set: SetName) {
        self.model = model
        self.instruction = instruction
        self.set = set
    }

    public static func < (a: RunKey, b: RunKey) -> Bool {
        (a.model, a.instruction, a.set) < (b.model, b.instruction, b.set)
    }
}

/// A question's scored outcome (counted questions only).
public struct Outcome: Equatable, Sendable {
    public var match: Bool
    public var weight: Double

    public init(match: Bool, weight: Double) {
        self.match = match
        self.weight = weight
    }
}

/// Per layer, a question's key neuron ids (sorted, distinct).
public typealias KeyNeuronSets = [[Int]]

/// Everything `aggregate` reads, joined by run and template id (never by row order).
public struct ResultStore: Sendable {
    /// Counted questions' outcomes per run, by template id.
    public private(set) var scores: [RunKey: [String: Outcome]] = [:]
    /// Key neurons per (run, signal), by template id.
    public private(set) var neurons: [NeuronRunKey: [String: KeyNeuronSets]] = [:]
    /// The distinct thresholds the neuron sets were taken with, as `layer_top_k k=5`.
    public private(set) var thresholds: Set<String> = []
    /// Re-threshold as layer top-k from the stored top entries with this k (nil: as stored).
    public let k: Int?

    public init(k: Int? = nil) {
        self.k = k
    }

    /// Adds one record: `score` and `neurons` records are kept, `score_summary` records are
    /// skipped (summaries are recomputed from the scores), anything else is an error.
    public mutating func add(_ json: JSONObject) throws {
        switch try json.string("kind") {
        case Score.kind: try add(Score(fields: json), at: json)
        case Neurons.kind: try add(Neurons(fields: json), at: json)
        case ScoreSummary.kind: return
        case let kind:
            throw RecordError.data(json.location, field: json.fieldPath("kind"),
                                   "aggregate reads score and neurons records, not '\(kind)' records")
        }
    }

    /// Removes and returns the runs whose key matches `predicate`.
    mutating func removeScores(where predicate: (RunKey) -> Bool) -> [RunKey: [String: Outcome]] {
        let removed = scores.filter { predicate($0.key) }
        for key in removed.keys { scores.removeValue(forKey: key) }
        return removed
    }

    mutating func add(_ score: Score, at json: JSONObject) throws {
        guard score.counted else { return }
        let run = RunKey(model: score.model, instruction: score.instruction, set: SetName(culture: score.culture, lang: score.lang))
        guard scores[run, default: [:]].updateValue(Outcome(match: score.match, weight: score.weight), forKey: score.templateID) == nil else {
            throw RecordError.data(json.location, field: json.fieldPath("id"),
                                   "a second score for '\(score.id)' by '\(score.model)' with '\(score.instruction)'")
        }
    }

    mutating func add(_ record: Neurons, at json: JSONObject) throws {
        let run = NeuronRunKey(run: RunKey(model: record.model, instruction: record.instruction,
                                           set: SetName(culture: record.culture, lang: record.lang)),
                               signal: record.signal.rawValue)
        let sets = try record.keyNeurons(rethresholdedTo: k, at: json.location)
        thresholds.insert(k.map { "layer_top_k k=\($0) (re-thresholded from the stored top entries)" } ?? describe(record.threshold))
        guard neurons[run, default: [:]].updateValue(sets, forKey: record.templateID) == nil else {
            throw RecordError.data(json.location, field: json.fieldPath("id"),
                                   "a second neurons record for '\(record.id)' by '\(record.model)' with '\(record.instruction)' (\(record.signal.rawValue))")
        }
    }

    private func describe(_ threshold: NeuronThreshold) -> String {
        var text = threshold.kind.rawValue
        if let k = threshold.k { text += " k=\(k)" }
        if let ratio = threshold.ratio { text += " ratio=\(ratio)" }
        return text
    }
}

/// A run's neurons under one signal (`act` or `gated`).
public struct NeuronRunKey: Hashable, Comparable, Sendable {
    public var run: RunKey
    public var signal: String

    public static func < (a: NeuronRunKey, b: NeuronRunKey) -> Bool { (a.run, a.signal) < (b.run, b.signal) }
}
