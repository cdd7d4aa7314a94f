import Records

/// USD per million tokens, per model, from a TSV file (`model<TAB>input<TAB>output`, `#` comments).
public struct PriceTable: Sendable {
    public var prices: [String: (input: Double, output: Double)]

    public init(prices: [String: (input: Double, output: Double)]) { self.prices = prices }

    /// Reads a price file; errors name the file and line.
    public init(path: String) throws {
        let text = String(decoding: try readFile(atPath: path), as: UTF8.self)
        var prices: [String: (input: Double, output: Double)] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, let input = Double(fields[1]), let output = Double(fields[2]) else {
                throw RecordError(.data, input: path, line: number + 1, problem: "expected model<TAB>input price<TAB>output price")
            }
            prices[fields[0]] = (input, output)
        }
        self.prices = prices
    }

    /// The cost in USD of the tokens, or nil when the model has no price.
    public func cost(model: String, inputTokens: Int, outputTokens: Int) -> Double? {
        prices[model].map { (Double(inputTokens) * $0.input + Double(outputTokens) * $0.output) / 1_000_000 }
    }
}

/// A rough token count for estimates before any call: about four characters of UTF-8 per token
/// (fewer characters per token for scripts with multi-byte letters, which this approximates by
/// counting bytes / 4), at least one.
public func estimatedTokens(_ text: String) -> Int { max(1, (text.utf8.count + 3) / 4) }
