/// What `aggregate` computes, in the paper's notation; written as `results.json` and rendered
/// into `report.md` and `report.html`. Rates are percentages (0–100); intervals are 95%
/// percentile bootstrap intervals unless a field says otherwise.
public struct AggregateResults: Codable, Equatable, Sendable {
    public var settings: AggregateSettings
    /// SEM-B / SEM-W of every (model, instruction, set) with scores.
    public var accuracy: [SetAccuracy]
    /// Cross-lingual and cross-cultural gaps on paired templates.
    public var gaps: [SynergyGap]
    /// Specialized-neuron shares P_{en,l} and P_{l,l}.
    public var specialized: [SpecializedShare]
    /// |N_Q| against SEM-B across the sets of one language (Figure 7).
    public var neuronAccuracy: [NeuronAccuracy]
    /// Accuracy with key neurons masked next to a random mask of the same size (Section 5).
    public var ablation: [AblationEffect]

    public init(settings: AggregateSettings, accuracy: [SetAccuracy], gaps: [SynergyGap],
                specialized: [SpecializedShare], neuronAccuracy: [NeuronAccuracy], ablation: [AblationEffect] = []) {
        self.settings = settings
        self.accuracy = accuracy
        self.gaps = gaps
        self.specialized = specialized
        self.neuronAccuracy = neuronAccuracy
        self.ablation = ablation
    }
}

/// How the results were computed.
public struct AggregateSettings: Codable, Equatable, Sendable {
    /// Bootstrap resamples per interval.
    public var resamples: Int
    /// Seed of the bootstrap generator (results are reproducible for a seed).
    public var seed: UInt64
    /// Re-threshold key neurons as layer top-k with this k from the stored top entries; nil =
    /// the key neurons as probe stored them.
    public var k: Int?
    /// Restrict P to questions answered correctly in both sets (the paper uses all).
    public var correctOnly: Bool
    /// The neuron records' threshold, e.g. `layer_top_k k=5`.
    public var threshold: String?
    /// How Eq. 8 is formed (dual-eval.md §5 asks to say): over all (layer, neuron) pairs.
    public var setLevelForm: String
    /// Free-text notes for the reader (`aggregate --note`), e.g. the provenance of translated sets.
    public var notes: [String] = []

    public init(resamples: Int, seed: UInt64, k: Int?, correctOnly: Bool, threshold: String?,
                setLevelForm: String = "|N_B \\ N_A| / |N_B| over all (layer, neuron) pairs of the paired questions") {
        self.resamples = resamples
        self.seed = seed
        self.k = k
        self.correctOnly = correctOnly
        self.threshold = threshold
        self.setLevelForm = setLevelForm
    }
}

/// A closed interval [lower, upper].
public struct Interval: Codable, Equatable, Sendable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// SEM-B and SEM-W of one set Q_{c,l} for one model and instruction.
public struct SetAccuracy: Codable, Equatable, Sendable {
    public var model: String
    public var instruction: String
    /// `Q_CN_zh`.
    public var set: String
    public var culture: String
    public var lang: String
    /// Questions in the denominator (BLEnD's filter).
    public var counted: Int
    public var matched: Int
    public var semB: Double
    /// Bootstrap over templates.
    public var semBInterval: Interval
    public var semW: Double
    public var semWInterval: Interval

    public init(model: String, instruction: String, set: String, culture: String, lang: String, counted: Int,
                matched: Int, semB: Double, semBInterval: Interval, semW: Double, semWInterval: Interval) {
        self.model = model
        self.instruction = instruction
        self.set = set
        self.culture = culture
        self.lang = lang
        self.counted = counted
        self.matched = matched
        self.semB = semB
        self.semBInterval = semBInterval
        self.semW = semW
        self.semWInterval = semWInterval
    }
}

/// One ablation cell: a set answered by a model with its layer top-k key neurons masked
/// (`<model>+key-k<k>`), with a random mask of the same size (`<model>+random-k<k>`), and
/// without a mask (`<model>`); SEM-B of each and the drops from the unmasked run, in points.
public struct AblationEffect: Codable, Equatable, Sendable {
    public var model: String
    public var instruction: String
    public var set: String
    public var k: Int
    /// SEM-B without a mask; nil when that run has no scores.
    public var baseline: Double?
    public var keyMasked: Double
    /// nil when the control run has no scores.
    public var randomMasked: Double?
    /// baseline − keyMasked and baseline − randomMasked.
    public var keyDrop: Double?
    public var randomDrop: Double?

    public init(model: String, instruction: String, set: String, k: Int, baseline: Double?, keyMasked: Double,
                randomMasked: Double?) {
        self.model = model
        self.instruction = instruction
        self.set = set
        self.k = k
        self.baseline = baseline
        self.keyMasked = keyMasked
        self.randomMasked = randomMasked
        keyDrop = baseline.map { $0 - keyMasked }
        randomDrop = baseline.flatMap { base in randomMasked.map { base - $0 } }
    }

    /// The model name of an ablation run: `<model>+key-k<k>` or `<model>+random-k<k>`.
    public static func runName(model: String, masked: MaskKind, k: Int) -> String { "\(model)+\(masked.rawValue)-k\(k)" }

    /// The parts of an ablation run's model name; nil for any other name.
    public static func parse(runName: String) -> (model: String, masked: MaskKind, k: Int)? {
        guard let plus = runName.lastIndex(of: "+") else { return nil }
        let suffix = runName[runName.index(after: plus)...]
        for kind in [MaskKind.key, .random] where suffix.hasPrefix(kind.rawValue + "-k") {
            guard let k = Int(suffix.dropFirst(kind.rawValue.count + 2)), k > 0 else { return nil }
            return (String(runName[..<plus]), kind, k)
        }
        return nil
    }

    public enum MaskKind: String, Sendable {
        case key, random
    }
}

/// The difference in SEM-B between two sets on the templates counted in both.
///
/// - `cross_lingual` (Figure 3): culture c asked in its own language vs in English,
///   Q_{c,c} − Q_{c,en}.
/// - `cross_cultural` (Table 2): culture c vs the US, both asked in c's language,
///   Q_{c,c} − Q_{US,l}.
///
/// A positive gap is the cultural-linguistic synergy: the model knows more about c when asked in
/// c's language (cross-lingual), or knows c better than the US in that language (cross-cultural).
public struct SynergyGap: Codable, Equatable, Sendable {
    public var model: String
    public var instruction: String
    /// `cross_lingual` or `cross_cultural`.
    public var kind: String
    public var culture: String
    public var lang: String
    /// The minuend and subtrahend sets, e.g. `Q_CN_zh` and `Q_CN_en`.
    public var setA: String
    public var setB: String
    /// Templates counted in both sets.
    public var pairs: Int
    /// SEM-B of each set on the paired templates.
    public var semBA: Double
    public var semBB: Double
    /// semBA − semBB, in points.
    public var gap: Double
    /// Paired bootstrap over templates.
    public var interval: Interval
    /// Discordant pairs: matched only in A, only in B.
    public var onlyA: Int
    public var onlyB: Int
    /// Exact two-sided McNemar test on the discordant pairs.
    public var mcnemarP: Double

    public init(model: String, instruction: String, kind: String, culture: String, lang: String, setA: String, setB: String,
                pairs: Int, semBA: Double, semBB: Double, gap: Double, interval: Interval, onlyA: Int, onlyB: Int, mcnemarP: Double) {
        self.model = model
        self.instruction = instruction
        self.kind = kind
        self.culture = culture
        self.lang = lang
        self.setA = setA
        self.setB = setB
        self.pairs = pairs
        self.semBA = semBA
        self.semBB = semBB
        self.gap = gap
        self.interval = interval
        self.onlyA = onlyA
        self.onlyB = onlyB
        self.mcnemarP = mcnemarP
    }
}

/// The share of key neurons of set B that set A does not use (dual-eval.md §5), as a percentage.
///
/// - `P_en_l`: A = Q_{US,en}, B = Q_{US,l} — neurons language l adds for the same (US) culture.
/// - `P_l_l`: A = Q_{c,en}, B = Q_{c,c} — neurons c's own language adds for culture c.
///
/// `share` is the mean over paired questions of p_q = mean over layers of |B_l \ A_l| / |B_l|
/// (layers where B_l is empty are left out of the mean; a question with no such layer is left
/// out); `setLevelShare` is Eq. 8 over the unions of the paired questions' key neurons.
public struct SpecializedShare: Codable, Equatable, Sendable {
    public var model: String
    public var instruction: String
    /// `act` or `gated`.
    public var signal: String
    /// `P_en_l` or `P_l_l`.
    public var kind: String
    public var lang: String
    public var setA: String
    public var setB: String
    /// Paired questions that entered the mean.
    public var questions: Int
    public var share: Double
    /// Bootstrap over questions.
    public var interval: Interval
    public var setLevelShare: Double

    public init(model: String, instruction: String, signal: String, kind: String, lang: String, setA: String, setB: String,
                questions: Int, share: Double, interval: Interval, setLevelShare: Double) {
        self.model = model
        self.instruction = instruction
        self.signal = signal
        self.kind = kind
        self.lang = lang
        self.setA = setA
        self.setB = setB
        self.questions = questions
        self.share = share
        self.interval = interval
        self.setLevelShare = setLevelShare
    }
}

/// |N_Q| (the union of key neurons over a set's questions) against SEM-B, one point per set, with
/// Pearson's r: per language (`lang` = a language code; English has 7 sets, every other language
/// 2 — Q_{c,c} and Q_{US,l} — so r needs English or the pool) and pooled over all sets of the
/// model (`lang` = `all`, the unit of the paper's Figure 7 reproduction).
public struct NeuronAccuracy: Codable, Equatable, Sendable {
    public var model: String
    public var instruction: String
    public var signal: String
    public var lang: String
    public var points: [Point]
    /// Pearson's r over the points; nil with fewer than 3 points or no variance.
    public var pearsonR: Double?
    /// Two-sided p-value of r (t-test, n − 2 degrees of freedom).
    public var pValue: Double?
    /// Fisher-z 95% interval of r (needs at least 4 points).
    public var interval: Interval?

    public struct Point: Codable, Equatable, Sendable {
        public var set: String
        /// |N_Q|: distinct (layer, neuron) pairs over the set's questions.
        public var neurons: Int
        public var semB: Double

        public init(set: String, neurons: Int, semB: Double) {
            self.set = set
            self.neurons = neurons
            self.semB = semB
        }
    }

    public init(model: String, instruction: String, signal: String, lang: String, points: [Point],
                pearsonR: Double?, pValue: Double?, interval: Interval?) {
        self.model = model
        self.instruction = instruction
        self.signal = signal
        self.lang = lang
        self.points = points
        self.pearsonR = pearsonR
        self.pValue = pValue
        self.interval = interval
    }
}
