/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * `npm start` as a newcomer uses it: scripts/start.js brings up n8n 2.x with the packed node, the
 * simulator, a credential and the example workflows, and prints how to sign in. The test signs in
 * with what it printed, runs an example through n8n's REST API, presses Ctrl-C (SIGINT) and checks
 * that n8n and the simulator are gone. Its demo folder and ports are private to the test.
 */
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import * as lib from '../../scripts/e2e-lib';
import { versionEnabled } from './cli-suite';

const describeIf = versionEnabled(2) ? describe : describe.skip;

describeIf('npm start (scripts/start.js)', () => {
	let child: ChildProcess | undefined;
	let output = '';
	let demo: string;
	let n8nPort: number;
	let simPort: number;
	let exited: Promise<number | null>;

	beforeAll(async () => {
		await lib.installN8n(2, { log: (text) => process.stderr.write(text) });
		await lib.ensureBuilt();
		demo = mkdtempSync(join(tmpdir(), 'seedance-e2e-start-'));
		n8nPort = await lib.freePort();
		simPort = await lib.freePort();
		const env: NodeJS.ProcessEnv = { ...process.env, SEEDANCE_DEMO_DIR: demo, N8N_PORT: String(n8nPort), SEEDANCE_SIMULATOR_PORT: String(simPort) };
		delete env.SEEDANCE_API_KEY;
		delete env.NODE_ENV;
		delete env.JEST_WORKER_ID;
		child = spawn(process.execPath, [join(lib.ROOT, 'scripts', 'start.js'), '--skip-build'], { cwd: lib.ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout!.on('data', (chunk) => (output += chunk));
		child.stderr!.on('data', (chunk) => (output += chunk));
		exited = new Promise((resolve) => child!.once('exit', (code) => resolve(code)));
		await new Promise<void>((resolve, reject) => {
			const check = () => {
				if (/is running with n8n-nodes-seedance/.test(output)) resolve();
			};
			child!.stdout!.on('data', check);
			child!.once('exit', (code) => reject(new Error(`start.js exited (${code}) before n8n was up:\n${output.slice(-6000)}`)));
		});
	}, 30 * 60_000);

	afterAll(async () => {
		if (child && child.exitCode === null) await lib.killGroup(child, 15_000);
		if (demo) rmSync(demo, { recursive: true, force: true });
	});

	it(
		'prints the address and a login that works; the examples and the credential are there; an example runs against the simulator',
		async () => {
			expect(output).toContain(`http://localhost:${n8nPort}`);
			const [, email, password] = /Sign in:\s+(\S+@\S+) \/ (\S+)/.exec(output) ?? [];
			expect(email).toBeTruthy();

			const rest = new lib.N8nRest(`http://127.0.0.1:${n8nPort}`);
			await rest.login(email, password);
			const workflows = await rest.get('/rest/workflows');
			const names = (Array.isArray(workflows) ? workflows : workflows.data ?? workflows.results).map((w: { name: string }) => w.name).sort();
			expect(names).toEqual(Object.values(lib.loadExamples()).map((w) => w.name).sort());
			// n8n 2.x opens its Assistant page after sign-in: the output leads to the workflows instead,
			// and each example's printed address is a workflow that exists.
			expect(output).toContain(`http://localhost:${n8nPort}/home/workflows`);
			for (const example of Object.values(lib.loadExamples())) {
				expect(output).toContain(`http://localhost:${n8nPort}/workflow/${example.id}`);
				expect((await rest.get(`/rest/workflows/${example.id}`)).name).toBe(example.name);
			}
			const credentials = await rest.get('/rest/credentials');
			expect(credentials.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([['Seedance API', 'seedanceApi']]);

			const execution = await rest.runWorkflow('seedanceTextWait', { timeoutMs: 120_000 });
			expect(execution.status).toBe('success');
			const [item] = execution.data.resultData.runData.Seedance[0].data.main[0];
			expect(item.json).toMatchObject({ status: 'succeeded', videoUrl: `http://127.0.0.1:${simPort}/files/${item.json.id}.mp4` });
			// The demo credential prices the simulator's tasks at BytePlus's list: 1.0 Lite 480p 5 s, 405 × 121 tokens at $1.8 per 1M.
			expect(item.json.cost).toMatchObject({ status: 'billed', currency: 'USD', tokens: 49_005, amount: 0.088209 });
			expect(item.binary.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${item.json.id}.mp4` });
			expect(output).toMatch(new RegExp(`\\[simulator\\].*GET /files/${item.json.id}\\.mp4 200`));
		},
		3 * 60_000,
	);

	it(
		'Ctrl-C stops n8n and the simulator, and exits 0',
		async () => {
			process.kill(child!.pid!, 'SIGINT');
			expect(await exited).toBe(0);
			expect(await lib.portInUse(n8nPort)).toBe(false);
			expect(await lib.portInUse(simPort)).toBe(false);
		},
		60_000,
	);
});
