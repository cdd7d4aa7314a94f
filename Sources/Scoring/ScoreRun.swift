import Records

/// Scores a stream of answer records one by one and keeps the SEM-B / SEM-W tallies of every
/// (model, instruction, set) run it sees.
public final class ScoreRun {
    private let matcher: SoftMatcher
    /// Tallies in order of first appearance.
    public private(set) var summaries: [ScoreSummary] = []
    private var summaryIndex: [RunKey: Int] = [:]
    /// Line of every (run, question) seen, by a 64-bit hash: BLEnD keeps one response per
    /// question, so a second one is an error rather than a silent double count.
    private var seen: [UInt64: Int] = [:]

    public init(analyzers: AnalyzerSet) {
        matcher = SoftMatcher(analyzers: analyzers)
    }

    /// Scores one answer record.
    public func score(_ json: JSONObject) throws -> Score {
        let kind = try json.string("kind")
        guard kind == "answer" else {
            throw RecordError.data(json.location, field: json.fieldPath("kind"),
                                   "score reads answer records (from ask), not '\(kind)' records")
        }
        let answer = try ScoredAnswer(json)
        try checkUnique(answer, json)

        var score = Score(id: answer.id, templateID: answer.templateID, culture: answer.culture, lang: answer.lang,
                          model: answer.model, instruction: answer.instruction, key: answer.key,
                          counted: true, excludedBecause: nil, match: false, weight: 0,
                          matchedGroup: nil, matchedText: nil, matchedLang: nil, matchedBy: nil,
                          cleanedResponse: cleanedResponse(answer.response, prompt: answer.prompt),
                          responseTokens: nil, answerTokens: nil)
        if let reason = exclusion(idk: answer.idk, answers: answer.answers) {
            score.counted = false
            score.excludedBecause = reason.rawValue
        } else if let response = score.cleanedResponse, !response.isEmpty, let groups = answer.answers {
            let outcome = try matcher.match(response, groups: groups, language: answer.lang)
            score.responseTokens = outcome.responseTokens
            score.answerTokens = outcome.answerTokens
            if let group = outcome.group {
                let topVotes = groups[0].votes
                guard topVotes > 0 else {
                    throw RecordError.data(json.location, field: json.fieldPath("answers"),
                                           "the first answer group has \(topVotes) votes; weights need a positive top vote")
                }
                score.match = true
                score.weight = Double(groups[group].votes) / Double(topVotes)
                score.matchedGroup = group
                score.matchedText = outcome.text
                score.matchedLang = outcome.language
                score.matchedBy = outcome.test?.rawValue
            }
        }
        tally(score)
        return score
    }

    private func tally(_ score: Score) {
        guard score.counted else { return }
        let key = RunKey(model: score.model, instruction: score.instruction, culture: score.culture, lang: score.lang)
        let index: Int
        if let known = summaryIndex[key] {
            index = known
        } else {
            index = summaries.count
            summaryIndex[key] = index
            summaries.append(ScoreSummary(model: score.model, instruction: score.instruction, culture: score.culture,
                                          lang: score.lang, counted: 0, matched: 0, weightedMatches: 0))
        }
        summaries[index].counted += 1
        if score.match {
            summaries[index].matched += 1
            summaries[index].weightedMatches += score.weight
        }
    }

    private func checkUnique(_ answer: ScoredAnswer, _ json: JSONObject) throws {
        var hasher = FNV1a64()
        for part in [answer.model, answer.instruction, answer.id] { hasher.addField(part) }
        let line = json.location.line
        if let first = seen.updateValue(line, forKey: hasher.value) {
            throw RecordError.data(json.location, field: json.fieldPath("id"),
                                   "a second answer to '\(answer.id)' by model '\(answer.model)' with '\(answer.instruction)' (the first is at line \(first)); BLEnD scores one response per question — drop the stale one")
        }
    }
}

/// A (model, instruction, set) run.
private struct RunKey: Hashable {
    var model: String
    var instruction: String
    var culture: Culture
    var lang: Language
}

/// The fields of an answer record that scoring reads (decoding only these keeps it fast).
private struct ScoredAnswer {
    var id: String
    var templateID: String
    var culture: Culture
    var lang: Language
    var model: String
    var instruction: String
    var key: String
    var prompt: String
    var response: String?
    var answers: [AnswerGroup]?
    var idk: IdkCounts

    init(_ json: JSONObject) throws {
        id = try json.string("id")
        templateID = try json.string("template_id")
        culture = try json.culture()
        lang = try json.language()
        model = try json.string("model")
        instruction = try json.string("instruction")
        key = try json.string("key")
        prompt = try json.string("prompt")
        response = try json.optionalString("response")
        answers = try json.optionalArray("answers").map { try $0.map { try AnswerGroup(json: try $0.asObject()) } }
        idk = try json.decode("idk", IdkCounts.init(json:))
    }
}
