-- wrk script: every request asks for another of the files-app's 1,000 files (/files/d<n/100>/f<n>.txt).
local n = 0
request = function()
  n = (n + 7919) % 1000
  return wrk.format("GET", "/files/d" .. math.floor(n / 100) .. "/f" .. n .. ".txt")
end
