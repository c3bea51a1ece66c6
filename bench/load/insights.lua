-- People opening their insights (bench/load.sh), each request as the next person.
dofile(os.getenv("LOAD_SCRIPTS") .. "/common.lua")
local people = lines(os.getenv("LOAD_DATA") .. "/people.txt")

request = function()
  next_index = next_index + 1
  local token = people[next_index % #people + 1]
  return wrk.format("GET", "/api/v1/insights", { ["Cookie"] = session(token) })
end
