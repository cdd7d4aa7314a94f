import Dispatch
import Records

/// Scores a stream of answer records and keeps the SEM-B / SEM-W tallies of every
/// (model, instruction, set) run it sees. Batches are scored on several threads, each with its
/// own parser and token caches; results, tallies and errors come out in input order.
public final class ScoreRun {
    private let matchers: [SoftMatcher]
    /// Tallies in order of first appearance.
    public private(set) var summaries: [ScoreSummary] = []
    private var summaryIndex: [RunKey: Int] = [:]
    /// Line of every (run, question) seen, by a 64-bit hash: BLEnD keeps one response per
    /// question, so a second one is an error rather than a silent double count.
    private var seen: [UInt64: Int32] = [:]

    /// `threads` workers score a batch in parallel.
    public init(analyzers: AnalyzerSet, threads: Int = 1) {
        matchers = (0..<max(1, threads)).map { _ in SoftMatcher(analyzers: analyzers) }
    }

    /// Scores one answer record.
    public func score(_ json: JSONObject) throws -> Score {
        let score = try scoreRecord(json, matchers[0])
        try account(score, at: json.location)
        return score
    }

    /// One line of input, owned, with where it came from.
    public struct Line: Sendable {
        public var bytes: [UInt8]
        public var location: RecordLocation

        public init(bytes: [UInt8], location: RecordLocation) {
            self.bytes = bytes
            self.location = location
        }
    }

    /// Scores a batch of lines in parallel and hands the scores to `deliver` in input order; at
    /// the first bad line, the scores before it are delivered and its error is thrown.
    public func score(batch: [Line], deliver: (Score) throws -> Void) throws {
        var results = [Result<Score, any Error>?](repeating: nil, count: batch.count)
        let workers = min(matchers.count, batch.count)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedSendable(slots)
            let matchers = UncheckedSendable(matchers)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var parser = JSONLineParser()
                for index in stride(from: worker, to: batch.count, by: workers) {
                    let line = batch[index]
                    slots.value[index] = Result {
                        let json = try line.bytes.withUnsafeBytes { try parser.parseObject($0, at: line.location) }
                        return try scoreRecord(json, matchers.value[worker])
                    }
                }
            }
        }
        for (line, result) in zip(batch, results) {
            let score = try result!.get()
            try account(score, at: line.location)
            try deliver(score)
        }
    }

    /// Checks that the question was not answered before in its run, and tallies it.
    private func account(_ score: Score, at location: RecordLocation) throws {
        var hasher = FNV1a64()
        for part in [score.model, score.instruction, score.id] { hasher.addField(part) }
        if let first = seen.updateValue(Int32(truncatingIfNeeded: location.line), forKey: hasher.value) {
            throw RecordError.data(location, field: "id",
                                   "a second answer to '\(score.id)' by model '\(score.model)' with '\(score.instruction)' (the first is at line \(first)); BLEnD scores one response per question — drop the stale one")
        }
        tally(score)
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
}

/// BLEnD's decision for one answer record (no tallies): cleaning, filter, match, weight.
private func scoreRecord(_ json: JSONObject, _ matcher: SoftMatcher) throws -> Score {
    let kind = try json.string("kind")
    guard kind == "answer" else {
        throw RecordError.data(json.location, field: json.fieldPath("kind"),
                               "score reads answer records (from ask), not '\(kind)' records")
    }
    let answer = try ScoredAnswer(json)
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
    return score
}

/// Hands a value the compiler cannot prove Sendable to concurrent workers that use disjoint parts
/// of it (here: distinct result slots and one matcher per worker).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
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
