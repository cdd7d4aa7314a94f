#!/usr/bin/env python3
"""A scripted model API on loopback for the ask tests (OpenAI chat completions and Anthropic
messages). The last user message chooses the behaviour, per distinct message and attempt:

  RATE:k     the first k attempts answer 429 with retry-after-ms: 50
  FAIL:k     the first k attempts answer 503 (then 500 alternately)
  BAD:k      the first k attempts answer 200 with malformed JSON
  RESET:k    the first k attempts close the connection without answering
  HANG:k     the first k attempts wait 5 s (longer than the client's timeout)
  SLOW:ms    every attempt waits ms milliseconds, then answers
  DENY       always 401 with a message echoing the Authorization header (a leak to scrub)
  QUOTA      always 429 with retry-after: 3600
  Translate… the translate-fill prompts: a Persian question, or one numbered Persian line per answer
  otherwise  200: "answer: <message>"

Prints its port on stdout, then serves until killed. GET /stats returns attempts per message.
"""
import json, re, socket, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

attempts = {}
lock = threading.Lock()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with lock:
            self.reply(200, attempts)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        message = [m for m in body["messages"] if m["role"] == "user"][-1]["content"]
        with lock:
            attempts[message] = attempts.get(message, 0) + 1
            n = attempts[message]
        tag = re.search(r"\b(RATE|FAIL|BAD|RESET|HANG|SLOW):(\d+)", message)
        kind, count = (tag.group(1), int(tag.group(2))) if tag else (None, 0)
        if "DENY" in message:
            return self.reply(401, {"error": {"message": "bad key " + self.headers.get("Authorization", self.headers.get("x-api-key", ""))}})
        if "QUOTA" in message:
            return self.reply(429, {"error": {"message": "daily quota exhausted"}}, [("retry-after", "3600")])
        if kind == "SLOW":
            time.sleep(count / 1000)
        elif n <= count:
            if kind == "RATE":
                return self.reply(429, {"error": {"message": "slow down"}}, [("retry-after-ms", "50")])
            if kind == "FAIL":
                return self.reply(503 if n % 2 else 500, {"error": {"message": "overloaded"}})
            if kind == "BAD":
                return self.reply(200, b'{"choices": [')
            if kind == "RESET":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.connection.close()
                self.close_connection = True
                return
            if kind == "HANG":
                time.sleep(5)
        if message.startswith("Translate the English question"):
            text = "پرسش دربارهٔ آمریکا"
        elif message.startswith("Translate these short answers"):
            numbers = re.findall(r"^(\d+)\. ", message, re.M)
            text = "\n".join(f"{n}. پاسخ {n}" for n in numbers)
        else:
            text = "answer: " + message
        if self.path.endswith("/v1/messages"):
            return self.reply(200, {"content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                                    "usage": {"input_tokens": len(message.split()), "output_tokens": 2}})
        return self.reply(200, {"choices": [{"message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                                "usage": {"prompt_tokens": len(message.split()), "completion_tokens": 2}})

def exit_with_parent():
    """When the test process goes away (even killed), so does this server."""
    import os
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)

import signal
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})  # a spawning thread may have blocked them
threading.Thread(target=exit_with_parent, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
