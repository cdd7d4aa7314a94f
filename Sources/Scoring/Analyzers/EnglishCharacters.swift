/// Character predicates shared by the English tokenizer and lemmatizer: spaCy's regex character
/// classes (loaded from `tokenizer.json`) and the Python `str` predicates spaCy's code relies on.

/// A set of Unicode scalars stored as sorted closed ranges, with a bitmap for ASCII.
struct EnglishScalarClass: Sendable {
    private let asciiLow: UInt64
    private let asciiHigh: UInt64
    private let lowerBounds: [UInt32]
    private let upperBounds: [UInt32]

    init(ranges: [(UInt32, UInt32)]) {
        let sorted = ranges.sorted { $0.0 < $1.0 }
        lowerBounds = sorted.map(\.0)
        upperBounds = sorted.map(\.1)
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (first, last) in sorted where first < 128 {
            for value in first...min(last, 127) {
                if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
            }
        }
        asciiLow = low
        asciiHigh = high
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return asciiLow & (1 << UInt64(value)) != 0 }
        if value < 128 { return asciiHigh & (1 << UInt64(value - 64)) != 0 }
        // Last range whose lower bound is <= value.
        var low = 0
        var high = lowerBounds.count
        while low < high {
            let mid = (low + high) / 2
            if lowerBounds[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low > 0 && value <= upperBounds[low - 1]
    }
}

/// Python's `str.isspace()` for one character (Unicode White_Space plus U+001C...U+001F).
func englishIsPythonSpace(_ scalar: Unicode.Scalar) -> Bool { PythonText.isSpace(scalar) }

/// Python's `str.isalpha()` for one character (general category L*).
func englishIsPythonAlpha(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
        return true
    default:
        return false
    }
}

/// Python regex `\d` on `str` (general category Nd).
func englishIsRegexDigit(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 128 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
    return scalar.properties.generalCategory == .decimalNumber
}

/// Python regex `\w` on `str`: letters, numbers and `_`.
func englishIsRegexWord(_ scalar: Unicode.Scalar) -> Bool { PythonText.isWord(scalar) }

/// ASCII `[0-9]`.
@inline(__always)
func englishIsASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x30 && scalar.value <= 0x39
}

/// Python's `str.isalpha()`: non-empty and every character a letter.
func englishIsPythonAlpha(_ text: String) -> Bool {
    !text.isEmpty && text.unicodeScalars.allSatisfy { englishIsPythonAlpha($0) }
}

/// Python's `str.isdigit()` for one character (Numeric_Type Decimal or Digit).
func englishIsPythonDigit(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 128 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
    switch scalar.properties.numericType {
    case .decimal?, .digit?: return true
    default: return false
    }
}
