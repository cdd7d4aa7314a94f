import Foundation

/// en_core_web_sm's `attribute_ruler`: token patterns over TAG, LOWER and IS_SPACE that set the
/// coarse part of speech, the morphology and some lemmas (the tag map, pronouns, auxiliaries,
/// contractions). Rules apply in file order, so a later rule overrides an earlier one.
///
/// The model's rules that test the parser's DEP labels are left out by the data script (see
/// `scripts/analyzer-data/en.sh`).
struct EnglishAttributeRuler: Sendable {
    /// The attributes of one token the ruler reads.
    struct Token {
        var lower: String
        var tag: String
        var isSpace: Bool
    }

    /// The attributes the ruler sets; `nil` or "" where no rule set them.
    struct Annotation: Equatable {
        var pos = ""
        var morph = ""
        var lemma: String?
    }

    private enum Test: Sendable {
        case oneOf(Set<String>)
        case noneOf(Set<String>)

        func accepts(_ value: String) -> Bool {
            switch self {
            case .oneOf(let values): values.contains(value)
            case .noneOf(let values): !values.contains(value)
            }
        }
    }

    private struct TokenPattern: Sendable {
        var tag: Test?
        var lower: Test?
        var isSpace: Bool?

        func matches(_ token: Token) -> Bool {
            (tag?.accepts(token.tag) ?? true) && (lower?.accepts(token.lower) ?? true)
                && (isSpace.map { $0 == token.isSpace } ?? true)
        }
    }

    private struct Rule: Sendable {
        var patterns: [[TokenPattern]]
        /// Which token of a match gets the attributes (negative: from the end).
        var index: Int
        var pos: String?
        var morph: String?
        var lemma: String?
    }

    private let rules: [Rule]
    /// Every word a LOWER test accepts, and whether some test could accept any word (a negated
    /// LOWER test, or a multi-token rule with a token that has no LOWER test).
    private let testedWords: Set<String>
    private let testsAnyWord: Bool
    /// Rule numbers by the tag their patterns require of a match's first token; rules whose
    /// first token may have any tag are in `anyTagRules`.
    private let rulesByFirstTag: [String: [Int]]
    private let anyTagRules: [Int]

    /// Loads `attribute_ruler.json` (written by `scripts/analyzer-data/en.sh`).
    init(dataFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerDataError(path: path, problem: "missing")
        }
        guard let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]], !entries.isEmpty else {
            throw AnalyzerDataError(path: path, problem: "malformed attribute ruler patterns")
        }
        func test(_ value: Any?) throws -> Test? {
            guard let value else { return nil }
            if let values = (value as? [String: [String]])?["in"] { return .oneOf(Set(values)) }
            if let values = (value as? [String: [String]])?["notIn"] { return .noneOf(Set(values)) }
            throw AnalyzerDataError(path: path, problem: "unknown token test \(value)")
        }
        var rules: [Rule] = []
        for entry in entries {
            guard let patterns = entry["patterns"] as? [[[String: Any]]], let attrs = entry["attrs"] as? [String: String],
                  let index = entry["index"] as? Int else {
                throw AnalyzerDataError(path: path, problem: "malformed rule \(entry)")
            }
            let parsed = try patterns.map { pattern in
                try pattern.map { spec in
                    guard Set(spec.keys).isSubset(of: ["TAG", "LOWER", "IS_SPACE"]) else {
                        throw AnalyzerDataError(path: path, problem: "unsupported token attribute in \(spec)")
                    }
                    return TokenPattern(tag: try test(spec["TAG"]), lower: try test(spec["LOWER"]),
                                        isSpace: spec["IS_SPACE"] as? Bool)
                }
            }
            guard parsed.allSatisfy({ !$0.isEmpty && -$0.count <= index && index < $0.count }) else {
                throw AnalyzerDataError(path: path, problem: "rule index \(index) outside its pattern")
            }
            rules.append(Rule(patterns: parsed, index: index, pos: attrs["POS"], morph: attrs["MORPH"], lemma: attrs["LEMMA"]))
        }
        self.rules = rules

        var byTag: [String: [Int]] = [:]
        var anyTag: [Int] = []
        for (number, rule) in rules.enumerated() {
            let firstTags = rule.patterns.map { pattern -> Set<String>? in
                if case .oneOf(let tags)? = pattern[0].tag { return tags }
                return nil
            }
            if firstTags.allSatisfy({ $0 != nil }) {
                for tag in firstTags.reduce(into: Set<String>(), { $0.formUnion($1!) }) { byTag[tag, default: []].append(number) }
            } else {
                anyTag.append(number)
            }
        }
        rulesByFirstTag = byTag
        anyTagRules = anyTag

        var words = Set<String>()
        var anyWord = false
        for rule in rules {
            for pattern in rule.patterns {
                for spec in pattern {
                    switch spec.lower {
                    case .oneOf(let values)?: words.formUnion(values)
                    case .noneOf?: anyWord = true
                    case nil: break
                    }
                }
                // A multi-token rule with a token that has no LOWER test could see a neighbour's tag.
                if pattern.count > 1 && pattern.contains(where: { $0.lower == nil }) { anyWord = true }
            }
        }
        testedWords = words
        testsAnyWord = anyWord
    }

    /// Whether a rule that tests LOWER may apply to a token with this lowercase form. Other
    /// tokens get what the tag map gives their tag (`annotate` of the token alone).
    func mayTestWord(_ lower: String) -> Bool {
        testsAnyWord || testedWords.contains(lower)
    }

    /// The ruler's attributes for each token.
    func annotate(_ tokens: [Token]) -> [Annotation] {
        // (rule, token) for every match, applied in rule order like spaCy's sorted matches.
        var hits: [(rule: Int, token: Int)] = []
        func collect(_ number: Int, at start: Int) {
            let rule = rules[number]
            for pattern in rule.patterns where start + pattern.count <= tokens.count {
                if pattern.indices.allSatisfy({ pattern[$0].matches(tokens[start + $0]) }) {
                    hits.append((number, start + (rule.index >= 0 ? rule.index : pattern.count + rule.index)))
                }
            }
        }
        for start in tokens.indices {
            for number in rulesByFirstTag[tokens[start].tag] ?? [] { collect(number, at: start) }
            for number in anyTagRules { collect(number, at: start) }
        }
        hits.sort { $0.rule < $1.rule }
        var annotations = [Annotation](repeating: Annotation(), count: tokens.count)
        for hit in hits {
            let rule = rules[hit.rule]
            if let pos = rule.pos { annotations[hit.token].pos = pos }
            if let morph = rule.morph { annotations[hit.token].morph = morph == "_" ? "" : morph }
            if let lemma = rule.lemma { annotations[hit.token].lemma = lemma }
        }
        return annotations
    }
}
