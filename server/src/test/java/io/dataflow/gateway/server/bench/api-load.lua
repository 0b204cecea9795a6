-- wrk script of ApiLoadBenchmark: every request carries the bearer token and asks for the next path
-- of a list (one per line in the file given as the first argument after "--"), each thread starting
-- at its own offset; at the end one line "RESULT {json}" with the request count, errors and the
-- latency percentiles in microseconds.
--
--   wrk -t2 -c8 -d30s --latency -s api-load.lua http://127.0.0.1:8080 -- paths.txt "$TOKEN"

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no paths in " .. args[1])
  end
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Accept"] = "application/json"
  next_path = (id * 7919) % #paths
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %d, "durationMicros": %d, "non2xx": %d, "socketErrors": %d, "timeouts": %d,'
      .. ' "p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
