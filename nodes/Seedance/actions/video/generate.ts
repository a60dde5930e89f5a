/** What every Generate operation does once its images are known: validate, create, maybe wait. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { createTask } from '../../api/tasks';
import type { AwaitingTask } from '../../batch/waitForAll';
import { taskItem } from '../../output/taskItem';
import { readCommonOptions, readGenerationOptions, readOptions, readTakeOverExecution } from '../../form/readers';
import type { SharedByItems } from '../sharedByItems';
import { resolveMedia, type MediaSource } from '../../form/mediaSources';
import { idForProvider, takesSeed, type GenerationMode } from '../../request/models';
import { findRetriedTask, retriedExecutionId, seedFor } from '../../api/retriedExecution';
import { SeedanceInputError } from '../../shared/errors';
import { buildCreateTaskBody, type CreateTaskBody } from '../../request/body';
import { readCredentials } from '../../api/transport';

/** Each provider spells the known models its own way; a user may pick any spelling anywhere. */
export function modelForProvider(model: string, provider: unknown): string {
	return idForProvider(model, provider);
}

/** A text field as text: an expression that gives an object or a list must not become "[object Object]" in a paid task. */
function textParameter(value: unknown, label: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new SeedanceInputError(
		`${label} must be text, but its expression gave ${Array.isArray(value) ? 'a list' : 'an object'}`,
		`Make the ${label} expression give text, e.g. pick one field ({{ $json.text }}) or join a list ({{ $json.parts.join(' ') }}).`,
	);
}

/** What an operation's form gives besides model, prompt and options. */
export interface OperationInputs {
	images: MediaSource[];
	videos?: MediaSource[];
	audio?: MediaSource[];
	draftTaskId?: string;
}

type ReadInputs = (context: IExecuteFunctions, itemIndex: number) => OperationInputs;

async function prepareBody(
	context: IExecuteFunctions,
	itemIndex: number,
	mode: GenerationMode,
	readInputs: ReadInputs,
): Promise<CreateTaskBody> {
	const credentials = await readCredentials(context);
	const model = textParameter(context.getNodeParameter('model', itemIndex, '', { extractValue: true }), 'Model');
	const inputs = readInputs(context, itemIndex);
	return buildCreateTaskBody({
		mode,
		model: modelForProvider(model, credentials.provider),
		provider: typeof credentials.provider === 'string' ? credentials.provider : undefined,
		prompt: mode === 'draftFinal' ? '' : textParameter(context.getNodeParameter('prompt', itemIndex, ''), 'Prompt'),
		images: await resolveMedia.call(context, itemIndex, 'image', inputs.images),
		videos: await resolveMedia.call(context, itemIndex, 'video', inputs.videos ?? []),
		audio: await resolveMedia.call(context, itemIndex, 'audio', inputs.audio ?? []),
		draftTaskId: inputs.draftTaskId,
		options: readGenerationOptions(readOptions(context, itemIndex)),
	});
}

/** Roughly what a body holds in memory: its image, video and audio data URLs dominate. */
function bodyBytes(body: CreateTaskBody): number {
	let bytes = 4096;
	for (const part of body.content) {
		for (const value of Object.values(part)) {
			if (typeof value === 'string') bytes += value.length;
			else if (value && typeof value === 'object' && typeof (value as { url?: unknown }).url === 'string') {
				bytes += (value as { url: string }).url.length;
			}
		}
	}
	return bytes;
}

/** The execution whose tasks this item takes over, if any: the option names it, or n8n's Retry does. */
function earlierExecution(context: IExecuteFunctions, options: IDataObject, model: string): string | undefined {
	const named = readTakeOverExecution(options);
	if (named !== undefined && !takesSeed(model)) {
		throw new SeedanceInputError(
			`Options → Take Over Tasks of Execution needs a model that takes a seed; ${model} does not`,
			'A task is recognised by the seed its item sent. Find the tasks with Task → Get Many instead, or remove the option.',
		);
	}
	if (!takesSeed(model)) return undefined;
	return named ?? retriedExecutionId(context);
}

async function generate(
	this: IExecuteFunctions,
	itemIndex: number,
	shared: SharedByItems,
	body: CreateTaskBody,
): Promise<INodeExecutionData[] | AwaitingTask> {
	const options = readOptions(this, itemIndex);
	const settings = readCommonOptions(options);
	const asCommands = options.sendParametersAs === 'prompt';
	// A Retry of a failed execution, or a run told to take over one (Options → Take Over Tasks of
	// Execution), first takes the task its item already made (api/retriedExecution.ts).
	const retryOf = earlierExecution(this, options, body.model);
	const earlier = retryOf ? await findRetriedTask.call(this, body, settings, itemIndex, retryOf, asCommands) : undefined;
	if (earlier) shared.createdTasks.push({ itemIndex, taskId: earlier.id });
	const created = earlier
		? { answer: { id: earlier.id, status: earlier.status }, recoveredFrom: `Execution ${retryOf} had already created task ${earlier.id} for this item` }
		: await createTask.call(this, body, settings, shared.createdTasks, itemIndex, {
				asCommands,
				// Without an execution id two runs could share a derived seed: then a random one.
				seed: takesSeed(body.model) && this.getExecutionId() ? seedFor(this, this.getExecutionId(), itemIndex) : undefined,
			});
	const taskId = String(created.answer.id);
	const recovered = created.recoveredFrom
		? { recovered: true, recoveryNote: `${created.recoveredFrom}; the task was found in the task list instead of being created again.` }
		: {};

	if (!this.getNodeParameter('waitForCompletion', itemIndex, false)) {
		return [{ json: { ...created.answer, id: taskId, model: body.model, ...recovered } }];
	}
	// The batch waits for every item's task together (batch/waitForAll.ts); the body is let go.
	return {
		taskId,
		settings,
		finish: async (task) => {
			const item = await taskItem.call(this, itemIndex, task, settings);
			Object.assign(item.json, recovered);
			return [item];
		},
	};
}

/**
 * A Generate operation from its mode and where its images come from. `validate` checks an item
 * without sending anything, so the router can check every item before the first paid task.
 */
export function generateOperation(mode: GenerationMode, readInputs: ReadInputs) {
	return {
		async validate(this: IExecuteFunctions, itemIndex: number): Promise<void> {
			const options = readOptions(this, itemIndex);
			readCommonOptions(options);
			const { model } = await prepareBody(this, itemIndex, mode, readInputs);
			earlierExecution(this, options, model);
		},
		async execute(this: IExecuteFunctions, itemIndex: number, shared: SharedByItems): Promise<INodeExecutionData[] | AwaitingTask> {
			// Memory stays bounded with items in flight together: a body (with its encoded images) is
			// built only when it is about to be sent, one at a time, and only once the bodies already
			// in flight leave room for it; it is let go as soon as its create has answered.
			const { body, bytes } = await shared.building(async () => {
				const built = await prepareBody(this, itemIndex, mode, readInputs);
				const size = bodyBytes(built);
				await shared.bodies.take(size);
				return { body: built, bytes: size };
			});
			try {
				return await generate.call(this, itemIndex, shared, body);
			} finally {
				shared.bodies.give(bytes);
			}
		},
	};
}
