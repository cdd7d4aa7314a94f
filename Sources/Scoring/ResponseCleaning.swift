/// BLEnD's cleaning of a raw response before matching (blend-scoring.md §5 A), decision for
/// decision:
///
/// 1. remove every occurrence of the exact prompt;
/// 2. in the response and the prompt, map `：` `、` `，` `。` to `:` `,` `,` `.`, and lowercase;
/// 3. if the response starts with `word:` followed by whitespace and `word` occurs in the prompt
///    (an echoed label such as "answer:"), remove every occurrence of `word:`;
/// 4. strip whitespace, then strip `.` from both ends, then lowercase.
///
/// Returns nil when there is no response (BLEnD's None), which scores 0 but still counts.
public func cleanedResponse(_ response: String?, prompt: String) -> String? {
    guard let response else { return nil }
    var text = prompt.isEmpty ? response : PythonText.replace(response, prompt, with: "")
    text = PythonText.lower(PythonText.replaceScalars(text, fullWidthPunctuation))
    if let label = leadingLabel(text),
       PythonText.contains(PythonText.lower(PythonText.replaceScalars(prompt, fullWidthPunctuation)), String(label.dropLast())) {
        text = PythonText.replace(text, label, with: "")
    }
    return PythonText.lower(PythonText.stripDots(PythonText.strip(text)))
}

/// The full-width marks BLEnD maps to ASCII before looking for a label.
private let fullWidthPunctuation: [(Unicode.Scalar, Unicode.Scalar)] = [("：", ":"), ("、", ","), ("，", ","), ("。", ".")]

/// The match of `^(\w+:)\s` at the start of `text` (the label with its colon), if any.
private func leadingLabel(_ text: String) -> String? {
    let scalars = text.unicodeScalars
    var index = scalars.startIndex
    while index < scalars.endIndex, PythonText.isWord(scalars[index]) { scalars.formIndex(after: &index) }
    guard index > scalars.startIndex, index < scalars.endIndex, scalars[index] == ":" else { return nil }
    let colon = index
    scalars.formIndex(after: &index)
    guard index < scalars.endIndex, PythonText.isSpace(scalars[index]) else { return nil }
    return String(scalars[scalars.startIndex...colon])
}
