import Foundation

/// BLEnD's cleaning of analyzer tokens before the subset test: drop tokens that are empty or a
/// substring of Python's `string.punctuation` (single ASCII marks and runs such as `()`, but not
/// `...` or full-width marks), then NFD-normalize, delete U+0301 (combining acute) and lowercase.
/// NFD splits Hangul syllables into jamo on both sides alike; `ñ` and `ü` keep their marks.
public func cleanedTokens(_ tokens: [String]) -> [String] {
    var cleaned: [String] = []
    cleaned.reserveCapacity(tokens.count)
    for token in tokens where !token.isEmpty && !PythonText.contains(asciiPunctuation, token) {
        cleaned.append(normalizedToken(token))
    }
    return cleaned
}

/// Python's `string.punctuation`.
let asciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

/// NFD, without U+0301, lowercased.
private func normalizedToken(_ token: String) -> String {
    if token.utf8.allSatisfy({ $0 < 0x80 }) { return PythonText.lower(token) }
    let decomposed = token.decomposedStringWithCanonicalMapping
    var kept = String.UnicodeScalarView()
    for scalar in decomposed.unicodeScalars where scalar != "\u{0301}" { kept.append(scalar) }
    return PythonText.lower(String(kept))
}
