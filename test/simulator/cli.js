#!/usr/bin/env node
'use strict';
/**
 * node test/simulator/cli.js [--port 4010] [--host 127.0.0.1] [--api-key sk-demo]… [--progress polls|time]
 *                            [--queued-polls 1] [--running-polls 1] [--queued-ms 2000] [--running-ms 5000]
 *                            [--public-origin http://host.docker.internal:4010]
 *
 * Prints one JSON line {"origin","arkUrl","chainhubUrl"} on stdout once listening, one short line per
 * request on stderr (never the Authorization header nor the key), and exits 0 on SIGINT/SIGTERM.
 * --api-key may be repeated; without it the key is "sk-demo".
 */
const { startSimulator } = require('./index');

const USAGE =
	'usage: node test/simulator/cli.js [--port 4010] [--host 127.0.0.1] [--api-key KEY]… [--progress polls|time]\n' +
	'       [--queued-polls N] [--running-polls N] [--queued-ms MS] [--running-ms MS] [--public-origin URL]\n';

const NUMERIC = { '--port': 'port', '--queued-polls': 'queuedPolls', '--running-polls': 'runningPolls', '--queued-ms': 'queuedMs', '--running-ms': 'runningMs' };

function parseArgs(argv) {
	const opts = {};
	const keys = [];
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let value;
		if (arg === '--help' || arg === '-h') {
			process.stdout.write(USAGE);
			process.exit(0);
		}
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq > 0) {
			value = arg.slice(eq + 1);
			arg = arg.slice(0, eq);
		} else {
			value = argv[++i];
		}
		if (value === undefined) throw new Error(`${arg} needs a value`);
		if (NUMERIC[arg]) {
			if (!/^\d+$/.test(value)) throw new Error(`${arg} needs a non-negative integer`);
			opts[NUMERIC[arg]] = Number(value);
		} else if (arg === '--host') opts.host = value;
		else if (arg === '--api-key') keys.push(value);
		else if (arg === '--progress') opts.progress = value;
		else if (arg === '--public-origin') opts.publicOrigin = value;
		else throw new Error(`unknown option ${arg}`);
	}
	opts.apiKeys = keys.length ? keys : ['sk-demo'];
	return opts;
}

async function main() {
	let opts;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`${err.message}\n${USAGE}`);
		process.exit(2);
	}
	const time = () => new Date().toISOString().slice(11, 23);
	const sim = await startSimulator({ ...opts, log: (line) => process.stderr.write(`${time()} ${line}\n`) });
	process.stdout.write(JSON.stringify({ origin: sim.origin, arkUrl: sim.arkUrl, chainhubUrl: sim.chainhubUrl }) + '\n');

	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`${time()} ${signal}: stopping\n`);
		sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
	process.stderr.write(`seedance simulator: ${err.message}\n`);
	process.exit(1);
});
