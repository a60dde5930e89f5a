/**
 * The n8n side of waiting for many tasks: one list request per round over the transport (paced
 * with recovery's list calls to the provider's one list call a second), finished tasks handed over
 * (and their videos downloaded, a few at a time) as soon as a round sees them.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getTask, listTasks } from '../api/tasks';
import type { CommonSettings } from '../api/settings';
import { providerConsole } from '../api/providers';
import { listPacer } from '../api/taskList';
import { pause, settled, type Settled } from '../shared/async';
import type { SeedanceTask } from '../api/taskObject';
import { cancelSignal, ExecutionCancelledError, readCredentials } from '../api/transport';
import { batchLimits } from './limits';
import { limiter } from './pool';
import { waitForMany, type BatchReport } from './waitForMany';

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

/** For tests and the benchmark: what the last batch wait of an execution did. */
export const lastBatch: { report?: BatchReport } = {};

export async function waitForAll(
	this: IExecuteFunctions,
	awaiting: Array<{ itemIndex: number; task: AwaitingTask }>,
	onResult: (itemIndex: number, outcome: Settled<INodeExecutionData[]>) => void,
	stopped: () => boolean,
): Promise<void> {
	if (awaiting.length === 0) return;
	const credentials = await readCredentials(this);
	const signal = cancelSignal(this);
	const paced = listPacer(this);
	const listSettings = awaiting[0].task.settings;
	const download = limiter(batchLimits.downloads);
	const finishing: Array<Promise<void>> = [];

	lastBatch.report = await waitForMany(
		awaiting.map(({ task }) => ({ taskId: task.taskId, timeoutMs: task.settings.waitTimeoutMs, intervalMs: task.settings.intervalMs })),
		{
			list: async (taskIds) =>
				await paced(
					async () => await listTasks.call(this, { page_num: 1, page_size: taskIds.length, 'filter.task_ids': taskIds }, listSettings),
				),
			getTask: async (taskId) => {
				const entry = awaiting.find(({ task }) => task.taskId === taskId)!;
				return await getTask.call(this, taskId, entry.task.settings);
			},
			now: () => Date.now(),
			sleep: async (ms) => {
				if (!(await pause(ms, signal))) throw new ExecutionCancelledError();
			},
			stopped,
			consoleName: providerConsole(credentials.provider),
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
