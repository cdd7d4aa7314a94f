import Foundation

/// Sundanese tokens as BLEnD's scorer gets them: the text split on whitespace (Python
/// `str.split()`), `(` and `)` deleted from each word, and each word stemmed by SUSTEM's
/// `EcsStemmer().stemmingProcess` (setiawanirwan/SUSTEM at a1c44613, MIT), re-implemented.
///
/// SUSTEM keeps a word found in its root list; otherwise it collects candidate stems by
/// stripping suffixes (up to 3 rounds), prefixes (up to 4 rounds), reduplication, infixes and
/// nasal allomorphs, and returns the first candidate that is a root word, or the word unchanged.
/// Everything is case-sensitive and works on Unicode code points, like the Python original.
///
/// Root lookup is `re.search(" " + w + " ", rootText)`: `w` is an unescaped regular expression.
/// A word without regex syntax is a plain lookup; one with it (`naon?`, `sangu.`, `a|b`) is
/// matched the way Python 3.11's `re` would (see `PythonSearchPattern`). When Python's `re`
/// raises (`**sangu**`: "multiple repeat", `[x`: "unterminated character set"), the exception
/// escapes `lemma_check` and aborts the whole official scoring run, so the official pipeline has
/// no answer for such a text. We keep scoring and give the word back unchanged, which is what
/// SUSTEM does for any word it cannot stem.
///
/// Data: `SundaRootWordVer20220216.txt` (committed in `data/sustem/`, installed by
/// `scripts/analyzer-data/su.sh`): one line of root words, each preceded and followed by a space.
public struct SundaneseAnalyzer: TokenAnalyzer {
    /// The root list's file name inside the data directory.
    public static let rootListFileName = "SundaRootWordVer20220216.txt"

    private let roots: SundaneseRootList

    /// Loads the SUSTEM root list from `dataDirectory`.
    public init(dataDirectory: String) throws {
        roots = try SundaneseRootList(path: dataDirectory + "/" + Self.rootListFileName)
    }

    /// The SUSTEM stem of every whitespace-separated word of `text`, in order (a word that was
    /// only parentheses gives an empty token, as in the scorer).
    public func tokens(of text: String) -> [String] {
        Self.pythonSplit(text).map { word in
            let word = word.filter { $0 != "(" && $0 != ")" }
            let stem = (try? SundaneseStemmer.stem(word, roots: roots)) ?? word
            var result = ""
            result.unicodeScalars.append(contentsOf: stem)
            return result
        }
    }

    /// Python's `str.split()`: words separated by runs of Unicode whitespace, as code points.
    static func pythonSplit(_ text: String) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if PythonText.isSpace(scalar) {
                if !word.isEmpty { words.append(word); word.removeAll(keepingCapacity: true) }
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }
}

// MARK: - Root list

/// SUSTEM's root word list and its lookup `re.search(" " + w + " ", rootText)`.
struct SundaneseRootList: Sendable {
    /// The whole file, for regex lookups.
    private let text: PythonSearchText
    /// The space-separated words of the file, for plain lookups.
    private let words: Set<[Unicode.Scalar]>

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerDataError(path: path, problem: "missing or unreadable")
        }
        guard let content = String(data: data, encoding: .utf8) else {
            throw AnalyzerDataError(path: path, problem: "not UTF-8")
        }
        let scalars = Array(content.unicodeScalars)
        // A plain lookup of " w " equals a set lookup only when every word sits between single
        // spaces, which the file does: " aa abad ... yuyu ".
        guard scalars.count > 2, scalars.first == " ", scalars.last == " ",
              !content.contains("  ") else {
            throw AnalyzerDataError(path: path, problem: "expected space-separated words between single spaces")
        }
        guard let searchText = PythonSearchText(scalars.map(\.value)) else {
            throw AnalyzerDataError(path: path, problem: "more than 256 distinct characters")
        }
        text = searchText
        words = Set(scalars.split(separator: " ").map(Array.init))
    }

    /// Whether SUSTEM's `isRootWord(w)` holds; throws where Python's `re` raises.
    func contains(_ word: [Unicode.Scalar]) throws -> Bool {
        if !word.contains(where: PythonSearchPattern.isSpecial) {
            return words.contains(word)  // "" is never between two single spaces
        }
        let pattern = try PythonSearchPattern([" "] + word + [" "])
        return pattern.hasMatch(in: text)
    }
}

// MARK: - Stemming

/// SUSTEM's `stemmingProcess`, step by step, on code points (Python `str` semantics).
enum SundaneseStemmer {
    typealias Word = [Unicode.Scalar]

    /// The stem of `word`; throws when a root lookup is an invalid Python regex.
    static func stem(_ word: Word, roots: SundaneseRootList) throws -> Word {
        if try roots.contains(word) { return word }

        // Step 1: hyphens. "x-y" → y, but "asal-muasal" → asal; "x-y-z" → z; more hyphens: as is.
        var stemWord = word
        var hyphens: [Int] = []
        for index in word.indices where word[index] == "-" { hyphens.append(index) }
        if hyphens.count == 1 {
            let hyphen = hyphens[0]
            stemWord = Array(word[(hyphen + 1)...])
            if hasPrefix(stemWord, mu) && word[..<hyphen].elementsEqual(slice(word, hyphen + 3, word.count)) {
                stemWord = slice(word, hyphen + 3, word.count)
            }
        } else if hyphens.count == 2 {
            stemWord = Array(word[(hyphens[1] + 1)...])
        }

        // SUSTEM collects candidates in a nested list and dedupes its flattening before each
        // step; keeping one list of first occurrences gives the same order at every step.
        var candidates = CandidateList(first: stemWord)

        // Step 2: up to three rounds of suffix removal on the previous round's results.
        var round = [stemWord]
        for _ in 0..<3 {
            var next: [Word] = []
            for candidate in round { appendSuffixRemovals(of: candidate, to: &next) }
            if next.isEmpty { break }
            candidates.append(contentsOf: next)
            round = next
        }
        // Step 3: up to four rounds of prefix removal, starting from every candidate so far.
        round = candidates.words
        for _ in 0..<4 {
            var next: [Word] = []
            for candidate in round { appendPrefixRemovals(of: candidate, to: &next) }
            if next.isEmpty { break }
            candidates.append(contentsOf: next)
            round = next
        }
        // Steps 4-6: reduplication, infixes, allomorphs, each over every candidate so far.
        for candidate in candidates.words {
            if let base = reduplicationBase(candidate), !base.isEmpty { candidates.append(base) }
        }
        var derived: [Word] = []
        for candidate in candidates.words { appendInfixRemovals(of: candidate, to: &derived) }
        candidates.append(contentsOf: derived)
        derived.removeAll()
        for candidate in candidates.words { appendAllomorphs(of: candidate, to: &derived) }
        candidates.append(contentsOf: derived)
        // Step 7: the first candidate that is a root word.
        for candidate in candidates.words {
            if try roots.contains(candidate) { return candidate }
        }
        return word
    }

    /// Distinct words in order of first appearance (`list(dict.fromkeys(...))`).
    struct CandidateList {
        private(set) var words: [Word]
        private var seen: Set<Word>

        init(first: Word) {
            words = [first]
            seen = [first]
            words.reserveCapacity(32)
            seen.reserveCapacity(32)
        }

        mutating func append(_ word: Word) {
            if seen.insert(word).inserted { words.append(word) }
        }

        mutating func append(contentsOf words: [Word]) {
            for word in words { append(word) }
        }
    }

    private static func scalars(_ text: String) -> Word { Array(text.unicodeScalars) }
    private static let mu = scalars("mu")
    private static let ng = scalars("ng")
    private static let vowels = scalars("aeéiou")

    /// `suffixRemoval`, for words `suffixProcess` accepts (otherwise nothing).
    private static let suffixRules: [(suffixes: [Word], length: Int)] = [
        (["keunana", "eunana", "anana"].map(scalars), 3),
        (["keun", "ning"].map(scalars), 4),
        (["eun", "ing"].map(scalars), 3),
        (["na", "an"].map(scalars), 2),
    ]

    /// `prefixRemoval`, for words `prefixProcess` accepts (the same prefixes).
    private static let prefixRules: [(prefixes: [Word], length: Int)] = [
        (["nyang"].map(scalars), 5),
        (["pang", "mang", "sang", "ting"].map(scalars), 4),
        (["per", "nga", "nge"].map(scalars), 3),
        (["mi", "ma", "ba", "sa", "si", "di", "ka", "pa", "pi", "ti"].map(scalars), 2),
    ]

    static func appendSuffixRemovals(of word: Word, to result: inout [Word]) {
        for rule in suffixRules where rule.suffixes.contains(where: { hasSuffix(word, $0) }) {
            result.append(Array(word.dropLast(rule.length)))
        }
    }

    static func appendPrefixRemovals(of word: Word, to result: inout [Word]) {
        for rule in prefixRules where rule.prefixes.contains(where: { hasPrefix(word, $0) }) {
            result.append(Array(word.dropFirst(rule.length)))
        }
    }

    /// `reduplicationNormalize`: the word without its repeated first syllable, or nil.
    static func reduplicationBase(_ word: Word) -> Word? {
        let count = word.count
        func same(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Bool {
            slice(word, a, b).elementsEqual(slice(word, c, d))
        }
        if same(0, 1, 1, 2) { return slice(word, 1, count) }  // iimahan
        if same(0, 2, 2, 4) { return slice(word, 2, count) }  // bébéja
        if same(0, 3, 3, 6) { return slice(word, 3, count) }  // peupeureuman
        if find(ng, in: word, from: 1, to: count / 2) != nil, let at = find(ng, in: word, from: 0, to: count),
           same(0, at, at + 2, at + 2 + at) {
            return slice(word, at + 2, count)  // beungbeurat
        }
        if count > 5 && same(2, 4, 4, 6) { return slice(word, 0, 2) + slice(word, 4, count) }  // kunanaon
        if count > 7 && same(2, 5, 5, 8) { return slice(word, 0, 2) + slice(word, 5, count) }
        return nil
    }

    private static let infixRules: [(infix: Word, alsoAtStart: Bool)] = [
        (scalars("ar"), false), (scalars("al"), true), (scalars("in"), false), (scalars("um"), true),
    ]

    /// `InfixRemoval`: -ar-, -al-, -in-, -um- removed (or ra-, ar-, al-, um- at the start).
    static func appendInfixRemovals(of word: Word, to result: inout [Word]) {
        if hasPrefix(word, scalars("ra")) { result.append(slice(word, 2, word.count)) }
        if startsWithInfixBeforeVowel(word, scalars("ar")) { result.append(slice(word, 2, word.count)) }
        for rule in infixRules {
            if let at = find(rule.infix, in: word, from: 0, to: word.count), at > 0, at < 3 {
                result.append(Array(word[..<at] + word[(at + 2)...]))
            }
            if rule.alsoAtStart && startsWithInfixBeforeVowel(word, rule.infix) {
                result.append(slice(word, 2, word.count))
            }
        }
    }

    /// `re.search(r"^(xx)[aeéiou]\S{1,}", word)`.
    private static func startsWithInfixBeforeVowel(_ word: Word, _ infix: Word) -> Bool {
        word.count >= 4 && hasPrefix(word, infix) && vowels.contains(word[2])
            && !PythonText.isSpace(word[3])
    }

    /// `allomorphNormalize`: the roots a nasalised initial may stand for.
    static func appendAllomorphs(of word: Word, to result: inout [Word]) {
        func replacingStart(_ length: Int, with replacement: Unicode.Scalar?) {
            var replaced: Word = replacement.map { [$0] } ?? []
            replaced += word.dropFirst(length)
            result.append(replaced)
        }
        guard let first = word.first else { return }
        let second = word.count > 1 ? word[1] : nil
        if first == "n" && second == "g" {
            replacingStart(2, with: "k")
            replacingStart(2, with: nil)
        } else if first == "n" && second == "y" {
            replacingStart(2, with: "c")
            replacingStart(2, with: "s")
        } else if first == "m" {
            replacingStart(1, with: "b")
            replacingStart(1, with: "p")
        } else if first == "n" {
            replacingStart(1, with: "t")
        }
    }

    // MARK: Python string operations on code points

    /// `word[start:end]` for non-negative bounds.
    static func slice(_ word: Word, _ start: Int, _ end: Int) -> Word {
        let lower = min(start, word.count), upper = min(max(end, lower), word.count)
        return Array(word[lower..<upper])
    }

    /// `word.find(needle, start, end)`, nil for -1.
    static func find(_ needle: Word, in word: Word, from start: Int, to end: Int) -> Int? {
        let end = min(end, word.count)
        guard start + needle.count <= end else { return nil }
        return (start...(end - needle.count)).first { word[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    static func hasPrefix(_ word: Word, _ prefix: Word) -> Bool {
        guard word.count >= prefix.count else { return false }
        for index in prefix.indices where word[index] != prefix[index] { return false }
        return true
    }

    static func hasSuffix(_ word: Word, _ suffix: Word) -> Bool {
        guard word.count >= suffix.count else { return false }
        let offset = word.count - suffix.count
        for index in suffix.indices where word[offset + index] != suffix[index] { return false }
        return true
    }
}

// MARK: - Python regular expressions

/// Python 3.11 `re` refuses the pattern (`re.error`, or `OverflowError` for a huge repeat count).
struct PythonPatternError: Error {
    let message: String
}

/// A pattern `" " + word + " "` parsed with Python 3.11 `re`'s rules, and whether
/// `re.search` finds it. Words never contain `(` or `)` (the scorer deletes them), so there are
/// no groups: a pattern is alternatives of single-character units, anchors and quantified units.
///
/// Parsing follows `re._parser` exactly, including its errors ("nothing to repeat", "multiple
/// repeat", "bad escape", "unterminated character set", "bad character range", group
/// references, `{` taken literally when it does not form a repeat count). `\N{...}` (named
/// characters) is not supported and counts as an error. Possessive repeats (`*+`, `++`, `?+`,
/// `{m,n}+`) are new in Python 3.11; older versions reject them with "multiple repeat".
struct PythonSearchPattern {
    enum Category { case digit, notDigit, space, notSpace, word, notWord }
    enum SetMember { case scalar(UInt32), range(UInt32, UInt32), category(Category) }
    enum Matcher { case scalar(UInt32), any, set([SetMember], negated: Bool) }
    enum Anchor { case beginning, end, endOfString, boundary, nonBoundary }
    enum Element {
        case anchor(Anchor)
        case unit(Matcher)
        case repeated(Matcher, min: Int, max: Int, possessive: Bool)
    }

    /// Python's `SPECIAL_CHARS`: a word without any of these is matched literally.
    static func isSpecial(_ scalar: Unicode.Scalar) -> Bool {
        ".\\[{()*+?^$|".unicodeScalars.contains(scalar)
    }

    let branches: [[Element]]

    init(_ pattern: [Unicode.Scalar]) throws {
        var reader = try PatternReader(pattern)
        var branches: [[Element]] = []
        repeat {
            branches.append(try Self.parseBranch(&reader))
        } while try reader.match("|")
        if reader.next != nil { throw PythonPatternError(message: "unbalanced parenthesis") }
        self.branches = branches
    }

    // MARK: Parsing

    private static let maxRepeat = 4_294_967_295  // _sre.MAXREPEAT

    private static func parseBranch(_ reader: inout PatternReader) throws -> [Element] {
        var elements: [Element] = []
        while let token = reader.next {
            if !token.escaped && (token.scalar == "|" || token.scalar == ")") { break }
            _ = try reader.get()
            if token.escaped {
                elements.append(try escape(token.scalar, &reader))
                continue
            }
            switch token.scalar {
            case ".": elements.append(.unit(.any))
            case "^": elements.append(.anchor(.beginning))
            case "$": elements.append(.anchor(.end))
            case "[": elements.append(.unit(try characterSet(&reader)))
            case "(": throw PythonPatternError(message: "groups are not supported")
            case "*", "+", "?", "{":
                guard let bounds = try repeatBounds(token.scalar, &reader) else {
                    elements.append(.unit(.scalar(token.scalar.value)))  // a literal "{"
                    continue
                }
                guard let last = elements.last else { throw PythonPatternError(message: "nothing to repeat") }
                let matcher: Matcher
                switch last {
                case .anchor: throw PythonPatternError(message: "nothing to repeat")
                case .repeated: throw PythonPatternError(message: "multiple repeat")
                case .unit(let unit): matcher = unit
                }
                // A lazy repeat ("*?") matches exactly where a greedy one does.
                let lazy = try reader.match("?")
                let possessive = try !lazy && reader.match("+")
                elements[elements.count - 1] = .repeated(matcher, min: bounds.min, max: bounds.max,
                                                         possessive: possessive)
            default: elements.append(.unit(.scalar(token.scalar.value)))
            }
        }
        return elements
    }

    /// The bounds of `*`, `+`, `?` or `{m,n}`; nil when `{` is a literal (after which the reader
    /// is back right behind the `{`).
    private static func repeatBounds(_ symbol: Unicode.Scalar, _ reader: inout PatternReader) throws -> (min: Int, max: Int)? {
        switch symbol {
        case "?": return (0, 1)
        case "*": return (0, maxRepeat)
        case "+": return (1, maxRepeat)
        default: break
        }
        if reader.next == PatternReader.Token(escaped: false, scalar: "}") { return nil }  // "{}"
        let here = reader.position
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        let low = try reader.take(upTo: .max, where: isDigit)
        let high = try reader.match(",") ? try reader.take(upTo: .max, where: isDigit) : low
        guard try reader.match("}") else {
            try reader.seek(here)
            return nil
        }
        func number(_ digits: [Unicode.Scalar]) throws -> Int {
            var value = 0
            for digit in digits {
                value = value * 10 + Int(digit.value - 0x30)
                if value >= maxRepeat { throw PythonPatternError(message: "the repetition number is too large") }
            }
            return value
        }
        let min = low.isEmpty ? 0 : try number(low)
        let max = high.isEmpty ? maxRepeat : try number(high)
        if max < min { throw PythonPatternError(message: "min repeat greater than max repeat") }
        return (min, max)
    }

    /// `_escape`: a backslash escape outside a character set.
    private static func escape(_ letter: Unicode.Scalar, _ reader: inout PatternReader) throws -> Element {
        switch letter {
        case "A": return .anchor(.beginning)
        case "Z": return .anchor(.endOfString)
        case "b": return .anchor(.boundary)
        case "B": return .anchor(.nonBoundary)
        case "0":
            let digits = try reader.take(upTo: 2, where: isOctal)
            return .unit(.scalar(octal([letter] + digits)))
        case "1", "2", "3", "4", "5", "6", "7", "8", "9":
            if let second = reader.next, !second.escaped, ("0"..."9").contains(second.scalar) {
                _ = try reader.get()
                if isOctal(letter) && isOctal(second.scalar), let third = reader.next, !third.escaped,
                   isOctal(third.scalar) {
                    _ = try reader.get()
                    let value = octal([letter, second.scalar, third.scalar])
                    if value > 0o377 { throw PythonPatternError(message: "octal escape value outside of range 0-0o377") }
                    return .unit(.scalar(value))
                }
            }
            throw PythonPatternError(message: "invalid group reference")  // there are no groups
        default:
            switch try commonEscape(letter, &reader) {
            case .scalar(let value): return .unit(.scalar(value))
            case .category(let category): return .unit(.set([.category(category)], negated: false))
            case .range: preconditionFailure("escapes are never ranges")
            }
        }
    }

    /// `_class_escape`: a backslash escape inside a character set.
    private static func classEscape(_ letter: Unicode.Scalar, _ reader: inout PatternReader) throws -> SetMember {
        switch letter {
        case "b": return .scalar(0x08)
        case "0", "1", "2", "3", "4", "5", "6", "7":
            let value = octal([letter] + (try reader.take(upTo: 2, where: isOctal)))
            if value > 0o377 { throw PythonPatternError(message: "octal escape value outside of range 0-0o377") }
            return .scalar(value)
        case "8", "9", "A", "Z", "B": throw PythonPatternError(message: "bad escape")
        default: return try commonEscape(letter, &reader)
        }
    }

    /// The escapes `_escape` and `_class_escape` share: control characters, categories,
    /// `\x`, `\u`, `\U`, and escaped punctuation; other ASCII letters are "bad escape".
    private static func commonEscape(_ letter: Unicode.Scalar, _ reader: inout PatternReader) throws -> SetMember {
        func hex(_ count: Int) throws -> UInt32 {
            let digits = try reader.take(upTo: count, where: \.properties.isASCIIHexDigit)
            guard digits.count == count else { throw PythonPatternError(message: "incomplete escape") }
            return digits.reduce(0) { $0 * 16 + UInt32(Character($1).hexDigitValue!) }
        }
        switch letter {
        case "a": return .scalar(0x07)
        case "f": return .scalar(0x0C)
        case "n": return .scalar(0x0A)
        case "r": return .scalar(0x0D)
        case "t": return .scalar(0x09)
        case "v": return .scalar(0x0B)
        case "d": return .category(.digit)
        case "D": return .category(.notDigit)
        case "s": return .category(.space)
        case "S": return .category(.notSpace)
        case "w": return .category(.word)
        case "W": return .category(.notWord)
        case "x": return .scalar(try hex(2))
        case "u": return .scalar(try hex(4))
        case "U":
            let value = try hex(8)
            if value > 0x10FFFF { throw PythonPatternError(message: "bad escape") }
            return .scalar(value)
        case "N": throw PythonPatternError(message: "named character escapes are not supported")
        default:
            if ("A"..."Z").contains(letter) || ("a"..."z").contains(letter) {
                throw PythonPatternError(message: "bad escape")
            }
            return .scalar(letter.value)
        }
    }

    /// A character set `[...]`, the reader standing behind the `[`.
    private static func characterSet(_ reader: inout PatternReader) throws -> Matcher {
        let negated = try reader.match("^")
        var members: [SetMember] = []
        func member(_ token: PatternReader.Token) throws -> SetMember {
            token.escaped ? try classEscape(token.scalar, &reader) : .scalar(token.scalar.value)
        }
        while true {
            guard let token = try reader.get() else {
                throw PythonPatternError(message: "unterminated character set")
            }
            if token == PatternReader.Token(escaped: false, scalar: "]") && !members.isEmpty { break }
            let first = try member(token)
            guard try reader.match("-") else {
                members.append(first)
                continue
            }
            guard let next = try reader.get() else {
                throw PythonPatternError(message: "unterminated character set")
            }
            if next == PatternReader.Token(escaped: false, scalar: "]") {  // "x-]": x and "-"
                members.append(first)
                members.append(.scalar(0x2D))
                break
            }
            guard case .scalar(let low) = first, case .scalar(let high) = try member(next), low <= high else {
                throw PythonPatternError(message: "bad character range")
            }
            members.append(.range(low, high))
        }
        return .set(members, negated: negated)
    }

    private static func isOctal(_ scalar: Unicode.Scalar) -> Bool { ("0"..."7").contains(scalar) }

    private static func octal(_ digits: [Unicode.Scalar]) -> UInt32 {
        digits.reduce(0) { $0 * 8 + ($1.value - 0x30) }
    }

    // MARK: Matching

    /// Whether `re.search` finds the pattern anywhere in `text`.
    ///
    /// Instead of backtracking, each element maps the set of positions where it may start to
    /// the set where the next one may start; the pattern matches iff the final set is not empty.
    /// With single-character units and no back references this is exactly the set of matches
    /// backtracking explores (a possessive repeat keeps only its longest run).
    func hasMatch(in text: PythonSearchText) -> Bool {
        branches.contains { Self.branchHasMatch($0, in: text) }
    }

    private static func branchHasMatch(_ elements: [Element], in text: PythonSearchText) -> Bool {
        let symbols = text.symbols
        let n = symbols.count
        // Start where the leading literal characters occur (usually " " and the word's first letter).
        var starts: [Int]
        var firstUnmatched = 0
        switch (elements.first, elements.dropFirst().first) {
        case (.unit(.scalar(let first))?, .unit(.scalar(let second))?):
            starts = text.positions(after: first, second)
            firstUnmatched = 2
        case (.unit(.scalar(let first))?, _):
            starts = text.positions(after: first)
            firstUnmatched = 1
        default:
            starts = Array(0...n)
        }
        if starts.isEmpty { return false }
        for element in elements[firstUnmatched...] {
            var next: [Int] = []
            switch element {
            case .anchor(let anchor):
                next = starts.filter { holds(anchor, at: $0, in: text) }
            case .unit(let matcher):
                let accepts = text.acceptance { matches(matcher, $0) }
                next = starts.compactMap { $0 < n && accepts[Int(symbols[$0])] ? $0 + 1 : nil }
            case .repeated(let matcher, let low, let high, let possessive):
                let accepts = text.acceptance { matches(matcher, $0) }
                if matches(matcher, 0x20) {
                    next = denseRepeat(accepts, low, high, possessive, from: starts, in: symbols)
                } else {
                    // Runs stop at the next space, so they are short: walk them one by one. Both
                    // ends of a start's interval of ends grow with the start, so appending only
                    // what lies past the last end keeps `next` ascending and free of repeats.
                    var last = -1
                    for start in starts {
                        var run = 0
                        while run < high && start + run < n && accepts[Int(symbols[start + run])] { run += 1 }
                        guard run >= low else { continue }
                        let first = max(possessive ? start + run : start + low, last + 1)
                        if first <= start + run {
                            next += first...(start + run)
                            last = start + run
                        }
                    }
                }
            }
            if next.isEmpty { return false }
            starts = next
        }
        return true
    }

    /// A repeat whose unit also matches spaces (`.*`, `\s+`): runs may span the whole text, so
    /// compute every run length at once and mark the reachable ends with a difference array.
    private static func denseRepeat(_ accepts: [Bool], _ low: Int, _ high: Int, _ possessive: Bool,
                                    from starts: [Int], in symbols: [UInt8]) -> [Int] {
        let n = symbols.count
        var run = [Int](repeating: 0, count: n + 1)
        for position in stride(from: n - 1, through: 0, by: -1) where accepts[Int(symbols[position])] {
            run[position] = min(run[position + 1] + 1, high)
        }
        var coverage = [Int](repeating: 0, count: n + 2)
        for start in starts where run[start] >= low {
            coverage[possessive ? start + run[start] : start + low] += 1
            coverage[start + run[start] + 1] -= 1
        }
        var ends: [Int] = []
        var open = 0
        for position in 0...n {
            open += coverage[position]
            if open > 0 { ends.append(position) }
        }
        return ends
    }

    private static func holds(_ anchor: Anchor, at position: Int, in text: PythonSearchText) -> Bool {
        let n = text.symbols.count
        switch anchor {
        case .beginning: return position == 0
        case .end: return position == n || (position == n - 1 && text.character(at: n - 1) == 0x0A)
        case .endOfString: return position == n
        case .boundary, .nonBoundary:
            if n == 0 { return false }
            let before = position > 0 && text.isWordCharacter(at: position - 1)
            let after = position < n && text.isWordCharacter(at: position)
            return (before != after) == (anchor == .boundary)
        }
    }

    private static func matches(_ matcher: Matcher, _ value: UInt32) -> Bool {
        switch matcher {
        case .scalar(let scalar): return value == scalar
        case .any: return value != 0x0A
        case .set(let members, let negated):
            let found = members.contains { member in
                switch member {
                case .scalar(let scalar): return value == scalar
                case .range(let low, let high): return low <= value && value <= high
                case .category(let category): return isIn(category, value)
                }
            }
            return found != negated
        }
    }

    private static func isIn(_ category: Category, _ value: UInt32) -> Bool {
        switch category {
        case .digit: return isDecimal(value)
        case .notDigit: return !isDecimal(value)
        case .space: return PythonText.isSpace(Unicode.Scalar(value) ?? "\0")
        case .notSpace: return !PythonText.isSpace(Unicode.Scalar(value) ?? "\0")
        case .word: return isWord(value)
        case .notWord: return !isWord(value)
        }
    }

    private static func isDecimal(_ value: UInt32) -> Bool {
        Unicode.Scalar(value)?.properties.generalCategory == .decimalNumber
    }

    /// Python's `str.isalnum()` or `_`.
    static func isWord(_ value: UInt32) -> Bool { Unicode.Scalar(value).map(PythonText.isWord) ?? false }
}

/// The text `re.search` runs over, as indices into its (small) alphabet, with where each
/// character and pair of characters occurs.
struct PythonSearchText: Sendable {
    /// The distinct characters of the text.
    private let alphabet: [UInt32]
    /// Each character of the text as its index in `alphabet`.
    let symbols: [UInt8]
    private let wordSymbols: [Bool]
    private let afterScalar: [UInt32: [Int]]
    private let afterPair: [UInt64: [Int]]

    /// Nil when the text has more than 256 distinct characters.
    init?(_ scalars: [UInt32]) {
        var alphabet: [UInt32] = []
        var symbolOf: [UInt32: UInt8] = [:]
        var symbols: [UInt8] = []
        symbols.reserveCapacity(scalars.count)
        var afterScalar: [UInt32: [Int]] = [:]
        var afterPair: [UInt64: [Int]] = [:]
        for (index, scalar) in scalars.enumerated() {
            if symbolOf[scalar] == nil {
                guard alphabet.count < 256 else { return nil }
                symbolOf[scalar] = UInt8(alphabet.count)
                alphabet.append(scalar)
            }
            symbols.append(symbolOf[scalar]!)
            afterScalar[scalar, default: []].append(index + 1)
            if index > 0 { afterPair[Self.key(scalars[index - 1], scalar), default: []].append(index + 1) }
        }
        self.alphabet = alphabet
        self.symbols = symbols
        self.wordSymbols = alphabet.map(PythonSearchPattern.isWord)
        self.afterScalar = afterScalar
        self.afterPair = afterPair
    }

    /// For each character of the alphabet, whether `accepts` holds.
    func acceptance(_ accepts: (UInt32) -> Bool) -> [Bool] { alphabet.map(accepts) }

    func character(at position: Int) -> UInt32 { alphabet[Int(symbols[position])] }

    /// Python `re`'s `\w` for the character at `position`.
    func isWordCharacter(at position: Int) -> Bool { wordSymbols[Int(symbols[position])] }

    /// The positions right behind each occurrence of `scalar`, ascending.
    func positions(after scalar: UInt32) -> [Int] { afterScalar[scalar] ?? [] }

    /// The positions right behind each occurrence of `first` followed by `second`, ascending.
    func positions(after first: UInt32, _ second: UInt32) -> [Int] { afterPair[Self.key(first, second)] ?? [] }

    private static func key(_ first: UInt32, _ second: UInt32) -> UInt64 { UInt64(first) << 32 | UInt64(second) }
}

/// `re._parser.Tokenizer`: reads a pattern as single characters and backslash pairs.
private struct PatternReader {
    struct Token: Equatable {
        var escaped: Bool
        var scalar: Unicode.Scalar
    }

    private let pattern: [Unicode.Scalar]
    private var index = 0
    private(set) var next: Token?

    init(_ pattern: [Unicode.Scalar]) throws {
        self.pattern = pattern
        try advance()
    }

    /// Where `next` starts (`tell()`).
    var position: Int { index - (next == nil ? 0 : next!.escaped ? 2 : 1) }

    mutating func get() throws -> Token? {
        let token = next
        try advance()
        return token
    }

    /// Consumes `next` if it is the unescaped `character`.
    mutating func match(_ character: Unicode.Scalar) throws -> Bool {
        guard next == Token(escaped: false, scalar: character) else { return false }
        try advance()
        return true
    }

    /// `getwhile`: up to `count` unescaped characters satisfying `accept`.
    mutating func take(upTo count: Int, where accept: (Unicode.Scalar) -> Bool) throws -> [Unicode.Scalar] {
        var taken: [Unicode.Scalar] = []
        while taken.count < count, let token = next, !token.escaped, accept(token.scalar) {
            taken.append(token.scalar)
            try advance()
        }
        return taken
    }

    mutating func seek(_ position: Int) throws {
        index = position
        try advance()
    }

    private mutating func advance() throws {
        guard index < pattern.count else {
            next = nil
            return
        }
        if pattern[index] == "\\" {
            guard index + 1 < pattern.count else { throw PythonPatternError(message: "bad escape (end of pattern)") }
            next = Token(escaped: true, scalar: pattern[index + 1])
            index += 2
        } else {
            next = Token(escaped: false, scalar: pattern[index])
            index += 1
        }
    }
}
