/// Okt's grammar of word shapes as a trie of parts of speech (open-korean-text 2.1.0
/// `KoreanPos.buildTrie` over the tokenizer's `SequenceDefinition`).
///
/// In a definition each tag letter is followed by `0` (optional), `1` (required), `*` (optional,
/// repeatable) or `+` (required, repeatable). A node's `ending` is the part of speech of a word
/// that may end there; after such a node a new word may start from the roots.
struct KoreanPosTrie: Sendable {
    struct Node: Sendable {
        var pos: KoreanPos
        var ending: KoreanPos?
        /// Indices of the nodes that may follow (a repeatable node lists itself).
        var next: [Int]
    }

    private(set) var nodes: [Node] = []
    private(set) var roots: [Int] = []

    /// Okt's definitions, in the order its Scala `Map` yields them (the roots' order breaks ties).
    static let okt = KoreanPosTrie(definitions: [
        ("v*J1r*e0", .adjective), ("D0m*N1s0j0", .noun), ("A1", .adverb), ("E+", .exclamation),
        ("v*V1r*e0", .verb), ("C1", .conjunction), ("j1", .josa),
    ])

    init(definitions: [(String, KoreanPos)]) {
        for (definition, ending) in definitions {
            roots += build(Array(definition)[...], ending: ending)
        }
    }

    private static let shortcuts: [Character: KoreanPos] = [
        "N": .noun, "V": .verb, "J": .adjective, "A": .adverb, "D": .determiner, "E": .exclamation,
        "C": .conjunction, "j": .josa, "e": .eomi, "r": .preEomi, "m": .modifier, "v": .verbPrefix,
        "s": .suffix, "a": .alpha, "n": .number, "o": .others,
    ]

    private mutating func build(_ definition: ArraySlice<Character>, ending: KoreanPos) -> [Int] {
        guard definition.count >= 2 else { return [] }
        let pos = Self.shortcuts[definition.first!]!
        let rule = definition[definition.startIndex + 1]
        let rest = definition.dropFirst(2)
        let isFinal = !rest.contains("+") && !rest.contains("1")
        let index = nodes.count
        nodes.append(Node(pos: pos, ending: isFinal ? ending : nil, next: []))
        switch rule {
        case "+":
            nodes[index].next = [index] + build(rest, ending: ending)
            return [index]
        case "*":
            nodes[index].next = [index] + build(rest, ending: ending)
            return [index] + build(rest, ending: ending)
        case "1":
            nodes[index].next = build(rest, ending: ending)
            return [index]
        default:  // "0"
            nodes[index].next = build(rest, ending: ending)
            return [index] + build(rest, ending: ending)
        }
    }
}
