/// When and how long to wait before trying a failed request again.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts per request, the first included.
    public var maxAttempts: Int
    /// First backoff step, seconds; doubled per attempt, with full jitter.
    public var baseDelay: Double
    /// Longest backoff step, seconds.
    public var maxDelay: Double
    /// The longest server-requested wait honoured; a longer one means the quota is exhausted:
    /// the run parks (exit 75) instead of sleeping.
    public var retryAfterCap: Double
    /// Total time one request may take, all attempts and waits included, seconds.
    public var deadline: Double

    public init(maxAttempts: Int = 6, baseDelay: Double = 1, maxDelay: Double = 60, retryAfterCap: Double = 120, deadline: Double = 1800) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryAfterCap = retryAfterCap
        self.deadline = deadline
    }

    /// The wait before attempt `attempt + 1` after `error` on attempt `attempt` (1-based):
    /// the server's Retry-After when it gave one, else a uniformly random wait in
    /// [0, min(maxDelay, baseDelay · 2^(attempt−1))] ("full jitter").
    public func delay(after error: BackendError, attempt: Int, random: Double = Double.random(in: 0...1)) -> Double {
        if let requested = error.retryAfter { return requested }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 30)))
        return ceiling * random
    }
}

/// Additive-increase, multiplicative-decrease concurrency: starts at `initial`, adds one after
/// `window` successes in a row, halves on a 429, holds on a 5xx; never below `floor` or above `ceiling`.
public actor ConcurrencyLimiter {
    public private(set) var limit: Int
    public let floor: Int
    public let ceiling: Int
    private let window: Int
    private var successes = 0

    public init(initial: Int, floor: Int = 1, ceiling: Int, window: Int? = nil) {
        self.floor = max(1, floor)
        self.ceiling = max(self.floor, ceiling)
        let start = min(max(initial, self.floor), self.ceiling)
        limit = start
        self.window = window ?? max(1, start)
    }

    public func recordSuccess() {
        successes += 1
        if successes >= max(window, limit) && limit < ceiling {
            limit += 1
            successes = 0
        }
    }

    public func recordRateLimit() {
        limit = max(floor, limit / 2)
        successes = 0
    }

    public func recordServerError() { successes = 0 }
}

/// Several endpoints serving one model: requests go to the least busy endpoint that is not
/// cooling down; an endpoint that fails `failuresBeforeCooldown` times in a row rests for
/// `cooldown` seconds. The answer does not depend on which endpoint gave it.
public actor EndpointPool {
    struct Endpoint {
        let backend: any ModelBackend
        var inFlight = 0
        var consecutiveFailures = 0
        var restingUntil: ContinuousClock.Instant?
    }

    private var endpoints: [Endpoint]
    private let failuresBeforeCooldown: Int
    private let cooldown: Duration

    public init(_ backends: [any ModelBackend], failuresBeforeCooldown: Int = 3, cooldown: Duration = .seconds(30)) {
        precondition(!backends.isEmpty, "an endpoint pool needs a backend")
        endpoints = backends.map { Endpoint(backend: $0) }
        self.failuresBeforeCooldown = failuresBeforeCooldown
        self.cooldown = cooldown
    }

    /// Picks an endpoint for one attempt (the least busy awake one; if all rest, the one waking first).
    public func acquire() -> (index: Int, backend: any ModelBackend) {
        let now = ContinuousClock.now
        let awake = endpoints.indices.filter { endpoints[$0].restingUntil.map { $0 <= now } ?? true }
        let candidates = awake.isEmpty
            ? [endpoints.indices.min { (endpoints[$0].restingUntil ?? now) < (endpoints[$1].restingUntil ?? now) }!]
            : awake
        let index = candidates.min { endpoints[$0].inFlight < endpoints[$1].inFlight }!
        endpoints[index].inFlight += 1
        return (index, endpoints[index].backend)
    }

    /// Reports how the attempt on endpoint `index` went.
    public func release(_ index: Int, failed: Bool) {
        endpoints[index].inFlight -= 1
        if failed {
            endpoints[index].consecutiveFailures += 1
            if endpoints[index].consecutiveFailures >= failuresBeforeCooldown {
                endpoints[index].restingUntil = ContinuousClock.now + cooldown
                endpoints[index].consecutiveFailures = 0
            }
        } else {
            endpoints[index].consecutiveFailures = 0
            endpoints[index].restingUntil = nil
        }
    }
}
