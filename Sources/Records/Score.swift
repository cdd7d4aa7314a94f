/// How one answer scored under BLEnD's soft exact match (written by `score`).
public struct Score: Record, Equatable, Sendable {
    public static let kind = "score"

    /// The question id, as in the answer.
    public var id: String
    public var templateID: String
    public var culture: Culture
    public var lang: Language
    public var model: String
    public var instruction: String
    /// The answer's request key.
    public var key: String
    /// Whether the question counts in the denominator (BLEnD's question filter).
    public var counted: Bool
    /// Why it does not count: `idk`, `no_answer_not_applicable`, `no_annotations` or `no_answer_key`.
    public var excludedBecause: String?
    /// Whether the response matched an answer group.
    public var match: Bool
    /// votes of the matched group / votes of the top group; 0 without a match.
    public var weight: Double
    /// Index of the matched group in `answers`; nil without a match.
    public var matchedGroup: Int?
    /// The answer text that matched, as stored.
    public var matchedText: String?
    /// The language of the matched text's check: the question's language or `en`.
    public var matchedLang: Language?
    /// `substring` or `tokens`: which test decided the match.
    public var matchedBy: String?
    /// The cleaned response the tests ran on (nil when there was none).
    public var cleanedResponse: String?
    /// The response's normalized tokens for the deciding check.
    public var responseTokens: [String]?
    /// The matched (or, without a match, the top group's first) answer's normalized tokens.
    public var answerTokens: [String]?

    public init(id: String, templateID: String, culture: Culture, lang: Language, model: String, instruction: String,
                key: String, counted: Bool, excludedBecause: String?, match: Bool, weight: Double,
                matchedGroup: Int?, matchedText: String?, matchedLang: Language?, matchedBy: String?,
                cleanedResponse: String?, responseTokens: [String]?, answerTokens: [String]?) {
        self.id = id
        self.templateID = templateID
        self.culture = culture
        self.lang = lang
        self.model = model
        self.instruction = instruction
        self.key = key
        self.counted = counted
        self.excludedBecause = excludedBecause
        self.match = match
        self.weight = weight
        self.matchedGroup = matchedGroup
        self.matchedText = matchedText
        self.matchedLang = matchedLang
        self.matchedBy = matchedBy
        self.cleanedResponse = cleanedResponse
        self.responseTokens = responseTokens
        self.answerTokens = answerTokens
    }

    public init(fields json: JSONObject) throws {
        id = try json.string("id")
        templateID = try json.string("template_id")
        culture = try json.culture()
        lang = try json.language()
        model = try json.string("model")
        instruction = try json.string("instruction")
        key = try json.string("key")
        counted = try json.bool("counted")
        excludedBecause = try json.optionalString("excluded_because")
        match = try json.bool("match")
        weight = try json.double("weight")
        matchedGroup = try json.optionalInt("matched_group")
        matchedText = try json.optionalString("matched_text")
        matchedLang = try json.optionalEnumeration("matched_lang")
        matchedBy = try json.optionalString("matched_by")
        cleanedResponse = try json.optionalString("cleaned_response")
        responseTokens = try json.optionalArray("response_tokens").map { try $0.map { try $0.asString() } }
        answerTokens = try json.optionalArray("answer_tokens").map { try $0.map { try $0.asString() } }
    }

    public func encodeFields(to writer: inout JSONWriter) {
        writer.field("id", id)
        writer.field("template_id", templateID)
        writer.field("culture", culture)
        writer.field("lang", lang)
        writer.field("model", model)
        writer.field("instruction", instruction)
        writer.field("key", key)
        writer.field("counted", counted)
        writer.field("excluded_because", excludedBecause)
        writer.field("match", match)
        writer.field("weight", weight)
        writer.field("matched_group", matchedGroup)
        writer.field("matched_text", matchedText)
        writer.field("matched_lang", matchedLang)
        writer.field("matched_by", matchedBy)
        writer.field("cleaned_response", cleanedResponse)
        writer.field("response_tokens", responseTokens)
        writer.field("answer_tokens", answerTokens)
    }
}

/// SEM-B and SEM-W of one run: a (model, set, instruction) cell (written by `score` beside the scores).
public struct ScoreSummary: Record, Equatable, Sendable {
    public static let kind = "score_summary"

    /// `{model}/{instruction}/{set}`, e.g. `gpt-4o/inst-4/Q_CN_zh`.
    public var id: String { "\(model)/\(instruction)/\(SetName(culture: culture, lang: lang))" }
    public var model: String
    public var instruction: String
    public var culture: Culture
    public var lang: Language
    /// Questions that pass the filter (the denominator).
    public var counted: Int
    /// Counted questions with a match.
    public var matched: Int
    /// Sum of the weights of the matches.
    public var weightedMatches: Double

    public init(model: String, instruction: String, culture: Culture, lang: Language,
                counted: Int, matched: Int, weightedMatches: Double) {
        self.model = model
        self.instruction = instruction
        self.culture = culture
        self.lang = lang
        self.counted = counted
        self.matched = matched
        self.weightedMatches = weightedMatches
    }

    /// SEM-B = 100 · matched / counted.
    public var semB: Double { counted == 0 ? 0 : 100 * Double(matched) / Double(counted) }
    /// SEM-W = 100 · weighted matches / counted.
    public var semW: Double { counted == 0 ? 0 : 100 * weightedMatches / Double(counted) }

    public init(fields json: JSONObject) throws {
        model = try json.string("model")
        instruction = try json.string("instruction")
        culture = try json.culture()
        lang = try json.language()
        counted = try json.int("counted")
        matched = try json.int("matched")
        weightedMatches = try json.double("weighted_matches")
    }

    public func encodeFields(to writer: inout JSONWriter) {
        writer.field("id", id)
        writer.field("model", model)
        writer.field("instruction", instruction)
        writer.field("culture", culture)
        writer.field("lang", lang)
        writer.field("counted", counted)
        writer.field("matched", matched)
        writer.field("weighted_matches", weightedMatches)
        writer.field("sem_b", semB)
        writer.field("sem_w", semW)
    }
}
