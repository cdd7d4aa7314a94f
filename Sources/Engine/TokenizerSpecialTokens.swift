/// A piece of the text after special tokens are split out.
enum Fragment: Equatable {
    /// Bytes of the text, still to be tokenized.
    case text(Range<Int>)
    /// A special token found in the text.
    case token(Int32)
}

/// Splits special tokens out of a text before tokenization, as llama.cpp's
/// `tokenizer_st_partition`: control, user-defined and unknown tokens, taken one token at a time,
/// longest text first (then lowest id), every non-overlapping occurrence from the left within
/// the text not yet claimed by an earlier token. Without `parseSpecial`, only user-defined tokens
/// are split out.
///
/// The order matters: with tokens `bcd` and `ab`, "abcd" gives "a" + `bcd`, not `ab` + "cd".
/// Occurrences are found in one pass over the text with a trie of the special texts, then claimed
/// in that priority order.
struct SpecialTokenMatcher: Sendable {
    /// Trie nodes; node 0 is the root. A node's edges are `edgeBytes/edgeTargets[edgeStart[n] ..< edgeStart[n + 1]]`.
    private var edgeStart: [Int32] = []
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []
    /// The token whose text ends at each node, or -1.
    private var nodeToken: [Int32] = []
    /// The root's child for each first byte, or -1 (most bytes start no special text).
    private var rootChild = [Int32](repeating: -1, count: 256)
    /// Whether a token is split out even without `parseSpecial` (user-defined, not control or unknown).
    private var alwaysSplit: [Bool] = []
    /// The claiming order of each token: its rank by (longest text, lowest id).
    private var priority: [Int32] = []

    init(vocabulary: Vocabulary) {
        let count = vocabulary.count
        alwaysSplit = [Bool](repeating: false, count: count)
        priority = [Int32](repeating: 0, count: count)
        var specials: [Int32] = []
        for id in 0..<count {
            let attributes = vocabulary.attributes[id]
            guard attributes.intersects(.special) else { continue }
            specials.append(Int32(id))
            alwaysSplit[id] = !attributes.intersects(.hidden)
        }
        let ranked = specials.sorted {
            let a = vocabulary.text(of: $0).count, b = vocabulary.text(of: $1).count
            return a != b ? a > b : $0 < $1
        }
        for (rank, id) in ranked.enumerated() { priority[Int(id)] = Int32(rank) }
        buildTrie(specials.map { (Array(vocabulary.text(of: $0)), $0) })
    }

    /// The text's fragments, in order.
    func partition(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Fragment] {
        guard !text.isEmpty else { return [] }
        var found = occurrences(in: text, parseSpecial: parseSpecial)
        guard !found.isEmpty else { return [.text(0..<text.count)] }
        found.sort { a, b in
            a.token != b.token ? priority[Int(a.token)] < priority[Int(b.token)] : a.start < b.start
        }
        // Claimed texts are never shorter than a later candidate, so a candidate overlaps a
        // claimed one exactly when its first or last byte is claimed.
        var claimed = [Bool](repeating: false, count: text.count)
        var accepted: [Occurrence] = []
        for occurrence in found where !claimed[occurrence.start] && !claimed[occurrence.end - 1] {
            for i in occurrence.start..<occurrence.end { claimed[i] = true }
            accepted.append(occurrence)
        }
        accepted.sort { $0.start < $1.start }
        var fragments: [Fragment] = []
        var position = 0
        for occurrence in accepted {
            if occurrence.start > position { fragments.append(.text(position..<occurrence.start)) }
            fragments.append(.token(occurrence.token))
            position = occurrence.end
        }
        if position < text.count { fragments.append(.text(position..<text.count)) }
        return fragments
    }

    private struct Occurrence {
        var start: Int
        var end: Int
        var token: Int32
    }

    /// Every occurrence of every eligible special text, overlapping ones included.
    private func occurrences(in text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Occurrence] {
        var found: [Occurrence] = []
        for start in 0..<text.count {
            var node = rootChild[Int(text[start])]
            var end = start + 1
            while node >= 0 {
                let token = nodeToken[Int(node)]
                if token >= 0 && (parseSpecial || alwaysSplit[Int(token)]) {
                    found.append(Occurrence(start: start, end: end, token: token))
                }
                guard end < text.count else { break }
                node = child(of: node, text[end])
                end += 1
            }
        }
        return found
    }

    private func child(of node: Int32, _ byte: UInt8) -> Int32 {
        for edge in Int(edgeStart[Int(node)])..<Int(edgeStart[Int(node) + 1]) where edgeBytes[edge] == byte {
            return edgeTargets[edge]
        }
        return -1
    }

    /// Builds the trie in compressed form from `(text, token)` pairs. Of equal texts, the lowest
    /// id (the first to claim in llama.cpp's order) is kept.
    private mutating func buildTrie(_ entries: [([UInt8], Int32)]) {
        var children: [[UInt8: Int32]] = [[:]]
        var tokens: [Int32] = [-1]
        for (text, token) in entries {
            var node = 0
            for byte in text {
                if let next = children[node][byte] {
                    node = Int(next)
                } else {
                    children.append([:])
                    tokens.append(-1)
                    children[node][byte] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            if tokens[node] < 0 || token < tokens[node] { tokens[node] = token }
        }
        nodeToken = tokens
        edgeStart = [0]
        for edges in children {
            for (byte, target) in edges.sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(byte)
                edgeTargets.append(target)
            }
            edgeStart.append(Int32(edgeBytes.count))
        }
        for (byte, target) in children[0] { rootChild[Int(byte)] = target }
    }
}
