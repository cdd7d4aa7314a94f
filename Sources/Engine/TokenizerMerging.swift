/// A run of bytes of the text being tokenized, linked to its neighbours (llama.cpp's `llm_symbol`).
struct Symbol {
    var start: Int32
    /// Bytes covered; 0 once merged into the symbol on its left.
    var length: Int32
    var previous: Int32
    var next: Int32
    /// The id of the symbol's text in the merger's id space, or -1 if it has none.
    var token: Int32
}

/// A candidate merge of two adjacent symbols.
struct Bigram {
    /// Higher merges first: the token score for SPM, the negated merge rank for BPE.
    var priority: Double
    var left: Int32
    var right: Int32
    /// The merged length; the bigram is stale once its symbols no longer add up to it.
    var length: Int32
    /// The id of the merged text.
    var token: Int32
}

/// Decides whether two adjacent symbols may merge, and how urgently.
protocol BigramRanker {
    /// The merge of `left` and `right`, or nil if their concatenation is not mergeable.
    func bigram(_ left: Symbol, _ right: Symbol) -> (priority: Double, token: Int32)?
}

/// A binary max-heap of bigrams: highest priority first, the leftmost among equals (the order of
/// llama.cpp's `llm_bigram_spm::comparator` and `llm_bigram_bpe::comparator`).
struct BigramQueue {
    private var heap: [Bigram] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func removeAll() { heap.removeAll(keepingCapacity: true) }

    mutating func push(_ bigram: Bigram) {
        heap.append(bigram)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Bigram {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < heap.count && Self.precedes(heap[left], heap[best]) { best = left }
                if right < heap.count && Self.precedes(heap[right], heap[best]) { best = right }
                if best == parent { break }
                heap.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }

    private static func precedes(_ a: Bigram, _ b: Bigram) -> Bool {
        a.priority > b.priority || (a.priority == b.priority && a.left < b.left)
    }
}

/// The symbols of one piece of text and the queue that merges them; reused across pieces.
struct SymbolMerger {
    var symbols: [Symbol] = []
    private var queue = BigramQueue()

    /// Starts a new piece.
    mutating func reset() {
        symbols.removeAll(keepingCapacity: true)
        queue.removeAll()
    }

    /// Appends a symbol after the last one.
    mutating func append(start: Int, length: Int, token: Int32) {
        let index = Int32(symbols.count)
        if index > 0 { symbols[Int(index) - 1].next = index }
        symbols.append(Symbol(start: Int32(start), length: Int32(length), previous: index - 1, next: -1, token: token))
    }

    /// Merges adjacent symbols, best bigram first, until no mergeable pair is left. A popped
    /// bigram is skipped if either side has been merged away or has grown since it was queued.
    mutating func merge(_ ranker: some BigramRanker) {
        guard symbols.count > 1 else { return }
        for right in 1..<symbols.count { enqueue(Int32(right - 1), Int32(right), ranker) }
        while !queue.isEmpty {
            let bigram = queue.pop()
            let left = symbols[Int(bigram.left)], right = symbols[Int(bigram.right)]
            guard left.length > 0, right.length > 0, left.length + right.length == bigram.length else { continue }
            symbols[Int(bigram.left)].length = bigram.length
            symbols[Int(bigram.left)].token = bigram.token
            symbols[Int(bigram.left)].next = right.next
            symbols[Int(bigram.right)].length = 0
            if right.next >= 0 { symbols[Int(right.next)].previous = bigram.left }
            enqueue(left.previous, bigram.left, ranker)
            enqueue(bigram.left, right.next, ranker)
        }
    }

    /// The surviving symbols in text order (the first symbol always survives).
    var survivors: some Sequence<Symbol> {
        sequence(state: symbols.isEmpty ? -1 : 0) { (index: inout Int32) -> Symbol? in
            guard index >= 0 else { return nil }
            let symbol = symbols[Int(index)]
            index = symbol.next
            return symbol
        }
    }

    private mutating func enqueue(_ left: Int32, _ right: Int32, _ ranker: some BigramRanker) {
        guard left >= 0, right >= 0 else { return }
        let l = symbols[Int(left)], r = symbols[Int(right)]
        guard let (priority, token) = ranker.bigram(l, r) else { return }
        queue.push(Bigram(priority: priority, left: left, right: right, length: l.length + r.length, token: token))
    }
}
