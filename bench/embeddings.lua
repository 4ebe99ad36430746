-- wrk script: OpenAI's POST /v1/embeddings with one sentence per request, cycling through the same
-- corpus as encode-text.lua; the second argument is the encoding_format (float or base64).
local bodies = {}
local next_body = 0

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = '{"input":"' .. line .. '","model":"all-minilm-l6-v2-q","encoding_format":"'
        .. args[2] .. '"}'
  end
  next_body = math.random(#bodies)
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/v1/embeddings", {["Content-Type"] = "application/json"}, bodies[next_body])
end
