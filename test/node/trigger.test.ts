/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Issue 12: the Seedance Trigger. webhook() through n8n-core's real WebhookContext, execute()
 * through n8n's real execution path, the simulator as Seedance (tasks made by the Seedance node).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { SeedanceApi } from '../../credentials/SeedanceApi.credentials';
import { SeedanceTrigger, triggerTiming } from '../../nodes/SeedanceTrigger/SeedanceTrigger.node';
import { getBinaryBuffer, runNode, shutdownHarness } from '../harness';
import { callWebhook, useMemoryDeduplication } from '../harness/webhook';
import { credentialsFor, model, useSimulator } from './setup';

const env = useSimulator({ queuedPolls: 100, runningPolls: 100 });
afterAll(async () => await shutdownHarness());

const TRIGGER_TYPE = 'n8n-nodes-seedance.seedanceTrigger';
const SAMPLE_MP4 = readFileSync(join(__dirname, '../simulator/fixtures/sample.mp4'));
const FORGED_URL = 'https://attacker.example/evil.mp4';

let dedupe: Awaited<ReturnType<typeof useMemoryDeduplication>>;
beforeAll(async () => {
	dedupe = await useMemoryDeduplication();
});
afterEach(() => dedupe.clear());

async function newTask(): Promise<string> {
	const result = await env.run({
		resource: 'video',
		operation: 'generateFromText',
		model: model('doubao-seedance-1-0-pro-250528'),
		prompt: 'A paper boat drifts down a rainy street',
	});
	expect(result.error).toBeUndefined();
	return String(result.items[0].json.id);
}

function post(body: unknown, parameters: INodeParameters = {}, query: IDataObject = {}) {
	return callWebhook({
		nodeType: new SeedanceTrigger(),
		nodeTypeName: TRIGGER_TYPE,
		parameters,
		credentials: credentialsFor(env.sim.arkUrl),
		credentialTypes: [new SeedanceApi()],
		body,
		query,
	});
}

function runTrigger(items: INodeExecutionData[], parameters: INodeParameters = {}) {
	return runNode({
		nodeType: new SeedanceTrigger(),
		nodeTypeName: TRIGGER_TYPE,
		parameters,
		credentials: credentialsFor(env.sim.arkUrl),
		credentialTypes: [new SeedanceApi()],
		inputItems: items.map((i) => ({ json: i.json })),
	});
}

/** What n8n would run: webhook(), then execute() with what it emitted. */
async function deliver(body: unknown, parameters: INodeParameters = {}, query: IDataObject = {}) {
	const hook = await post(body, parameters, query);
	const emitted = hook.result.workflowData?.[0] ?? [];
	const run = emitted.length > 0 ? await runTrigger(emitted, parameters) : undefined;
	return { hook, emitted, run, items: run?.items ?? [] };
}

function taskGets(id: string) {
	return env.sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/tasks/${id}`));
}

describe('webhook(): what is not a callback of ours gets a 4xx and starts nothing', () => {
	it.each([
		['a non-object body', 'hello'],
		['an array', [{ id: 'cgt-1', status: 'succeeded' }]],
		['no id', { status: 'succeeded' }],
		['an id that is not a task id', { id: '../../etc/passwd', status: 'succeeded' }],
		['an unknown status', { id: 'cgt-20250918170909-j7gxl', status: 'done' }],
	])('%s → 400', async (_what, body) => {
		const { hook } = await deliver(body);
		expect(hook.sent?.status).toBe(400);
		expect(hook.result.workflowData).toBeUndefined();
		expect(env.sim.requests).toHaveLength(0);
	});

	it('an unknown task id → 404 after asking Seedance with the credential, nothing emitted', async () => {
		const { hook } = await deliver({ id: 'cgt-20990101000000-forged', status: 'succeeded', content: { video_url: FORGED_URL } });
		expect(hook.sent).toEqual({ status: 404, body: { error: 'Unknown task cgt-20990101000000-forged' } });
		expect(hook.result.workflowData).toBeUndefined();
		const gets = taskGets('cgt-20990101000000-forged');
		expect(gets).toHaveLength(1);
		expect(gets[0].auth).toBe('valid');
	});

	it('a token: missing or wrong → 403 before anything else; the right one is taken', async () => {
		const id = await newTask();
		env.sim.setStatus(id, 'succeeded');
		const body = { id, status: 'succeeded' };
		for (const query of [{}, { token: 'wrong' }, { token: 's3cret-tokeN-x' }]) {
			const { hook } = await deliver(body, { token: 's3cret-tokeN' }, query);
			expect(hook.sent?.status).toBe(403);
			expect(hook.result.workflowData).toBeUndefined();
		}
		expect(taskGets(id)).toHaveLength(0);
		const { items } = await deliver(body, { token: 's3cret-tokeN' }, { token: 's3cret-tokeN' });
		expect(items.map((i) => i.json.id)).toEqual([id]);
	});
});

describe('a forged callback never puts its video URL into the workflow', () => {
	it('a real task id with a forged "succeeded": Seedance says running, nothing is emitted', async () => {
		const id = await newTask();
		env.sim.setStatus(id, 'running');
		const { hook, emitted, items } = await deliver({ id, status: 'succeeded', content: { video_url: FORGED_URL } });
		expect(hook.sent?.status).toBe(200);
		expect(emitted).toHaveLength(0);
		expect(items).toHaveLength(0);
	});

	it('a real succeeded task with a forged URL: the item carries the URL Seedance gives', async () => {
		const id = await newTask();
		const real = env.sim.setStatus(id, 'succeeded');
		const { hook, items } = await deliver({ id, status: 'succeeded', content: { video_url: FORGED_URL } });
		expect(hook.sent).toBeUndefined(); // n8n answers for it (responseMode onReceived)
		expect(items).toHaveLength(1);
		expect(items[0].json.videoUrl).toBe(real.content!.video_url);
		expect(JSON.stringify(items)).not.toContain(FORGED_URL);
	});

	it('with Confirm off, the callback body is what is emitted (the documented risk of turning it off)', async () => {
		const { items } = await deliver(
			{ id: 'cgt-20990101000000-unconf', status: 'succeeded', content: { video_url: FORGED_URL } },
			{ confirm: false },
		);
		expect(items.map((i) => i.json.videoUrl)).toEqual([FORGED_URL]);
		expect(env.sim.requests).toHaveLength(0);
	});
});

describe('statuses, output, download', () => {
	it('default statuses: a running callback is answered 200 and dropped without asking Seedance', async () => {
		const id = await newTask();
		const { hook, emitted } = await deliver({ id, status: 'running' });
		expect(hook.sent).toEqual({ status: 200, body: { received: true, emitted: false } });
		expect(emitted).toHaveLength(0);
		expect(taskGets(id)).toHaveLength(0);
	});

	it('a failed task is emitted by default, with its error', async () => {
		const id = await newTask();
		env.sim.setStatus(id, 'failed');
		const { items } = await deliver({ id, status: 'failed' });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ id, status: 'failed', videoUrl: null });
		expect((items[0].json.error as IDataObject).code).toEqual(expect.any(String));
	});

	it('statuses chosen: running is emitted, succeeded is not', async () => {
		const id = await newTask();
		env.sim.setStatus(id, 'running');
		expect((await deliver({ id, status: 'running' }, { statuses: ['running'] })).items).toHaveLength(1);
		env.sim.setStatus(id, 'succeeded');
		expect((await deliver({ id, status: 'succeeded' }, { statuses: ['running'] })).items).toHaveLength(0);
	});

	it('Simplify off gives the raw task object as Get Task answers it', async () => {
		const id = await newTask();
		env.sim.setStatus(id, 'succeeded');
		const { items } = await deliver({ id, status: 'succeeded' }, { simplify: false });
		const { cost, ...task } = items[0].json;
		expect(task).toEqual(env.sim.tasks.get(id));
		// The one field the node adds: the cost (a custom base URL without prices: unknown, saying how to price it).
		expect(cost).toMatchObject({ status: 'unknown', note: expect.stringContaining('A custom base URL publishes no prices') });
	});

	it('a confirmed task carries its bill, priced by the credential', async () => {
		const id = await newTask();
		env.sim.setStatus(id, 'succeeded');
		const tokens = env.sim.tasks.get(id)!.usage!.completion_tokens;
		const items = [{ json: { task: { id, status: 'succeeded' }, confirmed: false } }];
		const result = await runNode({
			nodeType: new SeedanceTrigger(),
			nodeTypeName: TRIGGER_TYPE,
			parameters: {},
			credentials: { seedanceApi: { ...credentialsFor(env.sim.arkUrl).seedanceApi, prices: '{"basedOn": "byteplus", "multiplier": 1}' } },
			credentialTypes: [new SeedanceApi()],
			inputItems: items,
		});
		expect(result.items[0].json).toMatchObject({
			id,
			usage: { completion_tokens: tokens },
			// 1.0 Pro 1080p 16:9 5 s: 2040 × 121 tokens at $2.5 per 1M.
			cost: { status: 'billed', currency: 'USD', tokens: 246_840, amount: 0.6171, priceSource: 'BytePlus ModelArk pricing page × 1 (Prices in the Seedance API credential)' },
		});
	});

	it('Download Video attaches the MP4 in the chosen field', async () => {
		const id = await newTask();
		env.sim.setStatus(id, 'succeeded');
		const { items } = await deliver({ id, status: 'succeeded' }, { downloadVideo: true, binaryPropertyName: 'video' });
		expect(items).toHaveLength(1);
		expect(items[0].binary?.video?.mimeType).toBe('video/mp4');
		expect((await getBinaryBuffer(items[0], 'video')).equals(SAMPLE_MP4)).toBe(true);
	});
});

describe('duplicates: one emission per task and status', () => {
	it('the API retrying the same callback emits it once; the next status of the task is new', async () => {
		const id = await newTask();
		env.sim.setStatus(id, 'failed');
		const first = await deliver({ id, status: 'failed' });
		const again = await deliver({ id, status: 'failed' });
		const third = await deliver({ id, status: 'failed' });
		expect(first.items).toHaveLength(1);
		expect(again.run?.error).toBeUndefined();
		expect(again.items).toHaveLength(0);
		expect(third.items).toHaveLength(0);
		const other = await newTask();
		env.sim.setStatus(other, 'failed');
		expect((await deliver({ id: other, status: 'failed' })).items).toHaveLength(1);
	});

	it('two copies in one execution are one item', async () => {
		const id = await newTask();
		env.sim.setStatus(id, 'succeeded');
		const run = await runTrigger([{ json: { task: { id, status: 'succeeded' }, confirmed: false } }, { json: { task: { id, status: 'succeeded' }, confirmed: false } }]);
		expect(run.items.map((i) => i.json.id)).toEqual([id]);
	});
});

describe('answers within the API\'s 5 s when Seedance is slow', () => {
	const saved = triggerTiming.confirmBudgetMs;
	beforeAll(() => (triggerTiming.confirmBudgetMs = 300));
	afterAll(() => (triggerTiming.confirmBudgetMs = saved));

	it('a slow read: webhook() hands over unconfirmed, execute() confirms before emitting', async () => {
		const id = await newTask();
		const real = env.sim.setStatus(id, 'succeeded');
		env.sim.fault({ kind: 'slow', delayMs: 3000, route: 'get', times: 1 });
		const hook = await post({ id, status: 'succeeded', content: { video_url: FORGED_URL } });
		expect(hook.sent).toBeUndefined();
		const emitted = hook.result.workflowData![0];
		// Only the id and the claimed status go on: nothing else of the unverified body.
		expect(emitted).toEqual([{ json: { task: { id, status: 'succeeded' }, confirmed: false } }]);
		const run = await runTrigger(emitted);
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json.videoUrl).toBe(real.content!.video_url);
	});

	it('a slow read of a forged id: handed over, and execute() emits nothing', async () => {
		env.sim.fault({ kind: 'slow', delayMs: 3000, route: 'get', times: 1 });
		const hook = await post({ id: 'cgt-20990101000000-slowforged', status: 'succeeded' });
		const emitted = hook.result.workflowData![0];
		const run = await runTrigger(emitted);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(0);
	});
});
