#!/usr/bin/env python3
"""A webhook receiver for trying qbank's webhooks on your own machine (docs/writes.md, "Webhooks").

    python3 tools/webhook-receiver.py webhook.json

webhook.json is the response of POST /v1/webhooks, saved as it came: the receiver listens where its `url` points
(host, port and path) and verifies each delivery with its `secret`, as Standard Webhooks asks: the HMAC-SHA256 of
`{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded part of the secret after `whsec_`, against
every signature in `webhook-signature`; a timestamp more than five minutes away is refused too (replays). A verified
delivery is answered 204 and printed once per `webhook-id` (deliveries are at least once: retries repeat the id);
anything else is answered 401 and printed as refused. Python's standard library only.

qbank refuses webhook URLs on loopback and private addresses unless the service runs with
QBANK_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true: set it for local development only.
"""
import base64
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit

TOLERANCE_SECONDS = 300


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: webhook-receiver.py <the response of POST /v1/webhooks, as a file>")
    with open(sys.argv[1]) as f:
        webhook = json.load(f)
    url = urlsplit(webhook["url"])
    key = base64.b64decode(webhook["secret"].removeprefix("whsec_"))
    seen = set()  # webhook-ids already handled; a real receiver keeps them in its database

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            msg_id = self.headers.get("webhook-id", "")
            timestamp = self.headers.get("webhook-timestamp", "0")
            mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
            expected = "v1," + base64.b64encode(mac).decode()
            signatures = self.headers.get("webhook-signature", "").split()
            valid = any(hmac.compare_digest(expected, s) for s in signatures)
            fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) <= TOLERANCE_SECONDS
            if self.path != (url.path or "/") or not valid or not fresh:
                print(f"refused {self.path} webhook-id={msg_id} (signature valid: {valid}, fresh: {fresh})", flush=True)
                self.send_response(401)
            else:
                if msg_id not in seen:
                    seen.add(msg_id)
                    event = json.loads(body)
                    print(f"verified {event['type']} webhook-id={msg_id} data={json.dumps(event['data'])}", flush=True)
                self.send_response(204)
            self.end_headers()

        def log_message(self, format, *args):  # one line per delivery is enough
            pass

    server = HTTPServer((url.hostname, url.port or 80), Receiver)
    print(f"listening on {webhook['url']}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
