/// spaCy's `URL_MATCH` (spacy/lang/tokenizer_exceptions.py, after Diego Perini's URL regex) as a
/// hand-written recognizer: the whole string must be
/// `[scheme://][userinfo@](IPv4 | (label.)+tld)[:port][/?#path]`.
enum EnglishURLMatcher {
    typealias Scalars = ArraySlice<Unicode.Scalar>

    static func matches(_ text: Scalars, alphaLower: EnglishScalarClass) -> Bool {
        var hostStarts = [text.startIndex]
        // (?:(?:[\w\+\-\.]{2,})://)?  -- the scheme class excludes ':', so only the first ':' can end it.
        if let colon = text.firstIndex(of: ":"), colon - text.startIndex >= 2,
           text[text.startIndex..<colon].allSatisfy(isSchemeCharacter),
           colon + 2 < text.endIndex, text[colon + 1] == "/", text[colon + 2] == "/" {
            hostStarts.append(colon + 3)
        }
        for start in hostStarts {
            // (?:\S+(?::\S*)?@)?  -- any '@' with at least one character before it.
            var candidates = [start]
            for index in start..<text.endIndex where text[index] == "@" && index > start {
                candidates.append(index + 1)
            }
            for host in candidates {
                if matchesIPv4(text, from: host) || matchesDomain(text, from: host, alphaLower: alphaLower) {
                    return true
                }
            }
        }
        return false
    }

    private static func isSchemeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        englishIsRegexWord(scalar) || scalar == "+" || scalar == "-" || scalar == "."
    }

    /// `[A-Za-z0-9\u00a1-\uffff]`
    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xA1...0xFFFF: return true
        default: return false
        }
    }

    /// `(?::\d{2,5})?(?:[/?#]\S*)?$` from `position`.
    private static func matchesPortPathEnd(_ text: Scalars, from position: Int) -> Bool {
        var position = position
        if position < text.endIndex && text[position] == ":" {
            let digits = text[(position + 1)...].prefix(while: englishIsRegexDigit).count
            guard (2...5).contains(digits) else { return false }
            position += 1 + digits
        }
        if position == text.endIndex { return true }
        return "/?#".unicodeScalars.contains(text[position])
    }

    /// `(?:(?:[host][host_-]{0,62})?[host]\.)+(?:[alphaLower]{2,63})` then port, path, end.
    private static func matchesDomain(_ text: Scalars, from start: Int, alphaLower: EnglishScalarClass) -> Bool {
        var labelStart = start
        while labelStart < text.endIndex {
            var end = labelStart
            while end < text.endIndex, text[end] != ".",
                  isHostCharacter(text[end]) || text[end] == "_" || text[end] == "-" {
                end += 1
            }
            let length = end - labelStart
            guard end < text.endIndex, text[end] == ".", (1...64).contains(length),
                  isHostCharacter(text[labelStart]), isHostCharacter(text[end - 1])
            else { return false }
            let tldStart = end + 1
            let tldLength = text[tldStart...].prefix(while: alphaLower.contains).count
            if (2...63).contains(tldLength) && matchesPortPathEnd(text, from: tldStart + tldLength) {
                return true
            }
            labelStart = tldStart
        }
        return false
    }

    // MARK: IPv4

    private static func digit(_ text: Scalars, _ index: Int) -> Unicode.Scalar? {
        index < text.endIndex && englishIsRegexDigit(text[index]) ? text[index] : nil
    }

    private static func isASCII(_ scalar: Unicode.Scalar?, in range: ClosedRange<Character>) -> Bool {
        guard let scalar, scalar.isASCII else { return false }
        return range.contains(Character(scalar))
    }

    private static func starts(_ text: Scalars, at index: Int, with literal: String) -> Bool {
        let scalars = Array(literal.unicodeScalars)
        return index + scalars.count <= text.endIndex
            && text[index..<index + scalars.count].elementsEqual(scalars)
    }

    /// `(?:\.\d{1,3}){count}` can match at `index` (used only inside look-aheads, so nothing
    /// needs to follow: only the last group may stop inside a longer run of digits).
    private static func dottedGroupsFollow(_ text: Scalars, at index: Int, count: Int) -> Bool {
        var position = index
        for group in 0..<count {
            guard position < text.endIndex, text[position] == "." else { return false }
            let run = text[(position + 1)...].prefix(while: englishIsRegexDigit).count
            guard run >= 1 else { return false }
            if group == count - 1 { return true }
            guard run <= 3 else { return false }
            position += 1 + run
        }
        return true
    }

    /// The lengths one octet alternative can match at `index`.
    private static func octetLengths(_ text: Scalars, at index: Int, kind: Int) -> [Int] {
        let d0 = digit(text, index), d1 = digit(text, index + 1), d2 = digit(text, index + 2)
        var lengths: [Int] = []
        switch kind {
        case 0: // [1-9]\d?|1\d\d|2[01]\d|22[0-3]
            if isASCII(d0, in: "1"..."9") { lengths.append(1); if d1 != nil { lengths.append(2) } }
            if d0 == "1" && d1 != nil && d2 != nil { lengths.append(3) }
            if d0 == "2" && isASCII(d1, in: "0"..."1") && d2 != nil { lengths.append(3) }
            if d0 == "2" && d1 == "2" && isASCII(d2, in: "0"..."3") { lengths.append(3) }
        case 1: // 1?\d{1,2}|2[0-4]\d|25[0-5]
            if d0 != nil { lengths.append(1); if d1 != nil { lengths.append(2) } }
            if d0 == "1" && d1 != nil && d2 != nil { lengths.append(3) }
            if d0 == "2" && isASCII(d1, in: "0"..."4") && d2 != nil { lengths.append(3) }
            if d0 == "2" && d1 == "5" && isASCII(d2, in: "0"..."5") { lengths.append(3) }
        default: // [1-9]\d?|1\d\d|2[0-4]\d|25[0-4]
            if isASCII(d0, in: "1"..."9") { lengths.append(1); if d1 != nil { lengths.append(2) } }
            if d0 == "1" && d1 != nil && d2 != nil { lengths.append(3) }
            if d0 == "2" && isASCII(d1, in: "0"..."4") && d2 != nil { lengths.append(3) }
            if d0 == "2" && d1 == "5" && isASCII(d2, in: "0"..."4") { lengths.append(3) }
        }
        return lengths
    }

    /// Octets `kinds[step...]` (each after a '.', except the first) then port, path, end.
    private static func matchesOctets(_ text: Scalars, at index: Int, step: Int) -> Bool {
        let kinds = [0, 1, 1, 2]
        if step == kinds.count { return matchesPortPathEnd(text, from: index) }
        var position = index
        if step > 0 {
            guard position < text.endIndex, text[position] == "." else { return false }
            position += 1
        }
        return octetLengths(text, at: position, kind: kinds[step]).contains {
            matchesOctets(text, at: position + $0, step: step + 1)
        }
    }

    private static func matchesIPv4(_ text: Scalars, from start: Int) -> Bool {
        guard digit(text, start) != nil else { return false }
        // Private and local networks are excluded by negative look-aheads.
        if (starts(text, at: start, with: "10") && dottedGroupsFollow(text, at: start + 2, count: 3))
            || (starts(text, at: start, with: "127") && dottedGroupsFollow(text, at: start + 3, count: 3))
            || ((starts(text, at: start, with: "169.254") || starts(text, at: start, with: "192.168"))
                && dottedGroupsFollow(text, at: start + 7, count: 2)) {
            return false
        }
        if starts(text, at: start, with: "172.") {
            let a = digit(text, start + 4), b = digit(text, start + 5)
            let second = (a == "1" && isASCII(b, in: "6"..."9")) || (a == "2" && b != nil)
                || (a == "3" && isASCII(b, in: "0"..."1"))
            if second && dottedGroupsFollow(text, at: start + 6, count: 2) { return false }
        }
        return matchesOctets(text, at: start, step: 0)
    }
}
