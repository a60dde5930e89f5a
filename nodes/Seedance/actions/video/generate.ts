/** What every Generate operation does once its images are known: validate, create, maybe wait. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { createTask } from '../../api/tasks';
import type { AwaitingTask } from '../../batch/waitForAll';
import { taskItem } from '../../output/taskItem';
import { readCommonOptions, readGenerationOptions, readOptions, readTakeOverExecution } from '../../form/readers';
import { readItemParameter } from '../../form/itemParameters';
import type { SharedByItems } from '../sharedByItems';
import { resolveMedia, type MediaSource } from '../../form/mediaSources';
import { idForProvider, takesSeed, type GenerationMode } from '../../request/models';
import { findRetriedTask, retriedExecutionId, seedFor } from '../../api/retriedExecution';
import { SeedanceInputError } from '../../shared/errors';
import { buildCreateTaskBody, jsonBytes, type CreateTaskBody } from '../../request/body';
import { readCredentials } from '../../api/transport';
import { DEFAULT_CREATE_CONCURRENCY } from '../../api/settings';

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

/**
 * An item's form, read once: model, prompt, options and where its images come from (URLs,
 * binary field names; never the image bytes). Each expression costs a run of n8n's expression
 * engine, so the form read when the item is checked is the form its body is built from.
 */
interface ItemForm {
	model: string;
	provider?: string;
	prompt: string;
	inputs: OperationInputs;
	options: IDataObject;
	waitForCompletion: boolean;
}

async function readForm(context: IExecuteFunctions, itemIndex: number, mode: GenerationMode, readInputs: ReadInputs): Promise<ItemForm> {
	const options = readOptions(context, itemIndex);
	readCommonOptions(options, DEFAULT_CREATE_CONCURRENCY); // a bad number in Options is named first
	const credentials = await readCredentials(context);
	const model = textParameter(readItemParameter(context, 'model', itemIndex, '', { extractValue: true }), 'Model');
	return {
		// Each provider spells the known models its own way; a user may pick any spelling anywhere.
		model: idForProvider(model, credentials.provider),
		provider: typeof credentials.provider === 'string' ? credentials.provider : undefined,
		inputs: readInputs(context, itemIndex),
		prompt: mode === 'draftFinal' ? '' : textParameter(readItemParameter(context, 'prompt', itemIndex, ''), 'Prompt'),
		options,
		waitForCompletion: readItemParameter(context, 'waitForCompletion', itemIndex, false) as boolean,
	};
}

/** The body. Binary images and clips are checked (an image from its first bytes) and go in as inline files, read again only while the request is written. */
async function buildBody(context: IExecuteFunctions, itemIndex: number, mode: GenerationMode, form: ItemForm): Promise<CreateTaskBody> {
	const { inputs } = form;
	return buildCreateTaskBody({
		mode,
		model: form.model,
		provider: form.provider,
		prompt: form.prompt,
		images: await resolveMedia.call(context, itemIndex, 'image', inputs.images),
		videos: await resolveMedia.call(context, itemIndex, 'video', inputs.videos ?? []),
		audio: await resolveMedia.call(context, itemIndex, 'audio', inputs.audio ?? []),
		draftTaskId: inputs.draftTaskId,
		options: readGenerationOptions(form.options),
	});
}

/**
 * The items checked before the first create, per execution (n8n's context is one per node run):
 * their form and their body, sent as checked (a body holds no file bytes, so keeping it is cheap,
 * and its binary files are not looked at again).
 */
const checkedItems = new WeakMap<object, Map<number, { form: ItemForm; body: CreateTaskBody }>>();

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
	form: ItemForm,
): Promise<INodeExecutionData[] | AwaitingTask> {
	const { options } = form;
	const settings = readCommonOptions(options, DEFAULT_CREATE_CONCURRENCY);
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

	if (!form.waitForCompletion) {
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
			const form = await readForm(this, itemIndex, mode, readInputs);
			const body = await buildBody(this, itemIndex, mode, form);
			earlierExecution(this, form.options, form.model);
			let items = checkedItems.get(this);
			if (!items) checkedItems.set(this, (items = new Map()));
			items.set(itemIndex, { form, body });
		},
		async execute(this: IExecuteFunctions, itemIndex: number, shared: SharedByItems): Promise<INodeExecutionData[] | AwaitingTask> {
			const checkedInRun = checkedItems.get(this);
			const checked = checkedInRun?.get(itemIndex);
			checkedInRun?.delete(itemIndex);
			const form = checked?.form ?? (await readForm(this, itemIndex, mode, readInputs));
			// Memory stays bounded with items in flight together: a body holds no file bytes (binary
			// images are inline files, request/inlineFile.ts, streamed while the request goes out), and
			// it is sent only once the requests already in flight leave room for its exact JSON size
			// (batch/limits.ts); the room is given back once the create answered.
			const { body, bytes } = await shared.building(async () => {
				const built = checked?.body ?? (await buildBody(this, itemIndex, mode, form));
				const size = jsonBytes(built);
				await shared.bodies.take(size);
				return { body: built, bytes: size };
			});
			try {
				return await generate.call(this, itemIndex, shared, body, form);
			} finally {
				shared.bodies.give(bytes);
			}
		},
	};
}
