-- POST /v1/attempts for bench/run: a new Idempotency-Key on every request (a counter per wrk thread), each answering
-- the next of the 40 seeded questions in turn; or, with REPLAY=1, one fixed key and the same body (question 3) every
-- time, so every response after the first is a replay.
-- env: QBANK_KEY (the learner's bearer key), REPLAY, RUN_TAG (names the run; new keys also carry the time the
-- wrk process started, so a warm-up and the measured run never share one).
-- At the end it prints the status codes it saw ("statuses: 201=...") and, for replays, how many carried
-- Idempotent-Replayed: true, so a refused request cannot pass for a fast one.
local replay = os.getenv("REPLAY") == "1"
local run_tag = os.getenv("RUN_TAG") or "run"
local started = tostring(os.time())

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("QBANK_KEY")
local function body(question)
  return '{"question":' .. question .. ',"answer":"POST is not idempotent; the Idempotency-Key makes a retry safe.",'
    .. '"rating":"good","duration_ms":30000}'
end
wrk.body = body(3)

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

local counter = 0
statuses = {}
replayed = 0

request = function()
  counter = counter + 1
  if replay then
    wrk.headers["Idempotency-Key"] = '"bench-replay-' .. run_tag .. '"'
  else
    wrk.headers["Idempotency-Key"] = '"bench-' .. run_tag .. '-' .. started .. '-' .. thread_id .. '-' .. counter .. '"'
    return wrk.format(nil, nil, nil, body(1 + (counter + thread_id) % 40))
  end
  return wrk.format()
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if headers["Idempotent-Replayed"] == "true" or headers["idempotent-replayed"] == "true" then
    replayed = replayed + 1
  end
end

function done(summary, latency, requests)
  local total, seen = {}, 0
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do total[code] = (total[code] or 0) + n end
    seen = seen + thread:get("replayed")
  end
  local parts = {}
  for code, n in pairs(total) do table.insert(parts, code .. "=" .. n) end
  table.sort(parts)
  io.write("statuses: " .. table.concat(parts, " ") .. "\n")
  io.write("replayed: " .. seen .. "\n")
end
