import Foundation

/// A port of spaCy 3.7.4's rule-based tokenizer with the English defaults (`spacy.lang.en`):
/// whitespace split, prefix/suffix/infix rules, tokenizer exceptions (special cases, including
/// contractions), URL matching and the special-case re-merge pass (`_apply_special_cases`).
///
/// The fixed shape of the affix rules (their order and look-arounds) is code here; the character
/// classes, literal lists and the exception table come from `tokenizer.json`, which
/// `scripts/analyzer-data/en.sh` extracts from the spaCy wheel.
struct EnglishTokenizer: Sendable {
    typealias Scalars = ArraySlice<Unicode.Scalar>

    /// One token, whether a single space (absorbed by the whitespace split) follows it (spaCy's
    /// `whitespace_`), and the NORM a tokenizer exception gives it, if any.
    struct Token {
        var text: [Unicode.Scalar]
        var spaceAfter: Bool
        var norm: String? = nil
    }

    /// One token of a tokenizer exception ("n't" with the norm "not").
    struct ExceptionPiece: Sendable {
        var text: [Unicode.Scalar]
        var norm: String?
    }

    /// One alternative of spaCy's prefix regex, in regex order.
    private enum PrefixPiece {
        case literal([Unicode.Scalar])
        case plusNotBeforeDigit   // \+(?![0-9])
        case periods              // \.\.+
        case icon                 // [ICONS]
    }

    private let alpha: EnglishScalarClass
    private let alphaLower: EnglishScalarClass
    private let alphaUpper: EnglishScalarClass
    private let icons: EnglishScalarClass
    private let quotes: EnglishScalarClass
    private let beforeSuffixPeriod: EnglishScalarClass
    /// The prefix alternatives that can start with a scalar, in regex order (the icon class,
    /// the last alternative, is checked separately).
    private let prefixPiecesByFirst: [Unicode.Scalar: [PrefixPiece]]
    /// Suffixes that split wherever they end the string (punctuation, quotes, 's, dashes), by last scalar.
    private let plainSuffixesByLast: [Unicode.Scalar: [[Unicode.Scalar]]]
    /// Suffixes that split only after an ASCII digit (currencies and units), by last scalar.
    private let suffixesAfterDigitByLast: [Unicode.Scalar: [[Unicode.Scalar]]]
    private let hyphens: [[Unicode.Scalar]]
    private let specialCases: [[Unicode.Scalar]: [ExceptionPiece]]
    /// (first scalar, length) of every special case, to skip most dictionary look-ups cheaply.
    private let specialCaseShapes: Set<UInt64>
    /// Affix tokenizations of the special cases that contain affixes, by their first token.
    private var specialPatterns: [[Unicode.Scalar]: [[[Unicode.Scalar]]]] = [:]
    private var specialPatternStarts: Set<Unicode.Scalar> = []

    init(dataFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerDataError(path: path, problem: "missing")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let classes = root["classes"] as? [String: Any],
              let exceptions = root["exceptions"] as? [String: [[Any]]]
        else { throw AnalyzerDataError(path: path, problem: "malformed tokenizer data") }

        func scalarClass(_ name: String) throws -> EnglishScalarClass {
            guard let ranges = classes[name] as? [[Int]], ranges.allSatisfy({ $0.count == 2 }) else {
                throw AnalyzerDataError(path: path, problem: "missing character class \(name)")
            }
            return EnglishScalarClass(ranges: ranges.map { (UInt32($0[0]), UInt32($0[1])) })
        }
        func list(_ name: String) throws -> [[Unicode.Scalar]] {
            guard let items = root[name] as? [String], !items.isEmpty else {
                throw AnalyzerDataError(path: path, problem: "missing list \(name)")
            }
            return items.map { Array($0.unicodeScalars) }
        }
        alpha = try scalarClass("alpha")
        alphaLower = try scalarClass("alphaLower")
        alphaUpper = try scalarClass("alphaUpper")
        icons = try scalarClass("icons")
        quotes = try scalarClass("quotes")
        beforeSuffixPeriod = try scalarClass("beforeSuffixPeriod")
        let punct = try list("punct")
        let quoteList = try list("quotes")
        let currency = try list("currency")
        let units = try list("units")
        hyphens = try list("hyphens")

        // spacy/lang/punctuation.py TOKENIZER_PREFIXES
        let prefixPieces = ["§", "%", "=", "—", "–"].map { PrefixPiece.literal(Array($0.unicodeScalars)) }
            + [.plusNotBeforeDigit]
            + punct.map(PrefixPiece.literal)
            + [.periods, .literal(["…"])]
            + quoteList.map(PrefixPiece.literal)
            + currency.map(PrefixPiece.literal)
            + [.icon]
        var byFirst: [Unicode.Scalar: [PrefixPiece]] = [:]
        for piece in prefixPieces {
            switch piece {
            case .literal(let literal): byFirst[literal[0], default: []].append(piece)
            case .plusNotBeforeDigit: byFirst["+", default: []].append(piece)
            case .periods: byFirst[".", default: []].append(piece)
            case .icon: break
            }
        }
        prefixPiecesByFirst = byFirst
        // TOKENIZER_SUFFIXES: the ellipses, icon and period rules are code in `suffixLength`.
        let plainSuffixes = punct + [["…"]] + quoteList
            + ["'s", "'S", "’s", "’S", "—", "–"].map { Array($0.unicodeScalars) }
        plainSuffixesByLast = Dictionary(grouping: plainSuffixes, by: { $0[$0.count - 1] })
        suffixesAfterDigitByLast = Dictionary(grouping: currency + units, by: { $0[$0.count - 1] })

        var cases: [[Unicode.Scalar]: [ExceptionPiece]] = [:]
        for (orth, pieces) in exceptions {
            // Each piece is [text, norm or null].
            let parsed = pieces.compactMap { piece -> ExceptionPiece? in
                guard piece.count == 2, let text = piece[0] as? String else { return nil }
                return ExceptionPiece(text: Array(text.unicodeScalars), norm: piece[1] as? String)
            }
            guard parsed.count == pieces.count,
                  parsed.flatMap(\.text) == Array(orth.unicodeScalars) else {
                throw AnalyzerDataError(path: path, problem: "exception \(orth) is malformed or does not join to itself")
            }
            cases[Array(orth.unicodeScalars)] = parsed
        }
        specialCases = cases
        specialCaseShapes = Set(cases.keys.map { Self.shape($0[...]) })

        // Tokenizer.add_special_case: special cases with affixes or spaces are also matched
        // against the affix tokenization of the text.
        var patterns: [[Unicode.Scalar]: [[[Unicode.Scalar]]]] = [:]
        for orth in cases.keys {
            let slice = orth[...]
            let hasAffix = prefixLength(slice) > 0 || suffixLength(slice) > 0
                || !infixes(slice).isEmpty || orth.contains(" ")
            guard hasAffix else { continue }
            let pattern = tokenizeAffixes(orth, withSpecialCases: false).map(\.text)
            guard let first = pattern.first else { continue }
            patterns[first, default: []].append(pattern)
        }
        specialPatterns = patterns
        specialPatternStarts = Set(patterns.keys.compactMap(\.first))
    }

    /// The tokens of `text`, as spaCy's `Tokenizer.__call__` produces them.
    func tokenize(_ text: String) -> [Token] {
        let tokens = tokenizeAffixes(Array(text.unicodeScalars), withSpecialCases: true)
        return applySpecialCases(tokens)
    }

    // MARK: - Whitespace split and affixes (Tokenizer._tokenize_affixes)

    private func tokenizeAffixes(_ text: [Unicode.Scalar], withSpecialCases: Bool) -> [Token] {
        var tokens: [Token] = []
        guard let firstScalar = text.first else { return tokens }
        var inWhitespace = englishIsPythonSpace(firstScalar)
        var start = 0
        for (index, scalar) in text.enumerated() where englishIsPythonSpace(scalar) != inWhitespace {
            if start < index {
                tokenizeChunk(text[start..<index], withSpecialCases: withSpecialCases, into: &tokens)
            }
            if scalar == " " {
                if !tokens.isEmpty { tokens[tokens.count - 1].spaceAfter = true }
                start = index + 1
            } else {
                start = index
            }
            inWhitespace.toggle()
        }
        if start < text.count {
            tokenizeChunk(text[start...], withSpecialCases: withSpecialCases, into: &tokens)
            if !tokens.isEmpty {
                tokens[tokens.count - 1].spaceAfter = text.last == " " && !inWhitespace
            }
        }
        return tokens
    }

    private static func shape(_ text: Scalars) -> UInt64 {
        UInt64(text.first?.value ?? 0) << 32 | UInt64(text.count)
    }

    private func special(_ text: Scalars, _ enabled: Bool) -> [ExceptionPiece]? {
        guard enabled, specialCaseShapes.contains(Self.shape(text)) else { return nil }
        return specialCases[Array(text)]
    }

    /// Tokenizer._tokenize: `_split_affixes` followed by `_attach_tokens`.
    private func tokenizeChunk(_ chunk: Scalars, withSpecialCases: Bool, into tokens: inout [Token]) {
        if let pieces = special(chunk, withSpecialCases) {
            tokens += pieces.map { Token(text: $0.text, spaceAfter: false, norm: $0.norm) }
            return
        }
        var prefixes: [Scalars] = []
        var suffixes: [Scalars] = []
        var rest = chunk
        var lastSize = 0
        while !rest.isEmpty && rest.count != lastSize {
            if special(rest, withSpecialCases) != nil { break }
            lastSize = rest.count
            let prefixCount = prefixLength(rest)
            if prefixCount != 0 {
                let minusPrefix = rest.dropFirst(prefixCount)
                if !minusPrefix.isEmpty && special(minusPrefix, withSpecialCases) != nil {
                    prefixes.append(rest.prefix(prefixCount))
                    rest = minusPrefix
                    break
                }
            }
            let suffixCount = suffixLength(rest.dropFirst(prefixCount))
            if suffixCount != 0 {
                let minusSuffix = rest.dropLast(suffixCount)
                if !minusSuffix.isEmpty && special(minusSuffix, withSpecialCases) != nil {
                    suffixes.append(rest.suffix(suffixCount))
                    rest = minusSuffix
                    break
                }
            }
            if prefixCount != 0 && suffixCount != 0 && prefixCount + suffixCount <= rest.count {
                prefixes.append(rest.prefix(prefixCount))
                suffixes.append(rest.suffix(suffixCount))
                rest = rest.dropFirst(prefixCount).dropLast(suffixCount)
            } else if prefixCount != 0 {
                prefixes.append(rest.prefix(prefixCount))
                rest = rest.dropFirst(prefixCount)
            } else if suffixCount != 0 {
                suffixes.append(rest.suffix(suffixCount))
                rest = rest.dropLast(suffixCount)
            }
        }

        for prefix in prefixes { tokens.append(Token(text: Array(prefix), spaceAfter: false)) }
        if !rest.isEmpty {
            if let pieces = special(rest, withSpecialCases) {
                tokens += pieces.map { Token(text: $0.text, spaceAfter: false, norm: $0.norm) }
            } else if EnglishURLMatcher.matches(rest, alphaLower: alphaLower) {
                tokens.append(Token(text: Array(rest), spaceAfter: false))
            } else {
                var start = rest.startIndex
                for infix in infixes(rest) where infix.lowerBound != rest.startIndex {
                    if infix.lowerBound != start {
                        tokens.append(Token(text: Array(rest[start..<infix.lowerBound]), spaceAfter: false))
                    }
                    tokens.append(Token(text: Array(rest[infix]), spaceAfter: false))
                    start = infix.upperBound
                }
                if start < rest.endIndex {
                    tokens.append(Token(text: Array(rest[start...]), spaceAfter: false))
                }
            }
        }
        for suffix in suffixes.reversed() { tokens.append(Token(text: Array(suffix), spaceAfter: false)) }
    }

    // MARK: - Affix rules

    private static func hasPrefix(_ text: Scalars, _ literal: [Unicode.Scalar]) -> Bool {
        text.count >= literal.count && text.prefix(literal.count).elementsEqual(literal)
    }

    private static func hasSuffix(_ text: Scalars, _ literal: [Unicode.Scalar]) -> Bool {
        text.count >= literal.count && text.suffix(literal.count).elementsEqual(literal)
    }

    /// The length of the first prefix alternative that matches (`prefix_search`), or 0.
    private func prefixLength(_ text: Scalars) -> Int {
        guard let first = text.first else { return 0 }
        for piece in prefixPiecesByFirst[first] ?? [] {
            switch piece {
            case .literal(let literal):
                if Self.hasPrefix(text, literal) { return literal.count }
            case .plusNotBeforeDigit:
                if first == "+" {
                    let next = text.dropFirst().first
                    if next == nil || !englishIsASCIIDigit(next!) { return 1 }
                }
            case .periods:
                let run = text.prefix { $0 == "." }.count
                if run >= 2 { return run }
            case .icon:
                break
            }
        }
        return icons.contains(first) ? 1 : 0
    }

    /// The length of the longest suffix any alternative matches (`suffix_search` finds the
    /// leftmost start, and every alternative is anchored at the end), or 0.
    private func suffixLength(_ text: Scalars) -> Int {
        guard let last = text.last else { return 0 }
        var best = 0
        for literal in plainSuffixesByLast[last] ?? [] where literal.count > best && Self.hasSuffix(text, literal) {
            best = literal.count
        }
        if last == "." {
            let periodRun = text.reversed().prefix { $0 == "." }.count
            if periodRun >= 2 { best = max(best, periodRun) }
        }
        if icons.contains(last) { best = max(best, 1) }
        let before = text.count >= 2 ? text[text.endIndex - 2] : nil
        if last == "+", let before, englishIsASCIIDigit(before) { best = max(best, 1) }
        for literal in suffixesAfterDigitByLast[last] ?? [] where literal.count > best && literal.count < text.count {
            if Self.hasSuffix(text, literal) && englishIsASCIIDigit(text[text.endIndex - literal.count - 1]) {
                best = literal.count
            }
        }
        if last == ".", let before {
            if beforeSuffixPeriod.contains(before) { best = max(best, 1) }
            if text.count >= 3 {
                let twoBefore = text[text.endIndex - 3]
                if twoBefore == "°" && "FfCcKk".unicodeScalars.contains(before) { best = max(best, 1) }
                if alphaUpper.contains(twoBefore) && alphaUpper.contains(before) { best = max(best, 1) }
            }
        }
        return best
    }

    /// The non-overlapping infix matches, left to right (`infix_finditer`).
    private func infixes(_ text: Scalars) -> [Range<Int>] {
        var matches: [Range<Int>] = []
        var position = text.startIndex
        while position < text.endIndex {
            if let length = infixLength(text, at: position) {
                matches.append(position..<position + length)
                position += length
            } else {
                position += 1
            }
        }
        return matches
    }

    /// The length of the first infix alternative that matches at `position`
    /// (spacy/lang/en/punctuation.py TOKENIZER_INFIXES).
    private func infixLength(_ text: Scalars, at position: Int) -> Int? {
        let scalar = text[position]
        let previous = position > text.startIndex ? text[position - 1] : nil
        let next = position + 1 < text.endIndex ? text[position + 1] : nil
        // \.\.+  and  …
        if scalar == "." {
            let run = text[position...].prefix { $0 == "." }.count
            if run >= 2 { return run }
        }
        if scalar == "…" { return 1 }
        if icons.contains(scalar) { return 1 }
        guard let previous else { return nil }
        // (?<=[0-9])[+\-\*^](?=[0-9-])
        if "+-*^".unicodeScalars.contains(scalar), englishIsASCIIDigit(previous),
           let next, englishIsASCIIDigit(next) || next == "-" {
            return 1
        }
        // (?<=[{al}{q}])\.(?=[{au}{q}])
        if scalar == ".", alphaLower.contains(previous) || quotes.contains(previous),
           let next, alphaUpper.contains(next) || quotes.contains(next) {
            return 1
        }
        // (?<=[{a}]),(?=[{a}])
        if scalar == ",", alpha.contains(previous), let next, alpha.contains(next) { return 1 }
        let afterAlnum = alpha.contains(previous) || englishIsASCIIDigit(previous)
        // (?<=[{a}0-9])(?:{h})(?=[{a}])
        if afterAlnum {
            for hyphen in hyphens where Self.hasPrefix(text[position...], hyphen) {
                let after = position + hyphen.count
                if after < text.endIndex && alpha.contains(text[after]) { return hyphen.count }
            }
        }
        // (?<=[{a}0-9])[:<>=/](?=[{a}])
        if afterAlnum, ":<>=/".unicodeScalars.contains(scalar), let next, alpha.contains(next) {
            return 1
        }
        return nil
    }

    // MARK: - Special cases spanning several tokens (Tokenizer._apply_special_cases)

    private func applySpecialCases(_ tokens: [Token]) -> [Token] {
        guard !specialPatterns.isEmpty else { return tokens }
        // PhraseMatcher: every occurrence of every pattern.
        var matches: [Range<Int>] = []
        for start in tokens.indices {
            guard let first = tokens[start].text.first, specialPatternStarts.contains(first),
                  let candidates = specialPatterns[tokens[start].text] else { continue }
            for pattern in candidates where start + pattern.count <= tokens.count {
                if zip(pattern, tokens[start...]).allSatisfy({ $0 == $1.text }) {
                    matches.append(start..<start + pattern.count)
                }
            }
        }
        guard !matches.isEmpty else { return tokens }
        // _filter_special_spans: longest first, then leftmost; a span is kept when its first and
        // last tokens are unclaimed, and every span claims its tokens either way.
        matches.sort { $0.count != $1.count ? $0.count > $1.count : $0.lowerBound < $1.lowerBound }
        var claimed = Set<Int>()
        var kept: [Range<Int>] = []
        for match in matches {
            if !claimed.contains(match.lowerBound) && !claimed.contains(match.upperBound - 1) {
                kept.append(match)
            }
            claimed.formUnion(match)
        }
        var byStart: [Int: Range<Int>] = [:]
        for match in kept { byStart[match.lowerBound] = match }

        var result: [Token] = []
        var index = 0
        while index < tokens.count {
            guard let span = byStart[index] else {
                result.append(tokens[index])
                index += 1
                continue
            }
            var spanText: [Unicode.Scalar] = []
            for position in span {
                spanText += tokens[position].text
                if position < span.upperBound - 1 && tokens[position].spaceAfter { spanText.append(" ") }
            }
            if let pieces = specialCases[spanText] {
                // The span's last token keeps the span's trailing space.
                result += pieces.map { Token(text: $0.text, spaceAfter: false, norm: $0.norm) }
                result[result.count - 1].spaceAfter = tokens[span.upperBound - 1].spaceAfter
            } else {
                result += tokens[span]
            }
            index = span.upperBound
        }
        return result
    }
}
