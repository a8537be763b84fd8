"""An HTTP API whose operations load their modules lazily; GET / and /openapi.json load none."""
import json
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

with open("/opt/app/openapi.json", "rb") as f:
    DOCUMENT = f.read()


def mean(query, kind):
    import statistics
    values = [float(v) for v in query.get("values", ["1,2,3"])[0].split(",")]
    return {"kind": kind, "value": statistics.median(values) if kind == "median" else statistics.mean(values)}


def table(query, _):
    import csv
    import io
    rows = list(csv.reader(io.StringIO("name,count\nalpha,1\nbeta,2\n")))
    return {"header": rows[0], "rows": len(rows) - 1}


def version(query, _):
    import sqlite3
    with sqlite3.connect(":memory:") as db:
        return {"sqlite": db.execute("SELECT sqlite_version()").fetchone()[0] > "3"}


ROUTES = {"stats": mean, "table": table, "version": version}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        parts = url.path.strip("/").split("/")
        if url.path == "/openapi.json":
            self.answer(200, DOCUMENT, "application/json")
        elif url.path == "/":
            self.answer(200, b'{"service":"openapi-app"}', "application/json")
        elif parts[0] in ROUTES:
            try:
                result = ROUTES[parts[0]](parse_qs(url.query), parts[1] if len(parts) > 1 else None)
                self.answer(200, json.dumps(result).encode(), "application/json")
            except Exception as e:  # a module the slim image lacks: say so
                self.answer(500, json.dumps({"error": repr(e)}).encode(), "application/json")
        else:
            self.answer(404, b'{"error":"not found"}', "application/json")

    def answer(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
