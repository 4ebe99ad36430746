-- wrk script: POST the same image request (bench/results/page-request.json, written by ImageBench)
-- to the function named by the first argument.
local body
local path

function init(args)
  path = "/" .. args[1]
  local f = assert(io.open(args[2], "rb"))
  body = f:read("*a")
  f:close()
end

function request()
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end
