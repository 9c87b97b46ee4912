-- POST /v1/attempts with a new Idempotency-Key on every request (wrk runs one copy of this script per thread).
-- env: QBANK_KEY (the learner's bearer key), REPLAY=1 to send one fixed key every time instead.
local counter = 0
local thread_tag = "0"
local replay = os.getenv("REPLAY") == "1"

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("QBANK_KEY")
wrk.body = '{"question":3,"answer":"POST is not idempotent; the Idempotency-Key makes a retry safe.","rating":"good","duration_ms":30000}'

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  -- unique per thread and per run (wrk reports non-2xx/3xx responses, so a refused request cannot pass as fast)
  thread_tag = tostring(thread_id) .. "-" .. tostring(os.time())
end

request = function()
  counter = counter + 1
  local key = replay and '"bench-replay"' or ('"bench-' .. thread_tag .. '-' .. counter .. '"')
  wrk.headers["Idempotency-Key"] = key
  return wrk.format()
end
