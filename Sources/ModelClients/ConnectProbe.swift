import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a TCP connection to `host:port` can be established within `timeout` seconds.
///
/// URLSession on Linux has no separate connect timeout, so an endpoint that never answers a
/// SYN would hold a request for the whole per-attempt timeout. The transport probes an endpoint
/// with this before its first request and after every connection failure; requests in between
/// reuse URLSession's live connections.
func canConnect(host: String, port: Int, timeout: Double) -> Bool {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var list: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return false }
    defer { freeaddrinfo(list) }
    var entry: UnsafeMutablePointer<addrinfo>? = first
    let deadline = Date().addingTimeInterval(timeout)
    while let address = entry {
        defer { entry = address.pointee.ai_next }
        let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { continue }
        defer { close(fd) }
        if connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return true }
        guard errno == EINPROGRESS else { continue }
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { return false }
        var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&descriptor, 1, Int32(remaining * 1000)) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        if error == 0 { return true }
    }
    return false
}

/// Per-endpoint connect checks: an endpoint is probed before its first request and again after
/// a connection failure.
actor ConnectGate {
    private var verified = false
    let timeout: Double

    init(timeout: Double) { self.timeout = timeout }

    /// Throws a `.timeout` error when `url`'s host cannot be reached within the connect timeout.
    func check(_ url: URL) throws(BackendError) {
        guard !verified else { return }
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        guard canConnect(host: url.host ?? "localhost", port: port, timeout: timeout) else {
            throw BackendError(kind: .timeout, message: "could not connect to \(HTTPTransport.origin(url)) within \(timeout) s")
        }
        verified = true
    }

    /// Forget the check after a connection failure.
    func invalidate() { verified = false }
}
