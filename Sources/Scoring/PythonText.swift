#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few Python `str` operations BLEnD's scorer is built from, reproduced on Unicode scalars
/// (Python strings are sequences of code points, while Swift's `String` compares and searches by
/// grapheme cluster under canonical equivalence — which would change decisions).
enum PythonText {
    /// `ch.isspace()`: bidirectional class WS, B or S, or general category Zs. This includes the
    /// ASCII information separators U+001C...U+001F, which BLEnD's data contains.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Whether `re`'s Unicode `\w` matches: `_` and `str.isalnum()` — letters (L*) and every code
    /// point with a numeric value. Combining marks and format characters such as ZWNJ are not
    /// word characters in Python.
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        if scalar.properties.numericType != nil { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return false
        }
    }

    /// `s.lower()`: the full lowercase mapping of every code point.
    static func lower(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) {
            needsWork = true
            break
        }
        if !needsWork { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let v = UInt8(scalar.value)
                bytes.append(v >= 0x41 && v <= 0x5A ? v + 0x20 : v)
            } else if scalar.properties.changesWhenLowercased {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                bytes.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `s.strip()`: removes leading and trailing `isspace` code points.
    static func strip(_ text: String) -> String {
        strip(text, where: isSpace)
    }

    /// `s.strip(".")`.
    static func stripDots(_ text: String) -> String {
        strip(text, where: { $0 == "." })
    }

    private static func strip(_ text: String, where drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, drop(scalars[start]) { scalars.formIndex(after: &start) }
        while end > start {
            let before = scalars.index(before: end)
            guard drop(scalars[before]) else { break }
            end = before
        }
        if start == scalars.startIndex && end == scalars.endIndex { return text }
        return String(scalars[start..<end])
    }

    /// `needle in haystack`: a code-point substring test (an empty needle is always contained).
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                if n.isEmpty { return true }
                if n.count > h.count { return false }
                // UTF-8 is self-synchronising, so a byte match is a code-point match.
                return firstOffset(of: n, in: h, from: 0) != nil
            }
        }
    }

    /// `haystack.replace(old, new)` for a non-empty `old`: every non-overlapping occurrence, left to right.
    static func replace(_ haystack: String, _ old: String, with new: String) -> String {
        precondition(!old.isEmpty)
        guard contains(haystack, old) else { return haystack }
        var haystack = haystack
        var old = old
        return haystack.withUTF8 { h in
            old.withUTF8 { o in
                var result: [UInt8] = []
                result.reserveCapacity(h.count)
                var position = 0
                while position < h.count {
                    guard let offset = firstOffset(of: o, in: h, from: position) else { break }
                    result.append(contentsOf: h[position..<offset])
                    result.append(contentsOf: new.utf8)
                    position = offset + o.count
                }
                result.append(contentsOf: h[position...])
                return String(decoding: result, as: UTF8.self)
            }
        }
    }

    /// The offset of the first occurrence of the non-empty `needle` in `haystack` at or after `start`.
    private static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>,
                                    from start: Int) -> Int? {
        let first = Int32(needle[0])
        let last = haystack.count - needle.count
        var position = start
        while position <= last {
            guard let hit = memchr(haystack.baseAddress! + position, first, last - position + 1) else { return nil }
            let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(haystack.baseAddress!)
            if memcmp(haystack.baseAddress! + offset, needle.baseAddress!, needle.count) == 0 { return offset }
            position = offset + 1
        }
        return nil
    }

    /// `s.replace(a, b)` for single code points, applied for every pair in `pairs`.
    static func replaceScalars(_ text: String, _ pairs: [(Unicode.Scalar, Unicode.Scalar)]) -> String {
        guard text.unicodeScalars.contains(where: { s in pairs.contains { $0.0 == s } }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(pairs.first { $0.0 == scalar }?.1 ?? scalar)
        }
        return String(result)
    }
}
