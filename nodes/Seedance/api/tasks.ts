/**
 * The API's operations, over the transport. Creating a task never repeats blindly: when a create
 * may have gone through, recovery.ts looks for this item's own task; a create is sent again only
 * when the API itself answered and repeated looks found no task.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SeedanceApiFailure } from '../shared/errors';
import type { RequestSettings } from './settings';
import type { CreateTaskBody } from '../request/body';
import { takesSeed } from '../request/models';
import { fingerprintOf, lookForTask, randomSeed, withRecoverySeed, type Fingerprint } from './recovery';
import { settled } from '../shared/async';
import { asTask, asTaskList, TASKS_PATH, type SeedanceTask } from './taskObject';
import { ExecutionCancelledError, retrying, seedanceRequest, UncertainOutcomeError, type AttemptResult } from './transport';

export { TASKS_PATH };

/** Every task an execution has made, by item: an error that stops the run names them all. */
export type CreatedTasks = Array<{ itemIndex: number; taskId: string }>;

export interface CreatedTask {
	answer: IDataObject;
	/** Set when the create's answer was lost and the task was found in the task list instead. */
	recoveredFrom?: string;
}

export interface CreateOptions {
	/** "Send Parameters As: Prompt Commands": the recovery seed goes into the prompt. */
	asCommands: boolean;
	random?: () => number;
	now?: () => number;
	/** The recovery seed to send (retriedExecution.ts derives it from the execution); random when unset. */
	seed?: number;
}

function ids(tasks: SeedanceTask[]): string {
	return tasks.map((task) => task.id).join(', ');
}

/** How a user finds a task whose create answer was lost. */
function howToFind(print: Fingerprint): string {
	const when = new Date(print.sentAtS * 1000).toISOString().replace('.000Z', 'Z');
	const seed = print.seed === undefined ? '' : ` with seed ${print.seed}`;
	return `Look in Task → "Get Many" (or your provider's console) for a task of ${print.model}${seed} created around ${when} before running this item again.`;
}

/** When the create's outcome is open, a failed look, a Stop or a relay may only report, never resend. */
function stillOpen(uncertain: SeedanceApiFailure, print: Fingerprint, why: string): SeedanceApiFailure {
	return new SeedanceApiFailure(
		`${uncertain.message}; a task may have been created${why}`,
		`The request was not sent again, so that you are not billed twice. ${howToFind(print)}`,
		uncertain.info,
	);
}

/** Thrown when the user stops the run while a create is under way: the task may exist all the same. */
export class StoppedDuringCreateError extends ExecutionCancelledError {
	constructor(print: Fingerprint) {
		super();
		this.message = `The execution was stopped while a task was being created: a task may exist at Seedance. ${howToFind(print)}`;
	}
}

export async function createTask(
	this: IExecuteFunctions,
	body: CreateTaskBody,
	settings: RequestSettings,
	createdTasks: CreatedTasks,
	itemIndex: number,
	options: CreateOptions,
): Promise<CreatedTask> {
	const now = options.now ?? Date.now;
	const proposed = takesSeed(body.model) ? (options.seed ?? randomSeed(options.random)) : undefined;
	const { body: sentBody, seed } = withRecoverySeed(body, proposed, options.asCommands);
	// Sent again (through the transport's one retry loop) only when the API itself answered and
	// the looks found no task; every other open outcome ends in an error that says how to find it.
	return await retrying(this, { retries: settings.retries, now }, async (): Promise<AttemptResult<CreatedTask>> => {
		const print = fingerprintOf(sentBody, seed, Math.floor(now() / 1000));
		const sent = await settled(
			seedanceRequest.call(this, {
				method: 'POST',
				path: TASKS_PATH,
				body: sentBody as IDataObject,
				kind: 'create',
				retries: settings.retries,
				rateLimitSpanMs: settings.rateLimitSpanMs,
				timeoutMs: settings.requestTimeoutMs,
			}),
		);
		if (!sent.ok && sent.error instanceof ExecutionCancelledError) throw new StoppedDuringCreateError(print);
		if (!sent.ok && !(sent.error instanceof UncertainOutcomeError)) throw sent.error;
		const answer = sent.ok ? (sent.value as IDataObject | undefined) : undefined;
		if (typeof answer?.id === 'string' && answer.id !== '') {
			createdTasks.push({ itemIndex, taskId: answer.id });
			return { type: 'done', value: { answer } };
		}
		const uncertain = sent.ok
			? new UncertainOutcomeError(
					'Seedance accepted the request but its answer has no task id',
					'The answer was not what the API documents.',
					{},
				)
			: (sent.error as UncertainOutcomeError);

		// The create may have gone through: look for the task before doing anything else.
		const look = await settled(lookForTask.call(this, print, settings, now));
		if (!look.ok) {
			if (look.error instanceof ExecutionCancelledError) throw new StoppedDuringCreateError(print);
			throw stillOpen(uncertain, print, ` and the task list could not be checked (${(look.error as Error).message})`);
		}
		const { matches, ambiguous, complete, ignoredQuery, lookedMs } = look.value;
		if (matches.length === 1) {
			const task = matches[0];
			createdTasks.push({ itemIndex, taskId: task.id });
			return { type: 'done', value: { answer: { id: task.id, status: task.status }, recoveredFrom: uncertain.message } };
		}
		if (matches.length > 1) {
			throw stillOpen(uncertain, print, `: the tasks ${ids(matches)} all match this item's request`);
		}
		if (ambiguous.length > 0) {
			throw stillOpen(
				uncertain,
				print,
				`: it may be one of ${ids(ambiguous)} (their fields can't tell whose they are, so none was taken)`,
			);
		}
		if (ignoredQuery) {
			throw stillOpen(uncertain, print, ` and the task list could not be searched (a proxy ignored "${ignoredQuery}")`);
		}
		if (!complete) {
			throw stillOpen(uncertain, print, ' and the task list is too long to search to the moment it was sent');
		}
		// Repeated looks found nothing. Only when the API itself answered is that proof enough to resend.
		if (!uncertain.apiAnswered) {
			throw stillOpen(uncertain, print, `; none appeared in ${Math.round(lookedMs / 1000)} s of looking, but it may still`);
		}
		return {
			type: 'retry',
			error: new SeedanceApiFailure(
				`${uncertain.message}; no new task was found`,
				`${uncertain.description}\n\nNo task was created (the task list showed none for ${Math.round(lookedMs / 1000)} s), so it is safe to run this item again.`,
				uncertain.info,
			),
		};
	});
}

export async function getTask(this: IExecuteFunctions, taskId: string, settings: RequestSettings): Promise<SeedanceTask> {
	const answer = await seedanceRequest.call(this, {
		method: 'GET',
		path: `${TASKS_PATH}/${encodeURIComponent(taskId)}`,
		kind: 'read',
		retries: settings.retries,
		rateLimitSpanMs: settings.rateLimitSpanMs,
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
		rateLimitSpanMs: settings.rateLimitSpanMs,
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
		rateLimitSpanMs: settings.rateLimitSpanMs,
		timeoutMs: settings.requestTimeoutMs,
		taskId,
	});
}
