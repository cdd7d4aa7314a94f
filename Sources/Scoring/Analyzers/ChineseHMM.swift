import Foundation

/// jieba's `finalseg`: the BEMS hidden Markov model that segments runs of characters the prefix
/// dictionary left as single characters, with its Viterbi decoder and its split of non-Han text.
struct ChineseHMM: Sendable {
    /// The states in jieba's tie-breaking order (Python compares the state letters): B < E < M < S.
    private enum State: Int, CaseIterable {
        case begin = 0, end, middle, single

        init?(letter: String) {
            switch letter {
            case "B": self = .begin
            case "E": self = .end
            case "M": self = .middle
            case "S": self = .single
            default: return nil
            }
        }

        /// `PrevStatus`: the states that may precede this one.
        var predecessors: (State, State) {
            switch self {
            case .begin: (.end, .single)
            case .middle: (.middle, .begin)
            case .single: (.single, .end)
            case .end: (.begin, .middle)
            }
        }
    }

    /// `MIN_FLOAT`: the log probability of anything the model lacks.
    private static let minimumLogProbability = -3.14e100
    /// The characters the model decodes: `[\u4E00-\u9FD5]`.
    static let hanRange: ClosedRange<UInt32> = 0x4E00...0x9FD5

    private var startLogProbabilities = [Double](repeating: minimumLogProbability, count: 4)
    /// Indexed by `from * 4 + to`.
    private var transitionLogProbabilities = [Double](repeating: minimumLogProbability, count: 16)
    /// Indexed by `(character - 0x4E00) * 4 + state`.
    private var emissionLogProbabilities = [Double](
        repeating: minimumLogProbability, count: (hanRange.count) * 4)

    /// Loads `hmm.tsv` (`start`, `trans` and `emit` lines, see scripts/analyzer-data/zh.sh).
    init(path: String) throws {
        let file = try ChineseDataFile(path: path)
        var sawStart = false, sawTransition = false, sawEmission = false
        var character: [UInt32] = []
        try file.forEachLine { line, lineNumber in
            let fields = ChineseDataFile.fields(line)
            let texts = fields.map(ChineseDataFile.text)
            guard let logProbability = texts.last.flatMap(Double.init), fields.count >= 3,
                  let state = State(letter: texts[1])
            else { throw file.malformed(lineNumber, "expected a state and a log probability") }
            switch (texts[0], fields.count) {
            case ("start", 3):
                startLogProbabilities[state.rawValue] = logProbability
                sawStart = true
            case ("trans", 4):
                guard let to = State(letter: texts[2]) else { throw file.malformed(lineNumber, "bad state") }
                transitionLogProbabilities[state.rawValue * 4 + to.rawValue] = logProbability
                sawTransition = true
            case ("emit", 4):
                guard ChineseDataFile.decode(fields[2], into: &character), character.count == 1
                else { throw file.malformed(lineNumber, "expected one character") }
                if Self.hanRange.contains(character[0]) {
                    emissionLogProbabilities[Int(character[0] - Self.hanRange.lowerBound) * 4 + state.rawValue] =
                        logProbability
                }
                sawEmission = true
            default:
                throw file.malformed(lineNumber, "unknown line kind")
            }
        }
        guard sawStart && sawTransition && sawEmission else {
            throw AnalyzerDataError(path: path, problem: "lacks start, trans or emit lines")
        }
    }

    /// `finalseg.cut`: Han runs are decoded by the model; the rest is split into
    /// `[a-zA-Z0-9]+(?:\.\d+)?%?` matches and the text between them.
    func cut(_ text: ArraySlice<UInt32>, into tokens: inout [String]) {
        var index = text.startIndex
        while index < text.endIndex {
            var runEnd = index
            let isHan = Self.hanRange.contains(text[index])
            while runEnd < text.endIndex && Self.hanRange.contains(text[runEnd]) == isHan { runEnd += 1 }
            if isHan {
                decode(text[index..<runEnd], into: &tokens)
            } else {
                splitNonHan(text[index..<runEnd], into: &tokens)
            }
            index = runEnd
        }
    }

    /// `finalseg.__cut`: the Viterbi path's B…E spans and S characters become words.
    private func decode(_ text: ArraySlice<UInt32>, into tokens: inout [String]) {
        let states = viterbi(text)
        var begin = text.startIndex, next = text.startIndex
        for (offset, state) in states.enumerated() {
            let position = text.startIndex + offset
            switch state {
            case .begin:
                begin = position
            case .end:
                tokens.append(ChineseAnalyzer.string(text[begin...position]))
                next = position + 1
            case .single:
                tokens.append(ChineseAnalyzer.string(text[position...position]))
                next = position + 1
            case .middle:
                break
            }
        }
        if next < text.endIndex { tokens.append(ChineseAnalyzer.string(text[next...])) }
    }

    /// The most probable state sequence, with ties resolved as jieba's `max` over
    /// (probability, state letter) tuples does: towards the later letter.
    private func viterbi(_ text: ArraySlice<UInt32>) -> [State] {
        let count = text.count
        var backPointers = [UInt8](repeating: 0, count: count * 4)
        var previous = [Double](repeating: 0, count: 4)
        var current = previous
        let first = Int(text[text.startIndex] - Self.hanRange.lowerBound) * 4
        for state in State.allCases {
            previous[state.rawValue] = startLogProbabilities[state.rawValue]
                + emissionLogProbabilities[first + state.rawValue]
        }
        for step in 1..<max(count, 1) {
            let emissionBase = Int(text[text.startIndex + step] - Self.hanRange.lowerBound) * 4
            for state in State.allCases {
                let emission = emissionLogProbabilities[emissionBase + state.rawValue]
                let (one, other) = state.predecessors
                let viaOne = previous[one.rawValue]
                    + transitionLogProbabilities[one.rawValue * 4 + state.rawValue] + emission
                let viaOther = previous[other.rawValue]
                    + transitionLogProbabilities[other.rawValue * 4 + state.rawValue] + emission
                let pickOne = viaOne > viaOther || (viaOne == viaOther && one.rawValue > other.rawValue)
                current[state.rawValue] = pickOne ? viaOne : viaOther
                backPointers[step * 4 + state.rawValue] = UInt8((pickOne ? one : other).rawValue)
            }
            swap(&previous, &current)
        }
        var state: State = previous[State.single.rawValue] >= previous[State.end.rawValue] ? .single : .end
        var path = [State](repeating: .single, count: count)
        for step in stride(from: count - 1, through: 0, by: -1) {
            path[step] = state
            if step > 0 { state = State(rawValue: Int(backPointers[step * 4 + state.rawValue]))! }
        }
        return path
    }

    /// `re_skip.split` of `finalseg`: `[a-zA-Z0-9]+(?:\.\d+)?%?` matches, and the non-empty text
    /// between them, in order.
    private func splitNonHan(_ text: ArraySlice<UInt32>, into tokens: inout [String]) {
        var gapStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            guard Self.isASCIIAlphanumeric(text[index]) else { index += 1; continue }
            if gapStart < index { tokens.append(ChineseAnalyzer.string(text[gapStart..<index])) }
            var end = index
            while end < text.endIndex && Self.isASCIIAlphanumeric(text[end]) { end += 1 }
            if end + 1 < text.endIndex && text[end] == 0x2E && Self.isASCIIDigit(text[end + 1]) {
                end += 2
                while end < text.endIndex && Self.isASCIIDigit(text[end]) { end += 1 }
            }
            if end < text.endIndex && text[end] == 0x25 { end += 1 }
            tokens.append(ChineseAnalyzer.string(text[index..<end]))
            index = end
            gapStart = end
        }
        if gapStart < text.endIndex { tokens.append(ChineseAnalyzer.string(text[gapStart...])) }
    }

    @inline(__always)
    static func isASCIIDigit(_ scalar: UInt32) -> Bool { scalar &- 0x30 < 10 }

    @inline(__always)
    static func isASCIIAlphanumeric(_ scalar: UInt32) -> Bool {
        isASCIIDigit(scalar) || (scalar | 0x20) &- 0x61 < 26
    }
}
