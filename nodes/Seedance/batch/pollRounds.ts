/**
 * Pure: wait for many tasks with one list request per poll round (`filter.task_ids`, up to the
 * API's page size) instead of one GET per task. Time and sleeping come in as dependencies, so the
 * tests drive the clock. Each task keeps its own timeout; a finished task is handed over the moment
 * a round sees it; Stop (a rejecting `sleep`) ends everything at once.
 *
 * A relay that ignores `filter.task_ids` answers tasks we did not ask for (or more than we asked
 * for): then, and when the list can't be read at all, the rest of the batch is polled with one GET
 * per task, a few at a time.
 */
import { pollDelayMs, succeededOrThrow, timeoutError } from '../api/waitRules';
import { settled, type Settled } from '../shared/async';
import { ENDED_STATUSES, MAX_LIST_PAGE_SIZE, type SeedanceTask } from '../api/taskObject';
import { batchLimits } from './limits';
import { limiter } from './pool';

export interface WaitingTask {
	taskId: string;
	timeoutMs: number;
	/** A fixed interval; undefined = the automatic schedule. */
	intervalMs?: number;
}

export interface BatchPollDeps {
	/** One list request for these ids (the caller paces list calls to the provider's rate). */
	list(taskIds: string[]): Promise<{ items: SeedanceTask[]; total: number }>;
	getTask(taskId: string): Promise<SeedanceTask>;
	now(): number;
	/** Rejects when the execution is stopped. */
	sleep(ms: number): Promise<void>;
	/** True once the run is ending (an item failed without Continue On Fail): no further round. */
	stopped?(): boolean;
	consoleName?: string;
}

export interface BatchReport {
	rounds: number;
	listCalls: number;
	getCalls: number;
	/** Set when the list could not be used and the batch fell back to GETs. */
	fellBack?: 'ignored-filter' | 'list-failed';
}

/**
 * Polls until every task has ended or passed its own timeout; `onEnded` gets each task's outcome
 * (the succeeded task, or the error naming it) as soon as it is known, in the order seen.
 * With one task left, a GET is used (it costs the same as a list, and every relay has it).
 */
export async function pollRounds(
	tasks: WaitingTask[],
	deps: BatchPollDeps,
	onEnded: (index: number, outcome: Settled<SeedanceTask>) => void,
): Promise<BatchReport> {
	const start = deps.now();
	const report: BatchReport = { rounds: 0, listCalls: 0, getCalls: 0 };
	const pending = new Map<string, number[]>(); // task id → indexes (the same id may be asked for twice)
	const last = new Map<number, string>(); // index → last status seen
	tasks.forEach((task, index) => pending.set(task.taskId, [...(pending.get(task.taskId) ?? []), index]));
	const boundedGet = limiter(batchLimits.gets);

	const finish = (taskId: string, outcome: Settled<SeedanceTask>) => {
		for (const index of pending.get(taskId) ?? []) onEnded(index, outcome);
		pending.delete(taskId);
	};
	const seen = (task: SeedanceTask) => {
		for (const index of pending.get(task.id) ?? []) last.set(index, task.status);
		if (ENDED_STATUSES.includes(task.status)) finish(task.id, outcomeOf(() => succeededOrThrow(task, deps.consoleName)));
	};
	const getEach = async (ids: string[]) => {
		await Promise.all(
			ids.map(async (id) =>
				boundedGet(async () => {
					report.getCalls++;
					const got = await settled(deps.getTask(id));
					if (got.ok) seen(got.value);
					else finish(id, got);
				}),
			),
		);
	};

	for (;;) {
		report.rounds++;
		const ids = [...pending.keys()];
		if (report.fellBack || ids.length === 1) {
			await getEach(ids);
		} else {
			for (let at = 0; at < ids.length && !report.fellBack; at += MAX_LIST_PAGE_SIZE) {
				const page = ids.slice(at, at + MAX_LIST_PAGE_SIZE);
				report.listCalls++;
				const answer = await settled(deps.list(page));
				if (!answer.ok) {
					report.fellBack = 'list-failed';
				} else if (answer.value.items.some((task) => !page.includes(task.id)) || answer.value.total > page.length) {
					report.fellBack = 'ignored-filter';
				} else {
					answer.value.items.forEach(seen);
					// Asked for but not listed (a lagging or partial list): a GET answers for it.
					const missing = page.filter((id) => pending.has(id) && !answer.value.items.some((task) => task.id === id));
					await getEach(missing);
				}
			}
			// Whatever this round's list could not answer is looked at with GETs in the same round.
			if (report.fellBack) await getEach(ids.filter((id) => pending.has(id)));
		}
		if (pending.size === 0) return report;

		const now = deps.now();
		let nextMs = Infinity;
		for (const [taskId, indexes] of [...pending]) {
			const task = tasks[indexes[0]];
			const deadline = start + task.timeoutMs;
			if (now >= deadline) {
				for (const index of indexes) onEnded(index, { ok: false, error: timeoutError(taskId, last.get(index), task.timeoutMs) });
				pending.delete(taskId);
				continue;
			}
			nextMs = Math.min(nextMs, task.intervalMs ?? pollDelayMs(now - start), deadline - now);
		}
		if (pending.size === 0 || deps.stopped?.()) return report;
		await deps.sleep(nextMs);
		if (deps.stopped?.()) return report;
	}
}

/** A synchronous call's outcome as a value. */
function outcomeOf<T>(read: () => T): Settled<T> {
	try {
		return { ok: true, value: read() };
	} catch (error) {
		return { ok: false, error };
	}
}
