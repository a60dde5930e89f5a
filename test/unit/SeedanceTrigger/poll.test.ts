/** The poll's pure parts: its settings, which tasks are due, what it keeps between polls. */
import type { SeedanceTask } from '../../../nodes/Seedance/api/taskObject';
import { forgetOld, handOver, isDue, pollSettings, pollStart, type PollRecord } from '../../../nodes/SeedanceTrigger/poll';
import { DEFAULT_MODE, POLL_DEFAULTS, v1_1Properties } from '../../../nodes/SeedanceTrigger/properties';

const NOW = 1_800_000_000;
const settings = pollSettings('callbacksAndPolling', {});
const task = (id: string, status: string, endedAgoS: number, extra: Partial<SeedanceTask> = {}): SeedanceTask => ({
	id,
	status,
	model: 'doubao-seedance-1-0-pro-250528',
	created_at: NOW - endedAgoS - 60,
	updated_at: NOW - endedAgoS,
	...extra,
});

describe('pollSettings', () => {
	it("the form's defaults are the code's", () => {
		const defaultOf = (name: string) => v1_1Properties.find((p) => p.name === name)?.default;
		expect(defaultOf('lookBackHours')).toBe(POLL_DEFAULTS.lookBackHours);
		expect(defaultOf('graceMinutes')).toBe(POLL_DEFAULTS.graceMinutes);
		expect(defaultOf('mode')).toBe(DEFAULT_MODE);
	});

	it('defaults: succeeded and failed, every model, 24 h back, 5 min of grace with callbacks, none without', () => {
		expect(settings).toEqual({ statuses: ['succeeded', 'failed'], models: [], lookBackS: 24 * 3600, graceS: 300 });
		expect(pollSettings('polling', { graceMinutes: 30 }).graceS).toBe(0);
	});

	it('keeps only statuses a poll can see; models trimmed, in lower case', () => {
		expect(pollSettings('polling', { statuses: ['queued', 'running', 'expired'], models: ' A-Model ,, b ' })).toMatchObject({ statuses: ['expired'], models: ['a-model', 'b'] });
	});

	it.each([
		[{ lookBackHours: 0 }, /Look Back \(Hours\) must be a number from 1 to 168/],
		[{ lookBackHours: 169 }, /Look Back/],
		[{ lookBackHours: 'soon' }, /Look Back/],
		[{ graceMinutes: -1 }, /Grace Period \(Minutes\) must be a number from 0 to 60/],
	])('%j is refused', (values, message) => {
		expect(() => pollSettings('callbacksAndPolling', values)).toThrow(message);
	});
});

describe('isDue', () => {
	const start = NOW - 3600;
	it.each([
		['ended past the grace period', task('a', 'succeeded', 301), true],
		['ended within the grace period', task('a', 'succeeded', 299), false],
		['ended before the start', task('a', 'failed', 3601), false],
		['not ended', task('a', 'running', 400), false],
		['a status not chosen', task('a', 'expired', 400), false],
		['no times at all (a relay dropped them): handed over rather than missed', { id: 'a', status: 'succeeded' }, true],
	])('%s', (_what, t, due) => {
		expect(isDue(t as SeedanceTask, settings, NOW, start)).toBe(due);
	});

	it('models: only those listed, in any letter case', () => {
		const only = { ...settings, models: ['doubao-seedance-1-0-pro-250528'] };
		expect(isDue(task('a', 'succeeded', 400, { model: 'Doubao-Seedance-1-0-Pro-250528' }), only, NOW, 0)).toBe(true);
		expect(isDue(task('a', 'succeeded', 400, { model: 'other' }), only, NOW, 0)).toBe(false);
	});
});

describe('handOver', () => {
	it('each task+status once, oldest end first, at most the limit; what it hands over it records', () => {
		const record: PollRecord = {};
		const tasks = [task('new', 'succeeded', 400), task('old', 'failed', 900), task('new', 'succeeded', 400), task('mid', 'succeeded', 600)];
		expect(handOver(tasks, record, settings, NOW, 0, () => false, 2).map((t) => t.id)).toEqual(['old', 'mid']);
		expect(handOver(tasks, record, settings, NOW, 0, () => false, 2).map((t) => t.id)).toEqual(['new']);
		expect(handOver(tasks, record, settings, NOW, 0, () => false, 2)).toEqual([]);
		expect(Object.keys(record.handed!).sort()).toEqual(['mid:succeeded', 'new:succeeded', 'old:failed']);
	});

	it('a task the process knows the store holds is not handed over; a new status of a handed-over task is', () => {
		const record: PollRecord = { handed: { 'a:failed': NOW - 1000 } };
		const picked = handOver([task('a', 'succeeded', 400), task('b', 'succeeded', 400)], record, settings, NOW, 0, (key) => key === 'b:succeeded');
		expect(picked.map((t) => t.id)).toEqual(['a']);
	});
});

describe('forgetOld', () => {
	it('forgets pairs of tasks created before the window, then the oldest beyond the cap', () => {
		const record: PollRecord = { handed: { old: NOW - 5000, a: NOW - 300, b: NOW - 200, c: NOW - 100 } };
		forgetOld(record, NOW - 1000, 2);
		expect(record.handed).toEqual({ b: NOW - 200, c: NOW - 100 });
	});
});

describe('pollStart', () => {
	const window = NOW - 24 * 3600;
	it('a user activating it: from now; a restart with nothing saved: the whole window', () => {
		expect(pollStart({}, 'scope-a', 'activate', NOW, window)).toBe(NOW);
		expect(pollStart({}, 'scope-b', 'init', NOW, window)).toBe(window);
	});

	it('what the record says, never before the window; kept in the record and, for a poller that replaces this one, in the process', () => {
		const record: PollRecord = { since: NOW - 100 };
		expect(pollStart(record, 'scope-c', 'init', NOW, window)).toBe(NOW - 100);
		expect(pollStart({}, 'scope-c', 'update', NOW + 50, window)).toBe(NOW - 100);
		expect(pollStart({ since: 5 }, 'scope-d', 'init', NOW, window)).toBe(window);
		const fresh: PollRecord = {};
		pollStart(fresh, 'scope-e', 'activate', NOW, window);
		expect(fresh.since).toBe(NOW);
	});
});
