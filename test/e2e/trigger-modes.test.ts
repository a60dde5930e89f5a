/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The Seedance Trigger's modes in real n8n 1.x and 2.x (`n8n start`, SQLite): the packed package
 * installed as a community package, the workflows activated as a user would.
 * - Callbacks and Polling (version 1.1): n8n registers the webhook AND runs the poller; a batch
 *   whose callbacks are partly lost (a proxy answering 502 to every try, the API not calling back)
 *   reaches the workflow exactly once per finished task.
 * - Polling Only: no webhook is registered (its URL answers 404); the poller alone delivers.
 * - Version 1 is untouched: a callback trigger that answers an unknown task 404.
 * The poller runs every minute (n8n's shortest interval), so each major takes a few minutes.
 */
import { mkdtempSync, rmSync } from 'fs';
import * as http from 'http';
import { tmpdir } from 'os';
import { join } from 'path';

import * as lib from '../../scripts/e2e-lib';
import { startSimulator, type Simulator } from '../simulator';
import { versionEnabled } from './cli-suite';

const KEY = 'sk-e2e-modes-7d1';
const TRIGGER_TYPE = `${lib.PACKAGE_NAME}.seedanceTrigger`;
const HOOKS = { both: 'b0b0b0b0-0000-4c0b-9a11-0000000000b1', polling: 'b0b0b0b0-0000-4c0b-9a11-0000000000b2', v1: 'b0b0b0b0-0000-4c0b-9a11-0000000000b3' };
const BATCH = 9;

function log(text: string) {
	process.stderr.write(`[e2e modes] ${text}\n`);
}

function post(url: string, body: unknown): Promise<number> {
	return new Promise((resolve) => {
		const data = JSON.stringify(body);
		const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('error', () => resolve(0));
		req.end(data);
	});
}

async function until<T>(what: string, check: () => T | undefined, limitMs: number): Promise<T> {
	const deadline = Date.now() + limitMs;
	for (;;) {
		const value = check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
		await lib.sleep(500);
	}
}

function describeModes(major: 1 | 2) {
	(versionEnabled(major) ? describe : describe.skip)(`n8n ${major}.x: the Seedance Trigger's modes`, () => {
		let install: lib.N8nInstall;
		let work: string;
		let n8n: lib.N8nServer | undefined;
		let port = 0;
		const sims: Record<'both' | 'polling' | 'v1', Simulator> = {} as never;
		/** What each trigger workflow's Record node received: `${workflow} ${id}:${status}`. */
		const recorded: string[] = [];
		let recorder: http.Server;
		let proxy: http.Server;
		let proxyUrl = '';
		const refused = new Set<string>();
		const url = (name: keyof typeof HOOKS) => `http://127.0.0.1:${port}/webhook/${HOOKS[name]}/seedance`;

		beforeAll(async () => {
			install = await lib.installN8n(major, { log: (text) => process.stderr.write(text) });
			await lib.ensureBuilt();
			const tgz = await lib.packPackage();
			work = mkdtempSync(join(tmpdir(), `seedance-e2e-modes-${major}-`));
			const userFolder = join(work, 'user');
			await lib.installPackage(userFolder, tgz);
			for (const name of ['both', 'polling', 'v1'] as const) {
				sims[name] = await startSimulator({ apiKeys: [KEY], progress: 'polls', queuedPolls: 1000, runningPolls: 1000 });
			}
			recorder = http.createServer((req, res) => {
				let text = '';
				req.on('data', (c) => (text += c));
				req.on('end', () => {
					const { workflow, id, status } = JSON.parse(text);
					recorded.push(`${workflow} ${id}:${status}`);
					res.end('{}');
				});
			});
			await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
			const recorderUrl = `http://127.0.0.1:${(recorder.address() as { port: number }).port}/`;
			port = await lib.freePort();
			// A proxy in front of n8n's webhook: 502 for the tasks in `refused`, else passed on.
			proxy = http.createServer((req, res) => {
				let text = '';
				req.on('data', (c) => (text += c));
				req.on('end', () => {
					if (refused.has(JSON.parse(text).id)) {
						res.writeHead(502).end('Bad Gateway');
						return;
					}
					const on = http.request({ host: '127.0.0.1', port, path: req.url, method: 'POST', headers: { 'content-type': 'application/json' } }, (answer) => {
						res.writeHead(answer.statusCode ?? 502);
						answer.pipe(res);
					});
					on.on('error', () => res.writeHead(502).end());
					on.end(text);
				});
			});
			await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
			proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}/webhook/${HOOKS.both}/seedance`;

			const env = lib.n8nEnv(install, userFolder, { N8N_ENCRYPTION_KEY: 'modes-e2e-key-0123456789', WEBHOOK_URL: `http://127.0.0.1:${port}/` });
			const creds = Object.entries(sims).map(([name, sim]) => lib.credentialRecord({ id: `modes${name}Cred00000`.slice(0, 16), name, apiKey: KEY, provider: 'custom', baseUrl: sim.arkUrl }));
			await lib.importCredentials(install, env, creds, work);
			const workflow = (name: 'both' | 'polling' | 'v1', typeVersion: number, parameters: Record<string, unknown>): any => ({
				id: `modes${name}Flow000000`.slice(0, 16),
				name: `Modes: ${name}`,
				active: false,
				settings: { executionOrder: 'v1' },
				connections: { Trigger: { main: [[{ node: 'Record', type: 'main', index: 0 }]] } },
				nodes: [
					{ id: `${name}-t`, name: 'Trigger', type: TRIGGER_TYPE, typeVersion, position: [0, 0], webhookId: HOOKS[name], parameters, credentials: { seedanceApi: { id: creds.find((c) => c.name === name)!.id, name } } },
					{
						id: `${name}-r`,
						name: 'Record',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [200, 0],
						parameters: { method: 'POST', url: recorderUrl, sendBody: true, specifyBody: 'json', jsonBody: `={{ JSON.stringify({ workflow: "${name}", id: $json.id, status: $json.status }) }}`, options: {} },
					},
				],
			});
			const workflows = [
				workflow('both', 1.1, { mode: 'callbacksAndPolling', graceMinutes: 0 }),
				workflow('polling', 1.1, { mode: 'polling' }),
				workflow('v1', 1, {}),
			];
			await lib.importWorkflows(install, env, workflows, work);
			for (const { id } of workflows) {
				await lib.n8nCliOk(install, env, major === 1 ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`]);
			}
			n8n = await lib.startN8n(install, env, { port, logFile: join(work, 'n8n.log') });
			// n8n answers its health check before it has registered the webhooks.
			for (const name of ['both', 'v1'] as const) {
				const deadline = Date.now() + 120_000;
				while ((await post(url(name), { hello: 1 })) !== 400) {
					if (Date.now() > deadline) throw new Error(`the ${name} trigger's webhook was never registered`);
					await lib.sleep(500);
				}
			}
		}, 30 * 60_000);

		afterAll(async () => {
			await n8n?.stop();
			recorder?.close();
			proxy?.close();
			for (const sim of Object.values(sims)) await sim?.close();
			if (work && !process.env.SEEDANCE_E2E_KEEP) rmSync(work, { recursive: true, force: true });
		}, 60_000);

		const create = async (sim: Simulator, callbackUrl?: string) => {
			const answer = await fetch(`${sim.arkUrl}/contents/generations/tasks`, {
				method: 'POST',
				headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
				body: JSON.stringify({ model: 'doubao-seedance-1-0-pro-250528', content: [{ type: 'text', text: 'A kite' }], ...(callbackUrl ? { callback_url: callbackUrl } : {}) }),
			});
			return String(((await answer.json()) as { id: string }).id);
		};

		it('which webhooks n8n registered: Callbacks and Polling and version 1 yes, Polling Only none', async () => {
			expect(await post(url('both'), { hello: 1 })).toBe(400);
			expect(await post(url('v1'), { hello: 1 })).toBe(400);
			expect(await post(url('polling'), { hello: 1 })).toBe(404);
			// Version 1 still confirms in its webhook: an unknown task is answered 404.
			expect(await post(url('v1'), { id: 'cgt-20990101000000-forged', status: 'succeeded' })).toBe(404);
		});

		it('Callbacks and Polling: a batch with callbacks behind a 502 and callbacks never sent: each finished task once; Polling Only: each once', async () => {
			const sim = sims.both;
			const ids: string[] = [];
			for (let i = 0; i < BATCH; i++) ids.push(await create(sim, proxyUrl));
			const [delivered, behind502, dropped] = [ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)];
			for (const id of behind502) refused.add(id);
			for (const id of delivered) sim.setStatus(id, 'succeeded');
			for (const id of behind502) sim.setStatus(id, 'succeeded');
			sim.stopCallbacks();
			for (const id of dropped) sim.setStatus(id, id === dropped[0] ? 'failed' : 'succeeded');
			sim.resumeCallbacks();
			const polled = [await create(sims.polling), await create(sims.polling)];
			for (const id of polled) sims.polling.setStatus(id, 'succeeded');
			const started = Date.now();
			const want = [...ids.map((id) => `both ${id}:${id === dropped[0] ? 'failed' : 'succeeded'}`), ...polled.map((id) => `polling ${id}:succeeded`)].sort();
			await until('every finished task in the workflows', () => (want.every((w) => recorded.includes(w)) ? true : undefined), 4 * 60_000);
			log(`n8n ${major}: all ${want.length} recorded after ${((Date.now() - started) / 1000).toFixed(0)} s; callbacks: ${sim.callbacks.map((c) => c.outcome).join(',')}`);
			// One more poll round: nothing comes twice.
			await lib.sleep(65_000);
			expect([...recorded].sort()).toEqual(want);
			expect(sim.callbacks.filter((c) => behind502.includes(c.taskId) && c.status === 'succeeded').map((c) => c.httpStatus)).toEqual(Array(12).fill(502));
		}, 8 * 60_000);
	});
}

describeModes(1);
describeModes(2);
