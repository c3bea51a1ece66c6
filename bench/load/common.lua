-- Shared by the wrk scripts of bench/load.sh: reading the people, and the
-- one result line the script parses.

function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

-- Where each wrk process starts in the list, so the two servers' clients
-- act for different people.
next_index = tonumber(os.getenv("LOAD_OFFSET") or "0")

function session(token)
  return "backcalm_session=" .. token
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.3f %.3f %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
