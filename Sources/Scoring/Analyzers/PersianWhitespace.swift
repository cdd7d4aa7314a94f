/// Python's `str.split()` without arguments, on UTF-8 bytes: splits at runs of the code points for
/// which `str.isspace()` is true and drops empty pieces.
enum PersianWhitespace {
    /// The words of `text`, which must be valid UTF-8.
    static func split(_ text: [UInt8]) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var start = 0
        var index = 0
        while index < text.count {
            let length = whitespaceLength(text, at: index)
            if length == 0 {
                index += 1
                continue
            }
            if start < index { words.append(Array(text[start..<index])) }
            index += length
            start = index
        }
        if start < text.count { words.append(Array(text[start...])) }
        return words
    }

    /// The byte length of the whitespace code point starting at `index`, or 0 when there is none.
    ///
    /// Python's whitespace: U+0009–000D, U+001C–001F, U+0020, U+0085, U+00A0, U+1680,
    /// U+2000–200A, U+2028, U+2029, U+202F, U+205F and U+3000. ZWNJ (U+200C) is not among them.
    private static func whitespaceLength(_ text: [UInt8], at index: Int) -> Int {
        func byte(_ offset: Int) -> UInt8 {
            index + offset < text.count ? text[index + offset] : 0
        }
        switch text[index] {
        case 0x09...0x0D, 0x1C...0x20:
            return 1
        case 0xC2:
            return byte(1) == 0x85 || byte(1) == 0xA0 ? 2 : 0
        case 0xE1:
            return byte(1) == 0x9A && byte(2) == 0x80 ? 3 : 0
        case 0xE2:
            switch (byte(1), byte(2)) {
            case (0x80, 0x80...0x8A), (0x80, 0xA8), (0x80, 0xA9), (0x80, 0xAF), (0x81, 0x9F):
                return 3
            default:
                return 0
            }
        case 0xE3:
            return byte(1) == 0x80 && byte(2) == 0x80 ? 3 : 0
        default:
            return 0
        }
    }
}
