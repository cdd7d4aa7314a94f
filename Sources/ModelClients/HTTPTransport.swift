import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Records

/// Posts JSON over HTTP(S) with a per-attempt timeout, and turns every failure into a
/// classified `BackendError` whose message never contains a request header (credentials).
struct HTTPTransport: Sendable {
    let session: URLSession
    /// Whole-attempt time limit, seconds.
    let attemptTimeout: Double
    /// Limit on establishing a connection, seconds (checked by probing; see `canConnect`).
    let connectGate: ConnectGate

    init(attemptTimeout: Double, connectTimeout: Double = 10, connections: Int = 256) {
        connectGate = ConnectGate(timeout: min(connectTimeout, attemptTimeout))
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = attemptTimeout
        configuration.timeoutIntervalForResource = attemptTimeout
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
        self.attemptTimeout = attemptTimeout
    }

    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    /// POSTs `body` to `url`. Returns any status; throws only for transport failures.
    func post(_ url: URL, headers: [String: String], body: [UInt8]) async throws(BackendError) -> Response {
        try await connectGate.check(url)
        var request = URLRequest(url: url, timeoutInterval: attemptTimeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                throw BackendError(kind: .malformedReply, message: "not an HTTP response")
            }
            var lowered: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                if let key = key as? String, let value = value as? String { lowered[key.lowercased()] = value }
            }
            return Response(status: http.statusCode, headers: lowered, body: data)
        } catch let error as BackendError {
            throw error
        } catch let error as URLError {
            await connectGate.invalidate()
            switch error.code {
            case .timedOut: throw BackendError(kind: .timeout, message: "no complete answer within \(attemptTimeout) s from \(Self.origin(url))")
            default: throw BackendError(kind: .connection, message: "\(Self.origin(url)): \(error.code.rawValue) \(error.localizedDescription)")
            }
        } catch {
            await connectGate.invalidate()
            throw BackendError(kind: .connection, message: "\(Self.origin(url)): \(error.localizedDescription)")
        }
    }

    /// POSTs `body` and returns the reply body of a 2xx answer; any other status becomes an
    /// `.http` error with the server's message (with `secret` redacted) and its requested wait.
    func postExpectingSuccess(_ url: URL, headers: [String: String], body: [UInt8], secret: String?) async throws(BackendError) -> Data {
        let response = try await post(url, headers: headers, body: body)
        guard (200..<300).contains(response.status) else {
            throw BackendError(kind: .http, status: response.status, retryAfter: retryDelay(from: response.headers),
                               message: redacting(secret, in: errorMessage(response.body, status: response.status)))
        }
        return response.body
    }

    /// scheme://host:port, for messages (no path, no query, no credentials).
    static func origin(_ url: URL) -> String {
        "\(url.scheme ?? "http")://\(url.host ?? "?")" + (url.port.map { ":\($0)" } ?? "")
    }
}

/// How long a server asks the client to wait, from (in order) `retry-after-ms`, `retry-after`
/// (seconds or an HTTP date), OpenAI's `x-ratelimit-reset-requests` / `-tokens` ("6m0s",
/// "20ms") and Anthropic's `anthropic-ratelimit-*-reset` (RFC 3339). nil when none is given.
func retryDelay(from headers: [String: String], now: Date = Date()) -> Double? {
    if let ms = headers["retry-after-ms"].flatMap(Double.init) { return ms / 1000 }
    if let value = headers["retry-after"] {
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) { return max(0, date.timeIntervalSince(now)) }
    }
    let openAI = ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"].compactMap { headers[$0].flatMap(goDuration) }
    if let longest = openAI.max() { return longest }
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let anthropic = headers.filter { $0.key.hasPrefix("anthropic-ratelimit-") && $0.key.hasSuffix("-reset") }
        .compactMap { entry -> Double? in
            let plain = ISO8601DateFormatter()
            guard let date = iso.date(from: entry.value) ?? plain.date(from: entry.value) else { return nil }
            return max(0, date.timeIntervalSince(now))
        }
    return anthropic.max()
}

/// Parses a Go-style duration such as "1s", "6m0s", "20ms", "1h2m3.5s".
func goDuration(_ text: String) -> Double? {
    var total = 0.0, number = "", index = text.startIndex
    guard !text.isEmpty else { return nil }
    while index < text.endIndex {
        let c = text[index]
        if c.isNumber || c == "." { number.append(c); index = text.index(after: index); continue }
        var unit = String(c)
        index = text.index(after: index)
        if unit == "m", index < text.endIndex, text[index] == "s" { unit = "ms"; index = text.index(after: index) }
        guard let value = Double(number) else { return nil }
        switch unit {
        case "h": total += value * 3600
        case "m": total += value * 60
        case "s": total += value
        case "ms": total += value / 1000
        default: return nil
        }
        number = ""
    }
    return number.isEmpty ? total : nil
}

/// The `error.message` of an API error body, shortened; the status text when there is none.
func errorMessage(_ body: Data, status: Int) -> String {
    let text = body.withUnsafeBytes { raw -> String? in
        guard let object = try? parseObject(raw, at: RecordLocation(input: "reply", line: 1)) else { return nil }
        if let error = try? object.object("error") { return try? error.string("message") }
        return try? object.string("message")
    }
    let message = text ?? HTTPURLResponse.localizedString(forStatusCode: status)
    return message.count > 300 ? String(message.prefix(300)) + "…" : message
}

/// `text` with every occurrence of `secret` replaced, so that a server echoing a credential
/// cannot put it into a record or a log line.
func redacting(_ secret: String?, in text: String) -> String {
    guard let secret, secret.count >= 4 else { return text }
    return text.replacingOccurrences(of: secret, with: "[redacted]")
}
