-- POST /v1/attempts as many learners answering at once: each request takes the next learner's key (QBANK_KEYS, a
-- comma-separated list) and the next question (1-40), with a new Idempotency-Key every time; with REPLAY=1, every
-- request is the same learner's retry of one key (the replay path). wrk reports any response that is not 2xx/3xx.
local keys = {}
for key in string.gmatch(os.getenv("QBANK_KEYS") or "", "[^,]+") do
  table.insert(keys, key)
end
local replay = os.getenv("REPLAY") == "1"
local counter = 0
local thread_tag = "0"

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  thread_tag = tostring(thread_id) .. "-" .. tostring(os.time())
end

request = function()
  counter = counter + 1
  if replay then
    return wrk.format("POST", nil, {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. keys[1],
      ["Idempotency-Key"] = '"bench-replay"'
    }, '{"question":3,"answer":"POST is not idempotent; the Idempotency-Key makes a retry safe.","rating":"good","duration_ms":30000}')
  end
  local n = counter + (thread_id or 0) * 7
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. keys[1 + n % #keys],
    ["Idempotency-Key"] = '"bench-' .. thread_tag .. '-' .. counter .. '"'
  }, '{"question":' .. (1 + n % 40) .. ',"answer":"A benchmark answer.","rating":"good","duration_ms":30000}')
end
