-- GET /api/products?page=N&size=20: a random page of the sample catalog's listing (1,000 products: pages 0..49).
dofile("bench/wrk/report.lua")

function init(args)
  seed()
end

function request()
  return wrk.format("GET", "/api/products?page=" .. math.random(0, 49) .. "&size=20")
end
