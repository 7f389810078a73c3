-- POST /api/inventory/{sku}/reservations {"quantity":1} on one sku in a flash sale, as many signed-in buyers
-- (BENCH_TOKENS, comma-separated), one after the other, so that no buyer reaches the sale's per-user limit early.
-- 202 (accepted by the gate) and 409 (sold out, or a buyer's limit reached) are both expected; anything else is an
-- error.
dofile("bench/wrk/report.lua")

local sku = os.getenv("BENCH_SKU")
local tokens = {}
for token in string.gmatch(os.getenv("BENCH_TOKENS"), "[^,]+") do
  table.insert(tokens, token)
end

function init(args)
  statuses = {}
  sent = number
end

function request()
  sent = sent + 1
  return wrk.format("POST", "/api/inventory/" .. sku .. "/reservations",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[sent % #tokens + 1] },
    '{"quantity":1}')
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
