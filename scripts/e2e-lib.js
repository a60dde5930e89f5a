'use strict';
/**
 * Real n8n, driven from Node: install it (scripts/install-n8n.sh), pack this package and install it as
 * a community package, import credentials and workflows, run `n8n execute`, start `n8n start` and talk
 * to its REST API. Shared by the e2e tests (test/e2e) and `npm start` (scripts/start.js).
 * Plain CommonJS, Node builtins only. Types: e2e-lib.d.ts.
 *
 * Nothing here reaches the internet: n8n's telemetry, version checks, templates, banners and
 * package lookups are switched off by n8nEnv(), and every server listens on 127.0.0.1.
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const PACKAGE_NAME = 'n8n-nodes-seedance';
const NODE_TYPE = `${PACKAGE_NAME}.seedance`;
const CREDENTIAL_TYPE = 'seedanceApi';
/** What the example workflows hold in place of a real credential id. */
const CREDENTIAL_PLACEHOLDER = 'SEEDANCE_CREDENTIAL_ID';

function cacheDir() {
	return process.env.SEEDANCE_N8N_CACHE || path.join(os.homedir(), '.cache', PACKAGE_NAME);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether something already listens on 127.0.0.1:port. */
function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Kills a process group started with `detached: true`: SIGTERM, then SIGKILL after graceMs. */
async function killGroup(child, graceMs = 5000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const signal = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {
			try {
				child.kill(sig);
			} catch {
				/* already gone */
			}
		}
	};
	signal('SIGTERM');
	let timer;
	const killed = new Promise((resolve) => {
		timer = setTimeout(() => {
			signal('SIGKILL');
			resolve();
		}, graceMs);
	});
	await Promise.race([exited, killed]);
	clearTimeout(timer);
	await exited;
	// Runner children n8n spawned may outlive it in the same group.
	signal('SIGKILL');
}

/**
 * Runs a command in its own process group; resolves with its exit code and output (never rejects
 * on a non-zero exit). `timeoutMs` kills the whole group and rejects.
 */
function run(command, args, options = {}) {
	const { cwd = ROOT, env = process.env, timeoutMs = 0, input, onStdout, onStderr } = options;
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		let timer;
		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			if (onStdout) onStdout(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			if (onStderr) onStderr(chunk);
		});
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
		if (timeoutMs > 0) {
			timer = setTimeout(() => {
				killGroup(child, 1000).catch(() => {});
				reject(
					new Error(
						`${path.basename(command)} ${args.join(' ')} did not finish within ${Math.round(timeoutMs / 1000)} s\n` +
							`--- stdout (end) ---\n${stdout.slice(-4000)}\n--- stderr (end) ---\n${stderr.slice(-4000)}`,
					),
				);
			}, timeoutMs);
		}
	});
}

/** Like run(), but rejects on a non-zero exit with the end of the output. */
async function runOk(command, args, options = {}) {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		throw new Error(
			`${path.basename(command)} ${args.join(' ')} exited with ${result.code ?? result.signal}\n` +
				`--- stdout (end) ---\n${result.stdout.slice(-4000)}\n--- stderr (end) ---\n${result.stderr.slice(-4000)}`,
		);
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// n8n installs

/** Describes an installed n8n folder (made by scripts/install-n8n.sh). */
function n8nInstall(dir) {
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'));
	const major = Number(pkg.version.split('.')[0]);
	const ownNode = path.join(dir, '.node', 'bin', 'node');
	const nodeBin = fs.existsSync(ownNode) ? ownNode : process.execPath;
	return {
		major,
		version: pkg.version,
		dir,
		/** The node binary n8n runs on (Node 24 for 2.x, this Node for 1.x). */
		node: nodeBin,
		/** n8n's CLI entry, run as `node bin/n8n …`. */
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/**
 * Installs n8n 1.x or 2.x into the cache folder unless it is there already; resolves with
 * n8nInstall(). Progress goes to `log` (default: stderr). A fresh install takes a few minutes.
 */
async function installN8n(major, { log = (s) => process.stderr.write(s), timeoutMs = 30 * 60_000 } = {}) {
	// Not npm's configuration of the calling `npm test` / `npm start` (npm_config_ignore_scripts=true
	// from .npmrc would turn n8n's native builds into no-ops); the script drops it too.
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/.test(key) && key !== 'INIT_CWD'));
	const result = await runOk('bash', [path.join(ROOT, 'scripts', 'install-n8n.sh'), String(major)], {
		env,
		timeoutMs,
		onStderr: log,
	});
	const dir = result.stdout.trim().split('\n').pop();
	if (!dir || !fs.existsSync(path.join(dir, '.ready'))) throw new Error(`install-n8n.sh ${major} printed no ready folder: ${result.stdout}`);
	return n8nInstall(dir);
}

/**
 * The environment for an n8n process: a private user folder, nothing phoning home, http cookies,
 * the task broker on its own port (several n8n processes may run at once).
 */
function n8nEnv(install, userFolder, extra = {}) {
	const env = { ...process.env };
	// Jest's variables would make n8n think it is in its own test suite.
	delete env.NODE_ENV;
	delete env.JEST_WORKER_ID;
	for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
	Object.assign(env, {
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PYTHON_ENABLED: 'false',
		PATH: `${path.dirname(install.node)}${path.delimiter}${process.env.PATH || ''}`,
	});
	// isolated-vm (the 1.x tournament engine's sandbox) is not built for Node 20 here.
	if (install.major === 1) env.N8N_EXPRESSION_ENGINE = 'legacy';
	// 2.x's MCP server registry refreshes itself from api.n8n.io at start-up.
	if (install.major >= 2 && env.N8N_DISABLED_MODULES === undefined) env.N8N_DISABLED_MODULES = 'mcp-registry';
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = String(value);
	}
	return env;
}

/**
 * n8n's own advice when its SQLite driver is missing ("npm install sqlite3") does not apply to the
 * cached install: point at the real fix instead.
 */
function sqliteHint(install, output) {
	if (!/SQLite package has not been found|sqlite3.*(node_sqlite3\.node|Could not locate the bindings)/i.test(output)) return '';
	return (
		`\n\nn8n ${install.version} in ${install.dir} has no working SQLite driver (sqlite3 is compiled for the Node n8n runs on). ` +
		`Not \`npm install sqlite3\`: delete ${path.join(install.dir, '.ready')} and run the command again (scripts/install-n8n.sh ${install.major} rebuilds it); ` +
		'it needs python3, make and a C++ compiler.'
	);
}

/** `n8n <args>` with a fresh task-broker port; resolves with {code, stdout, stderr}. */
async function n8nCli(install, env, args, { timeoutMs = 180_000 } = {}) {
	const brokerPort = await freePort();
	return await run(install.node, [install.bin, ...args], {
		env: { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
		timeoutMs,
	});
}

async function n8nCliOk(install, env, args, options) {
	const result = await n8nCli(install, env, args, options);
	const failed = result.code !== 0 || /An error occurred while importing|Error executing workflow/.test(result.stdout + result.stderr);
	if (failed) {
		throw new Error(
			`n8n ${args.join(' ')} failed (exit ${result.code})\n--- stdout (end) ---\n${result.stdout.slice(-6000)}\n--- stderr (end) ---\n${result.stderr.slice(-6000)}` +
				sqliteHint(install, result.stdout + result.stderr),
		);
	}
	return result;
}

/**
 * The run data `n8n execute --rawOutput` printed. n8n logs around it (task broker, and on failure
 * "Execution was NOT successful" before and the error after), so the JSON object is cut out: it starts
 * with a line "{" and ends with the first line "}" after it (JSON.stringify(…, null, 2)).
 */
function parseExecuteOutput(stdout) {
	const start = /^\{$/m.exec(stdout);
	if (!start) throw new Error(`n8n execute printed no run data:\n${stdout.slice(-4000)}`);
	const end = /^\}$/m.exec(stdout.slice(start.index));
	if (!end) throw new Error(`n8n execute printed unterminated run data:\n${stdout.slice(-4000)}`);
	return JSON.parse(stdout.slice(start.index, start.index + end.index + 1));
}

/**
 * Runs an imported workflow with `n8n execute --id=… --rawOutput`. Resolves with
 * { run, status, error, outputOf(nodeName), code, stdout, stderr } whether it succeeded or not.
 */
async function executeWorkflow(install, env, workflowId, options) {
	const result = await n8nCli(install, env, ['execute', `--id=${workflowId}`, '--rawOutput'], options);
	let runData;
	try {
		runData = parseExecuteOutput(result.stdout);
	} catch (err) {
		err.message += `\n--- stderr (end) ---\n${result.stderr.slice(-4000)}`;
		throw err;
	}
	const resultData = runData.data.resultData;
	return {
		...result,
		run: runData,
		status: runData.status,
		error: resultData.error,
		/** The items a node output (first run, first output). */
		outputOf(nodeName) {
			const runs = resultData.runData[nodeName];
			if (!runs) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(resultData.runData).join(', ')}`);
			return runs[0].data?.main?.[0] ?? [];
		},
		/** The error a node ended with, if any. */
		errorOf(nodeName) {
			return resultData.runData[nodeName]?.[0]?.error;
		},
	};
}

/**
 * The bytes of a binary property in run data: inline base64 (n8n 1.x default mode) or the file
 * n8n stored under <user folder>/.n8n/storage (2.x filesystem mode).
 */
function readBinary(binary, userFolder) {
	const id = binary.id;
	if (typeof id === 'string' && id.startsWith('filesystem')) {
		const rel = id.slice(id.indexOf(':') + 1);
		for (const base of [path.join(userFolder, '.n8n', 'storage'), path.join(userFolder, '.n8n', 'binaryData')]) {
			const file = path.join(base, rel);
			if (fs.existsSync(file)) return fs.readFileSync(file);
		}
		throw new Error(`binary ${id} not found under ${userFolder}/.n8n`);
	}
	return Buffer.from(binary.data, 'base64');
}

// ---------------------------------------------------------------------------------------------
// This package: build, pack, install as a community package

function newestMtime(dir, filter) {
	let newest = 0;
	if (!fs.existsSync(dir)) return newest;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, filter));
		else if (filter(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
	}
	return newest;
}

/** True when dist/ is missing or older than a source file. */
function buildIsStale() {
	const entry = path.join(ROOT, 'dist', 'nodes', 'Seedance', 'Seedance.node.js');
	if (!fs.existsSync(entry) || !fs.existsSync(path.join(ROOT, 'dist', 'credentials', 'SeedanceApi.credentials.js'))) return true;
	const sources = Math.max(
		newestMtime(path.join(ROOT, 'nodes'), () => true),
		newestMtime(path.join(ROOT, 'credentials'), () => true),
	);
	const built = newestMtime(path.join(ROOT, 'dist'), (name) => name.endsWith('.js'));
	return sources > built;
}

/** `npm run build`, output to `log`. */
async function buildPackage({ log = (s) => process.stderr.write(s) } = {}) {
	await runOk('npm', ['run', 'build'], { onStdout: log, onStderr: log, timeoutMs: 5 * 60_000 });
}

/** Builds when dist/ is stale; resolves with whether it built. */
async function ensureBuilt(options) {
	if (!buildIsStale()) return false;
	await buildPackage(options);
	return true;
}

function distHash() {
	const hash = crypto.createHash('sha256');
	hash.update(fs.readFileSync(path.join(ROOT, 'package.json')));
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else hash.update(entry.name).update(fs.readFileSync(full));
		}
	};
	walk(path.join(ROOT, 'dist'));
	return hash.digest('hex').slice(0, 16);
}

/**
 * `npm pack` of the repo (dist/ must be built). The tarball is kept in a temp folder named after the
 * contents of dist/ and package.json, so several test files in one run pack only once.
 */
async function packPackage() {
	const dir = path.join(os.tmpdir(), `${PACKAGE_NAME}-pack`, distHash());
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const tgz = path.join(dir, `${pkg.name}-${pkg.version}.tgz`);
	if (fs.existsSync(tgz)) return tgz;
	const staging = fs.mkdtempSync(path.join(os.tmpdir(), `${PACKAGE_NAME}-packing-`));
	const result = await runOk('npm', ['pack', '--pack-destination', staging, '--json', '--ignore-scripts'], { timeoutMs: 120_000 });
	const [report] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	fs.mkdirSync(dir, { recursive: true });
	fs.renameSync(path.join(staging, report.filename), tgz);
	fs.rmSync(staging, { recursive: true, force: true });
	return tgz;
}

/**
 * Installs the tarball the way n8n installs a community package: into
 * <userFolder>/.n8n/nodes/node_modules, with its own package.json. n8n-workflow is a peer
 * dependency that n8n provides, so peers are not installed (and nothing is fetched).
 */
async function installPackage(userFolder, tgz) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	const env = { ...process.env };
	for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
	await runOk(
		'npm',
		['install', tgz, '--ignore-scripts', '--omit=dev', '--legacy-peer-deps', '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--save'],
		{ cwd: nodesDir, env, timeoutMs: 120_000 },
	);
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!fs.existsSync(installed)) throw new Error(`npm install left no ${installed}`);
	return path.dirname(installed);
}

// ---------------------------------------------------------------------------------------------
// Credentials and workflows

/** The credential in the form `n8n import:credentials` takes (n8n encrypts the `data` object). */
/** `prices`: the credential's Prices (JSON) text; left out when not given. */
function credentialRecord({ id, name = 'Seedance account', apiKey, provider = 'custom', baseUrl = '', prices }) {
	return { id, name, type: CREDENTIAL_TYPE, data: { apiKey, provider, baseUrl, ...(prices ? { prices } : {}) } };
}

async function importCredentials(install, env, credentials, dir) {
	const file = path.join(dir, `credentials-${crypto.randomBytes(4).toString('hex')}.json`);
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
	try {
		return await n8nCliOk(install, env, ['import:credentials', `--input=${file}`]);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** The example workflows (examples/*.json), by file name without .json. */
function loadExamples() {
	const examples = {};
	for (const file of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
		examples[file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	}
	return examples;
}

/** A copy of a workflow with every Seedance credential reference pointing at `credential`. */
function withCredential(workflow, credential) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		if (node.credentials && node.credentials[CREDENTIAL_TYPE]) {
			node.credentials[CREDENTIAL_TYPE] = { id: credential.id, name: credential.name };
		}
	}
	return copy;
}

async function importWorkflows(install, env, workflows, dir) {
	const file = path.join(dir, `workflows-${crypto.randomBytes(4).toString('hex')}.json`);
	fs.writeFileSync(file, JSON.stringify(workflows, null, 2));
	try {
		return await n8nCliOk(install, env, ['import:workflow', `--input=${file}`]);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

// ---------------------------------------------------------------------------------------------
// `n8n start` and its REST API

/** GET url; resolves with the status code, or 0 when nothing answers. */
function probe(url) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: 2000 }, (res) => {
			res.resume();
			resolve(res.statusCode);
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

/**
 * `n8n start` in its own process group, listening on host:port; resolves once /healthz/readiness
 * and /rest/settings answer 200. Output goes to `logFile` (and `onOutput`). stop() ends the whole group.
 */
async function startN8n(install, env, { port, host = '127.0.0.1', listenAddress = host, logFile, onOutput, readyTimeoutMs = 180_000 } = {}) {
	const brokerPort = await freePort();
	const fullEnv = {
		...env,
		N8N_PORT: String(port),
		N8N_HOST: host,
		N8N_LISTEN_ADDRESS: listenAddress,
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
	};
	const child = spawn(install.node, [install.bin, 'start'], { env: fullEnv, cwd: os.tmpdir(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	let tail = '';
	const onData = (chunk) => {
		const text = chunk.toString();
		tail = (tail + text).slice(-8000);
		if (log) log.write(text);
		if (onOutput) onOutput(text);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exit = null;
	child.on('exit', (code, signal) => {
		exit = { code, signal };
	});
	const probeHost = listenAddress === '0.0.0.0' || listenAddress === '::' ? '127.0.0.1' : listenAddress;
	const url = `http://${probeHost}:${port}`;
	const handle = {
		url,
		child,
		output: () => tail,
		async stop(graceMs = 8000) {
			await killGroup(child, graceMs);
			if (log) await new Promise((resolve) => log.end(resolve));
		},
	};
	const deadline = Date.now() + readyTimeoutMs;
	for (;;) {
		if (exit) throw new Error(`n8n start exited (${exit.code ?? exit.signal}) before it was ready:\n${tail}${sqliteHint(install, tail)}`);
		// 1.x answers readiness before its REST routes exist: wait for both.
		if ((await probe(`${url}/healthz/readiness`)) === 200 && (await probe(`${url}/rest/settings`)) === 200) return handle;
		if (Date.now() > deadline) {
			await handle.stop(1000);
			throw new Error(`n8n start was not ready after ${readyTimeoutMs / 1000} s:\n${tail}`);
		}
		await sleep(300);
	}
}

/**
 * A tiny client for n8n's internal REST API (/rest): keeps the auth cookie and a browser id, and
 * unwraps n8n's {data} envelope. Errors carry `status` and `body`.
 */
class N8nRest {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.cookies = new Map();
		this.browserId = crypto.randomUUID();
		this.timeoutMs = 120_000;
	}

	cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	request(method, urlPath, body) {
		const url = new URL(urlPath.startsWith('http') ? urlPath : `${this.baseUrl}${urlPath}`);
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const headers = { accept: 'application/json', 'browser-id': this.browserId };
		if (payload) {
			headers['content-type'] = 'application/json';
			headers['content-length'] = String(payload.length);
		}
		if (this.cookies.size) headers.cookie = this.cookieHeader();
		return new Promise((resolve, reject) => {
			const req = http.request(url, { method, headers }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					for (const line of res.headers['set-cookie'] || []) {
						const [pair] = line.split(';');
						const eq = pair.indexOf('=');
						const name = pair.slice(0, eq).trim();
						const value = pair.slice(eq + 1).trim();
						if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
						else this.cookies.set(name, value);
					}
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed = text;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						/* not JSON */
					}
					if (res.statusCode >= 400) {
						const err = new Error(`${method} ${url.pathname} → ${res.statusCode}: ${text.slice(0, 1000)}`);
						err.status = res.statusCode;
						err.body = parsed;
						reject(err);
						return;
					}
					resolve(parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed);
				});
			});
			req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`${method} ${url.pathname}: no answer within ${this.timeoutMs / 1000} s`)));
			req.on('error', reject);
			if (payload) req.write(payload);
			req.end();
		});
	}

	get(p) {
		return this.request('GET', p);
	}

	post(p, body) {
		return this.request('POST', p, body ?? {});
	}

	patch(p, body) {
		return this.request('PATCH', p, body ?? {});
	}

	/** Whether the instance still waits for its owner (fresh database). */
	async needsOwnerSetup() {
		const settings = await this.get('/rest/settings');
		return Boolean(settings.userManagement && settings.userManagement.showSetupOnFirstLoad);
	}

	/** POST /rest/owner/setup (only possible once per database). */
	async setupOwner({ email, password, firstName = 'Demo', lastName = 'Owner' }) {
		return await this.post('/rest/owner/setup', { email, password, firstName, lastName });
	}

	async login(email, password) {
		return await this.post('/rest/login', { emailOrLdapLoginId: email, password });
	}

	/**
	 * Runs a saved workflow the way the editor's "Execute workflow" button does and waits for the
	 * execution to finish; resolves with the execution (data parsed).
	 */
	async runWorkflow(workflowId, { timeoutMs = 120_000 } = {}) {
		const workflow = await this.get(`/rest/workflows/${workflowId}`);
		const trigger = workflow.nodes.find((n) => /manualTrigger/i.test(n.type));
		const started = await this.post(`/rest/workflows/${workflowId}/run`, {
			workflowData: workflow,
			...(trigger ? { triggerToStartFrom: { name: trigger.name } } : {}),
		});
		const executionId = started.executionId;
		if (!executionId) throw new Error(`the run did not start: ${JSON.stringify(started)}`);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.get(`/rest/executions/${executionId}`);
			if (execution && execution.finished !== undefined && !['new', 'running', 'waiting'].includes(execution.status)) {
				if (typeof execution.data === 'string') execution.data = parseFlatted(execution.data);
				return execution;
			}
			if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${execution && execution.status} after ${timeoutMs / 1000} s`);
			await sleep(500);
		}
	}
}

/**
 * n8n stores run data with `flatted`: a JSON array whose first entry is the root, where every string
 * inside an object or array is the index of another entry. A minimal parser, so no dependency is needed.
 */
function parseFlatted(text) {
	const input = JSON.parse(text);
	if (!Array.isArray(input)) return input;
	const done = new Map();
	const revive = (index) => {
		if (done.has(index)) return done.get(index);
		const raw = input[index];
		if (raw === null || typeof raw !== 'object') {
			done.set(index, raw);
			return raw;
		}
		const out = Array.isArray(raw) ? [] : {};
		done.set(index, out);
		for (const key of Object.keys(raw)) {
			const value = raw[key];
			out[key] = typeof value === 'string' ? revive(Number(value)) : value;
		}
		return out;
	};
	return revive(0);
}

module.exports = {
	ROOT,
	EXAMPLES_DIR,
	PACKAGE_NAME,
	NODE_TYPE,
	CREDENTIAL_TYPE,
	CREDENTIAL_PLACEHOLDER,
	cacheDir,
	sleep,
	freePort,
	portInUse,
	killGroup,
	run,
	runOk,
	n8nInstall,
	installN8n,
	n8nEnv,
	n8nCli,
	n8nCliOk,
	parseExecuteOutput,
	executeWorkflow,
	readBinary,
	buildIsStale,
	buildPackage,
	ensureBuilt,
	packPackage,
	installPackage,
	credentialRecord,
	importCredentials,
	loadExamples,
	withCredential,
	importWorkflows,
	probe,
	startN8n,
	N8nRest,
	parseFlatted,
};
