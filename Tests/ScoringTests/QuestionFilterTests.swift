import Records
import Testing
@testable import Scoring

/// BLEnD's question filter (blend-scoring.md §5 B).
struct QuestionFilterTests {
    let group = [AnswerGroup(texts: ["a"], enTexts: ["a"], votes: 1)]

    @Test func thresholds() {
        #expect(exclusion(idk: IdkCounts(idk: 4, noAnswer: 1, notApplicable: 1), answers: group) == nil)
        #expect(exclusion(idk: IdkCounts(idk: 5, noAnswer: 0, notApplicable: 0), answers: group) == .idk)
        #expect(exclusion(idk: IdkCounts(idk: 0, noAnswer: 2, notApplicable: 1), answers: group) == .noAnswerNotApplicable)
        #expect(exclusion(idk: IdkCounts(idk: 0, noAnswer: 0, notApplicable: 3), answers: group) == .noAnswerNotApplicable)
        #expect(exclusion(idk: IdkCounts(idk: 0, noAnswer: 0, notApplicable: 0), answers: []) == .noAnnotations)
        #expect(exclusion(idk: IdkCounts(idk: 0, noAnswer: 0, notApplicable: 0), answers: nil) == .noAnswerKey)
    }
}
