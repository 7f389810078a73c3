-- Warm-up: GET /api/products/{id} walking through the sample catalog (ids 1..1000), thread n of N taking ids n, n+N,
-- n+2N…, so that a warm-up of at least 1,000 requests has cached every product before the measured runs.
-- Argument: N, the number of wrk threads.
dofile("bench/wrk/report.lua")

local id, step

function init(args)
  id = number
  step = tonumber(args[1])
end

function request()
  local this = id
  id = (id - 1 + step) % 1000 + 1
  return wrk.format("GET", "/api/products/" .. this)
end
