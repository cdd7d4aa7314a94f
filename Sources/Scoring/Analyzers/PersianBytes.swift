/// Byte-level string tests for the Persian analyzer. Python compares strings code point by code
/// point; comparing UTF-8 bytes gives the same answers, whereas Swift's `String` comparison would
/// treat canonically equivalent spellings (آ and ا + U+0653, ۀ and ە + U+0654, …) as equal.
enum PersianBytes {
    /// Whether `bytes` ends with `suffix`.
    static func hasSuffix(_ bytes: ArraySlice<UInt8>, _ suffix: [UInt8]) -> Bool {
        bytes.count >= suffix.count && bytes.suffix(suffix.count).elementsEqual(suffix)
    }

    /// Whether `bytes` starts with `prefix`.
    static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ prefix: [UInt8]) -> Bool {
        bytes.starts(with: prefix)
    }
}
