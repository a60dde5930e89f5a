/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * A Retry of a failed execution, or a run told to take over one (Options → Take Over Tasks of
 * Execution), takes the tasks its items already made instead of paying again, whichever run of a
 * chain of take-overs and Retries made them; nothing else ever adopts them. An execution ID that
 * cannot be one, or that names no run of this node in this workflow, is refused before anything
 * is paid for.
 */
import { createRunExecutionData, type INodeParameters } from 'n8n-workflow';

import { core } from '../harness/core';
import { shutdownHarness, storedExecutions, type RunResult } from '../harness';
import { createRequests, model, useSimulator } from './setup';

const env = useSimulator({ queuedPolls: 1, runningPolls: 1 });
afterAll(async () => await shutdownHarness());
jest.setTimeout(60_000);

const V10 = 'doubao-seedance-1-0-pro-250528';
const V20 = 'doubao-seedance-2-0-260128';
const V25 = 'doubao-seedance-2-5-260628';

const paramsFor = (modelId: string, options: INodeParameters = {}) => ({
	resource: 'video',
	operation: 'generateFromText',
	model: model(modelId),
	prompt: '={{ $json.prompt }}',
	options,
});
const params = paramsFor(V10);
const takeOver = (execution: string, modelId = V10, options: INodeParameters = {}) =>
	paramsFor(modelId, { takeOverExecution: execution, ...options });
const items = (n: number, prompt = (i: number) => `Video ${i + 1}: a paper boat`) => Array.from({ length: n }, (_, i) => ({ json: { prompt: prompt(i) } }));
/** Items whose prompts in `bad` Seedance refuses at create (400): the run fails there, as on a node error. */
const failingAt = (n: number, bad: number[]) => items(n, (i) => (bad.includes(i) ? `Video ${i + 1} [sim:unsafe-text]` : `Video ${i + 1}: a paper boat`));
const promptOf = (id: unknown) => env.sim.taskInfo(String(id))?.prompt;
const ids = (result: RunResult) => result.items.map((i) => String(i.json.id));
const recovered = (result: RunResult) => result.items.map((i) => i.json.recovered ?? false);

/** What n8n 2.x leaves of an execution whose queue-mode worker died: an empty run. */
function workerDied(executionId: string) {
	storedExecutions.set(executionId, createRunExecutionData());
}

function errorText(result: RunResult): string {
	const json = result.items.find((i) => i.json.error !== undefined)?.json;
	if (json) return `${String(json.error)}\n${String(json.description ?? '')}`;
	return result.error ? `${result.error.message}\n${(result.error as { description?: string }).description ?? ''}` : '';
}

async function firstRun(n: number, executionId: string, modelId = V10) {
	const result = await env.run(paramsFor(modelId), { inputItems: items(n), executionId });
	expect(result.error).toBeUndefined();
	return ids(result);
}

it('a Retry takes the tasks its items made and creates only the missing ones', async () => {
	// The failed run got two of three items done before its worker died.
	const made = await firstRun(2, '1001');
	expect(createRequests(env.sim)).toHaveLength(2);
	const retry = await env.run(params, { inputItems: items(3), executionId: '1002', mode: 'retry', retryOf: '1001' });
	expect(retry.error).toBeUndefined();
	expect(createRequests(env.sim)).toHaveLength(3); // one new create, for item 3 only
	expect(ids(retry).slice(0, 2)).toEqual(made);
	expect(new Set(ids(retry)).size).toBe(3);
	expect(recovered(retry)).toEqual([true, true, false]);
	expect(String(retry.items[0].json.recoveryNote)).toContain(`Execution 1001 had already created task ${made[0]}`);
});

it('a Retry of 100 items reads the task list together: one walk through it for all of them', async () => {
	const made = await firstRun(80, '1501');
	env.sim.requests.length = 0;
	const retry = await env.run(params, { inputItems: items(100), executionId: '1502', mode: 'retry', retryOf: '1501' });
	expect(retry.error).toBeUndefined();
	expect(ids(retry).slice(0, 80)).toEqual(made);
	expect(recovered(retry)).toEqual([...Array(80).fill(true), ...Array(20).fill(false)]);
	expect(createRequests(env.sim)).toHaveLength(20);
	// 80 tasks fit one page: one list call (at most a few), where each item alone would list once (one a second).
	expect(env.sim.requests.filter((r) => r.route === 'list').length).toBeLessThanOrEqual(3);
});

it('a Retry of another execution, or a normal run, adopts nothing', async () => {
	await firstRun(2, '2001');
	const otherRetry = await env.run(params, { inputItems: items(2), executionId: '2002', mode: 'retry', retryOf: '1999' });
	expect(otherRetry.error).toBeUndefined();
	const normal = await env.run(params, { inputItems: items(2), executionId: '2003' });
	expect(normal.error).toBeUndefined();
	expect(createRequests(env.sim)).toHaveLength(6);
	expect(new Set([...env.sim.tasks.keys()]).size).toBe(6);
	expect([...otherRetry.items, ...normal.items].every((i) => i.json.recovered === undefined)).toBe(true);
});

it("items are told apart: a retried item never takes another item's task, even with the same request", async () => {
	const same = [{ json: { prompt: 'twin' } }, { json: { prompt: 'twin' } }];
	const made = ids(await env.run(params, { inputItems: same, executionId: '3001' }));
	const retry = await env.run(params, { inputItems: same, executionId: '3002', mode: 'retry', retryOf: '3001' });
	expect(ids(retry)).toEqual(made);
	expect(createRequests(env.sim)).toHaveLength(2);
});

it('the seed each create sends differs per execution and per item', async () => {
	await firstRun(2, '4001');
	await firstRun(2, '4002');
	const seeds = createRequests(env.sim).map((r) => (r.body as { seed: number }).seed);
	expect(new Set(seeds).size).toBe(4);
	expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 31)).toBe(true);
});

describe('Options → Take Over Tasks of Execution (when n8n left nothing to Retry)', () => {
	it.each([
		['1.0 Pro', V10],
		['2.0', V20],
		['2.5', V25],
	])("%s: a new run takes the tasks the named execution's items made (its data emptied by n8n) and creates only the missing ones", async (_name, modelId) => {
		const made = await firstRun(2, '5001', modelId);
		workerDied('5001');
		const run = await env.run(takeOver(' 5001 ', modelId), { inputItems: items(3), executionId: '5002' });
		expect(run.error).toBeUndefined();
		expect(createRequests(env.sim)).toHaveLength(3);
		expect(ids(run).slice(0, 2)).toEqual(made);
		expect(recovered(run)).toEqual([true, true, false]);
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(String(run.items[1].json.recoveryNote)).toContain(`Execution 5001 had already created task ${made[1]}`);
	});

	it('naming a run of this node that made nothing: every task is created', async () => {
		const nothing = await env.run(params, { inputItems: failingAt(1, [0]), executionId: '6001', continueOnFail: true });
		expect(nothing.items[0].json.error).toBeDefined();
		const run = await env.run(takeOver('6001'), { inputItems: items(2), executionId: '6002' });
		expect(run.error).toBeUndefined();
		expect(env.sim.stats.created).toBe(2);
		expect(run.items.every((i) => i.json.recovered === undefined)).toBe(true);
	});

	it.each([
		['letters', 'abc'],
		['a negative number', '-1'],
		['a path', '../../'],
		['5,000 characters', '7'.repeat(5000)],
		['two IDs', '12 13'],
		['a fraction', '12.5'],
	])('a value that cannot be an execution ID (%s) is refused naming the field, before anything is paid for', async (_name, value) => {
		const result = await env.run(takeOver(value), { inputItems: items(2), executionId: '7001' });
		expect(result.error?.message).toMatch(/^Options → Take Over Tasks of Execution must be the ID of an execution/);
		expect(result.error?.message.length).toBeLessThan(200);
		expect(JSON.stringify(result.error)).toMatch(/item|Item/);
		expect(env.sim.stats.createAttempts).toBe(0);
	});

	it('an execution that does not exist is refused before anything is paid for', async () => {
		const result = await env.run(takeOver('987654'), { inputItems: items(2), executionId: '7101' });
		expect(result.error?.message).toMatch(/Options → Take Over Tasks of Execution: there is no execution 987654/);
		expect(env.sim.stats.createAttempts).toBe(0);
	});

	it("another workflow's execution (the same node type and model) is refused before anything is paid for", async () => {
		const other = await env.run(params, { inputItems: items(2), executionId: '7201', workflowId: 'another-workflow' });
		expect(other.error).toBeUndefined();
		const result = await env.run(takeOver('7201'), { inputItems: items(2), executionId: '7202' });
		expect(result.error?.message).toMatch(/Options → Take Over Tasks of Execution: execution 7201 is not a run of this node in this workflow/);
		expect(env.sim.stats.createAttempts).toBe(2);
	});

	it('an execution of this workflow where this node made no video (Task → Get) is refused', async () => {
		const [id] = await firstRun(1, '7301');
		await env.run({ resource: 'task', operation: 'get', taskId: id }, { executionId: '7302' });
		const result = await env.run(takeOver('7302'), { inputItems: items(1), executionId: '7303' });
		expect(result.error?.message).toMatch(/execution 7302 is not a run of this node in this workflow/);
		expect(env.sim.stats.createAttempts).toBe(1);
	});

	it('this very execution is refused', async () => {
		const result = await env.run(takeOver('7401'), { inputItems: items(1), executionId: '7401' });
		expect(result.error?.message).toMatch(/is this execution/);
		expect(env.sim.stats.createAttempts).toBe(0);
	});

	it('items that name different executions are refused naming the item', async () => {
		await firstRun(1, '7501');
		const result = await env.run(paramsFor(V10, { takeOverExecution: '={{ $json.takeOver }}' }), {
			inputItems: [{ json: { prompt: 'a', takeOver: '7501' } }, { json: { prompt: 'b', takeOver: '7502' } }],
			executionId: '7503',
		});
		expect(result.error?.message).toMatch(/must name the same execution for every item/);
		expect(JSON.stringify(result.error)).toContain('"itemIndex":1');
		expect(env.sim.stats.createAttempts).toBe(1);
	});

	it('a run made before these records existed (no record, its data emptied) is still taken over by its seeds', async () => {
		const made = await firstRun(2, '7601');
		env.records.clear();
		workerDied('7601');
		const run = await env.run(takeOver('7601'), { inputItems: items(2), executionId: '7602' });
		expect(run.error).toBeUndefined();
		expect(ids(run)).toEqual(made);
		expect(createRequests(env.sim)).toHaveLength(2);
	});

	it('finals from a draft, a model with recovery off and a fixed seed: their tasks are found by the records the run kept', async () => {
		const draft = await env.run(paramsFor(V25, { draft: true }), { inputItems: items(1) });
		const draftId = String(draft.items[0].json.id);
		const finals = { resource: 'video', operation: 'generateFromDraft', model: model(V25), draftTaskId: draftId };
		const madeFinal = ids(await env.run(finals, { inputItems: items(1), executionId: '7701' }));
		const tookFinal = await env.run({ ...finals, options: { takeOverExecution: '7701' } }, { inputItems: items(1), executionId: '7702' });
		expect(ids(tookFinal)).toEqual(madeFinal);
		expect(recovered(tookFinal)).toEqual([true]);

		const off = model('acme-video-9', 'id');
		const madeOff = ids(await env.run({ ...paramsFor(V10), model: off }, { inputItems: items(2), executionId: '7703' }));
		const tookOff = await env.run({ ...takeOver('7703'), model: off }, { inputItems: items(2), executionId: '7704' });
		expect(ids(tookOff)).toEqual(madeOff);

		const madeFixed = ids(await env.run(paramsFor(V20, { seed: 42 }), { inputItems: items(2), executionId: '7705' }));
		const tookFixed = await env.run(takeOver('7705', V20, { seed: 42 }), { inputItems: items(2), executionId: '7706' });
		expect(ids(tookFixed)).toEqual(madeFixed);
		expect(env.sim.stats.created).toBe(1 + 1 + 2 + 2);
	});

	it('a relay that drops the seed: nothing can be told to be an item\'s, so nothing is created again; the error names the candidates', async () => {
		const made = await firstRun(2, '7801', V20);
		env.sim.fault({ route: 'list', kind: 'drop-fields', fields: ['seed'], times: Infinity });
		const run = await env.run(takeOver('7801', V20), { inputItems: items(2), executionId: '7802', continueOnFail: true });
		expect(env.sim.stats.created).toBe(2);
		for (const item of run.items) {
			expect(item.json.id).toBeUndefined();
			for (const id of made) expect(String(item.json.error)).toContain(id);
		}
		expect(errorText(run)).toMatch(/nothing was created/i);
	});
});

describe.each([
	['1.0 Pro', V10],
	['2.0', V20],
])('%s: a chain of take-overs and Retries pays for nothing twice', (_name, modelId) => {
	it('A made items 0–1; B took over A (took both, made item 2); C takes over B: every item has its task, none paid again', async () => {
		const a = await firstRun(2, '8001', modelId);
		workerDied('8001');
		const b = await env.run(takeOver('8001', modelId), { inputItems: items(3), executionId: '8002' });
		expect(ids(b).slice(0, 2)).toEqual(a);
		workerDied('8002');
		const c = await env.run(takeOver('8002', modelId), { inputItems: items(3), executionId: '8003' });
		expect(c.error).toBeUndefined();
		expect(ids(c)).toEqual(ids(b));
		expect(recovered(c)).toEqual([true, true, true]);
		expect(env.sim.stats.created).toBe(3);
	});

	it("n8n's Retry of a Retry: A failed at item 2, its Retry B at item 3, B's Retry C pays for nothing twice", async () => {
		const a = await env.run(paramsFor(modelId, { concurrency: 1 }), { inputItems: failingAt(4, [2]), executionId: '8101' });
		expect(a.error).toBeDefined();
		const b = await env.run(paramsFor(modelId, { concurrency: 1 }), { inputItems: failingAt(4, [3]), executionId: '8102', mode: 'retry', retryOf: '8101' });
		expect(b.error).toBeDefined();
		const c = await env.run(paramsFor(modelId, { concurrency: 1 }), { inputItems: items(4), executionId: '8103', mode: 'retry', retryOf: '8102' });
		expect(c.error).toBeUndefined();
		expect(recovered(c)).toEqual([true, true, true, false]);
		expect(env.sim.stats.created).toBe(4);
		expect(c.items.map((i) => promptOf(i.json.id))).toEqual(items(4).map((i) => i.json.prompt));
	});

	it('take-overs and Retries mixed: A → take over B → Retry C → take over D', async () => {
		// A made items 0, 2 and 3.
		await env.run(paramsFor(modelId, { concurrency: 1 }), { inputItems: failingAt(5, [1, 4]), executionId: '8201', continueOnFail: true });
		workerDied('8201');
		// B took A's three, made item 1, failed at item 4.
		const b = await env.run(takeOver('8201', modelId, { concurrency: 1 }), { inputItems: failingAt(5, [4]), executionId: '8202' });
		expect(b.error).toBeDefined();
		// n8n's Retry of B: B's own option still names A; the Retry takes over B (which took over A) and makes item 4.
		const c = await env.run(takeOver('8201', modelId), { inputItems: items(5), executionId: '8203', mode: 'retry', retryOf: '8202' });
		expect(c.error).toBeUndefined();
		expect(recovered(c)).toEqual([true, true, true, true, false]);
		workerDied('8203');
		const d = await env.run(takeOver('8203', modelId), { inputItems: items(5), executionId: '8204' });
		expect(d.error).toBeUndefined();
		expect(ids(d)).toEqual(ids(c));
		expect(recovered(d)).toEqual([true, true, true, true, true]);
		expect(env.sim.stats.created).toBe(5);
		expect(d.items.map((i) => promptOf(i.json.id))).toEqual(items(5).map((i) => i.json.prompt));
	});

	it("B stops part-way (its worker died) before reaching items A had made: C finds them through B's records", async () => {
		// A made tasks for items 4–9 only.
		await env.run(paramsFor(modelId), { inputItems: failingAt(10, [0, 1, 2, 3]), executionId: '8301', continueOnFail: true });
		expect(env.sim.stats.created).toBe(6);
		workerDied('8301');
		// B, one item at a time, dies while its first create (item 0) is under way.
		env.sim.fault({ route: 'create', kind: 'slow', delayMs: 5_000 });
		env.clock.hold();
		const sentBefore = createRequests(env.sim).length;
		const b = env.start(takeOver('8301', modelId, { concurrency: 1 }), { inputItems: items(10), executionId: '8302' });
		while (createRequests(env.sim).length === sentBefore) await new Promise((r) => setImmediate(r));
		b.cancel();
		await b.result;
		env.clock.release(); // the create B had under way commits
		while (env.sim.stats.created < 7) await new Promise((r) => setTimeout(r, 5));
		workerDied('8302');
		const c = await env.run(takeOver('8302', modelId), { inputItems: items(10), executionId: '8303' });
		expect(c.error).toBeUndefined();
		expect(env.sim.stats.created).toBe(10);
		expect(recovered(c)).toEqual([true, false, false, false, true, true, true, true, true, true]);
		expect(c.items.map((i) => promptOf(i.json.id))).toEqual(items(10).map((i) => i.json.prompt));
	});

	it('B stops while still reading the list, before it recorded what it took over: C is refused rather than paying again', async () => {
		await firstRun(2, '8401', modelId);
		workerDied('8401');
		env.sim.fault({ route: 'list', kind: 'slow', delayMs: 5_000 });
		env.clock.hold();
		const b = env.start(takeOver('8401', modelId), { inputItems: items(3), executionId: '8402' });
		while (!env.sim.requests.some((r) => r.route === 'list')) await new Promise((r) => setImmediate(r));
		b.cancel();
		await b.result;
		env.clock.release();
		workerDied('8402');
		const c = await env.run(takeOver('8402', modelId), { inputItems: items(3), executionId: '8403' });
		expect(c.error?.message).toMatch(/execution 8402 stopped while it was taking over another execution/);
		const retry = await env.run(paramsFor(modelId), { inputItems: items(3), executionId: '8404', mode: 'retry', retryOf: '8402' });
		expect(retry.error?.message).toMatch(/execution 8402 stopped while it was taking over another execution/);
		expect(env.sim.stats.created).toBe(2);
	});
});

describe("what the records cost (n8n's deduplication store, in memory here)", () => {
	function countCalls() {
		const service = core().DataDeduplicationService.getInstance();
		const record = jest.spyOn(service, 'checkProcessedAndRecord');
		const remove = jest.spyOn(service, 'removeProcessed');
		return {
			calls: () => record.mock.calls.length + remove.mock.calls.length,
			written: () => record.mock.calls.reduce((n, call) => n + (call[0] as unknown[]).length, 0),
			restore: () => {
				record.mockRestore();
				remove.mockRestore();
			},
		};
	}

	it('a run of 50 items on a seeded model: one record, one write; a take-over of it: a few calls, one record per item plus its bits', async () => {
		const calls = countCalls();
		try {
			await firstRun(50, '9001', V20);
			expect(calls.calls()).toBe(1);
			expect(env.records.count()).toBe(1);
			workerDied('9001');
			const run = await env.run(takeOver('9001', V20), { inputItems: items(50), executionId: '9002' });
			expect(recovered(run)).toEqual(Array(50).fill(true));
			process.stderr.write(`[records] take-over of 50: ${calls.calls()} store calls, ${calls.written()} keys sent, ${env.records.count()} kept\n`);
			expect(calls.calls()).toBeLessThanOrEqual(8);
		} finally {
			calls.restore();
		}
	});
});
