/**
 * The n8n side of waiting for many tasks: one list request per round through the execution's task
 * list pace (shared with recovery's list calls, one a second), finished tasks handed over (and
 * their videos downloaded, a few at a time) as soon as a round sees them. The rounds themselves
 * are pollRounds.ts.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { getTask } from '../api/tasks';
import type { CommonSettings } from '../api/settings';
import type { ApiSession } from '../api/session';
import { settled, type Settled } from '../shared/async';
import { ExecutionCancelledError } from '../shared/errors';
import type { SeedanceTask } from '../api/taskObject';
import { batchLimits } from './limits';
import { limiter } from './pool';
import { pollRounds } from './pollRounds';

/** What an operation hands the router when its item still has to wait for its task. */
export interface AwaitingTask {
	taskId: string;
	settings: CommonSettings;
	/** The item's output once the task has succeeded (downloads the video when asked). */
	finish(task: SeedanceTask): Promise<INodeExecutionData[]>;
}

export function isAwaiting(result: INodeExecutionData[] | AwaitingTask): result is AwaitingTask {
	return !Array.isArray(result);
}

export async function waitForTasks(
	session: ApiSession,
	awaiting: Array<{ itemIndex: number; task: AwaitingTask }>,
	onResult: (itemIndex: number, outcome: Settled<INodeExecutionData[]>) => void,
	stopped: () => boolean,
): Promise<void> {
	if (awaiting.length === 0) return;
	const { http } = session;
	const consoleName = await http.consoleName();
	const listSettings = awaiting[0].task.settings;
	const download = limiter(batchLimits.downloads);
	const finishing: Array<Promise<void>> = [];

	await pollRounds(
		awaiting.map(({ task }) => ({ taskId: task.taskId, timeoutMs: task.settings.waitTimeoutMs, intervalMs: task.settings.intervalMs })),
		{
			list: async (taskIds) =>
				await session.taskList.page({ page_num: 1, page_size: taskIds.length, 'filter.task_ids': taskIds }, listSettings),
			getTask: async (taskId) => {
				const entry = awaiting.find(({ task }) => task.taskId === taskId)!;
				return await getTask(http, taskId, entry.task.settings);
			},
			now: () => http.clock.now(),
			sleep: async (ms) => {
				if (!(await http.clock.sleep(ms, http.signal))) throw new ExecutionCancelledError();
			},
			stopped,
			consoleName,
		},
		(index, outcome) => {
			const { itemIndex, task } = awaiting[index];
			if (!outcome.ok) {
				onResult(itemIndex, outcome);
				return;
			}
			finishing.push(
				download(async () => {
					onResult(itemIndex, stopped() ? { ok: false, error: new ExecutionCancelledError() } : await settled(task.finish(outcome.value)));
				}),
			);
		},
	);
	await Promise.all(finishing);
}
