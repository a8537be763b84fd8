"""Answers GET / with what PostgreSQL at host `db` computes; exits when the database is not there."""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import psycopg2


def connect():
    last = None
    for _ in range(10):
        try:
            return psycopg2.connect(host="db", user="postgres", dbname="postgres", connect_timeout=2)
        except psycopg2.OperationalError as e:
            last = e
            time.sleep(0.5)
    print("db-app: cannot reach the database at host db: %s" % str(last).strip(), flush=True)
    sys.exit(1)


DB = connect()
with DB.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS greetings (word TEXT)")
    cursor.execute("INSERT INTO greetings VALUES ('hello'), ('world')")
DB.commit()
print("db-app: connected to the database", flush=True)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        with DB.cursor() as cursor:
            cursor.execute("SELECT string_agg(word, ' ' ORDER BY word), count(*) FROM greetings")
            words, count = cursor.fetchone()
        body = json.dumps({"service": "db-app", "words": words, "rows": count}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
