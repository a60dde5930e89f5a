#!/usr/bin/env node
'use strict';
/**
 * `npm start`: real n8n with this node, ready to click through, on http://localhost:5678.
 *
 *   1. builds the package (npm run build) and packs it (npm pack), like a release;
 *   2. installs n8n 2.x once into ~/.cache/n8n-nodes-seedance (scripts/install-n8n.sh; a few minutes
 *      the first time) and the packed node into a demo user folder there (never into the repo);
 *   3. starts the Seedance API simulator (test/simulator, videos ready ~7 s after a request), unless
 *      SEEDANCE_API_KEY is set: then the credential points at the real API;
 *   4. imports a "Seedance API" credential and the example workflows (examples/*.json);
 *   5. starts n8n, creates its owner account and prints how to sign in and the examples' addresses
 *      (n8n 2.x shows its "n8n Assistant" page after sign-in, not the workflows). Ctrl-C stops everything.
 *
 * Environment:
 *   SEEDANCE_API_KEY       use the real API with this key instead of the simulator
 *   SEEDANCE_BASE_URL      the real API's base URL (default ChainHub's); a known provider URL picks
 *                          that provider, anything else becomes a custom base URL
 *   SEEDANCE_PROVIDER      chainhub | volcengine | byteplus | custom (instead of guessing from the URL)
 *   N8N_PORT               n8n's port (default 5678)
 *   N8N_LISTEN_ADDRESS     where n8n listens (default 127.0.0.1: only this machine)
 *   SEEDANCE_N8N_MAJOR     1 to run n8n 1.x instead of 2.x
 *   SEEDANCE_N8N_CACHE     where n8n is installed (default ~/.cache/n8n-nodes-seedance)
 *   SEEDANCE_DEMO_DIR      the demo's n8n user folder and files (default <cache>/demo)
 *   SEEDANCE_SIMULATOR_PORT  the simulator's port (default 4010, or any free one if taken)
 * Flags:
 *   --skip-build           use dist/ as it is
 *   --reset                start from an empty n8n database (forgets your changes to the demo)
 *   --reimport             import the example workflows again (overwrites the demo's copies)
 *   --check                start, run the "generate, wait and download" example through n8n's REST
 *                          API, report, and stop (a smoke test; simulator only)
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');

const lib = require('./e2e-lib');

const args = new Set(process.argv.slice(2));
for (const arg of args) {
	if (!['--skip-build', '--reset', '--reimport', '--check', '--help', '-h'].includes(arg)) {
		console.error(`unknown option ${arg} (try --help)`);
		process.exit(2);
	}
}
if (args.has('--help') || args.has('-h')) {
	const source = fs.readFileSync(__filename, 'utf8');
	console.log(source.slice(source.indexOf('/**') + 4, source.indexOf('*/')).replace(/^ \* ?/gm, ''));
	process.exit(0);
}

const CREDENTIAL = { id: 'seedanceDemoCred', name: 'Seedance API' };
const OWNER_DEFAULT = { email: 'demo@example.com', password: 'Seedance-demo-1', firstName: 'Demo', lastName: 'User' };
const SIM_KEY = 'sk-demo';
const PROVIDER_URLS = {
	chainhub: 'https://api.chainhub.tech/volc/v1',
	volcengine: 'https://ark.cn-beijing.volces.com/api/v3',
	byteplus: 'https://ark.ap-southeast.bytepluses.com/api/v3',
};

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const step = (s) => console.log(`\n${bold(`==> ${s}`)}`);
const indent = (prefix) => (text) => {
	for (const line of String(text).split('\n')) if (line.trim()) process.stdout.write(`${prefix}${line}\n`);
};

let n8n;
let simulator;
let stopping = false;

async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	console.log('\nStopping…');
	if (n8n) await n8n.stop(10_000).catch(() => {});
	if (simulator) await lib.killGroup(simulator, 3000).catch(() => {});
	process.exit(code);
}
process.on('SIGINT', () => {
	if (stopping) process.exit(130); // second Ctrl-C: don't wait
	shutdown(0);
});
process.on('SIGTERM', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));

function fail(message) {
	console.error(`\n${bold('npm start failed:')} ${message}`);
	return shutdown(1);
}

/** The simulator CLI in its own process group; resolves with its {origin, arkUrl, chainhubUrl}. */
function startSimulatorProcess(port) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[path.join(lib.ROOT, 'test', 'simulator', 'cli.js'), '--port', String(port), '--api-key', SIM_KEY, '--progress', 'time'],
			{ cwd: lib.ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		simulator = child;
		child.stderr.on('data', (chunk) => indent('[simulator] ')(chunk));
		const lines = readline.createInterface({ input: child.stdout });
		lines.once('line', (line) => {
			try {
				resolve(JSON.parse(line));
			} catch {
				reject(new Error(`the simulator printed ${line}`));
			}
		});
		child.once('exit', (code) => {
			if (!stopping) reject(new Error(`the simulator exited (${code})`));
		});
	});
}

function realApiCredential() {
	const baseUrl = (process.env.SEEDANCE_BASE_URL || '').trim().replace(/\/+$/, '');
	let provider = (process.env.SEEDANCE_PROVIDER || '').trim();
	if (!provider) {
		provider = baseUrl ? Object.keys(PROVIDER_URLS).find((key) => PROVIDER_URLS[key] === baseUrl) || 'custom' : 'chainhub';
	}
	if (![...Object.keys(PROVIDER_URLS), 'custom'].includes(provider)) throw new Error(`SEEDANCE_PROVIDER must be chainhub, volcengine, byteplus or custom, not ${provider}`);
	if (provider === 'custom' && !baseUrl) throw new Error('SEEDANCE_PROVIDER=custom needs SEEDANCE_BASE_URL');
	return { provider, baseUrl: provider === 'custom' ? baseUrl : '', shown: provider === 'custom' ? baseUrl : PROVIDER_URLS[provider] };
}

async function main() {
	const [major] = process.versions.node.split('.').map(Number);
	if (major < 20) throw new Error(`Node ${process.versions.node} is too old: use Node 20 or later`);
	const n8nMajor = process.env.SEEDANCE_N8N_MAJOR === '1' ? 1 : 2;
	const realKey = (process.env.SEEDANCE_API_KEY || '').trim();
	if (args.has('--check') && realKey) throw new Error('--check runs against the simulator only (unset SEEDANCE_API_KEY): a real run costs money');
	const real = realKey ? realApiCredential() : null;

	const port = Number(process.env.N8N_PORT || 5678);
	if (await lib.portInUse(port)) throw new Error(`port ${port} is taken (another n8n?). Stop it, or choose another: N8N_PORT=5679 npm start`);

	if (args.has('--skip-build')) {
		if (lib.buildIsStale()) console.log('(--skip-build: dist/ is older than the sources)');
	} else {
		step('Building the package (npm run build)');
		await lib.buildPackage({ log: indent('    ') });
	}

	step(`Installing n8n ${n8nMajor}.x (cached in ${lib.cacheDir()}; the first time takes a few minutes)`);
	const install = await lib.installN8n(n8nMajor, { log: indent('    ') });
	console.log(`    n8n ${install.version} in ${install.dir}`);

	const demo = process.env.SEEDANCE_DEMO_DIR || path.join(lib.cacheDir(), 'demo');
	const userFolder = path.join(demo, 'user');
	const files = path.join(demo, 'files');
	if (args.has('--reset')) fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(files, { recursive: true });
	for (const file of fs.readdirSync(path.join(lib.EXAMPLES_DIR, 'files'))) {
		fs.copyFileSync(path.join(lib.EXAMPLES_DIR, 'files', file), path.join(files, file));
	}

	step(`Packing the node and installing it into ${path.join(userFolder, '.n8n', 'nodes')}`);
	const tgz = await lib.packPackage();
	await lib.installPackage(userFolder, tgz);
	console.log(`    ${path.basename(tgz)}`);

	let api;
	if (real) {
		step(`Using the real Seedance API: ${real.shown}`);
		console.log('    Every execution of a Generate operation creates a paid task.');
		api = { apiKey: realKey, provider: real.provider, baseUrl: real.baseUrl, shown: real.shown };
	} else {
		step('Starting the Seedance API simulator (no real API, no cost)');
		const wanted = Number(process.env.SEEDANCE_SIMULATOR_PORT || 4010);
		const simPort = (await lib.portInUse(wanted)) ? 0 : wanted;
		const sim = await startSimulatorProcess(simPort);
		console.log(`    ${sim.chainhubUrl} (API key ${SIM_KEY}); a video is ready about 7 s after it is requested`);
		// The simulator charges nothing; its tasks are priced at BytePlus's list, so the examples show what they would cost there.
		api = {
			apiKey: SIM_KEY,
			provider: 'custom',
			baseUrl: sim.chainhubUrl,
			prices: JSON.stringify({ basedOn: 'byteplus', multiplier: 1 }),
			shown: `${sim.chainhubUrl} (simulator; costs at BytePlus's list prices)`,
		};
	}

	const env = lib.n8nEnv(install, userFolder, { N8N_RESTRICT_FILE_ACCESS_TO: files });
	step('Importing the credential and the example workflows');
	await lib.importCredentials(install, env, [lib.credentialRecord({ ...CREDENTIAL, apiKey: api.apiKey, provider: api.provider, baseUrl: api.baseUrl, prices: api.prices })], demo);
	console.log(`    credential "${CREDENTIAL.name}" → ${api.shown}`);
	const marker = path.join(userFolder, '.n8n', 'seedance-examples-imported');
	const examples = lib.loadExamples();
	if (!fs.existsSync(marker) || args.has('--reimport')) {
		const workflows = Object.values(examples).map((workflow) => {
			const copy = lib.withCredential(workflow, CREDENTIAL);
			for (const node of copy.nodes) {
				// Each example reads its own file from examples/files (copied above), by file name.
				if (node.type === 'n8n-nodes-base.readWriteFile') {
					node.parameters.fileSelector = path.join(files, path.basename(String(node.parameters.fileSelector)));
				}
			}
			return copy;
		});
		await lib.importWorkflows(install, env, workflows, demo);
		fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
		for (const workflow of workflows) console.log(`    ${workflow.name}`);
	} else {
		console.log('    the example workflows are there from an earlier run (--reimport brings back the originals)');
	}

	const listen = process.env.N8N_LISTEN_ADDRESS || '127.0.0.1';
	step(`Starting n8n on http://localhost:${port}`);
	n8n = await lib.startN8n(install, env, {
		port,
		host: 'localhost',
		listenAddress: listen,
		logFile: path.join(demo, 'n8n.log'),
		onOutput: indent('[n8n] '),
	});
	n8n.child.once('exit', (code, signal) => {
		if (!stopping) fail(`n8n stopped by itself (${code ?? signal}); see ${path.join(demo, 'n8n.log')}`);
	});

	const rest = new lib.N8nRest(n8n.url);
	const ownerFile = path.join(demo, 'owner.json');
	let owner = fs.existsSync(ownerFile) ? JSON.parse(fs.readFileSync(ownerFile, 'utf8')) : null;
	if (await rest.needsOwnerSetup()) {
		owner = { ...OWNER_DEFAULT };
		await rest.setupOwner(owner);
		fs.writeFileSync(ownerFile, JSON.stringify(owner, null, 2), { mode: 0o600 });
	}

	if (args.has('--check')) {
		step('Check: running "generate, wait and download" through the REST API');
		if (!owner) throw new Error(`no owner login known (${ownerFile} is missing): run with --reset`);
		await rest.login(owner.email, owner.password);
		const execution = await rest.runWorkflow(examples['generate-wait-download'].id, { timeoutMs: 120_000 });
		const [item] = execution.data.resultData.runData.Seedance[0].data.main[0];
		const binary = item.binary && item.binary.data;
		console.log(`    execution ${execution.id}: ${execution.status}; task ${item.json.id} ${item.json.status}; ${binary ? `${binary.fileName} ${binary.mimeType} ${binary.fileSize}` : 'no video'}`);
		const ok = execution.status === 'success' && item.json.status === 'succeeded' && binary && binary.mimeType === 'video/mp4';
		console.log(ok ? '    OK' : '    FAILED');
		return shutdown(ok ? 0 : 1);
	}

	const url = `http://localhost:${port}`;
	// n8n 2.x opens its "n8n Assistant" page after sign-in, not the workflows: give their addresses.
	const width = Math.max(...Object.values(examples).map((w) => `${url}/workflow/${w.id}`.length));
	const links = Object.values(examples).map((w) => `${`${url}/workflow/${w.id}`.padEnd(width)}  ${w.name}`);
	console.log(`
${bold(`n8n ${install.version} is running with n8n-nodes-seedance: ${url}`)}
  Sign in:    ${owner ? `${owner.email} / ${owner.password}` : `the owner account you made earlier (${path.join(demo, 'owner.json')} is gone; --reset starts afresh)`}
  Examples:   ${url}/home/workflows (Overview → Workflows), or open one directly:
              ${links.join('\n              ')}
              then press "Execute workflow".
  Seedance:   credential "${CREDENTIAL.name}" → ${api.shown}
  Data:       ${userFolder} (n8n log: ${path.join(demo, 'n8n.log')})
  Stop:       Ctrl-C
`);
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
