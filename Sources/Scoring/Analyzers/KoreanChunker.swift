/// One chunk of text: a run Okt tags as a whole (Korean chunks are parsed further).
struct KoreanChunk {
    var text: String
    var pos: KoreanPos
    /// The syllables of a Korean chunk; empty for the other kinds.
    var syllables: [UInt16] = []
}

/// Splits text into chunks as open-korean-text 2.1.0 `KoreanChunker.chunk` does.
///
/// The text is split at runs of ASCII whitespace (Java `\s`), keeping the runs. A piece whose
/// first UTF-16 unit is a Unicode space separator (Java `Character.isSpaceChar`) is one Space chunk.
/// Any other piece is matched pattern by pattern in Okt's order (URL, e-mail, @mention, #hashtag,
/// $cashtag, number, Hangul, Hangul jamo, ASCII letters, punctuation); a match overlapping an
/// earlier one is dropped, and the unmatched rest becomes Foreign chunks. Java's `\p{Alpha}`,
/// `\p{Digit}`, `\p{Punct}` and `\p{Alnum}` are ASCII-only, as in the original.
///
/// The URL, mention, hashtag and cashtag patterns (twitter-text 1.14.7 regexes in the original)
/// are approximated: they are rare in short answers.
enum KoreanChunker {
    typealias Match = (start: Int, end: Int, pos: KoreanPos)
    /// Finds the next match in `units[from..<end]`; `pieceStart` is where the piece (and `^`) begins.
    typealias Finder = @Sendable (_ units: [UInt16], _ pieceStart: Int, _ from: Int, _ end: Int) -> (start: Int, end: Int)?

    static func chunks(of text: String) -> [KoreanChunk] {
        let units = Array(text.utf16)
        var result: [KoreanChunk] = []
        var index = 0
        while index < units.count {
            var end = index
            let isWhitespace = isJavaWhitespace(units[index])
            while end < units.count && isJavaWhitespace(units[end]) == isWhitespace { end += 1 }
            split(units, index, end, into: &result)
            index = end
        }
        return result
    }

    private static func split(_ units: [UInt16], _ start: Int, _ end: Int, into result: inout [KoreanChunk]) {
        if isSpaceChar(units[start]) {
            result.append(KoreanChunk(text: string(units, start, end), pos: .space))
            return
        }
        var matches: [Match] = []
        var matchedLength = 0
        for (pos, find) in chunkingOrder where matchedLength < end - start {
            var from = start
            while from < end, let m = find(units, start, from, end) {
                if matches.allSatisfy({ $0.end <= m.start || $0.start >= m.end }) {
                    matches.append((m.start, m.end, pos))
                    matchedLength += m.end - m.start
                }
                from = m.end
            }
        }
        matches.sort { $0.start < $1.start }
        var previousEnd = start
        for m in matches {
            if m.start > previousEnd {
                result.append(KoreanChunk(text: string(units, previousEnd, m.start), pos: .foreign))
            }
            var chunk = KoreanChunk(text: string(units, m.start, m.end), pos: m.pos)
            if m.pos == .korean { chunk.syllables = units[m.start..<m.end].map { $0 &- 0xAC00 } }
            result.append(chunk)
            previousEnd = m.end
        }
        if previousEnd < end {
            result.append(KoreanChunk(text: string(units, previousEnd, end), pos: .foreign))
        }
    }

    private static let chunkingOrder: [(KoreanPos, Finder)] = [
        (.url, findURL), (.email, findEmail), (.screenName, findScreenName), (.hashtag, findHashtag),
        (.cashTag, findCashTag), (.number, findNumber),
        (.korean, runFinder { $0 >= 0xAC00 && $0 <= 0xD7A3 }),
        (.koreanParticle, runFinder { $0 >= 0x3131 && $0 <= 0x3163 }),
        (.alpha, runFinder { isASCIILetter($0) }),
        (.punctuation, runFinder { isASCIIPunctuation($0) || $0 == 0x00B7 || $0 == 0x2026 || $0 == 0x2019 }),
    ]

    // MARK: - Character classes

    /// Where the code point that ends right before `i` starts: Java regexes see a surrogate pair
    /// as one character, so a "preceding character" group takes both halves.
    private static func previousCharacterStart(_ units: [UInt16], _ i: Int, _ pieceStart: Int) -> Int {
        if i - 2 >= pieceStart, UTF16.isTrailSurrogate(units[i - 1]), UTF16.isLeadSurrogate(units[i - 2]) {
            return i - 2
        }
        return i - 1
    }

    /// The code point that ends right before `i`.
    private static func previousCharacter(_ units: [UInt16], _ i: Int, _ pieceStart: Int) -> Unicode.Scalar? {
        let start = previousCharacterStart(units, i, pieceStart)
        if i - start == 2 { return Unicode.Scalar(0x10000 + (UInt32(units[start]) - 0xD800) << 10 + (UInt32(units[start + 1]) - 0xDC00)) }
        return Unicode.Scalar(units[start])
    }

    private static func string(_ units: [UInt16], _ start: Int, _ end: Int) -> String {
        String(decoding: units[start..<end], as: UTF16.self)
    }

    /// Java regex `\s`: space, \t, \n, \u{0B}, \f, \r.
    @inline(__always)
    static func isJavaWhitespace(_ u: UInt16) -> Bool { u == 0x20 || (u >= 0x09 && u <= 0x0D) }

    /// Java `Character.isSpaceChar`: the space, line and paragraph separators.
    static func isSpaceChar(_ u: UInt16) -> Bool {
        switch u {
        case 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    @inline(__always)
    static func isASCIILetter(_ u: UInt16) -> Bool { (u | 0x20) >= 0x61 && (u | 0x20) <= 0x7A }
    @inline(__always)
    static func isASCIIDigit(_ u: UInt16) -> Bool { u >= 0x30 && u <= 0x39 }
    @inline(__always)
    static func isASCIIAlnum(_ u: UInt16) -> Bool { isASCIILetter(u) || isASCIIDigit(u) }
    /// POSIX `\p{Punct}`: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
    @inline(__always)
    static func isASCIIPunctuation(_ u: UInt16) -> Bool {
        (u >= 0x21 && u <= 0x2F) || (u >= 0x3A && u <= 0x40) || (u >= 0x5B && u <= 0x60) || (u >= 0x7B && u <= 0x7E)
    }

    /// Finds maximal runs of one character class.
    private static func runFinder(_ isMember: @escaping @Sendable (UInt16) -> Bool) -> Finder {
        { units, _, from, end in
            var start = from
            while start < end && !isMember(units[start]) { start += 1 }
            guard start < end else { return nil }
            var stop = start + 1
            while stop < end && isMember(units[stop]) { stop += 1 }
            return (start, stop)
        }
    }

    // MARK: - Numbers

    private static let numberMultipliers: [UInt16] = Array("천만억조".utf16)
    /// Okt's unit alternatives, in regex order (the first that matches wins).
    private static let numberUnits: [[UInt16]] = ["%", "원", "달러", "위안", "옌", "엔", "유로", "등", "년", "월", "일",
                                                  "회", "시간", "시", "분", "초"].map { Array($0.utf16) }

    /// `\$?\d+(,\d{3})*([/~:.-]\d+)?(천|만|억|조)*(unit)?`
    private static func findNumber(_ units: [UInt16], _ pieceStart: Int, _ from: Int, _ end: Int) -> (start: Int, end: Int)? {
        var start = from
        while start < end {
            if isASCIIDigit(units[start]) { break }
            if units[start] == 0x24, start + 1 < end, isASCIIDigit(units[start + 1]) { break }
            start += 1
        }
        guard start < end else { return nil }
        var i = units[start] == 0x24 ? start + 1 : start
        while i < end && isASCIIDigit(units[i]) { i += 1 }
        while i + 3 < end, units[i] == 0x2C, isASCIIDigit(units[i + 1]), isASCIIDigit(units[i + 2]),
              isASCIIDigit(units[i + 3]) {
            i += 4
        }
        if i + 1 < end, [0x2F, 0x7E, 0x3A, 0x2E, 0x2D].contains(units[i]), isASCIIDigit(units[i + 1]) {
            i += 2
            while i < end && isASCIIDigit(units[i]) { i += 1 }
        }
        while i < end && numberMultipliers.contains(units[i]) { i += 1 }
        for unit in numberUnits where i + unit.count <= end && units[i..<(i + unit.count)].elementsEqual(unit) {
            i += unit.count
            break
        }
        return (start, i)
    }

    // MARK: - E-mail, URL, mention, hashtag, cashtag

    /// `[\p{Alnum}.\-_]+@[\p{Alnum}.]+`
    private static func findEmail(_ units: [UInt16], _ pieceStart: Int, _ from: Int, _ end: Int) -> (start: Int, end: Int)? {
        func isLocal(_ u: UInt16) -> Bool { isASCIIAlnum(u) || u == 0x2E || u == 0x2D || u == 0x5F }
        var at = from
        while at < end {
            if units[at] == 0x40, at > from, isLocal(units[at - 1]), at + 1 < end,
               isASCIIAlnum(units[at + 1]) || units[at + 1] == 0x2E {
                var start = at - 1
                while start > from && isLocal(units[start - 1]) { start -= 1 }
                var stop = at + 1
                while stop < end && (isASCIIAlnum(units[stop]) || units[stop] == 0x2E) { stop += 1 }
                return (start, stop)
            }
            at += 1
        }
        return nil
    }

    /// URLs starting with http://, https:// or www. (twitter-text also accepts bare domains).
    private static func findURL(_ units: [UInt16], _ pieceStart: Int, _ from: Int, _ end: Int) -> (start: Int, end: Int)? {
        let prefixes = ["https://", "http://", "www."].map { Array($0.utf16) }
        var i = from
        while i < end {
            for prefix in prefixes where i + prefix.count < end {
                let matchesPrefix = zip(units[i..<(i + prefix.count)], prefix).allSatisfy { ($0 | 0x20) == $1 | 0x20 }
                guard matchesPrefix else { continue }
                if i > pieceStart, isASCIIAlnum(units[i - 1]) || [0x40, 0x24, 0x23].contains(units[i - 1]) { continue }
                var stop = i + prefix.count
                while stop < end && units[stop] > 0x20 && units[stop] < 0x7F { stop += 1 }
                while stop > i + prefix.count && [0x2E, 0x2C, 0x21, 0x3F, 0x3A, 0x3B, 0x29, 0x27, 0x22]
                    .contains(units[stop - 1]) { stop -= 1 }
                return (i > pieceStart ? previousCharacterStart(units, i, pieceStart) : i, stop)  // twitter-text includes the preceding character
            }
            i += 1
        }
        return nil
    }

    /// `([^a-z0-9_!#$%&*@＠]|^)[@＠]+[a-z0-9_]{1,20}(/[a-z][a-z0-9_-]{0,24})?`, case-insensitive.
    private static func findScreenName(_ units: [UInt16], _ pieceStart: Int, _ from: Int, _ end: Int) -> (start: Int, end: Int)? {
        func isAt(_ u: UInt16) -> Bool { u == 0x40 || u == 0xFF20 }
        func isNameChar(_ u: UInt16) -> Bool { isASCIIAlnum(u) || u == 0x5F }
        var i = from
        while i < end {
            if isAt(units[i]) {
                let precededOK = i == pieceStart || !(isNameChar(units[i - 1]) || isAt(units[i - 1])
                    || [0x21, 0x23, 0x24, 0x25, 0x26, 0x2A].contains(units[i - 1]))
                var j = i
                while j < end && isAt(units[j]) { j += 1 }
                var stop = j
                while stop < end && stop - j < 20 && isNameChar(units[stop]) { stop += 1 }
                if precededOK && stop > j {
                    if stop + 1 < end, units[stop] == 0x2F, isASCIILetter(units[stop + 1]) {
                        var k = stop + 2
                        while k < end && k - stop - 2 < 24 && (isNameChar(units[k]) || units[k] == 0x2D) { k += 1 }
                        stop = k
                    }
                    return (i == pieceStart ? i : previousCharacterStart(units, i, pieceStart), stop)
                }
                i = j
                continue
            }
            i += 1
        }
        return nil
    }

    private static func isLetterOrMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    private static let hashtagSpecials: Set<UInt16> = [
        0x5F, 0x200C, 0x200D, 0xA67E, 0x05BE, 0x05F3, 0x05F4, 0xFF5E, 0x301C, 0x309B, 0x309C, 0x30A0,
        0x30FB, 0x3003, 0x0F0B, 0x0F0C, 0x00B7,
    ]

    private static func isHashtagChar(_ u: UInt16) -> Bool {
        Unicode.Scalar(u).map(isHashtagCharacter) ?? false
    }

    private static func isHashtagCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x10000 && hashtagSpecials.contains(UInt16(scalar.value)) { return true }
        return isLetterOrMark(scalar) || scalar.properties.generalCategory == .decimalNumber
    }

    /// `(^|\uFE0E|\uFE0F|[^&\p{L}\p{M}\p{Nd}_…])[#＃](?!\uFE0F|\u20E3)[\p{L}\p{M}\p{Nd}_…]*[\p{L}\p{M}][…]*`
    private static func findHashtag(_ units: [UInt16], _ pieceStart: Int, _ from: Int, _ end: Int) -> (start: Int, end: Int)? {
        var i = from
        while i < end {
            if units[i] == 0x23 || units[i] == 0xFF03,
               i == pieceStart || units[i - 1] == 0xFE0E || units[i - 1] == 0xFE0F
                || !(previousCharacter(units, i, pieceStart).map { $0 == "&" || isHashtagCharacter($0) } ?? false),
               i + 1 == end || (units[i + 1] != 0xFE0F && units[i + 1] != 0x20E3) {
                var stop = i + 1
                var hasLetter = false
                while stop < end && isHashtagChar(units[stop]) {
                    if let scalar = Unicode.Scalar(units[stop]), isLetterOrMark(scalar) { hasLetter = true }
                    stop += 1
                }
                if hasLetter { return (i == pieceStart ? i : previousCharacterStart(units, i, pieceStart), stop) }
            }
            i += 1
        }
        return nil
    }

    /// `(^|\s)\$[a-z]{1,6}([._][a-z]{1,2})?(?=$|\s|\p{Punct})`, case-insensitive; a piece has no
    /// ASCII whitespace, so only a cashtag opening the piece can match.
    private static func findCashTag(_ units: [UInt16], _ pieceStart: Int, _ from: Int, _ end: Int) -> (start: Int, end: Int)? {
        guard from == pieceStart, from < end, units[from] == 0x24 else { return nil }
        func boundary(_ i: Int) -> Bool { i == end || isASCIIPunctuation(units[i]) }
        var letters = 0
        while from + 1 + letters < end && letters < 6 && isASCIILetter(units[from + 1 + letters]) { letters += 1 }
        var count = letters
        while count >= 1 {
            let stop = from + 1 + count
            if stop + 1 < end, units[stop] == 0x2E || units[stop] == 0x5F, isASCIILetter(units[stop + 1]) {
                if stop + 2 < end, isASCIILetter(units[stop + 2]), boundary(stop + 3) { return (from, stop + 3) }
                if boundary(stop + 2) { return (from, stop + 2) }
            }
            if boundary(stop) { return (from, stop) }
            count -= 1
        }
        return nil
    }
}
