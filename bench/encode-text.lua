-- wrk script: POST /encode-text with one sentence per request, cycling through the corpus
-- (bench/results/sentences.txt, written by InProcessBench so both sides embed the same texts).
local bodies = {}
local next_body = 0

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = '{"texts":["' .. line .. '"]}'
  end
  next_body = math.random(#bodies)
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/encode-text", {["Content-Type"] = "application/json"}, bodies[next_body])
end
