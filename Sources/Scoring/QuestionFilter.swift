import Records

/// Why BLEnD leaves a question out of the denominator (blend-scoring.md §5 B).
public enum Exclusion: String, Sendable {
    /// no-answer + not-applicable ≥ 3.
    case noAnswerNotApplicable = "no_answer_not_applicable"
    /// idk ≥ 5.
    case idk
    /// The annotators gave no answer groups.
    case noAnnotations = "no_annotations"
    /// The question has no answer key yet (a Q_{US,l} set before translate-fill).
    case noAnswerKey = "no_answer_key"
}

/// BLEnD's question filter: nil when the question counts, else why it does not. There is no
/// minimum vote per group, and a question counts whether or not the model answered.
public func exclusion(idk: IdkCounts, answers: [AnswerGroup]?) -> Exclusion? {
    if idk.noAnswer + idk.notApplicable >= 3 { return .noAnswerNotApplicable }
    if idk.idk >= 5 { return .idk }
    guard let answers else { return .noAnswerKey }
    return answers.isEmpty ? .noAnnotations : nil
}
