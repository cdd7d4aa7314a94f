/// Exit statuses from BSD `sysexits.h`, the contract between stages and `make`.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// The command line was wrong (EX_USAGE).
    case usage = 64
    /// An input record or data file was malformed (EX_DATAERR).
    case dataError = 65
    /// An input file does not exist or cannot be opened (EX_NOINPUT).
    case noInput = 66
    /// An internal error (EX_SOFTWARE).
    case software = 70
    /// Reading or writing failed (EX_IOERR).
    case ioError = 74
    /// Try again later, e.g. a provider quota is exhausted (EX_TEMPFAIL).
    case tempFail = 75
}

/// An error that names where it happened: the input, the line and the field.
///
/// Its description is the one-line message a stage prints, e.g.
/// `answers.jsonl.zst:12: field 'answers[2].votes': expected an integer, found a string`.
public struct RecordError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Malformed data: exit 65.
        case data
        /// An input that cannot be opened: exit 66.
        case missingInput
        /// A read or write that failed: exit 74.
        case io
        /// A bad command line: exit 64.
        case usage
    }

    public var kind: Kind
    /// The input's name as the user gave it (`<stdin>` for standard input).
    public var input: String?
    /// The 1-based line (or CSV row) number, when the problem is in one.
    public var line: Int?
    /// The field path, e.g. `answers[2].votes`.
    public var field: String?
    /// What is wrong, in words.
    public var problem: String

    public init(_ kind: Kind, input: String? = nil, line: Int? = nil, field: String? = nil, problem: String) {
        self.kind = kind
        self.input = input
        self.line = line
        self.field = field
        self.problem = problem
    }

    /// A data error at a record location.
    public static func data(_ location: RecordLocation, field: String? = nil, _ problem: String) -> RecordError {
        RecordError(.data, input: location.input, line: location.line > 0 ? location.line : nil, field: field, problem: problem)
    }

    public var exitStatus: ExitStatus {
        switch kind {
        case .data: .dataError
        case .missingInput: .noInput
        case .io: .ioError
        case .usage: .usage
        }
    }

    public var description: String {
        var text = ""
        if let input {
            text += input
            if let line { text += ":\(line)" }
            text += ": "
        }
        if let field { text += "field '\(field)': " }
        return text + problem
    }
}

/// Where a record came from.
public struct RecordLocation: Sendable, Equatable, CustomStringConvertible {
    /// The input's name as the user gave it (`<stdin>` for standard input).
    public var input: String
    /// 1-based line number; 0 for a whole-file document.
    public var line: Int

    public init(input: String, line: Int) {
        self.input = input
        self.line = line
    }

    public var description: String { line > 0 ? "\(input):\(line)" : input }
}
