// Preloaded (`node --require`) by the benchmark when /usr/bin/time is missing: writes this process's peak
// resident set size (getrusage's ru_maxrss, KiB on Linux) to the file named by BENCH_MAX_RSS_OUT at exit.
// Preloaded the same way into the bare `node -e ''` it is compared with, so both carry the same overhead.
const { writeFileSync } = require('node:fs');
process.on('exit', () => writeFileSync(process.env.BENCH_MAX_RSS_OUT, String(process.resourceUsage().maxRSS)));
