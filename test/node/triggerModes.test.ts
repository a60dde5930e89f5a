/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The Seedance Trigger, version 1.1: Mode (Callbacks, Callbacks and Polling, Polling Only).
 * webhook() through n8n-core's WebhookContext, poll() through its PollContext (static data kept and
 * saved as n8n's poller does), execute() through n8n's execution path, the simulator as Seedance
 * calling back to a stand-in for n8n's webhook endpoint, all on the virtual clock.
 *
 * "Another process": n8n in queue mode runs webhook(), poll() and the executions in different
 * processes (webhook processor, leader main, workers), each with its own copy of the node's
 * module state. A jest module registry of its own stands in for each.
 */
import { createServer, type Server } from 'http';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Workflow, type IDataObject, type INodeExecutionData, type INodeParameters, type WorkflowActivateMode } from 'n8n-workflow';

import { SeedanceApi } from '../../credentials/SeedanceApi.credentials';
import { SeedanceTrigger } from '../../nodes/SeedanceTrigger/SeedanceTrigger.node';
import { pollLimits } from '../../nodes/SeedanceTrigger/poll';
import { listTiming } from '../../nodes/Seedance/api/taskList';
import { getBinaryBuffer, HarnessNodeTypes, runNode, shutdownHarness, type RunOptions, type RunResult } from '../harness';
import { startPoller, type Poller } from '../harness/poll';
import { callWebhook, useMemoryDeduplication } from '../harness/webhook';
import type { VirtualClock } from '../helpers/virtualClock';
import { credentialsFor, model, useSimulator } from './setup';

const env = useSimulator({ queuedPolls: 100, runningPolls: 100 });
afterAll(async () => await shutdownHarness());

const TRIGGER_TYPE = 'n8n-nodes-seedance.seedanceTrigger';
const SAMPLE_MP4 = readFileSync(join(__dirname, '../simulator/fixtures/sample.mp4'));
const MINUTE = 60_000;

let dedupe: Awaited<ReturnType<typeof useMemoryDeduplication>>;
beforeAll(async () => {
	dedupe = await useMemoryDeduplication();
});
afterEach(() => dedupe.clear());

type TriggerClass = typeof SeedanceTrigger;

/** A copy of the trigger with module state of its own (another n8n process), on the test's clock. */
function anotherProcess(clock: VirtualClock): TriggerClass {
	let Trigger!: TriggerClass;
	jest.isolateModules(() => {
		// One n8n-workflow for all (n8n loads one): only the node's own modules are fresh.
		const n8nWorkflow = jest.requireActual('n8n-workflow');
		jest.doMock('n8n-workflow', () => n8nWorkflow);
		Trigger = require('../../nodes/SeedanceTrigger/SeedanceTrigger.node').SeedanceTrigger;
		require('../../nodes/Seedance/shared/clock').clockSeam.clock = clock;
	});
	return Trigger;
}

const common = (Trigger: TriggerClass) => ({
	nodeType: new Trigger(),
	nodeTypeName: TRIGGER_TYPE,
	credentials: credentialsFor(env.sim.arkUrl),
	credentialTypes: [new SeedanceApi()],
});

function webhook(body: unknown, parameters: INodeParameters, query: IDataObject = {}, Trigger: TriggerClass = SeedanceTrigger) {
	return callWebhook({ ...common(Trigger), typeVersion: 1.1, parameters, body, query });
}

function execution(items: INodeExecutionData[], parameters: INodeParameters, extra: Partial<RunOptions> = {}, Trigger: TriggerClass = SeedanceTrigger) {
	return runNode({ ...common(Trigger), typeVersion: 1.1, parameters, inputItems: items.map((i) => ({ json: i.json })), ...extra });
}

function poller(parameters: INodeParameters, activation: WorkflowActivateMode = 'activate', saved?: IDataObject, Trigger: TriggerClass = SeedanceTrigger) {
	return startPoller({ ...common(Trigger), typeVersion: 1.1, parameters, activation, saved });
}

async function newTasks(n: number, callbackUrl?: string): Promise<string[]> {
	const result = await env.run(
		{
			resource: 'video',
			operation: 'generateFromText',
			model: model('doubao-seedance-1-0-pro-250528'),
			prompt: '={{ "A paper boat, take " + $json.n }}',
			options: callbackUrl ? { callbackUrl } : {},
		},
		{ inputItems: Array.from({ length: n }, (_, i) => ({ json: { n: i } })) },
	);
	expect(result.error).toBeUndefined();
	return result.items.map((item) => String(item.json.id));
}

const pairs = (items: INodeExecutionData[]) => items.map((item) => `${item.json.id}:${item.json.status}`);
const gets = (id: string) => env.sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/tasks/${id}`));
const lists = () => env.sim.requests.filter((r) => r.route === 'list');
const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * n8n around the trigger: the webhook endpoint the simulator calls back (its webhook() in one
 * process), executions (in another, or the same), the poller (in a third, or the same). Records
 * every item any execution emitted. `proxyDown(taskId)`: a proxy in front of n8n answers 502.
 */
class N8n {
	readonly emitted: string[] = [];
	readonly executions: RunResult[] = [];
	private readonly running = new Set<Promise<unknown>>();
	private server!: Server;
	url = '';
	proxyDown: (taskId: string) => boolean = () => false;

	constructor(
		readonly parameters: INodeParameters,
		readonly processes: { webhook: TriggerClass; workers: TriggerClass[]; main: TriggerClass },
	) {}

	private nextWorker = 0;
	private worker() {
		return this.processes.workers[this.nextWorker++ % this.processes.workers.length];
	}

	async listen() {
		this.server = createServer((req, res) => {
			let text = '';
			req.on('data', (chunk) => (text += chunk));
			req.on('end', () => {
				const body = JSON.parse(text);
				if (this.proxyDown(String(body.id))) {
					res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>502 Bad Gateway</html>');
					return;
				}
				const query = Object.fromEntries(new URL(req.url!, 'http://n8n.invalid').searchParams);
				void (async () => {
					const hook = await webhook(body, this.parameters, query, this.processes.webhook);
					const items = hook.result.workflowData?.[0] ?? [];
					// onReceived: n8n answers once the execution is started, not finished.
					if (items.length > 0) this.start(items);
					res.writeHead(hook.sent?.status ?? 200).end(JSON.stringify(hook.sent?.body ?? { message: 'Workflow was started' }));
				})();
			});
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/webhook/seedance`;
		return this;
	}

	close() {
		this.server?.close();
	}

	/** Runs an execution with what webhook() or poll() handed over, as n8n does (on a worker). */
	start(items: INodeExecutionData[], extra: Partial<RunOptions> = {}) {
		const run = execution(items, this.parameters, extra, this.worker()).then((result) => {
			this.executions.push(result);
			this.emitted.push(...pairs(result.items));
			return result;
		});
		this.running.add(run);
		void run.finally(() => this.running.delete(run));
		return run;
	}

	poller(activation: WorkflowActivateMode = 'activate', saved?: IDataObject) {
		return poller(this.parameters, activation, saved, this.processes.main);
	}

	/** One poll tick: an execution when the poll handed something over. */
	async tick(p: Poller) {
		const handed = await p.poll();
		if (handed) await this.start(handed[0]);
		return handed?.[0] ?? [];
	}

	/** Until every callback is answered and every execution has ended. */
	async idle() {
		for (let quiet = 0; quiet < 3; ) {
			const busy = this.running.size > 0 || env.sim.callbacks.some((c) => c.outcome === 'pending');
			await Promise.all([...this.running]);
			await realPause(5);
			quiet = busy ? 0 : quiet + 1;
		}
	}
}

describe('version 1.1 webhook(): the cheap checks only; the execution confirms', () => {
	const parameters = { mode: 'callbacks' };

	it('a real succeeded callback: nothing read in webhook(), one read in the execution, what Seedance says is emitted', async () => {
		const [id] = await newTasks(1);
		const real = env.sim.setStatus(id, 'succeeded');
		const hook = await webhook({ id, status: 'succeeded', content: { video_url: 'https://attacker.example/evil.mp4' } }, parameters);
		expect(hook.sent).toBeUndefined();
		expect(hook.result.workflowData).toEqual([[{ json: { task: { id, status: 'succeeded' }, confirmed: false } }]]);
		expect(gets(id)).toHaveLength(0);
		const run = await execution(hook.result.workflowData![0], parameters);
		expect(gets(id)).toHaveLength(1);
		expect(run.items.map((i) => i.json.videoUrl)).toEqual([real.content!.video_url]);
	});

	it('an unknown task id: answered 200 (version 1 said 404), its execution emits nothing', async () => {
		const hook = await webhook({ id: 'cgt-20990101000000-forged', status: 'succeeded' }, parameters);
		expect(hook.sent).toBeUndefined();
		const run = await execution(hook.result.workflowData![0], parameters);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(0);
	});

	it('not a task, a wrong token, a status not chosen: answered at once, nothing started, nothing read', async () => {
		expect((await webhook({ id: '../x', status: 'succeeded' }, parameters)).sent?.status).toBe(400);
		expect((await webhook({ id: 'cgt-20250918170909-j7gxl', status: 'succeeded' }, { ...parameters, token: 't0ken' }, { token: 'nope' })).sent?.status).toBe(403);
		const ignored = await webhook({ id: 'cgt-20250918170909-j7gxl', status: 'running' }, parameters);
		expect(ignored.sent).toEqual({ status: 200, body: { received: true, emitted: false } });
		expect(env.sim.requests).toHaveLength(0);
	});

	it('a callback the API repeats after the task was emitted (same process): answered 200, no execution', async () => {
		const [id] = await newTasks(1);
		env.sim.setStatus(id, 'failed');
		const first = await webhook({ id, status: 'failed' }, parameters);
		expect(pairs((await execution(first.result.workflowData![0], parameters)).items)).toEqual([`${id}:failed`]);
		const again = await webhook({ id, status: 'failed' }, parameters);
		expect(again.sent).toEqual({ status: 200, body: { received: true, emitted: false } });
		expect(again.result.workflowData).toBeUndefined();
	});
});

describe('which mode registers what', () => {
	it.each([
		['callbacks', 'POST'],
		['callbacksAndPolling', 'POST'],
		['polling', ''],
	])('%s: the webhook method evaluates to "%s" (n8n registers no webhook for an empty one)', (mode, method) => {
		const trigger = new SeedanceTrigger().getNodeType(1.1);
		const nodeTypes = new HarnessNodeTypes().register(TRIGGER_TYPE, new SeedanceTrigger());
		const node = { id: 'n', name: 'Seedance Trigger', type: TRIGGER_TYPE, typeVersion: 1.1, position: [0, 0] as [number, number], parameters: { mode } };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: true, nodeTypes });
		const value = workflow.expression.getSimpleParameterValue(workflow.getNode(node.name)!, trigger.description.webhooks![0].httpMethod, 'internal', {});
		expect(value).toBe(method);
	});

	it('version 1 has no poll; 1.1 polls, and in Callbacks mode answers null at once without a request', async () => {
		const trigger = new SeedanceTrigger();
		expect(trigger.getNodeType(1).poll).toBeUndefined();
		expect(trigger.getNodeType(1).description.polling).toBeUndefined();
		expect(trigger.getNodeType(1.1).description.polling).toBe(true);
		const [id] = await newTasks(1);
		env.sim.setStatus(id, 'succeeded');
		const requests = env.sim.requests.length;
		expect(await poller({ mode: 'callbacks' }).poll()).toBeNull();
		expect(env.sim.requests).toHaveLength(requests);
	});

	it('a new node gets version 1.1, Callbacks and Polling', () => {
		const trigger = new SeedanceTrigger();
		expect(trigger.description.defaultVersion).toBe(1.1);
		const mode = trigger.getNodeType(1.1).description.properties.find((p) => p.name === 'mode');
		expect(mode?.default).toBe('callbacksAndPolling');
	});
});

describe('the poll', () => {
	const parameters = { mode: 'callbacksAndPolling' };

	it('leaves a task to its callback for the grace period, then hands it over once', async () => {
		const p = poller(parameters);
		const [id] = await newTasks(1);
		expect(await p.poll()).toBeNull(); // not ended
		env.sim.setStatus(id, 'succeeded');
		expect(await p.poll()).toBeNull();
		env.clock.advance(4 * MINUTE);
		expect(await p.poll()).toBeNull();
		env.clock.advance(2 * MINUTE);
		const handed = await p.poll();
		expect(handed?.[0].map((i) => (i.json.task as IDataObject).id)).toEqual([id]);
		expect(handed?.[0][0].json.confirmed).toBe(true);
		const run = await execution(handed![0], parameters);
		expect(pairs(run.items)).toEqual([`${id}:succeeded`]);
		expect(gets(id)).toHaveLength(0); // read from the list, with the credential: nothing to confirm
		expect(await p.poll()).toBeNull();
	});

	it('Polling Only has no grace period; statuses and models filter; tasks created before the look-back are not read', async () => {
		const p = poller({ mode: 'polling', statuses: ['succeeded'], models: ' Doubao-Seedance-1-0-PRO-250528 , other-model', lookBackHours: 2 });
		const [old] = await newTasks(1);
		env.clock.advance(3 * 60 * MINUTE);
		const [ok, failed, lite] = await newTasks(3);
		env.sim.setStatus(old, 'succeeded');
		env.sim.setStatus(ok, 'succeeded');
		env.sim.setStatus(failed, 'failed');
		env.sim.setStatus(lite, 'succeeded', { model: 'doubao-seedance-1-0-lite-t2v-250428' });
		const handed = await p.poll();
		expect(handed?.[0].map((i) => (i.json.task as IDataObject).id)).toEqual([ok]);
	});

	it('pages through the list one call a second, and stops at the look-back', async () => {
		const savedPage = pollLimits.pageSize;
		pollLimits.pageSize = 4;
		try {
			const p = poller({ mode: 'polling', lookBackHours: 1 });
			await newTasks(3);
			env.clock.advance(2 * 60 * MINUTE);
			const ids = await newTasks(10);
			for (const id of ids) env.sim.setStatus(id, 'succeeded');
			const handed = await p.poll();
			expect(handed?.[0].map((i) => (i.json.task as IDataObject).id).sort()).toEqual([...ids].sort());
			const calls = lists();
			// 10 in the window: pages of 4, 4, then one that reaches back past the hour.
			expect(calls.map((c) => c.query.page_num)).toEqual(['1', '2', '3']);
			for (let i = 1; i < calls.length; i++) expect(calls[i].time - calls[i - 1].time).toBeGreaterThanOrEqual(listTiming.gapMs);
		} finally {
			pollLimits.pageSize = savedPage;
		}
	});

	it('hands over at most 100 a poll; the next poll takes the rest', async () => {
		const savedMax = pollLimits.perPoll;
		pollLimits.perPoll = 3;
		try {
			const p = poller({ mode: 'polling' });
			const ids = await newTasks(5);
			for (const id of ids) env.sim.setStatus(id, 'succeeded');
			const first = (await p.poll())![0];
			const second = (await p.poll())![0];
			expect(first).toHaveLength(3);
			expect([...first, ...second].map((i) => (i.json.task as IDataObject).id).sort()).toEqual([...ids].sort());
			expect(await p.poll()).toBeNull();
		} finally {
			pollLimits.perPoll = savedMax;
		}
	});

	it('starts from its activation; after a restart it goes on from what n8n saved with its last emission', async () => {
		const parametersP = { mode: 'polling' };
		const [before] = await newTasks(1);
		env.sim.setStatus(before, 'succeeded');
		env.clock.advance(MINUTE);
		// A process of its own: this one's pollers of the same node in earlier tests would lend it their start.
		const p = poller(parametersP, 'activate', undefined, anotherProcess(env.clock));
		expect(await p.poll()).toBeNull(); // ended before the workflow was activated: not this trigger's
		const [during] = await newTasks(1);
		env.sim.setStatus(during, 'succeeded');
		expect((await p.poll())![0].map((i) => (i.json.task as IDataObject).id)).toEqual([during]);
		// n8n restarts; meanwhile one more task ended.
		const [downtime] = await newTasks(1);
		env.sim.setStatus(downtime, 'failed');
		env.clock.advance(10 * MINUTE);
		const restarted = poller(parametersP, 'init', p.saved(), anotherProcess(env.clock));
		expect((await restarted.poll())![0].map((i) => (i.json.task as IDataObject).id)).toEqual([downtime]);
		expect(await restarted.poll()).toBeNull();
	});

	it('restarted before its first emission (nothing saved), it looks back over the whole window rather than miss a task', async () => {
		const [earlier] = await newTasks(1);
		env.sim.setStatus(earlier, 'succeeded');
		env.clock.advance(MINUTE);
		const p = poller({ mode: 'polling' }, 'activate', undefined, anotherProcess(env.clock));
		expect(await p.poll()).toBeNull();
		const restarted = poller({ mode: 'polling' }, 'init', p.saved(), anotherProcess(env.clock));
		expect((await restarted.poll())![0].map((i) => (i.json.task as IDataObject).id)).toEqual([earlier]);
	});

	it('a test run (Polling Only, nothing handed over): the newest ended task, recorded nowhere', async () => {
		const parametersP = { mode: 'polling' };
		const p = poller(parametersP);
		const [first, second] = await newTasks(2);
		env.sim.setStatus(first, 'succeeded');
		env.sim.setStatus(second, 'succeeded');
		const test = await execution([{ json: {} }], parametersP, { mode: 'manual' });
		expect(pairs(test.items)).toEqual([`${second}:succeeded`]);
		expect(dedupe.count(TRIGGER_TYPE)).toBe(0);
		const handed = (await p.poll())![0];
		expect(pairs((await execution(handed, parametersP, { mode: 'retry' })).items).sort()).toEqual([`${first}:succeeded`, `${second}:succeeded`].sort());
	});

	it('a poll execution whose download fails: its Retry emits the task', async () => {
		const parametersP = { mode: 'polling', downloadVideo: true };
		const p = poller(parametersP);
		const [id] = await newTasks(1);
		env.sim.setStatus(id, 'succeeded');
		const handed = (await p.poll())![0];
		env.sim.fault({ route: 'file', kind: 'html', status: 502, times: Infinity });
		const failed = await execution(handed, parametersP, { mode: 'retry' });
		expect(failed.error?.message).toContain(`Downloading the video of task ${id} failed`);
		env.sim.clearFaults();
		const retry = await execution(handed, parametersP, { mode: 'retry' });
		expect(pairs(retry.items)).toEqual([`${id}:succeeded`]);
		expect((await getBinaryBuffer(retry.items[0])).equals(SAMPLE_MP4)).toBe(true);
		expect(await p.poll()).toBeNull();
	});
});

describe('Callbacks and Polling: a batch whose callbacks are partly lost', () => {
	const parameters = { mode: 'callbacksAndPolling', downloadVideo: true };

	it.each([
		['regular mode (one process)', 'regular'],
		['queue mode (webhook processor, two workers, the main that polls: each its own memory)', 'queue'],
	])('%s: every finished task starts the workflow exactly once', async (_what, setup) => {
		const one = setup === 'regular';
		const processes = one
			? { webhook: SeedanceTrigger, workers: [SeedanceTrigger], main: SeedanceTrigger }
			: { webhook: anotherProcess(env.clock), workers: [anotherProcess(env.clock), anotherProcess(env.clock)], main: anotherProcess(env.clock) };
		const n8n = await new N8n(parameters, processes).listen();
		try {
			const p = n8n.poller('activate');
			expect(await n8n.tick(p)).toEqual([]);
			const ids = await newTasks(12, n8n.url);
			await n8n.idle();
			const [delivered, behind502, dropped, stillRunning] = [ids.slice(0, 4), ids.slice(4, 7), ids.slice(7, 11), ids[11]];
			const ending = (id: string) => (id === dropped[3] ? 'failed' : 'succeeded');

			// Callbacks that arrive; a proxy answering 502 to every try of three; the API not calling back at all.
			for (const id of delivered) env.sim.setStatus(id, ending(id));
			n8n.proxyDown = (taskId) => behind502.includes(taskId);
			for (const id of behind502) env.sim.setStatus(id, ending(id));
			await n8n.idle();
			env.sim.stopCallbacks();
			for (const id of dropped) env.sim.setStatus(id, ending(id));
			env.sim.resumeCallbacks();
			env.sim.setStatus(stillRunning, 'running');
			await n8n.idle();
			expect(env.sim.callbacks.filter((c) => behind502.includes(c.taskId) && c.status === 'succeeded').map((c) => c.httpStatus)).toEqual(Array(12).fill(502));
			expect(env.sim.callbacks.filter((c) => c.outcome === 'dropped')).toHaveLength(4);
			expect(n8n.emitted.sort()).toEqual(delivered.map((id) => `${id}:succeeded`).sort());

			// Within the grace period the poll leaves them; after it, it catches the rest.
			expect(await n8n.tick(p)).toEqual([]);
			env.clock.advance(6 * MINUTE);
			const handed = await n8n.tick(p);
			// One process: it knows what its executions emitted. Queue mode: the poll hands over every
			// ended task, and the executions drop what the store holds.
			expect(handed.map((i) => (i.json.task as IDataObject).id).sort()).toEqual((one ? [...behind502, ...dropped] : ids.slice(0, 11)).sort());
			expect(await n8n.tick(p)).toEqual([]);
			await n8n.idle();

			expect(n8n.emitted.sort()).toEqual(ids.slice(0, 11).map((id) => `${id}:${ending(id)}`).sort());
			expect(n8n.executions.every((run) => run.error === undefined)).toBe(true);
			for (const run of n8n.executions) for (const item of run.items) if (item.json.status === 'succeeded') expect((await getBinaryBuffer(item)).equals(SAMPLE_MP4)).toBe(true);
		} finally {
			n8n.close();
		}
	});
});

describe('Download Video: a task already emitted elsewhere is not downloaded again', () => {
	it('the poll hands over a task a callback emitted on another worker: its execution asks the store first, downloads nothing, emits nothing', async () => {
		const parameters = { mode: 'callbacksAndPolling', graceMinutes: 0, downloadVideo: true };
		const [id] = await newTasks(1);
		env.sim.setStatus(id, 'succeeded');
		const hook = await webhook({ id, status: 'succeeded' }, parameters, {}, anotherProcess(env.clock));
		const first = await execution(hook.result.workflowData![0], parameters, {}, anotherProcess(env.clock));
		expect(pairs(first.items)).toEqual([`${id}:succeeded`]);
		const downloads = () => env.sim.requests.filter((r) => r.route === 'file').length;
		expect(downloads()).toBe(1);
		const handed = (await poller(parameters, 'init', undefined, anotherProcess(env.clock)).poll())![0];
		const second = await execution(handed, parameters, {}, anotherProcess(env.clock));
		expect(second.error).toBeUndefined();
		expect(second.items).toHaveLength(0);
		expect(downloads()).toBe(1);
	});

	it('a failed download after that first look still leaves the task unseen', async () => {
		const parameters = { mode: 'callbacks', downloadVideo: true };
		const [id] = await newTasks(1);
		env.sim.setStatus(id, 'succeeded');
		const handed = [{ json: { task: { id, status: 'succeeded' }, confirmed: false } }];
		env.sim.fault({ route: 'file', kind: 'html', status: 502, times: Infinity });
		expect((await execution(handed, parameters, {}, anotherProcess(env.clock))).error?.message).toContain('Downloading the video');
		expect(dedupe.count(TRIGGER_TYPE)).toBe(0);
		env.sim.clearFaults();
		expect(pairs((await execution(handed, parameters, {}, anotherProcess(env.clock))).items)).toEqual([`${id}:succeeded`]);
	});
});

describe('a callback and the poll at the same moment (no grace period)', () => {
	const parameters = { mode: 'callbacksAndPolling', graceMinutes: 0 };

	it('in one process: emitted once', async () => {
		const [id] = await newTasks(1);
		env.sim.setStatus(id, 'succeeded');
		const hook = await webhook({ id, status: 'succeeded' }, parameters);
		const handed = (await poller(parameters, 'init').poll())![0];
		dedupe.overlapNext(2);
		const runs = await Promise.all([execution(hook.result.workflowData![0], parameters), execution(handed, parameters)]);
		expect(runs.flatMap((run) => pairs(run.items))).toEqual([`${id}:succeeded`]);
	});

	it('what remains: two workers at the very same instant can both emit it (n8n\'s store has no lock)', async () => {
		const [id] = await newTasks(1);
		env.sim.setStatus(id, 'succeeded');
		const hook = await webhook({ id, status: 'succeeded' }, parameters, {}, anotherProcess(env.clock));
		const handed = (await poller(parameters, 'init', undefined, anotherProcess(env.clock)).poll())![0];
		// Each worker loads the node afresh first: the store waits longer for the two to meet.
		dedupe.overlapNext(2, 20_000);
		const runs = await Promise.all([
			execution(hook.result.workflowData![0], parameters, {}, anotherProcess(env.clock)),
			execution(handed, parameters, {}, anotherProcess(env.clock)),
		]);
		expect(runs.flatMap((run) => pairs(run.items))).toEqual([`${id}:succeeded`, `${id}:succeeded`]);
	});
});
