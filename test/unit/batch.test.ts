/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** The batch engine's pure parts, in virtual time: bounded pools, the byte budget, one list per round. */
import { byteBudget, forEachBounded, limiter } from '../../nodes/Seedance/batch/pool';
import { RateGate } from '../../nodes/Seedance/batch/rateGate';
import { waitForMany, type BatchPollDeps } from '../../nodes/Seedance/batch/waitForMany';
import { pollDelayMs } from '../../nodes/Seedance/api/polling';
import type { SeedanceTask } from '../../nodes/Seedance/api/taskObject';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

describe('forEachBounded', () => {
	it('never runs more than the limit, starts in index order, and stops starting once told', async () => {
		let running = 0;
		let most = 0;
		const started: number[] = [];
		await forEachBounded(20, 3, async (i) => {
			started.push(i);
			most = Math.max(most, ++running);
			await tick();
			running--;
		});
		expect(most).toBe(3);
		expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));

		const seen: number[] = [];
		let stop = false;
		await forEachBounded(20, 2, async (i) => {
			seen.push(i);
			if (i === 3) stop = true;
			await tick();
		}, () => stop);
		expect(seen).toEqual([0, 1, 2, 3]);
	});
});

describe('limiter and byteBudget', () => {
	it('limiter holds the rest back until one ends', async () => {
		const run = limiter(2);
		let running = 0;
		let most = 0;
		await Promise.all(Array.from({ length: 7 }, async () => await run(async () => { most = Math.max(most, ++running); await tick(); running--; })));
		expect(most).toBe(2);
	});

	it('byteBudget lets one holder through whatever its size, and holds the next until room is given back', async () => {
		const budget = byteBudget(100);
		await budget.take(500);
		let second = false;
		const waiting = budget.take(10).then(() => (second = true));
		await tick();
		expect(second).toBe(false);
		budget.give(500);
		await waiting;
		expect(budget.held).toBe(10);
	});
});

describe('RateGate', () => {
	it('after a 429 closes it, every request waits at the gate until it opens; a shorter closure never shortens it', async () => {
		let clock = 0;
		const gate = new RateGate(() => clock);
		expect(await gate.pass()).toBe(true); // open: no wait
		gate.close(1000);
		gate.close(300); // never shortens the closure
		let passedAt: number | undefined;
		const passing = [1, 2, 3].map(async () => {
			await gate.pass();
			passedAt ??= clock;
		});
		await tick();
		expect(passedAt).toBeUndefined(); // all three wait
		clock = 1000; // the gate's 1 s has passed (its abortable sleep ends for real, once)
		await Promise.all(passing);
		expect(passedAt).toBe(1000);
	});

	it('Stop while waiting at the gate answers false', async () => {
		const gate = new RateGate(() => 0);
		gate.close(60_000);
		const stop = new AbortController();
		const passing = gate.pass(stop.signal);
		stop.abort();
		expect(await passing).toBe(false);
	});
});

/** A fake API in virtual time: each task ends after `endsAtMs`; records every call. */
function fakeApi(tasks: Record<string, { endsAtMs: number; status?: string }>, relay: 'honest' | 'ignores-filter' = 'honest') {
	let clock = 0;
	const calls: Array<{ kind: 'list' | 'get'; ids: string[]; at: number }> = [];
	const view = (id: string): SeedanceTask => {
		const t = tasks[id];
		return { id, status: clock >= t.endsAtMs ? (t.status ?? 'succeeded') : 'running' };
	};
	const deps: BatchPollDeps = {
		list: async (ids) => {
			calls.push({ kind: 'list', ids, at: clock });
			const items = relay === 'honest' ? ids.map(view) : [...Object.keys(tasks), 'cgt-foreign'].slice(0, 10).map((id) => (tasks[id] ? view(id) : { id, status: 'queued' }));
			return { items, total: items.length };
		},
		getTask: async (id) => {
			calls.push({ kind: 'get', ids: [id], at: clock });
			return view(id);
		},
		now: () => clock,
		sleep: async (ms) => {
			clock += ms;
		},
	};
	return { deps, calls, now: () => clock };
}

describe('waitForMany', () => {
	it('one list call per round for every pending task; the batch ends one poll interval after its slowest task at most', async () => {
		const tasks = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`cgt-${i}`, { endsAtMs: 20_000 + i * 3_000 }]));
		const api = fakeApi(tasks);
		const endedAt: Record<string, number> = {};
		const report = await waitForMany(
			Object.keys(tasks).map((taskId) => ({ taskId, timeoutMs: 600_000 })),
			api.deps,
			(index, outcome) => {
				expect(outcome.ok).toBe(true);
				endedAt[`cgt-${index}`] = api.now();
			},
		);
		expect(api.calls.filter((c) => c.kind === 'get')).toEqual([]);
		expect(report.listCalls).toBe(report.rounds);
		const slowest = 20_000 + 19 * 3_000;
		expect(api.now()).toBeLessThanOrEqual(slowest + pollDelayMs(slowest));
		for (const [id, t] of Object.entries(tasks)) {
			expect(endedAt[id]).toBeGreaterThanOrEqual(t.endsAtMs);
			expect(endedAt[id] - t.endsAtMs).toBeLessThanOrEqual(pollDelayMs(t.endsAtMs)); // seen in the first round after it ended
		}
		// Each list asks exactly for the tasks still pending.
		for (const call of api.calls.filter((c) => c.kind === 'list')) {
			const pending = Object.entries(tasks).filter(([, t]) => t.endsAtMs > call.at - pollDelayMs(call.at)).map(([id]) => id);
			expect(call.ids.every((id) => pending.includes(id))).toBe(true);
		}
	});

	it('more tasks than a page: one list call per 500 ids', async () => {
		const tasks = Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`cgt-${i}`, { endsAtMs: 0 }]));
		const api = fakeApi(tasks);
		await waitForMany(Object.keys(tasks).map((taskId) => ({ taskId, timeoutMs: 60_000 })), api.deps, () => {});
		expect(api.calls.map((c) => c.ids.length)).toEqual([500, 500, 200]);
	});

	it('each task keeps its own timeout; failures are that task\'s alone', async () => {
		const api = fakeApi({ a: { endsAtMs: 1e9 }, b: { endsAtMs: 6_000 }, c: { endsAtMs: 0, status: 'failed' } });
		const outcomes: Record<number, string> = {};
		await waitForMany(
			[
				{ taskId: 'a', timeoutMs: 30_000 },
				{ taskId: 'b', timeoutMs: 600_000 },
				{ taskId: 'c', timeoutMs: 600_000 },
			],
			api.deps,
			(i, o) => (outcomes[i] = o.ok ? o.value.status : (o.error as Error).message),
		);
		expect(outcomes).toEqual({ 0: 'Task a is still running after 30 s', 1: 'succeeded', 2: 'Task c failed: no reason given' });
		expect(api.now()).toBe(30_000);
	});

	it('a relay that ignores filter.task_ids is detected on the first round; from then on one GET per task', async () => {
		const api = fakeApi({ a: { endsAtMs: 5_000 }, b: { endsAtMs: 10_000 } }, 'ignores-filter');
		const report = await waitForMany([{ taskId: 'a', timeoutMs: 60_000 }, { taskId: 'b', timeoutMs: 60_000 }], api.deps, () => {});
		expect(report.fellBack).toBe('ignored-filter');
		expect(api.calls.filter((c) => c.kind === 'list')).toHaveLength(1);
		expect(api.calls.filter((c) => c.kind === 'get').length).toBeGreaterThanOrEqual(3);
	});

	it('Stop (a rejecting sleep) ends everything at once', async () => {
		const api = fakeApi({ a: { endsAtMs: 1e9 }, b: { endsAtMs: 1e9 } });
		api.deps.sleep = async () => {
			throw new Error('stopped');
		};
		await expect(waitForMany([{ taskId: 'a', timeoutMs: 60_000 }, { taskId: 'b', timeoutMs: 60_000 }], api.deps, () => {})).rejects.toThrow('stopped');
		expect(api.calls).toHaveLength(1);
	});
});
