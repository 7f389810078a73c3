-- GET /api/products/{id} with a random id of the sample catalog (ids 1..1000) and If-None-Match: the ETag of that
-- product, read from the file the first argument names (one "id<TAB>tag" per line, written by the scenario before).
-- Every answer should be a 304 without a body; the statuses are counted, so that a 200 shows in the results.
dofile("bench/wrk/report.lua")

local tags = {}
statuses = {}

function init(args)
  seed()
  for line in io.lines(args[1]) do
    local id, tag = line:match("^(%d+)\t(.+)$")
    if id then
      table.insert(tags, {id, tag})
    end
  end
end

function request()
  local entry = tags[math.random(1, #tags)]
  return wrk.format("GET", "/api/products/" .. entry[1], {["If-None-Match"] = entry[2]})
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
