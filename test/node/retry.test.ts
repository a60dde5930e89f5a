/**
 * Issue 12: a Retry of a failed execution takes the tasks its items already made (no second
 * payment); nothing else ever adopts them (issue 9's rule still holds).
 */
import { shutdownHarness } from '../harness';
import { createRequests, model, useSimulator } from './setup';

const env = useSimulator({ queuedPolls: 1, runningPolls: 1 });
afterAll(async () => await shutdownHarness());

const params = {
	resource: 'video',
	operation: 'generateFromText',
	model: model('doubao-seedance-1-0-pro-250528'),
	prompt: '={{ $json.prompt }}',
};
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { prompt: `Video ${i + 1}: a paper boat` } }));

async function firstRun(n: number, executionId: string) {
	const result = await env.run(params, { inputItems: items(n), executionId });
	expect(result.error).toBeUndefined();
	return result.items.map((i) => String(i.json.id));
}

it('a Retry takes the tasks its items made and creates only the missing ones', async () => {
	// The failed run got two of three items done before its worker died.
	const made = await firstRun(2, 'exec-1001');
	expect(createRequests(env.sim)).toHaveLength(2);
	const retry = await env.run(params, { inputItems: items(3), executionId: 'exec-1002', mode: 'retry', retryOf: 'exec-1001' });
	expect(retry.error).toBeUndefined();
	expect(createRequests(env.sim)).toHaveLength(3); // one new create, for item 3 only
	const ids = retry.items.map((i) => String(i.json.id));
	expect(ids.slice(0, 2)).toEqual(made);
	expect(new Set(ids).size).toBe(3);
	expect(retry.items.map((i) => i.json.recovered ?? false)).toEqual([true, true, false]);
	expect(String(retry.items[0].json.recoveryNote)).toContain(`Execution exec-1001 had already created task ${made[0]}`);
});

it('a Retry of 100 items reads the task list together: one walk through it for all of them', async () => {
	const made = await firstRun(80, 'exec-1501');
	env.sim.requests.length = 0;
	const retry = await env.run(params, { inputItems: items(100), executionId: 'exec-1502', mode: 'retry', retryOf: 'exec-1501' });
	expect(retry.error).toBeUndefined();
	expect(retry.items.map((i) => String(i.json.id)).slice(0, 80)).toEqual(made);
	expect(retry.items.map((i) => i.json.recovered ?? false)).toEqual([...Array(80).fill(true), ...Array(20).fill(false)]);
	expect(createRequests(env.sim)).toHaveLength(20);
	// 80 tasks fit one page: one list call (at most a few), where each item alone would list once (one a second).
	expect(env.sim.requests.filter((r) => r.route === 'list').length).toBeLessThanOrEqual(3);
});

it('a Retry of another execution, or a normal run, adopts nothing', async () => {
	await firstRun(2, 'exec-2001');
	const otherRetry = await env.run(params, { inputItems: items(2), executionId: 'exec-2002', mode: 'retry', retryOf: 'exec-1999' });
	expect(otherRetry.error).toBeUndefined();
	const normal = await env.run(params, { inputItems: items(2), executionId: 'exec-2003' });
	expect(normal.error).toBeUndefined();
	expect(createRequests(env.sim)).toHaveLength(6);
	expect(new Set([...env.sim.tasks.keys()]).size).toBe(6);
	expect([...otherRetry.items, ...normal.items].every((i) => i.json.recovered === undefined)).toBe(true);
});

it('items are told apart: a retried item never takes another item\'s task, even with the same request', async () => {
	const same = [{ json: { prompt: 'twin' } }, { json: { prompt: 'twin' } }];
	const made = (await env.run(params, { inputItems: same, executionId: 'exec-3001' })).items.map((i) => String(i.json.id));
	const retry = await env.run(params, { inputItems: same, executionId: 'exec-3002', mode: 'retry', retryOf: 'exec-3001' });
	expect(retry.items.map((i) => String(i.json.id))).toEqual(made);
	expect(createRequests(env.sim)).toHaveLength(2);
});

it('the seed each create sends differs per execution and per item', async () => {
	await firstRun(2, 'exec-4001');
	await firstRun(2, 'exec-4002');
	const seeds = createRequests(env.sim).map((r) => (r.body as { seed: number }).seed);
	expect(new Set(seeds).size).toBe(4);
	expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 31)).toBe(true);
});

describe('Options → Take Over Tasks of Execution (when n8n left nothing to Retry)', () => {
	it('a new run takes the tasks the named execution\'s items made and creates only the missing ones', async () => {
		const made = await firstRun(2, 'exec-5001');
		const run = await env.run({ ...params, options: { takeOverExecution: ' exec-5001 ' } }, { inputItems: items(3), executionId: 'exec-5002' });
		expect(run.error).toBeUndefined();
		expect(createRequests(env.sim)).toHaveLength(3);
		expect(run.items.map((i) => String(i.json.id)).slice(0, 2)).toEqual(made);
		expect(run.items.map((i) => i.json.recovered ?? false)).toEqual([true, true, false]);
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(String(run.items[1].json.recoveryNote)).toContain(`Execution exec-5001 had already created task ${made[1]}`);
	});

	it('naming an execution that made nothing here creates every task', async () => {
		await firstRun(1, 'exec-6001');
		const run = await env.run({ ...params, options: { takeOverExecution: 'exec-6999' } }, { inputItems: items(2), executionId: 'exec-6002' });
		expect(run.error).toBeUndefined();
		expect(createRequests(env.sim)).toHaveLength(3);
		expect(run.items.every((i) => i.json.recovered === undefined)).toBe(true);
	});

	it('a value that is not one ID, or a model without a seed, is refused before anything is paid for', async () => {
		const bad = await env.run({ ...params, options: { takeOverExecution: '12 13' } }, { inputItems: items(2), executionId: 'exec-7001' });
		expect(bad.error?.message).toContain('Take Over Tasks of Execution must be one execution ID');
		expect(JSON.stringify(bad.error)).toMatch(/item|Item/);
		const noSeed = await env.run(
			{ ...params, model: model('acme-video-9', 'id'), options: { takeOverExecution: '1234' } },
			{ inputItems: items(1), executionId: 'exec-7002' },
		);
		expect(noSeed.error?.message).toContain('needs a model that takes a seed');
		expect(createRequests(env.sim)).toHaveLength(0);
	});
});
