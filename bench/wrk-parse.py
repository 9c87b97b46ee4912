#!/usr/bin/env python3
"""Reads wrk --latency output on stdin; prints JSON: requests/s, p50 and p99 in ms, requests, non-2xx/3xx, errors
(and the status codes and replays a bench/lua script reported)."""
import json
import re
import sys

text = sys.stdin.read()


def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
          "p50": ms(re.search(r"\s50%\s+(\S+)", text).group(1)),
          "p99": ms(re.search(r"\s99%\s+(\S+)", text).group(1)),
          "requests": int(re.search(r"(\d+) requests in", text).group(1))}
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
result["non_2xx_3xx"] = int(bad.group(1)) if bad else 0
errors = re.search(r"Socket errors: (.*)", text)
result["socket_errors"] = errors.group(1).strip() if errors else ""
# Lines printed by bench/lua scripts' done(): the status codes seen, and how many responses were replays.
statuses = re.search(r"^statuses: (.*)$", text, re.M)
if statuses:
    result["statuses"] = statuses.group(1).strip()
replayed = re.search(r"^replayed: (\d+)$", text, re.M)
if replayed:
    result["replayed"] = int(replayed.group(1))
print(json.dumps(result))
