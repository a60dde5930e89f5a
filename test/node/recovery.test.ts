/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Issue 9: recovery you can trust. Each case over the simulator, through n8n's real execution
 * path, with and without Continue On Fail: one output item per input (unless the node stopped the
 * run), tasks created ≤ items, no item holds a task it did not create, every created task id
 * reaches the user, the key is nowhere in the stored execution data.
 */
import type { INodeParameters } from 'n8n-workflow';

import { recoveryTiming } from '../../nodes/Seedance/api/recovery';
import { listTiming } from '../../nodes/Seedance/api/taskList';
import { downloadTiming } from '../../nodes/Seedance/http/download';
import { shutdownHarness, type RunResult } from '../harness';
import type { FaultSpec } from '../simulator';
import {
	API_KEY,
	createRequests,
	everythingShown,
	expectNothingLost,
	referenceParams,
	storedExecutionData,
	useSimulator,
} from './setup';

const env = useSimulator({ queuedPolls: 0, runningPolls: 0 });
afterAll(async () => await shutdownHarness());
jest.setTimeout(30_000);

const FAST = { retries: 2, pollInterval: 0.02 };
const BOTH = [false, true];

/** The error as the user sees it: the node's error, or the Continue On Fail item. */
function errorText(result: RunResult): string {
	if (result.error) return `${result.error.message}\n${(result.error as { description?: string }).description ?? ''}`;
	const json = result.items[0]?.json ?? {};
	return json.error === undefined ? '' : `${String(json.error)}\n${String(json.description ?? '')}`;
}

function seedSent(): number {
	return (createRequests(env.sim)[0].body as { seed: number }).seed;
}

async function runWith(faults: FaultSpec[], continueOnFail: boolean, parameters: INodeParameters = referenceParams({ options: FAST })) {
	env.sim.reset();
	for (const fault of faults) env.sim.fault(fault);
	return await env.run(parameters, { continueOnFail });
}

describe.each(BOTH)('with Continue On Fail %p', (continueOnFail) => {
	it('a create the upstream commits after the gateway answered 504 is found by its seed, never sent again', async () => {
		const result = await runWith([{ kind: 'gateway-late', delayMs: 300 }], continueOnFail);
		expect(createRequests(env.sim)).toHaveLength(1);
		expect(env.sim.stats.created).toBe(1);
		const [id] = [...env.sim.tasks.keys()];
		expect(result.items[0].json).toMatchObject({ id, recovered: true });
		expect(env.sim.tasks.get(id)?.seed).toBe(seedSent());
		expectNothingLost(result, env.sim, 1);
	});

	it("a foreign task of the same model, made at the same moment, is never adopted", async () => {
		const result = await runWith([{ route: 'create', kind: 'html', status: 502, others: 1 }], continueOnFail);
		expect(env.sim.foreign.size).toBe(1);
		expect(env.sim.stats.created).toBe(0);
		expect(env.sim.tasks.size).toBe(1); // the foreign one
		expect(result.items.map((i) => i.json.id).filter(Boolean)).toEqual([]);
		expect(errorText(result)).toMatch(/a task may have been created; none appeared/);
		expect(errorText(result)).toContain(`with seed ${seedSent()}`);
		expect(createRequests(env.sim)).toHaveLength(1);
		expectNothingLost(result, env.sim, 1);
	});

	it('ours is adopted and the foreign twin made at the same moment is not', async () => {
		const result = await runWith([{ route: 'create', kind: 'status-after-create', status: 502, others: 1 }], continueOnFail);
		const ours = [...env.sim.tasks.keys()].find((id) => !env.sim.foreign.has(id));
		expect(result.items[0].json).toMatchObject({ id: ours, recovered: true });
		expectNothingLost(result, env.sim, 1);
	});

	it('a task from an earlier run of the same workflow is never adopted', async () => {
		env.sim.reset();
		const earlier = await env.run(referenceParams({ options: FAST }));
		const earlierId = String(earlier.items[0].json.id);
		const before = new Set([earlierId]);
		env.sim.fault({ route: 'create', kind: 'html', status: 502 });
		const result = await env.run(referenceParams({ options: FAST }), { continueOnFail });
		expect(JSON.stringify(result.items)).not.toContain(earlierId);
		expect(errorText(result)).toMatch(/a task may have been created; none appeared/);
		expect(env.sim.stats.created).toBe(1);
		expectNothingLost(result, env.sim, 1, before);
	});

	it('with a seed the user fixed, an earlier run\'s task is ambiguous: named, never adopted', async () => {
		env.sim.reset();
		const params = referenceParams({ options: { ...FAST, seed: 42 } });
		const earlier = await env.run(params);
		const earlierId = String(earlier.items[0].json.id);
		env.sim.fault({ route: 'create', kind: 'html', status: 502 });
		const result = await env.run(params, { continueOnFail });
		expect((createRequests(env.sim)[1].body as { seed: number }).seed).toBe(42);
		expect(result.items.map((i) => i.json.id).filter(Boolean)).toEqual([]);
		expect(errorText(result)).toContain(`it may be one of ${earlierId}`);
		expectNothingLost(result, env.sim, 1, new Set([earlierId]));
	});

	it.each([60_000, -60_000])('a server clock %p ms off: the task is still found', async (offset) => {
		env.sim.reset();
		env.sim.setClockOffset(offset);
		env.sim.fault({ route: 'create', kind: 'status-after-create', status: 502 });
		const result = await env.run(referenceParams({ options: FAST }), { continueOnFail });
		expect(result.items[0].json).toMatchObject({ id: [...env.sim.tasks.keys()][0], recovered: true });
		expectNothingLost(result, env.sim, 1);
	});

	it('a proxy that ignores the query string on a busy account: reported, not resent, not guessed', async () => {
		const result = await runWith(
			[
				{ route: 'create', kind: 'status-after-create', status: 502, others: 12 },
				{ route: 'list', kind: 'ignore-query', times: Infinity },
			],
			continueOnFail,
		);
		expect(createRequests(env.sim)).toHaveLength(1);
		expect(errorText(result)).toMatch(/a proxy ignored "page_size"/);
		expect(errorText(result)).toContain(`with seed ${seedSent()}`);
		expect(result.items.map((i) => i.json.id).filter(Boolean)).toEqual([]);
	});

	it('a proxy that drops seed, model and created_at: the candidate is ambiguous, named, not adopted', async () => {
		const result = await runWith(
			[
				{ route: 'create', kind: 'status-after-create', status: 502 },
				{ route: 'list', kind: 'drop-fields', times: Infinity },
			],
			continueOnFail,
		);
		const [id] = [...env.sim.tasks.keys()];
		expect(errorText(result)).toContain(`it may be one of ${id}`);
		expect(result.items.map((i) => i.json.id).filter(Boolean)).toEqual([]);
		expect(createRequests(env.sim)).toHaveLength(1);
		expectNothingLost(result, env.sim, 1);
	});

	it('55 newer tasks on the account: the list is paged until ours is found', async () => {
		const saved = { ...recoveryTiming };
		const savedGap = listTiming.gapMs;
		Object.assign(recoveryTiming, { pageSize: 20 });
		listTiming.gapMs = 250;
		try {
			const result = await runWith([{ route: 'create', kind: 'status-after-create', status: 502, others: 55 }], continueOnFail);
			const ours = [...env.sim.tasks.keys()].find((id) => !env.sim.foreign.has(id));
			expect(result.items[0].json).toMatchObject({ id: ours, recovered: true });
			const lists = env.sim.requests.filter((r) => r.method === 'GET' && r.route === 'list');
			expect(lists.map((r) => r.query.page_num)).toEqual(['1', '2', '3']);
			// The list rate (one call per listTiming.gapMs): a lower bound only, which a busy machine can't break.
			for (let i = 1; i < lists.length; i++) expect(lists[i].time - lists[i - 1].time).toBeGreaterThanOrEqual(listTiming.gapMs - 5);
			expectNothingLost(result, env.sim, 1);
		} finally {
			Object.assign(recoveryTiming, saved);
			listTiming.gapMs = savedGap;
		}
	});

	it('the list failing during recovery: not resent; the error says how to find the task (seed, time)', async () => {
		const result = await runWith(
			[
				{ route: 'create', kind: 'status-after-create', status: 502 },
				{ route: 'list', kind: 'status', status: 500, times: Infinity },
			],
			continueOnFail,
		);
		expect(createRequests(env.sim)).toHaveLength(1);
		expect(errorText(result)).toMatch(/the task list could not be checked/);
		expect(errorText(result)).toContain(`with seed ${seedSent()} created around`);
		// The id can't be known; the seed finds it (Get Many shows it on the task).
		expect(env.sim.tasks.get([...env.sim.tasks.keys()][0])?.seed).toBe(seedSent());
		expect(storedExecutionData(result)).not.toContain(API_KEY);
	});

	it('an error body in JSON that echoes the key and the bearer token: scrubbed everywhere', async () => {
		env.sim.reset();
		const created = await env.run(referenceParams({ options: FAST }));
		const id = String(created.items[0].json.id);
		env.sim.fault({ route: 'get', kind: 'echo-key', status: 400, code: 'InvalidParameter' });
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, options: FAST }, { continueOnFail });
		expect(errorText(result)).toMatch(/Seedance rejected the request/);
		expect(everythingShown(result)).toContain('Bearer ***');
		expect(everythingShown(result)).not.toContain(API_KEY);
		expect(storedExecutionData(result)).not.toContain(API_KEY);
	});

	it('a network code in the error keeps our message (n8n would swap in its stock text)', async () => {
		const result = await runWith([{ route: 'create', kind: 'reset-before' }], continueOnFail);
		expect(errorText(result)).toMatch(/^Could not reach Seedance at .* \(ECONNRESET\); a task may have been created/);
		expect(errorText(result)).toContain(`with seed ${seedSent()}`);
	});

	it('a video stream cut half way: retried, then an error naming the task; the task id reaches the user', async () => {
		const result = await runWith(
			[{ route: 'file', kind: 'cut', times: Infinity }],
			continueOnFail,
			referenceParams({ waitForCompletion: true, downloadVideo: true, options: { ...FAST, retries: 1 } }),
		);
		const [id] = [...env.sim.tasks.keys()];
		expect(errorText(result)).toContain(`Downloading the video of task ${id} failed`);
		expect(env.sim.stats.fileDownloads).toBe(0);
		expectNothingLost(result, env.sim, 1);
	});

	it('a stalled video stream ends at the download timeout, is retried, and the retry delivers', async () => {
		const saved = downloadTiming.timeoutMs;
		downloadTiming.timeoutMs = 500;
		try {
			const result = await runWith(
				[{ route: 'file', kind: 'stall' }],
				continueOnFail,
				referenceParams({ waitForCompletion: true, downloadVideo: true, options: FAST }),
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].binary?.data?.mimeType).toBe('video/mp4');
			expect(env.sim.requests.filter((r) => r.route === 'file')).toHaveLength(2);
			expectNothingLost(result, env.sim, 1);
		} finally {
			downloadTiming.timeoutMs = saved;
		}
	});

	it.each([
		['Wait Timeout', { waitTimeout: '={{ "ten" }}' }, /Options → Wait Timeout \(Minutes\) must be a number from 0 to 720, not "ten"/],
		['Poll Interval', { pollInterval: '={{ NaN }}' }, /Options → Poll Interval \(Seconds\) must be a number/],
	])('a %s that an expression turns into a non-number: a clear error before anything is paid for', async (_name, options, message) => {
		const result = await runWith([], continueOnFail, referenceParams({ waitForCompletion: true, options: { ...FAST, ...options } }));
		expect(errorText(result)).toMatch(message);
		expect(errorText(result)).toContain('(Input item 0, counting from 0.)');
		expect(env.sim.stats.createAttempts).toBe(0);
		expectNothingLost(result, env.sim, 1);
	});

	it.each([
		['Request Timeout', 'requestTimeout', 1e7, 'Options → Request Timeout (Seconds) must be a number from 0 to 600, not 10000000'],
		['Poll Interval', 'pollInterval', 1e7, 'Options → Poll Interval (Seconds) must be a number from 0 to 3600, not 10000000'],
		['Wait Timeout', 'waitTimeout', 1e5, 'Options → Wait Timeout (Minutes) must be a number from 0 to 720, not 100000'],
		['Retries', 'retries', 1e7, 'Options → Retries must be a number from 0 to 10, not 10000000'],
	])('a huge %s on item 2 of 2 is refused before any request: nothing sent, nothing paid for', async (_name, option, huge, message) => {
		env.sim.reset();
		const result = await env.run(referenceParams({ waitForCompletion: true, options: { ...FAST, [option]: '={{ $json.value }}' } }), {
			continueOnFail,
			inputItems: [{ json: { value: 1 } }, { json: { value: huge } }],
		});
		const shown = continueOnFail ? String(result.items[1]?.json.error) : String(result.error?.message);
		expect(shown).toBe(message);
		if (!continueOnFail) {
			expect((result.error as any).context.itemIndex).toBe(1);
			expect(env.sim.requests).toHaveLength(0);
		} else {
			// With Continue On Fail item 2 fails in its place, having sent nothing; item 1 goes on.
			expect(env.sim.stats.createAttempts).toBe(1);
		}
		expectNothingLost(result, env.sim, 2);
	});

	it.each([
		['an object', { text: 'a' }, /Prompt must be text, but its expression gave an object/],
		['a list', ['a', 'b'], /Prompt must be text, but its expression gave a list/],
	])('a prompt expression that gives %s is refused, not sent as "[object Object]"', async (_name, value, message) => {
		env.sim.reset();
		const result = await env.run(referenceParams({ prompt: '={{ $json.value }}', options: FAST }), {
			continueOnFail,
			inputItems: [{ json: { value } }],
		});
		expect(errorText(result)).toMatch(message);
		expect(env.sim.stats.createAttempts).toBe(0);
		expectNothingLost(result, env.sim, 1);
	});
});

describe('rate limits', () => {
	it('Retry-After: 0 is no tight loop: waits of at least a second, until Rate Limit Wait runs out', async () => {
		env.sim.fault({ kind: 'rpm', limit: 0, windowMs: 60_000, retryAfter: 0 });
		const result = await env.run(referenceParams({ options: { ...FAST, rateLimitWait: 2 } }), { continueOnFail: true });
		expect(String(result.items[0].json.description)).toMatch(/Rate Limit Wait of 2 s/);
		// With a 1 s floor, a 2 s span holds at most three tries (a tight loop would make hundreds).
		expect(env.sim.stats.createAttempts).toBeLessThanOrEqual(3);
		expect(env.sim.stats.createAttempts).toBeGreaterThanOrEqual(2);
	});

	it('a Retry-After far beyond the span fails at once instead of waiting it out', async () => {
		env.sim.fault({ kind: 'rpm', limit: 0, windowMs: 60_000, retryAfter: 1500 });
		const result = await env.run(referenceParams({ options: { ...FAST, rateLimitWait: 30 } }), { continueOnFail: true });
		expect(String(result.items[0].json.description)).toMatch(/next wait of 60 s would pass Options → Rate Limit Wait of 30 s/);
		expect(env.sim.stats.createAttempts).toBe(1);
	});
});

describe('Stop and statuses', () => {
	it('Stop during a create says a task may exist and how to find it', async () => {
		env.sim.fault({ route: 'create', kind: 'slow', delayMs: 5_000 });
		env.clock.hold(); // time stands still: the create is still under way when Stop comes
		const run = env.start(referenceParams({ options: FAST }));
		while (createRequests(env.sim).length === 0) await new Promise((r) => setImmediate(r));
		run.cancel();
		const result = await run.result;
		const text = everythingShown(result);
		expect(text).toMatch(/stopped while a task was being created: a task may exist at Seedance/);
		expect(text).toContain(`with seed ${seedSent()}`);
	});

	it('Stop during a rate-limit wait: nothing was created, and the error says so (not "a task may exist")', async () => {
		env.sim.fault({ kind: 'rpm', limit: 0, windowMs: 60_000, retryAfter: 30 });
		env.clock.hold(); // time stands still: the create is waiting to be sent again when Stop comes
		const run = env.start(referenceParams({ options: FAST }));
		while (env.sim.stats.rateLimited === 0) await new Promise((r) => setImmediate(r));
		await new Promise((r) => setTimeout(r, 50));
		run.cancel();
		const result = await run.result;
		const text = everythingShown(result);
		expect(env.sim.stats.created).toBe(0);
		expect(text).not.toMatch(/a task may exist/);
		expect(text).toMatch(/stopped before this item's task was created: nothing was created/);
	});

	it('a succeeded task without a video URL, with Download Video on, is a clear error naming the task', async () => {
		const created = await env.run(referenceParams());
		const id = String(created.items[0].json.id);
		env.sim.setStatus(id, 'succeeded', { content: {} as { video_url: string } });
		const result = await env.run({ resource: 'task', operation: 'get', taskId: id, downloadVideo: true }, { continueOnFail: true });
		expect(result.items[0].json.error).toBe(`Task ${id} succeeded but its answer has no video URL to download`);
	});

});
