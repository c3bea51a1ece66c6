-- People posting check-ins (bench/load.sh), each request as the next person.
dofile(os.getenv("LOAD_SCRIPTS") .. "/common.lua")
local people = lines(os.getenv("LOAD_DATA") .. "/people.txt")

request = function()
  next_index = next_index + 1
  local token = people[next_index % #people + 1]
  return wrk.format("POST", "/api/v1/checkins", {
    ["Cookie"] = session(token),
    ["Content-Type"] = "application/json",
  }, string.format('{"pain": %d, "stress": %d}', next_index % 11, (next_index * 3) % 11))
end
