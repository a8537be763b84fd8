"""Slimline test service (Flask, port 5000).

GET /        {"status":"success","info":"yes!!!","service":"python"}
GET /report  a summary of data/sales.csv, computed with csv, sqlite3 and statistics.

Routes for exercising the app with one's own traffic (some answers vary on purpose):
GET /health, GET /time, GET /items, GET /items/<n>, GET /greet?name=..., POST /echo (JSON),
GET /session (reads the Cookie header), GET /secure (needs Authorization: Bearer letmein),
GET /page (HTML with a per-request token).

Those three modules are imported inside report() on purpose, and the data file is opened only
there: a run that serves only / never touches them, the _sqlite3 extension, libsqlite3 or the
CSV, so a slimmer that watched only / drops them and its image fails /report. Tests use that
to tell probe coverage apart.
"""
import json
import signal
import sys

from flask import Flask, Response, request

DATA_FILE = "/opt/app/data/sales.csv"

app = Flask(__name__)


def answer(document):
    # Compact, in insertion order and without Flask's trailing newline: tests compare bytes.
    return Response(json.dumps(document, separators=(",", ":")), mimetype="application/json")


@app.get("/")
def index():
    return answer({"status": "success", "info": "yes!!!", "service": "python"})


@app.get("/report")
def report():
    import csv
    import sqlite3
    import statistics

    with open(DATA_FILE, newline="", encoding="utf-8") as source:
        rows = [(r["store"], r["item"], int(r["quantity"]), float(r["price"])) for r in csv.DictReader(source)]

    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE TABLE sale (store TEXT, item TEXT, quantity INTEGER, price REAL)")
        db.executemany("INSERT INTO sale VALUES (?, ?, ?, ?)", rows)
        stores = [
            {"store": store, "quantity": quantity, "revenue": round(revenue, 2)}
            for store, quantity, revenue in db.execute(
                "SELECT store, SUM(quantity), SUM(quantity * price) FROM sale GROUP BY store ORDER BY store")
        ]
        (best_item,) = db.execute(
            "SELECT item FROM sale GROUP BY item ORDER BY SUM(quantity * price) DESC, item LIMIT 1").fetchone()
    finally:
        db.close()

    return answer({
        "status": "success",
        "service": "python",
        "report": "sales",
        "rows": len(rows),
        "stores": stores,
        "best_item": best_item,
        "median_quantity": statistics.median(r[2] for r in rows),
        "sqlite": sqlite3.sqlite_version,
    })


ITEMS = [{"id": 1, "name": "apple", "price": 0.5}, {"id": 2, "name": "pear", "price": 0.75},
         {"id": 3, "name": "plum", "price": 0.25}]


@app.get("/health")
def health():
    return answer({"status": "ok"})


@app.get("/time")
def now():
    import time
    return answer({"service": "python", "epoch": time.time()})


@app.get("/items")
def items():
    return answer({"items": ITEMS, "count": len(ITEMS)})


@app.get("/items/<int:item_id>")
def item(item_id):
    for entry in ITEMS:
        if entry["id"] == item_id:
            return answer(entry)
    return Response(json.dumps({"error": "no such item"}), status=404, mimetype="application/json")


@app.get("/greet")
def greet():
    return answer({"greeting": "hello " + request.args.get("name", "world")})


@app.post("/echo")
def echo():
    return answer({"received": request.get_json(force=True, silent=True)})


@app.get("/session")
def session():
    return answer({"cookie": "session" in request.cookies})


@app.get("/secure")
def secure():
    if request.headers.get("Authorization") != "Bearer letmein":
        return Response(json.dumps({"error": "unauthorized"}), status=401, mimetype="application/json")
    return answer({"secret": "the plums are ripe"})


@app.get("/page")
def page():
    import uuid
    return Response("<html><body><form><input type=\"hidden\" name=\"token\" value=\"" + uuid.uuid4().hex
                    + "\"></form></body></html>\n", mimetype="text/html")


def stop(signum, frame):
    # PID 1 has no default action for SIGTERM: without this, `docker stop` waits for the kill.
    sys.exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    app.run(host="0.0.0.0", port=5000)
