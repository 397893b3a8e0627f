-- wrk script: POSTs the rating form (v=useful or not-for-me, every tenth with a comment) to the
-- /f/ links of many notes, one after another. The links are read from the file named after "--"
-- (one path a line, as bench/all.sh writes them from the notes in the outbox).
local paths = {}
local i = 0

init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  if #paths == 0 then error("no rating links in " .. args[1]) end
end

request = function()
  i = i % #paths + 1
  local body = (i % 2 == 0) and "v=useful" or "v=not-for-me"
  if i % 10 == 0 then body = body .. "&comment=More+about+rings%2C+please." end
  return wrk.format("POST", paths[i], {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
