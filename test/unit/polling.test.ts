import { waitForMany, type BatchPollDeps } from '../../nodes/Seedance/batch/waitForMany';
import { pollDelayMs } from '../../nodes/Seedance/api/polling';
import { SeedanceTaskError } from '../../nodes/Seedance/shared/errors';
import type { Settled } from '../../nodes/Seedance/shared/async';
import type { SeedanceTask } from '../../nodes/Seedance/api/taskObject';

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
	await waitForMany([{ taskId, ...settings }], deps, (_index, ended) => (outcome = ended));
	if (!outcome) throw new Error('waitForMany ended without an outcome');
	if (!outcome.ok) throw outcome.error;
	return outcome.value;
}

describe('waiting for one task (waitForMany)', () => {
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
