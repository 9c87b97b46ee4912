#!/usr/bin/env python3
"""Creates what the Portman contract tests need on a fresh service, through the API itself, and prints it as
PORTMAN_* lines for Portman's --envFile: a learner and their key, attempts, keys, a quiz and webhooks to read and
delete, an FSRS-6 fit job to read, and (with the admin key) questions, categories and an import job to change and delete.

usage: contract-fixtures.py BASE_URL ADMIN_KEY WEBHOOK_URL
"""
import json
import sys
import time
import urllib.request
import uuid

base, admin, webhook_url = sys.argv[1:4]


def call(method, path, body=None, key=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Authorization", "Bearer " + key)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


out = {}
signed_up = call("POST", "/v1/users", {"name": "Contract gate"})
key = signed_up["api_key"]["secret"]
out["BEARER_TOKEN"] = key
out["ADMIN_KEY"] = admin
out["USER_ID"] = signed_up["user"]["id"]
attempt = {"question": 8, "answer": "Keyset pagination.", "rating": "good", "duration_ms": 30000}
out["ATTEMPT_ID"] = call("POST", "/v1/attempts", attempt, key)["id"]
out["ATTEMPT_ID_TO_DELETE"] = call("POST", "/v1/attempts", attempt, key)["id"]
out["KEY_ID"] = call("POST", "/v1/users/me/keys", {"name": "read"}, key)["id"]
out["KEY_ID_TO_DELETE"] = call("POST", "/v1/users/me/keys", {"name": "revoke"}, key)["id"]
out["QUIZ_ID"] = call("POST", "/v1/quizzes", {"count": 2, "category": "security"}, key)["id"]
# An FSRS-6 fit job to read (the gate's service needs no usable reviews: QBANK_FSRS_FIT_MIN_REVIEWS=0), finished before
# the contract tests run, so that their own POST of a fit is not refused as one already pending.
fit = call("POST", "/v1/users/me/fsrs/fits", None, key)
for _ in range(150):
    if fit["status"] not in ("pending", "running"):
        break
    time.sleep(0.2)
    fit = call("GET", "/v1/users/me/fsrs/fits/" + fit["id"], None, key)
out["FSRS_FIT_ID"] = fit["id"]
out["WEBHOOK_URL"] = webhook_url
out["WEBHOOK_ID"] = call("POST", "/v1/webhooks", {"url": webhook_url, "events": ["attempt.created"]}, key)["id"]
out["WEBHOOK_ID_TO_DELETE"] = call("POST", "/v1/webhooks", {"url": webhook_url, "events": ["attempt.created"]}, key)["id"]

def question(label):
    return {"category": "caching", "text": f"Fixture of the contract gate ({label}, {uuid.uuid4()})?", "difficulty": "mid"}

out["QUESTION_NUMBER"] = call("POST", "/v1/questions", question("change"), admin)["number"]
out["QUESTION_NUMBER_TO_DELETE"] = call("POST", "/v1/questions", question("delete"), admin)["number"]
for name, slug in (("CATEGORY_SLUG", "gate-change"), ("CATEGORY_SLUG_TO_DELETE", "gate-delete")):
    call("POST", "/v1/categories", {"slug": slug, "name": f"Gate {slug}", "description": "A fixture of the contract gate."}, admin)
    out[name] = slug
out["IMPORT_ID"] = call("POST", "/v1/imports", [question("import")], admin)["id"]

for name, value in out.items():
    print(f"PORTMAN_{name}={value}")
