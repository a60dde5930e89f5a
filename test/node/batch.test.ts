/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Issue 13: many items at once, through n8n's real execution path against the simulator. No
 * timing thresholds: overlap, bounds and ordering are read from the simulator's own records
 * (arrival of each request, the moment each answer went out).
 */
import { batchLimits } from '../../nodes/Seedance/batch/limits';
import { HarnessCredentialsHelper, shutdownHarness } from '../harness';
import type { RecordedRequest } from '../simulator';
import { createRequests, expectNothingLost, model, referenceParams, useSimulator } from './setup';
import { makePng } from '../helpers/png';

const env = useSimulator({ queuedPolls: 1, runningPolls: 1 });
afterAll(async () => await shutdownHarness());
jest.setTimeout(30_000);

const FAST = { pollInterval: 0.02, retries: 2 };

function textParams(overrides: Record<string, unknown> = {}) {
	return {
		resource: 'video',
		operation: 'generateFromText',
		model: model('doubao-seedance-1-0-pro-250528'),
		prompt: '={{ "item " + $json.i }}',
		...overrides,
	};
}

const itemsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));

/** Every finished request with the moment its answer went out, in the order they finished. */
function answered() {
	const done: Array<RecordedRequest & { status?: number; doneAt: number }> = [];
	const listener = (r: RecordedRequest & { status?: number }) => done.push({ ...r, doneAt: env.clock.now() });
	env.sim.on('request', listener);
	return { done, stop: () => env.sim.off('request', listener) };
}

/** The most requests of a kind that were at the simulator at the same time. */
function mostAtOnce(requests: RecordedRequest[], done: Array<RecordedRequest & { doneAt: number }>, route: string): number {
	const events = [
		...requests.filter((r) => r.route === route).map((r) => ({ at: r.time, step: 1 })),
		...done.filter((r) => r.route === route).map((r) => ({ at: r.doneAt, step: -1 })),
	].sort((a, b) => a.at - b.at || a.step - b.step);
	let now = 0;
	let most = 0;
	for (const e of events) most = Math.max(most, (now += e.step));
	return most;
}

const promptOf = (id: unknown) => env.sim.taskInfo(String(id))?.prompt;

describe('submitting many items', () => {
	it('sends creates concurrently, never more than Concurrent Requests, and keeps input order and pairedItem', async () => {
		// The first create answers last: output order must still be input order.
		env.sim.fault({ route: 'create', kind: 'slow', delayMs: 400 });
		env.sim.fault({ route: 'create', kind: 'slow', delayMs: 100, times: Infinity });
		const watch = answered();
		const result = await env.run(textParams({ options: { concurrency: 3 } }), { inputItems: itemsOf(9) });
		watch.stop();
		expect(result.error).toBeUndefined();
		expect(createRequests(env.sim)).toHaveLength(9);
		const most = mostAtOnce(env.sim.requests, watch.done, 'create');
		expect(most).toBeGreaterThan(1);
		expect(most).toBeLessThanOrEqual(3);
		expect(result.items.map((item) => promptOf(item.json.id))).toEqual(itemsOf(9).map((_, i) => `item ${i}`));
		expectNothingLost(result, env.sim, 9);
	});

	it('Concurrent Requests 1 sends one item after another, as before', async () => {
		env.sim.fault({ route: 'create', kind: 'slow', delayMs: 30, times: Infinity });
		const watch = answered();
		const result = await env.run(textParams({ options: { concurrency: 1 } }), { inputItems: itemsOf(4) });
		watch.stop();
		expect(mostAtOnce(env.sim.requests, watch.done, 'create')).toBe(1);
		expectNothingLost(result, env.sim, 4);
	});


	it('by default Generate sends up to 100 creates at once, and task operations read 10 at a time', async () => {
		env.sim.fault({ route: 'create', kind: 'slow', delayMs: 400, times: Infinity });
		const creates = answered();
		const created = await env.run(textParams(), { inputItems: itemsOf(120) });
		creates.stop();
		expectNothingLost(created, env.sim, 120);
		const mostCreates = mostAtOnce(env.sim.requests, creates.done, 'create');
		expect(mostCreates).toBeGreaterThan(10);
		expect(mostCreates).toBeLessThanOrEqual(100);

		env.sim.requests.length = 0;
		env.sim.fault({ route: 'get', kind: 'slow', delayMs: 100, times: Infinity });
		const gets = answered();
		const ids = created.items.map((i) => String(i.json.id)).slice(0, 30);
		const result = await env.run({ resource: 'task', operation: 'get', taskId: '={{ $json.id }}', options: FAST }, { inputItems: ids.map((id) => ({ json: { id } })) });
		gets.stop();
		expect(result.items.map((i) => i.json.id)).toEqual(ids);
		const mostGets = mostAtOnce(env.sim.requests, gets.done, 'get');
		expect(mostGets).toBeGreaterThan(1);
		expect(mostGets).toBeLessThanOrEqual(10);
	});
	it('checks every item before the first paid task, also with items in flight together', async () => {
		const inputItems = [...itemsOf(6), { json: { i: 6, bad: true } }];
		const result = await env.run(textParams({ options: { duration: '={{ $json.bad ? "long" : 5 }}' } }), { inputItems });
		expect(result.error?.message).toMatch(/Duration/);
		expect(createRequests(env.sim)).toHaveLength(0);
	});

	it('reads the credential once per execution, not once per request', async () => {
		const spy = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
		const result = await env.run(textParams({ waitForCompletion: true, options: FAST }), { inputItems: itemsOf(5) });
		const reads = spy.mock.calls.filter(([, , type]) => type === 'seedanceApi').length;
		spy.mockRestore();
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.requests).toBe(8); // 5 creates + 3 list rounds
		// n8n itself reads it once to authenticate each request; the node's own reads are the ones that must not grow.
		expect(reads).toBeLessThanOrEqual(env.sim.stats.requests + 1);
		const nodeReads = reads - env.sim.stats.requests;
		expect(nodeReads).toBeLessThanOrEqual(1);
	});

	it('under a rate limit every item still gets exactly one task (the shared gate, with Rate Limit Wait)', async () => {
		// Which request waits when is proven in virtual time (test/unit/http/rateGate.test.ts):
		// comparing the simulator's clock with the node's would be a timed assertion.
		env.sim.fault({ kind: 'rpm', limit: 2, windowMs: 600, retryAfter: 1 });
		const result = await env.run(textParams({ options: { concurrency: 6, rateLimitWait: 30 } }), { inputItems: itemsOf(6) });
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.created).toBe(6);
		expect(env.sim.stats.rateLimited).toBeGreaterThan(0);
		expect(result.items.map((item) => promptOf(item.json.id))).toEqual(itemsOf(6).map((_, i) => `item ${i}`));
		expectNothingLost(result, env.sim, 6);
	});

	it('bodies with images wait for the body budget: never more bodies in flight than it holds', async () => {
		const saved = batchLimits.bodyBudgetBytes;
		batchLimits.bodyBudgetBytes = 1; // every body is larger: one at a time, whatever Concurrent Requests says
		env.sim.fault({ route: 'create', kind: 'slow', delayMs: 30, times: Infinity });
		const watch = answered();
		const result = await env.run(textParams({ options: { concurrency: 5 } }), { inputItems: itemsOf(5) });
		watch.stop();
		batchLimits.bodyBudgetBytes = saved;
		expect(mostAtOnce(env.sim.requests, watch.done, 'create')).toBe(1);
		expectNothingLost(result, env.sim, 5);
	});

	it('the budget counts binary images at their size as sent, before the request is written', async () => {
		const png = Buffer.concat([makePng(640, 480), Buffer.alloc(300_000)]);
		const encoded = Math.ceil(png.length / 3) * 4;
		const run = async (budget: number) => {
			const saved = batchLimits.bodyBudgetBytes;
			batchLimits.bodyBudgetBytes = budget;
			env.sim.reset();
			env.sim.fault({ route: 'create', kind: 'slow', delayMs: 40, times: Infinity });
			const watch = answered();
			const items = Array.from({ length: 6 }, (_, i) => ({ json: { i }, binary: { photo: { data: png, mimeType: 'image/png', fileName: `p${i}.png` } } }));
			const result = await env.run(
				{ ...referenceParams({ prompt: '[Figure 1] item {{ $json.i }}' }), referenceImages: { image: [{ source: 'binary', binaryProperty: 'photo' }] }, options: { concurrency: 6 } },
				{ inputItems: items },
			);
			watch.stop();
			batchLimits.bodyBudgetBytes = saved;
			expectNothingLost(result, env.sim, 6);
			return mostAtOnce(env.sim.requests, watch.done, 'create');
		};
		expect(await run(Math.floor(encoded * 1.5))).toBe(1); // room for one body
		expect(await run(encoded * 3 + 64 * 1024)).toBeGreaterThan(1); // room for three: they overlap
	});

	it('an API error without Continue On Fail stops new items and names every task already created', async () => {
		env.sim.fault({ route: 'create', kind: 'status', status: 400, code: 'InvalidParameter', message: 'no' });
		const result = await env.run(textParams({ options: { concurrency: 2, retries: 0 } }), { inputItems: itemsOf(8) });
		expect(result.error).toBeDefined();
		expect(createRequests(env.sim).length).toBeLessThan(8);
		expectNothingLost(result, env.sim, 8);
	});

	it('with Continue On Fail every item gets its own output item, in order', async () => {
		env.sim.fault({ route: 'create', kind: 'status', status: 400, code: 'InvalidParameter', message: 'no', times: 2 });
		const result = await env.run(textParams({ options: { concurrency: 4, retries: 0 } }), { inputItems: itemsOf(6), continueOnFail: true });
		expect(result.items).toHaveLength(6);
		expect(result.items.filter((i) => i.json.error !== undefined)).toHaveLength(2);
		for (const [index, item] of result.items.entries()) {
			if (item.json.error === undefined) expect(promptOf(item.json.id)).toBe(`item ${index}`);
		}
		expectNothingLost(result, env.sim, 6);
	});
});

describe('waiting for the batch together', () => {
	const lists = () => env.sim.requests.filter((r) => r.route === 'list');

	it('one list request per round with filter.task_ids for all pending tasks, no GET per task', async () => {
		const result = await env.run(textParams({ waitForCompletion: true, options: FAST }), { inputItems: itemsOf(6) });
		expect(result.error).toBeUndefined();
		const ids = result.items.map((i) => String(i.json.id));
		expect(result.items.map((i) => i.json.status)).toEqual(Array(6).fill('succeeded'));
		expect(env.sim.stats.gets).toBe(0);
		// queued → running → succeeded: three rounds, each one list call naming every task.
		expect(lists()).toHaveLength(3);
		for (const list of lists()) expect([...(list.query['filter.task_ids'] as string[])].sort()).toEqual([...ids].sort());
		expect(result.items.map((item) => promptOf(item.json.id))).toEqual(itemsOf(6).map((_, i) => `item ${i}`));
		expectNothingLost(result, env.sim, 6);
	});

	it('a finished task leaves the round: later lists ask only for the tasks still pending', async () => {
		env.sim.on('status', function pin(task) {
			if (task.status === 'queued' && env.sim.taskInfo(task.id)?.prompt === 'item 0') setImmediate(() => env.sim.setStatus(task.id, 'succeeded'));
		});
		const result = await env.run(textParams({ waitForCompletion: true, options: FAST }), { inputItems: itemsOf(3) });
		env.sim.removeAllListeners('status');
		expect(result.error).toBeUndefined();
		const first = String(result.items[0].json.id);
		const later = lists().slice(1);
		expect(later.length).toBeGreaterThan(0);
		for (const list of later) expect(list.query['filter.task_ids']).not.toContain(first);
	});

	it('each task keeps its own timeout; the others still finish (Continue On Fail)', async () => {
		env.sim.on('status', (task) => {
			if (task.status === 'queued' && env.sim.taskInfo(task.id)?.prompt === 'item 1') setImmediate(() => env.sim.setStatus(task.id, 'running'));
		});
		const result = await env.run(
			textParams({ waitForCompletion: true, options: { ...FAST, waitTimeout: '={{ $json.i === 1 ? 0.005 : 10 }}' } }),
			{ inputItems: itemsOf(3), continueOnFail: true },
		);
		env.sim.removeAllListeners('status');
		const stuck = [...env.sim.tasks.values()].find((t) => env.sim.taskInfo(t.id)?.prompt === 'item 1')!;
		expect(result.items[1].json.error).toBe(`Task ${stuck.id} is still running after 0 s`);
		expect(result.items[1].json.taskId).toBe(stuck.id);
		expect([result.items[0].json.status, result.items[2].json.status]).toEqual(['succeeded', 'succeeded']);
		expectNothingLost(result, env.sim, 3);
	});

	it('a relay that ignores filter.task_ids is detected, and the batch falls back to GETs', async () => {
		await env.run(textParams({ prompt: 'someone else' })); // a task that is not ours in the list
		env.sim.fault({ route: 'list', kind: 'ignore-query', times: Infinity });
		const before = new Set(env.sim.tasks.keys());
		const result = await env.run(textParams({ waitForCompletion: true, options: FAST }), { inputItems: itemsOf(4) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.status)).toEqual(Array(4).fill('succeeded'));
		expect(lists()).toHaveLength(1); // seen once, then never trusted again
		expect(env.sim.stats.gets).toBeGreaterThanOrEqual(4 * 3);
		expectNothingLost(result, env.sim, 4, before);
	});

	it('Task → Wait for Completion over many items uses the same batch poll', async () => {
		const created = await env.run(textParams(), { inputItems: itemsOf(5) });
		env.sim.requests.length = 0;
		const ids = created.items.map((i) => String(i.json.id));
		const result = await env.run(
			{ resource: 'task', operation: 'wait', taskId: '={{ $json.id }}', options: FAST },
			{ inputItems: ids.map((id) => ({ json: { id } })) },
		);
		expect(result.items.map((i) => i.json.id)).toEqual(ids);
		expect(result.items.map((i) => i.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
		expect(env.sim.requests.filter((r) => r.route === 'get')).toHaveLength(0);
		expect(lists()).toHaveLength(3);
	});

	it('downloads run a few at a time (never more than the download limit) and every item gets its video', async () => {
		env.sim.fault({ route: 'file', kind: 'slow', delayMs: 60, times: Infinity });
		const watch = answered();
		const result = await env.run(textParams({ waitForCompletion: true, downloadVideo: true, options: FAST }), { inputItems: itemsOf(8) });
		watch.stop();
		expect(result.error).toBeUndefined();
		expect(result.items.every((i) => i.binary?.data?.mimeType === 'video/mp4')).toBe(true);
		const most = mostAtOnce(env.sim.requests, watch.done, 'file');
		expect(most).toBeGreaterThan(1);
		expect(most).toBeLessThanOrEqual(batchLimits.downloads);
	});

	it('Stop ends the whole batch wait at once', async () => {
		env.sim.on('status', (task) => {
			if (task.status === 'queued') setImmediate(() => env.sim.setStatus(task.id, 'running'));
		});
		env.clock.hold(); // time stands still: the run is stopped in its first wait
		const run = env.start(textParams({ waitForCompletion: true, options: { pollInterval: 30, waitTimeout: 60 } }), { inputItems: itemsOf(4) });
		while (!env.sim.requests.some((r) => r.route === 'list')) await new Promise((r) => setTimeout(r, 10));
		run.cancel();
		const result = await run.result;
		env.sim.removeAllListeners('status');
		expect(result.items).toHaveLength(0);
		expect(lists()).toHaveLength(1);
		expect(env.sim.stats.gets).toBe(0);
	});
});

describe('recovery with items in flight together (issue 9 still holds)', () => {
	it('a gateway that cuts the answers of a whole burst: every item recovers its own task, the looks share a few list calls', async () => {
		// Each cut create is committed, and someone else on the account makes a twin of it (same model and settings).
		env.sim.fault({ route: 'create', kind: 'reset-after-create', times: Infinity, others: 1 });
		const result = await env.run(textParams({ options: { retries: 2 } }), { inputItems: itemsOf(100) });
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.created).toBe(100);
		expect(env.sim.foreign.size).toBe(100);
		expect(result.items.every((i) => i.json.recovered === true)).toBe(true);
		expect(result.items.map((item) => promptOf(item.json.id))).toEqual(itemsOf(100).map((_, i) => `item ${i}`));
		expect(result.items.some((i) => env.sim.foreign.has(String(i.json.id)))).toBe(false);
		// One walk through the list (200 tasks: two pages) serves the items that looked together.
		expect(env.sim.requests.filter((r) => r.route === 'list').length).toBeLessThanOrEqual(10);
		expectNothingLost(result, env.sim, 100);
	});

	it('two creates whose answers are lost recover their own tasks; list calls go one at a time, a gap apart', async () => {
		env.sim.fault({ route: 'create', kind: 'gateway-late', delayMs: 100, times: 2 });
		const watch = answered();
		const result = await env.run(textParams({ options: { concurrency: 4, retries: 2 } }), { inputItems: itemsOf(4) });
		watch.stop();
		expect(result.error).toBeUndefined();
		expect(createRequests(env.sim)).toHaveLength(4);
		expect(env.sim.stats.created).toBe(4);
		expect(result.items.filter((i) => i.json.recovered === true)).toHaveLength(2);
		expect(result.items.map((item) => promptOf(item.json.id))).toEqual(itemsOf(4).map((_, i) => `item ${i}`));
		// Never two list calls at the simulator at once; each starts after the previous answered.
		const listDone = watch.done.filter((r) => r.route === 'list');
		const listArrivals = env.sim.requests.filter((r) => r.route === 'list');
		for (let k = 1; k < listArrivals.length; k++) expect(listArrivals[k].time).toBeGreaterThanOrEqual(listDone[k - 1].doneAt);
		expectNothingLost(result, env.sim, 4);
	});
});
