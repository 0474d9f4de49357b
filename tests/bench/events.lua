-- wrk script of the ingest suite: POSTs lead events with unique ids to random leads, one per request or
-- `batch` per request, and prints a JSON summary as its last line.
-- Arguments after `--`: <id prefix> <events per request, 0 for single events> <number of leads>
-- [counter | random]: ids `<prefix>-1`, `<prefix>-2`, … (the default), or random UUIDs (version 4).
local prefix, batch, leads, head, random_ids
local counter = 0

wrk.method = "POST"
wrk.headers["content-type"] = "application/json"

function init(args)
  prefix = args[1]
  batch = tonumber(args[2])
  leads = tonumber(args[3])
  random_ids = args[4] == "random"
  math.randomseed(os.time())
  -- The request line and headers, built once (wrk.format rebuilds them for every request, which cost
  -- the load generator more CPU than the server's JSON parse); each request adds its length and body.
  local empty = wrk.format(nil, nil, nil, "")
  head = (empty:gsub("Content%-Length: 0\r\n", "")):sub(1, -3)
  assert(#head == #empty - 21 and head:sub(-2) == "\r\n", "unexpected request layout from wrk.format")
end

local function uuid()
  local r = math.random
  return string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x", r(0, 0xffff), r(0, 0xffff), r(0, 0xffff),
    r(0, 0xfff), r(0, 0x3fff) + 0x8000, r(0, 0xffff), r(0, 0xffff), r(0, 0xffff))
end

local function event()
  counter = counter + 1
  local id = random_ids and uuid() or (prefix .. '-' .. counter)
  return '{"id":"' .. id .. '","leadId":"lead-' .. math.random(0, leads - 1)
    .. '","type":"page.visited","data":{"url":"/pricing"}}'
end

function request()
  local body
  if batch == 0 then
    body = event()
  else
    local parts = {}
    for i = 1, batch do
      parts[i] = event()
    end
    body = '{"events":[' .. table.concat(parts, ',') .. ']}'
  end
  return head .. "Content-Length: " .. #body .. "\r\n\r\n" .. body
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"non2xx":%d,"socketErrors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
