/**
 * The API's operations, over the transport. Creating a task never repeats blindly: when a create
 * may have gone through, the task list is checked first, so no input item yields two paid tasks.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SeedanceApiFailure } from './errors';
import type { RequestSettings } from './descriptions';
import type { CreateTaskBody } from './request';
import { findModel } from './models';
import { pause, settled } from './sleep';
import { asTask, asTaskList, type SeedanceTask } from './task';
import { cancelSignal, ExecutionCancelledError, seedanceRequest, UncertainOutcomeError } from './transport';
import { retryDelayMs } from './retry';

export const TASKS_PATH = '/contents/generations/tasks';

/**
 * What one execution knows: task ids already given to an item are never adopted by another,
 * and which item made which task (so an error that stops the run can still name them).
 */
export interface RunState {
	createdTasks: Array<{ itemIndex: number; taskId: string }>;
}

export function newRunState(): RunState {
	return { createdTasks: [] };
}

function claim(state: RunState, itemIndex: number, taskId: string): void {
	state.createdTasks.push({ itemIndex, taskId });
}

function isClaimed(state: RunState, taskId: string): boolean {
	return state.createdTasks.some((created) => created.taskId === taskId);
}

/** How far the server's clock may be from ours when matching a task by its creation time. */
const CLOCK_SKEW_S = 30;
const TIMED_OUT = ['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'];

export interface CreatedTask {
	answer: IDataObject;
	/** Set when the create's answer was lost and the task was found in the task list instead. */
	recoveredFrom?: string;
}

function sameModel(a: string | undefined, b: string): boolean {
	if (a === undefined) return true;
	if (b.startsWith('ep-')) return true; // an endpoint's tasks report the underlying model's name
	const left = findModel(a)?.id ?? a;
	const right = findModel(b)?.id ?? b;
	return left === right;
}

async function recentTasksLike(
	this: IExecuteFunctions,
	model: string,
	sinceSeconds: number,
	state: RunState,
	settings: RequestSettings,
): Promise<SeedanceTask[]> {
	const answer = await seedanceRequest.call(this, {
		method: 'GET',
		path: TASKS_PATH,
		qs: { page_num: 1, page_size: 50 },
		kind: 'read',
		retries: settings.retries,
		timeoutMs: settings.requestTimeoutMs,
	});
	return asTaskList(answer).items.filter(
		(task) =>
			sameModel(task.model, model) &&
			(task.created_at === undefined || task.created_at >= sinceSeconds - CLOCK_SKEW_S) &&
			!isClaimed(state, task.id),
	);
}

export async function createTask(
	this: IExecuteFunctions,
	body: CreateTaskBody,
	settings: RequestSettings,
	state: RunState,
	itemIndex: number,
): Promise<CreatedTask> {
	const { retries } = settings;
	for (let tries = 0; ; tries++) {
		const sinceSeconds = Math.floor(Date.now() / 1000);
		const sent = await settled(
			seedanceRequest.call(this, {
				method: 'POST',
				path: TASKS_PATH,
				body: body as IDataObject,
				kind: 'create',
				retries,
				timeoutMs: settings.requestTimeoutMs,
			}),
		);
		if (!sent.ok && !(sent.error instanceof UncertainOutcomeError)) throw sent.error;
		const answer = sent.ok ? (sent.value as IDataObject | undefined) : undefined;
		if (typeof answer?.id === 'string' && answer.id !== '') {
			claim(state, itemIndex, answer.id);
			return { answer };
		}
		const uncertain = sent.ok
			? new SeedanceApiFailure(
					'Seedance accepted the request but its answer has no task id',
					'The answer was not what the API documents.',
					{},
				)
			: (sent.error as UncertainOutcomeError);

		// The create may have gone through: look for the task before doing anything else.
		const lookup = await settled(recentTasksLike.call(this, body.model, sinceSeconds, state, settings));
		if (!lookup.ok) {
			if (lookup.error instanceof ExecutionCancelledError) throw lookup.error;
			throw new SeedanceApiFailure(
				`${uncertain.message}; a task may have been created and could not be checked`,
				`The request was not sent again, so that you are not billed twice. Look for a new task with Task → "Get Many" (or in your provider's console) before running this item again. Checking the task list failed: ${(lookup.error as Error).message}`,
				uncertain.info,
			);
		}
		const candidates = lookup.value;
		if (candidates.length === 1) {
			const task = candidates[0];
			claim(state, itemIndex, task.id);
			return { answer: { id: task.id, status: task.status }, recoveredFrom: uncertain.message };
		}
		if (candidates.length > 1) {
			throw new SeedanceApiFailure(
				`${uncertain.message}; one of the new tasks ${candidates.map((t) => t.id).join(', ')} may be this item's`,
				'The request was not sent again, so that you are not billed twice. Check those tasks with Task → "Get Task" before running this item again.',
				uncertain.info,
			);
		}
		const timedOut = TIMED_OUT.includes(uncertain.info.code ?? '');
		if (timedOut || tries >= retries) {
			throw new SeedanceApiFailure(
				`${uncertain.message}; no new task was found`,
				timedOut
					? 'The request timed out, so the task may still appear. It was not sent again, so that you are not billed twice: check Task → "Get Many" in a minute before running this item again.'
					: `${uncertain.description}\n\nNo task was created (the task list shows none), so it is safe to run this item again.`,
				uncertain.info,
			);
		}
		// The API answered and the task list shows no task of ours: sending again is safe.
		if (!(await pause(retryDelayMs(tries, undefined), cancelSignal(this)))) throw new ExecutionCancelledError();
	}
}

export async function getTask(this: IExecuteFunctions, taskId: string, settings: RequestSettings): Promise<SeedanceTask> {
	const answer = await seedanceRequest.call(this, {
		method: 'GET',
		path: `${TASKS_PATH}/${encodeURIComponent(taskId)}`,
		kind: 'read',
		retries: settings.retries,
		timeoutMs: settings.requestTimeoutMs,
		taskId,
	});
	return asTask(answer, taskId);
}

export async function listTasks(
	this: IExecuteFunctions,
	qs: IDataObject,
	settings: RequestSettings,
): Promise<{ items: SeedanceTask[]; total: number }> {
	const answer = await seedanceRequest.call(this, {
		method: 'GET',
		path: TASKS_PATH,
		qs,
		kind: 'read',
		retries: settings.retries,
		timeoutMs: settings.requestTimeoutMs,
	});
	return asTaskList(answer);
}

export async function deleteTask(this: IExecuteFunctions, taskId: string, settings: RequestSettings): Promise<void> {
	await seedanceRequest.call(this, {
		method: 'DELETE',
		path: `${TASKS_PATH}/${encodeURIComponent(taskId)}`,
		kind: 'delete',
		retries: settings.retries,
		timeoutMs: settings.requestTimeoutMs,
		taskId,
	});
}
