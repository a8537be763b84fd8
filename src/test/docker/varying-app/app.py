"""Slimline test service whose answers vary (python3's http.server, port 8080).

GET /             stable HTML
GET /stable.json  stable JSON
GET /time         JSON with the current time
GET /uuid         text with a new UUID per request
GET /shuffled     a JSON object whose keys come in random order
GET /form         HTML with a per-request CSRF token
GET /config       JSON with the time and the features read from conf/features.json
                  ({} when the file is missing)
GET /trickle      announces 60 bytes, sends one every 5 s (5 minutes)
GET /never-ends   a body without end, a line every 200 ms
"""
import datetime
import json
import random
import signal
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FEATURES = "/opt/app/conf/features.json"


class Handler(BaseHTTPRequestHandler):

    def answer(self, status, content_type, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def json(self, document):
        self.answer(200, "application/json", json.dumps(document, separators=(",", ":")))

    def do_GET(self):
        path = self.path
        if path == "/":
            self.answer(200, "text/html", "<html><body><h1>varying-app</h1></body></html>\n")
        elif path == "/stable.json":
            self.json({"service": "varying", "version": 3, "tags": ["a", "b"]})
        elif path == "/time":
            now = datetime.datetime.now(datetime.timezone.utc)
            self.json({"service": "varying", "now": now.isoformat(), "epoch": time.time()})
        elif path == "/uuid":
            self.answer(200, "text/plain", "request " + str(uuid.uuid4()) + " served\n")
        elif path == "/shuffled":
            # eight keys: two answers in the same order happen once in 40320
            items = [("alpha", 1), ("beta", [1, 2]), ("gamma", {"x": True}), ("delta", "d"), ("epsilon", None),
                     ("zeta", 2.5), ("eta", False), ("theta", "t")]
            random.shuffle(items)
            self.answer(200, "application/json", "{" + ",".join(json.dumps(k) + ":" + json.dumps(v)
                                                                for k, v in items) + "}")
        elif path == "/form":
            token = uuid.uuid4().hex
            self.answer(200, "text/html", "<html><body><form method=\"post\" action=\"/login\">\n"
                        "<input type=\"hidden\" name=\"csrf\" value=\"" + token + "\">\n"
                        "<input name=\"user\"></form></body></html>\n")
        elif path == "/config":
            try:
                with open(FEATURES, encoding="utf-8") as source:
                    features = json.load(source)
            except FileNotFoundError:
                features = {}
            self.json({"service": "varying", "generated": time.time(), "features": features})
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "60")
            self.end_headers()
            for _ in range(60):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(5)
        elif path == "/never-ends":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            while True:
                self.wfile.write(b"still going\n")
                self.wfile.flush()
                time.sleep(0.2)
        else:
            self.answer(404, "text/plain", "not found\n")

    def log_message(self, format, *args):
        sys.stdout.write("%s\n" % (format % args))


def stop(signum, frame):
    sys.exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    server = ThreadingHTTPServer(("0.0.0.0", 8080), Handler)
    server.daemon_threads = True
    server.serve_forever()
