/// Why one attempt failed, classified for the retry policy.
public struct BackendError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The server answered with an error status.
        case http
        /// The attempt timed out.
        case timeout
        /// The connection failed or was reset.
        case connection
        /// The server's answer could not be understood.
        case malformedReply = "malformed_reply"
        /// The local engine failed (e.g. the prompt exceeds the context).
        case engine
    }

    public var kind: Kind
    /// The HTTP status, for `.http`.
    public var status: Int?
    /// How long the server asked to wait (Retry-After and rate-limit reset headers), if it said.
    public var retryAfter: Double?
    /// What went wrong, without credentials.
    public var message: String

    public init(kind: Kind, status: Int? = nil, retryAfter: Double? = nil, message: String) {
        self.kind = kind
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
    }

    /// Whether trying again can help: 408, 409, 429, 5xx, timeouts, connection failures, and
    /// replies that did not parse. Never 400, 401, 403, 404, 422 or engine errors.
    public var isRetryable: Bool {
        switch kind {
        case .timeout, .connection, .malformedReply: true
        case .engine: false
        case .http:
            switch status ?? 0 {
            case 408, 409, 429: true
            case 500...599: true
            default: false
            }
        }
    }

    /// A 429: the limiter halves its concurrency.
    public var isRateLimit: Bool { kind == .http && status == 429 }

    public var description: String {
        var text = kind.rawValue
        if let status { text += " \(status)" }
        return text + ": " + message
    }
}
