/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Issue 5: never lose a task. Each fault of the simulator, with and without Continue On Fail:
 * one output item per input item, no task created twice, every created task's id reaches the
 * user, and the key is nowhere.
 */
import { shutdownHarness } from '../harness';
import { API_KEY, createRequests, everythingShown, expectNothingLost, referenceParams, useSimulator } from './setup';

const env = useSimulator({ queuedPolls: 0, runningPolls: 0 });
afterAll(async () => await shutdownHarness());

const FAST = { retries: 3, pollInterval: 0.02 };

function items(n: number) {
	return Array.from({ length: n }, (_, i) => ({ json: { i } }));
}

describe('creates: retried only where no task can exist', () => {
	it.each([
		['a 503 from the API that created nothing', { kind: 'status', status: 503 }],
		['a 500 from the API that created nothing', { kind: 'status', status: 500 }],
	])('%s: repeated looks show no task, so it is sent again; one task', async (_name, fault) => {
		env.sim.fault({ route: 'create', ...fault } as any);
		const result = await env.run(referenceParams({ options: FAST }));
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.created).toBe(1);
		expect(createRequests(env.sim)).toHaveLength(2);
		expect(result.items[0].json.id).toBe([...env.sim.tasks.keys()][0]);
		expectNothingLost(result, env.sim, 1);
	}, 30_000);

	it.each([
		['an HTML 502 page from a proxy', { kind: 'html', status: 502 }],
		['a gateway 504 with a JSON body', { kind: 'status', status: 504 }],
		['a connection reset after the body was sent', { kind: 'reset-before' }],
	])('%s: the create may have reached the API, so it is never sent again', async (_name, fault) => {
		env.sim.fault({ route: 'create', ...fault } as any);
		for (const continueOnFail of [false, true]) {
			env.sim.reset();
			env.sim.fault({ route: 'create', ...fault } as any);
			const result = await env.run(referenceParams({ options: FAST }), { continueOnFail });
			expect(createRequests(env.sim)).toHaveLength(1);
			expect(env.sim.stats.created).toBe(0);
			const seed = (createRequests(env.sim)[0].body as any).seed;
			const shown = continueOnFail ? result.items[0].json : { error: result.error?.message, description: (result.error as any)?.description };
			expect(String(shown.error)).toMatch(/a task may have been created; none appeared in \d+ s of looking, but it may still/);
			expect(String(shown.description)).toContain('not sent again');
			expect(String(shown.description)).toContain(`with seed ${seed} created around`);
			expectNothingLost(result, env.sim, 1);
		}
	}, 30_000);

	it.each([
		['a 500 after the task was created', { kind: 'status-after-create', status: 500 }],
		['a connection reset after the task was created', { kind: 'reset-after-create' }],
		['malformed JSON after the task was created', { kind: 'malformed-json' }],
	])('%s: the task is found in the list, not created again', async (_name, fault) => {
		env.sim.fault({ route: 'create', ...fault } as any);
		const result = await env.run(referenceParams({ options: FAST }));
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.created).toBe(1);
		expect(createRequests(env.sim)).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ id: [...env.sim.tasks.keys()][0], recovered: true });
		expectNothingLost(result, env.sim, 1);
	});

	it('a 200 with an error body is an error, not a task', async () => {
		env.sim.fault({ route: 'create', kind: 'error-200' });
		const result = await env.run(referenceParams({ options: FAST }), { continueOnFail: true });
		expect(result.items[0].json.error).toBeTruthy();
		expect(env.sim.stats.created).toBe(0);
		expectNothingLost(result, env.sim, 1);
	});

	it('a create slower than the request timeout is not sent again: the task it made is found and taken', async () => {
		// A real 1.5 s against the client's real 1 s socket timeout; the looks that follow wait on
		// the shared clock, which stands still until the upstream has made the task.
		env.sim.fault({ route: 'create', kind: 'slow', delayMs: 1500, realDelay: true });
		const result = await env.run(referenceParams({ options: { ...FAST, requestTimeout: 1 } }), { continueOnFail: true });
		expect(createRequests(env.sim)).toHaveLength(1);
		expect(env.sim.stats.created).toBe(1);
		expect(result.items[0].json).toMatchObject({ id: [...env.sim.tasks.keys()][0], recovered: true });
		expect(String(result.items[0].json.recoveryNote)).toMatch(/Could not reach Seedance .*ECONNABORTED|timeout/i);
		expectNothingLost(result, env.sim, 1);
	});

	it('with retries off, a 503 is reported as safe to run again', async () => {
		env.sim.fault({ route: 'create', kind: 'status', status: 503 });
		const result = await env.run(referenceParams({ options: { retries: 0 } }));
		expect(result.error?.message).toMatch(/server error \(503\); no new task was found/);
		expect((result.error as any).description).toMatch(/safe to run this item again/);
		expect(env.sim.stats.created).toBe(0);
	});

	it('rate limits: a batch under an RPM limit finishes, paced by the 429s (Retry-After honoured)', async () => {
		env.sim.fault({ kind: 'rpm', limit: 2, windowMs: 1000, retryAfter: 1 });
		const result = await env.run(referenceParams({ options: { retries: 6 } }), { inputItems: items(5) });
		expect(result.error).toBeUndefined();
		expect(result.items.every((i) => String(i.json.id).startsWith('cgt-'))).toBe(true);
		expect(env.sim.stats.created).toBe(5);
		expect(env.sim.stats.createAttempts).toBeGreaterThan(5); // some were refused with 429 and sent again
		expectNothingLost(result, env.sim, 5);
	}, 30_000);

	it('rate limits without Retry-After back off and still finish', async () => {
		env.sim.fault({ kind: 'rpm', limit: 2, windowMs: 500 });
		const result = await env.run(referenceParams({ options: { retries: 6 } }), { inputItems: items(3) });
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.created).toBe(3);
		expectNothingLost(result, env.sim, 3);
	}, 30_000);

	it('QuotaExceeded is not retried and says what to do', async () => {
		env.sim.fault({ kind: 'rpm', limit: 0, windowMs: 60_000, code: 'QuotaExceeded' });
		const result = await env.run(referenceParams({ options: FAST }));
		expect(result.error?.message).toMatch(/quota for this account is used up/);
		expect(createRequests(env.sim)).toHaveLength(1);
	});

	it('mixed good and bad items with Continue On Fail: each item one output, one task per good item', async () => {
		env.sim.fault({ route: 'create', kind: 'status-after-create', status: 500 });
		env.sim.fault({ route: 'create', kind: 'status', status: 503 });
		const inputItems = [{ json: { prompt: '[Figure 1] a' } }, { json: { prompt: '[Figure 9] broken' } }, { json: { prompt: '[Figure 2] b' } }, { json: { prompt: '[sim:unsafe-text] c' } }];
		const result = await env.run(referenceParams({ prompt: '={{ $json.prompt }}', options: FAST }), { inputItems, continueOnFail: true });
		expectNothingLost(result, env.sim, 4);
		expect(result.items.map((i) => (i.json.error ? 'error' : 'task'))).toEqual(['task', 'error', 'task', 'error']);
		expect(env.sim.stats.created).toBe(2);
	});
});

describe('reads: retried on network errors, 429 and 5xx', () => {
	it.each([
		['a 502', { kind: 'status', status: 502 }],
		['a reset', { kind: 'reset-before' }],
		['malformed JSON', { kind: 'malformed-json' }],
		['an HTML page', { kind: 'html', status: 503 }],
	])('waiting survives %s', async (_name, fault) => {
		const created = await env.run(referenceParams());
		env.sim.fault({ route: 'get', times: 2, ...fault } as any);
		const id = String(created.items[0].json.id);
		const result = await env.run({ resource: 'task', operation: 'wait', taskId: id, options: FAST });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id, status: 'succeeded' });
	});

	it('a task answer without a status is a clear error naming the task, after retries', async () => {
		const created = await env.run(referenceParams());
		const id = String(created.items[0].json.id);
		env.sim.fault({ route: 'get', kind: 'no-status', times: 10 });
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, options: FAST });
		expect(result.error?.message).toBe(`Seedance's answer for task ${id} has no status`);
	});

	it('a read that keeps failing names the task and the number of tries', async () => {
		const created = await env.run(referenceParams());
		const id = String(created.items[0].json.id);
		env.sim.fault({ route: 'get', kind: 'status', status: 500, times: 10 });
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, options: { retries: 2 } }, { continueOnFail: true });
		expect(result.items[0].json).toMatchObject({ taskId: id, httpCode: 500 });
		expect(String(result.items[0].json.description)).toContain('Tried 3 times');
	}, 30_000);
});

describe('a run that stops never loses the tasks it made', () => {
	it('checks every item before the first paid task: a bad last item means no task at all', async () => {
		const inputItems = [{ json: { prompt: '[Figure 1] a' } }, { json: { prompt: '[Figure 2] b' } }, { json: { prompt: '[Figure 7] c' } }];
		const result = await env.run(referenceParams({ prompt: '={{ $json.prompt }}' }), { inputItems });
		expect(result.error?.message).toMatch(/names \[Figure 7\]/);
		expect((result.error as any).context.itemIndex).toBe(2);
		expect(env.sim.stats.createAttempts).toBe(0);
	});

	it('an API error on a later item names the tasks already made for earlier items', async () => {
		const inputItems = [{ json: { prompt: '[Figure 1] a' } }, { json: { prompt: '[Figure 2] b' } }, { json: { prompt: '[sim:unsafe-text] c' } }];
		const result = await env.run(referenceParams({ prompt: '={{ $json.prompt }}' }), { inputItems });
		expect(result.error?.message).toMatch(/prompt was refused/);
		const [first, second] = [...env.sim.tasks.keys()];
		expect((result.error as any).description).toContain(`item 0: ${first}, item 1: ${second}`);
		expect(everythingShown(result)).not.toContain(API_KEY);
	});
});
