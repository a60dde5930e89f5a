/**
 * The API's operations, over the execution's connection. Creating a task never repeats blindly:
 * when a create may have gone through, recovery.ts looks for this item's own task; a create is
 * sent again only when the API itself answered and repeated looks found no task.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	ExecutionCancelledError,
	SeedanceApiFailure,
	StoppedBeforeCreateError,
	StoppedDuringCreateError,
	UncertainOutcomeError,
} from '../shared/errors';
import type { SeedanceConnection } from '../http/connection';
import type { RequestSettings } from '../http/attempt';
import type { AttemptResult } from '../http/retry';
import type { CreateTaskBody } from '../request/body';
import { takesSeed } from '../request/models';
import { draftTaskOf, fingerprintOf, lookForTask, randomSeed, withRecoverySeed, type Fingerprint } from './recovery';
import { settled } from '../shared/async';
import { asTask, TASKS_PATH, type SeedanceTask } from './taskObject';
import type { ApiSession } from './session';

/** Every task an execution has made, by item: an error that stops the run names them all. */
export type CreatedTasks = Array<{ itemIndex: number; taskId: string }>;

export interface CreatedTask {
	answer: IDataObject;
	/** Set when the create's answer was lost and the task was found in the task list instead. */
	recoveredFrom?: string;
	/** The recovery seed the create sent; undefined when none (a fixed seed, recovery off, a final from a draft). */
	seed?: number;
}

export interface CreateOptions {
	/** "Send Parameters As: Prompt Commands": the recovery seed goes into the prompt. */
	asCommands: boolean;
	random?: () => number;
	/** The recovery seed to send (takeOver.ts derives it from the execution); random when unset. */
	seed?: number;
}

function ids(tasks: SeedanceTask[]): string {
	return tasks.map((task) => task.id).join(', ');
}

/** How a user finds a task whose create answer was lost. */
function howToFind(print: Fingerprint): string {
	const when = new Date(print.sentAtS * 1000).toISOString().replace('.000Z', 'Z');
	const seed = print.seed !== undefined ? ` with seed ${print.seed}` : print.draftTaskId !== undefined ? ` from draft ${print.draftTaskId}` : '';
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

export async function createTask(
	session: ApiSession,
	body: CreateTaskBody,
	settings: RequestSettings,
	createdTasks: CreatedTasks,
	itemIndex: number,
	options: CreateOptions,
): Promise<CreatedTask> {
	const { http } = session;
	// A final from a draft may not send a seed (the draft fixed it): it is known by the draft it names.
	const proposed = takesSeed(body.model) && draftTaskOf(body) === undefined ? (options.seed ?? randomSeed(options.random)) : undefined;
	const { body: sentBody, seed } = withRecoverySeed(body, proposed, options.asCommands);
	const claimed = (taskId: string) => createdTasks.some((created) => created.taskId === taskId && created.itemIndex !== itemIndex);
	// Sent again (through the one retry loop) only when the API itself answered and
	// the looks found no task; every other open outcome ends in an error that says how to find it.
	return await http.retrying({ retries: settings.retries }, async (): Promise<AttemptResult<CreatedTask>> => {
		const print = fingerprintOf(sentBody, seed, Math.floor(http.clock.now() / 1000));
		const sent = await settled(http.request({ method: 'POST', path: TASKS_PATH, body: sentBody as IDataObject, kind: 'create', settings }));
		if (!sent.ok && sent.error instanceof StoppedBeforeCreateError) throw sent.error;
		if (!sent.ok && sent.error instanceof ExecutionCancelledError) throw new StoppedDuringCreateError(howToFind(print));
		if (!sent.ok && !(sent.error instanceof UncertainOutcomeError)) throw sent.error;
		const answer = sent.ok ? (sent.value as IDataObject | undefined) : undefined;
		if (typeof answer?.id === 'string' && answer.id !== '') {
			createdTasks.push({ itemIndex, taskId: answer.id });
			return { type: 'done', value: { answer, seed } };
		}
		const uncertain = sent.ok
			? new UncertainOutcomeError(
					'Seedance accepted the request but its answer has no task id',
					'The answer was not what the API documents.',
					{},
				)
			: (sent.error as UncertainOutcomeError);

		// The create may have gone through: look for the task before doing anything else.
		const look = await settled(lookForTask(session, print, settings, claimed));
		if (!look.ok) {
			if (look.error instanceof ExecutionCancelledError) throw new StoppedDuringCreateError(howToFind(print));
			throw stillOpen(uncertain, print, ` and the task list could not be checked (${(look.error as Error).message})`);
		}
		const { matches, ambiguous, complete, ignoredQuery, lookedMs } = look.value;
		if (matches.length === 1) {
			const task = matches[0];
			createdTasks.push({ itemIndex, taskId: task.id });
			return { type: 'done', value: { answer: { id: task.id, status: task.status }, recoveredFrom: uncertain.message, seed } };
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

export async function getTask(connection: SeedanceConnection, taskId: string, settings: RequestSettings): Promise<SeedanceTask> {
	const path = `${TASKS_PATH}/${encodeURIComponent(taskId)}`;
	return asTask(await connection.request({ method: 'GET', path, kind: 'read', settings, taskId }), taskId);
}

export async function deleteTask(connection: SeedanceConnection, taskId: string, settings: RequestSettings): Promise<void> {
	await connection.request({ method: 'DELETE', path: `${TASKS_PATH}/${encodeURIComponent(taskId)}`, kind: 'delete', settings, taskId });
}
