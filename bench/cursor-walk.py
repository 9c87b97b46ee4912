#!/usr/bin/env python3
"""Walks a learner's attempts with the API's own cursors (limit=100, the maximum) until DEPTH rows have been read,
and prints the cursor of the page that starts there: a real, server-signed cursor 900,000 rows deep.

usage: cursor-walk.py HOST PORT KEY DEPTH
"""
import http.client
import json
import sys
import time
import urllib.parse

host, port, key, depth = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
connection = http.client.HTTPConnection(host, port, timeout=30)
headers = {"Authorization": "Bearer " + key, "Accept-Encoding": "identity"}
cursor, read, started = None, 0, time.monotonic()
while read < depth:
    query = {"limit": min(100, depth - read)}
    if cursor:
        query["cursor"] = cursor
    connection.request("GET", "/v1/attempts?" + urllib.parse.urlencode(query), headers=headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"page after {read} rows: HTTP {response.status}: {body[:300]!r}")
    page = json.loads(body)
    read += len(page["data"])
    cursor = page["page"]["next_cursor"]
    if not cursor:
        sys.exit(f"the walk ended after {read} rows, before {depth}")
print(cursor)
print(f"walked {read} rows in {time.monotonic() - started:.1f} s", file=sys.stderr)
