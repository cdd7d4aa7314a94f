/// A record of any known kind, decoded by its `kind` field.
public enum AnyRecord: JSONEncodable {
    case question(Question)
    case answer(Answer)
    case score(Score)
    case scoreSummary(ScoreSummary)
    case neurons(Neurons)

    /// The record kinds, by their `kind` value.
    public static let kinds: [String] = [Question.kind, Answer.kind, Score.kind, ScoreSummary.kind, Neurons.kind]

    public init(record object: JSONObject) throws {
        switch try object.string("kind") {
        case Question.kind: self = .question(try Question(fields: object))
        case Answer.kind: self = .answer(try Answer(fields: object))
        case Score.kind: self = .score(try Score(fields: object))
        case ScoreSummary.kind: self = .scoreSummary(try ScoreSummary(fields: object))
        case Neurons.kind: self = .neurons(try Neurons(fields: object))
        case let other:
            throw RecordError.data(object.location, field: "kind", "'\(other)' is not one of \(Self.kinds.joined(separator: ", "))")
        }
    }

    public var id: String {
        switch self {
        case .question(let r): r.id
        case .answer(let r): r.id
        case .score(let r): r.id
        case .scoreSummary(let r): r.id
        case .neurons(let r): r.id
        }
    }

    public func encode(to writer: inout JSONWriter) {
        switch self {
        case .question(let r): r.encode(to: &writer)
        case .answer(let r): r.encode(to: &writer)
        case .score(let r): r.encode(to: &writer)
        case .scoreSummary(let r): r.encode(to: &writer)
        case .neurons(let r): r.encode(to: &writer)
        }
    }
}
