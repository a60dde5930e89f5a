/* Loaded with NODE_OPTIONS=--require by the n8n benchmark: each process writes its peak RSS on exit. */
'use strict';
const fs = require('fs');
const file = process.env.SEEDANCE_RSS_LOG;
if (file) {
	process.on('exit', () => {
		fs.appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS} ${process.argv.slice(1).join(' ')}\n`);
	});
}
