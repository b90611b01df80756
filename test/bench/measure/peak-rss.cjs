// Preloaded (node --require) into a process a benchmark measures: at exit, writes the process's own peak RSS and CPU
// time to the file named by ABM_BENCH_REPORT. Lets a bench run the real CLI as a user would and still read its figures.
const { writeFileSync } = require('node:fs');

const started = Date.now();
process.on('exit', (code) => {
    const file = process.env.ABM_BENCH_REPORT;
    if (!file) return;
    const cpu = process.cpuUsage();
    writeFileSync(
        file,
        JSON.stringify({
            code,
            wallMs: Date.now() - started,
            cpuMs: (cpu.user + cpu.system) / 1000,
            peakRssMb: process.resourceUsage().maxRSS / 1024
        })
    );
});
