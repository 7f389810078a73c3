#!/usr/bin/env python3
"""An OTLP/HTTP receiver that keeps nothing, for bench/scenarios/80-tracing.sh.

    otlp-sink.py PORT COUNTS_FILE

Answers 200 to every POST (on /v1/traces, what the service's exporter sends with http/protobuf) and, on SIGTERM,
writes {"requests": N, "bytes": B} to COUNTS_FILE: the exported batches it received and their size. It stands in for a
collector so that the service pays for building, batching and sending its spans, and nothing for a slow backend.
"""
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {"requests": 0, "bytes": 0}
lock = threading.Lock()


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        size = int(self.headers.get("Content-Length", 0))
        self.rfile.read(size)
        with lock:
            counts["requests"] += 1
            counts["bytes"] += size
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    port, counts_file = int(sys.argv[1]), sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", port), Sink)

    def stop(*_):
        with open(counts_file, "w") as out:
            json.dump(counts, out)
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    server.serve_forever()


if __name__ == "__main__":
    main()
