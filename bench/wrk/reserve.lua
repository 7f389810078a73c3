-- POST /api/inventory/{sku}/reservations {"quantity":1} on one hot sku, as one signed-in customer (BENCH_TOKEN):
-- every request queues on the same stock row.
-- 201 (reserved) and 409 (sold out) are both expected answers; anything else is an error.
dofile("bench/wrk/report.lua")

local sku = os.getenv("BENCH_SKU")
local token = os.getenv("BENCH_TOKEN")

function init(args)
  statuses = {}
end

function request()
  return wrk.format("POST", "/api/inventory/" .. sku .. "/reservations",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, '{"quantity":1}')
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
