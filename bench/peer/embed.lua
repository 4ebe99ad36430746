-- wrk script: the transformers.js peer's POST /embed with one sentence per request, cycling through
-- the same corpus as encode-text.lua (bench/results/sentences.txt).
local bodies = {}
local next_body = 0

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = '{"input":"' .. line .. '"}'
  end
  next_body = math.random(#bodies)
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/embed", {["Content-Type"] = "application/json"}, bodies[next_body])
end
