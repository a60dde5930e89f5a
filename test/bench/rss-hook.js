/* Loaded with NODE_OPTIONS=--require by the n8n benchmark: each process writes its peak RSS on exit,
   and the peaks of its heap, external memory and ArrayBuffers (sampled every 20 ms) after a "|". */
'use strict';
const fs = require('fs');
const file = process.env.SEEDANCE_RSS_LOG;
if (file) {
	const peak = { heapUsed: 0, external: 0, arrayBuffers: 0 };
	const sample = () => {
		const m = process.memoryUsage();
		for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], m[key]);
	};
	setInterval(sample, 20).unref();
	process.on('exit', () => {
		sample();
		const mb = (n) => (n / 1048576).toFixed(0);
		fs.appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS} ${process.argv.slice(1).join(' ')} | heap=${mb(peak.heapUsed)} external=${mb(peak.external)} arrayBuffers=${mb(peak.arrayBuffers)}\n`);
	});
}
