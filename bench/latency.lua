-- wrk reports the 50th and 99th percentiles; the budget is on the 95th. One line the bench reads.
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d\n", summary.requests,
    latency:percentile(50), latency:percentile(95), summary.errors.status))
end
