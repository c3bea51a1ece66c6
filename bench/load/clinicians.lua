-- Clinicians opening their patient list, then one patient's report, in
-- turn (bench/load.sh); each pair as the next clinician, each report for
-- the next of that clinician's patients.
dofile(os.getenv("LOAD_SCRIPTS") .. "/common.lua")
local clinicians = {}
for _, line in ipairs(lines(os.getenv("LOAD_DATA") .. "/clinicians.txt")) do
  local token, ids = line:match("^(%S+) (%S+)$")
  local patients = {}
  for id in ids:gmatch("[^,]+") do patients[#patients + 1] = id end
  clinicians[#clinicians + 1] = { token = token, patients = patients }
end

request = function()
  next_index = next_index + 1
  local pair = math.floor(next_index / 2)
  local c = clinicians[pair % #clinicians + 1]
  local headers = { ["Cookie"] = session(c.token) }
  if next_index % 2 == 0 then
    return wrk.format("GET", "/api/v1/patients", headers)
  end
  local patient = c.patients[math.floor(pair / #clinicians) % #c.patients + 1]
  return wrk.format("GET", "/api/v1/patients/" .. patient .. "/report", headers)
end
