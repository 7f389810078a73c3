-- GET /api/products/{id} with a random id of the sample catalog (ids 1..1000).
dofile("bench/wrk/report.lua")

function init(args)
  seed()
end

function request()
  return wrk.format("GET", "/api/products/" .. math.random(1, 1000))
end
