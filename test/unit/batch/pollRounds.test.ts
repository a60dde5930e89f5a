/** Polling rounds in virtual time: one list call per round for many tasks, one GET for one. */
import { pollRounds, type BatchPollDeps } from '../../../nodes/Seedance/batch/pollRounds';
import { pollDelayMs } from '../../../nodes/Seedance/api/waitRules';
import { SeedanceTaskError } from '../../../nodes/Seedance/shared/errors';
import type { Settled } from '../../../nodes/Seedance/shared/async';
import type { SeedanceTask } from '../../../nodes/Seedance/api/taskObject';

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

describe('pollRounds: many tasks', () => {
	it('one list call per round for every pending task; the batch ends one poll interval after its slowest task at most', async () => {
		const tasks = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`cgt-${i}`, { endsAtMs: 20_000 + i * 3_000 }]));
		const api = fakeApi(tasks);
		const endedAt: Record<string, number> = {};
		const report = await pollRounds(
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
		await pollRounds(Object.keys(tasks).map((taskId) => ({ taskId, timeoutMs: 60_000 })), api.deps, () => {});
		expect(api.calls.map((c) => c.ids.length)).toEqual([500, 500, 200]);
	});

	it('each task keeps its own timeout; failures are that task\'s alone', async () => {
		const api = fakeApi({ a: { endsAtMs: 1e9 }, b: { endsAtMs: 6_000 }, c: { endsAtMs: 0, status: 'failed' } });
		const outcomes: Record<number, string> = {};
		await pollRounds(
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
		const report = await pollRounds([{ taskId: 'a', timeoutMs: 60_000 }, { taskId: 'b', timeoutMs: 60_000 }], api.deps, () => {});
		expect(report.fellBack).toBe('ignored-filter');
		expect(api.calls.filter((c) => c.kind === 'list')).toHaveLength(1);
		expect(api.calls.filter((c) => c.kind === 'get').length).toBeGreaterThanOrEqual(3);
	});

	it('Stop (a rejecting sleep) ends everything at once', async () => {
		const api = fakeApi({ a: { endsAtMs: 1e9 }, b: { endsAtMs: 1e9 } });
		api.deps.sleep = async () => {
			throw new Error('stopped');
		};
		await expect(pollRounds([{ taskId: 'a', timeoutMs: 60_000 }, { taskId: 'b', timeoutMs: 60_000 }], api.deps, () => {})).rejects.toThrow('stopped');
		expect(api.calls).toHaveLength(1);
	});
});

/** A virtual clock: sleeping moves time, nothing really waits. */
function virtualClock(statuses: Array<Partial<SeedanceTask> | ((now: number) => Partial<SeedanceTask>)>, cancelAtMs?: number) {
	let now = 0;
	const polls: number[] = [];
	const sleeps: number[] = [];
	const deps: BatchPollDeps = {
		list: async () => {
			throw new Error('one task is polled with GET');
		},
		now: () => now,
		sleep: async (ms) => {
			sleeps.push(ms);
			if (cancelAtMs !== undefined && now + ms >= cancelAtMs) {
				now = cancelAtMs;
				throw new Error('cancelled');
			}
			now += ms;
		},
		getTask: async () => {
			polls.push(now);
			const next = statuses.length > 1 ? statuses.shift()! : statuses[0];
			const fields = typeof next === 'function' ? next(now) : next;
			return { id: 'cgt-1', status: 'queued', ...fields } as SeedanceTask;
		},
	};
	return { deps, polls, sleeps, time: () => now };
}

/** One task through the node's real wait loop (the router waits for one item's task this way too). */
async function waitForTask(taskId: string, deps: BatchPollDeps, settings: { timeoutMs: number; intervalMs?: number }): Promise<SeedanceTask> {
	let outcome: Settled<SeedanceTask> | undefined;
	await pollRounds([{ taskId, ...settings }], deps, (_index, ended) => (outcome = ended));
	if (!outcome) throw new Error('pollRounds ended without an outcome');
	if (!outcome.ok) throw outcome.error;
	return outcome.value;
}

describe('waiting for one task (pollRounds)', () => {
	it('looks at once, then on the schedule, and answers the succeeded task', async () => {
		const clock = virtualClock([{ status: 'queued' }, { status: 'running' }, { status: 'running' }, { status: 'succeeded', content: { video_url: 'u' } }]);
		const task = await waitForTask('cgt-1', clock.deps, { timeoutMs: 600_000 });
		expect(task.content?.video_url).toBe('u');
		expect(clock.polls).toEqual([0, 5000, 10_000, 15_000]);
	});

	it('slows down for long tasks: no 3-second hammering, no minute-long lag', async () => {
		const clock = virtualClock([(now) => ({ status: now >= 25 * 60_000 ? 'succeeded' : 'running' })]);
		await waitForTask('cgt-1', clock.deps, { timeoutMs: 60 * 60_000 });
		expect(Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(5000);
		expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(30_000);
		expect(clock.polls.length).toBeLessThan(120); // 25 minutes in well under 120 requests
		expect(pollDelayMs(0)).toBe(5000);
		expect(pollDelayMs(2 * 60_000)).toBe(10_000);
		expect(pollDelayMs(10 * 60_000)).toBe(20_000);
		expect(pollDelayMs(40 * 60_000)).toBe(30_000);
	});

	it('uses a fixed interval when one is set', async () => {
		const clock = virtualClock([{ status: 'running' }, { status: 'running' }, { status: 'succeeded' }]);
		await waitForTask('cgt-1', clock.deps, { timeoutMs: 60_000, intervalMs: 2000 });
		expect(clock.polls).toEqual([0, 2000, 4000]);
	});

	it('fails with the API code, message and task id when the task failed', async () => {
		const clock = virtualClock([{ status: 'failed', error: { code: 'OutputVideoSensitiveContentDetected', message: 'blocked' } }]);
		const error = await waitForTask('cgt-1', clock.deps, { timeoutMs: 60_000 }).catch((e) => e as SeedanceTaskError);
		expect(error).toBeInstanceOf(SeedanceTaskError);
		expect(error.message).toBe('Task cgt-1 failed: The generated video was blocked by the content safety check');
		expect(error.info).toEqual({ code: 'OutputVideoSensitiveContentDetected', message: 'blocked' });
		expect(error.description).toContain('OutputVideoSensitiveContentDetected: blocked');
	});

	it('keeps an unknown failure code and its message', async () => {
		const clock = virtualClock([{ status: 'failed', error: { code: 'SomethingNew', message: 'model broke' } }]);
		const error = await waitForTask('cgt-1', clock.deps, { timeoutMs: 60_000 }).catch((e) => e as SeedanceTaskError);
		expect(error.message).toBe('Task cgt-1 failed: model broke');
		expect(error.description).toContain('SomethingNew: model broke');
	});

	it.each([
		['cancelled', /Task cgt-1 was cancelled/],
		['expired', /Task cgt-1 expired before it ran/],
	])('ends with a clear error when the task is %s', async (status, message) => {
		const clock = virtualClock([{ status: 'running' }, { status }]);
		await expect(waitForTask('cgt-1', clock.deps, { timeoutMs: 60_000 })).rejects.toThrow(message);
	});

	it('times out naming the task and how to pick it up again, never sleeping past the deadline', async () => {
		const clock = virtualClock([{ status: 'running' }]);
		const error = await waitForTask('cgt-1', clock.deps, { timeoutMs: 10 * 60_000 }).catch((e) => e as SeedanceTaskError);
		expect(error.message).toBe('Task cgt-1 is still running after 10 min');
		expect(error.description).toContain('"Wait for Completion" operation and task ID cgt-1');
		expect(clock.time()).toBe(10 * 60_000);
	});

	it('stops at once when the execution is cancelled', async () => {
		const clock = virtualClock([{ status: 'running' }], 12_000);
		await expect(waitForTask('cgt-1', clock.deps, { timeoutMs: 600_000 })).rejects.toThrow('cancelled');
		expect(clock.polls).toEqual([0, 5000, 10_000]);
	});
});
