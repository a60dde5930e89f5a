/** What every Generate operation does once its form is read: validate, create, maybe wait. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { createTask } from '../../api/tasks';
import { findRetriedTask, retriedExecutionId } from '../../api/takeOver';
import type { AwaitingTask } from '../../batch/waitForTasks';
import { readGenerationForm, type ItemForm, type ReadInputs } from '../../form/generationForm';
import { resolveMedia } from '../../form/mediaSources';
import { readCommonOptions, readGenerationOptions, readTakeOverExecution, readTaskItemView } from '../../form/readers';
import { taskItem } from '../../output/taskItem';
import { buildCreateTaskBody, jsonBytes, type CreateTaskBody } from '../../request/body';
import { takesSeed, type GenerationMode } from '../../request/models';
import { DEFAULT_CREATE_CONCURRENCY } from '../../api/settings';
import { SeedanceInputError } from '../../shared/errors';
import type { Execution } from '../execution';

/** The body. Binary images and clips are checked (an image from its first bytes) and go in as inline files, read again only while the request is written. */
async function buildBody(run: Execution, itemIndex: number, mode: GenerationMode, form: ItemForm): Promise<CreateTaskBody> {
	const { inputs } = form;
	return buildCreateTaskBody({
		mode,
		model: form.model,
		provider: form.provider,
		prompt: form.prompt,
		images: await resolveMedia(run.context, itemIndex, 'image', inputs.images),
		videos: await resolveMedia(run.context, itemIndex, 'video', inputs.videos ?? []),
		audio: await resolveMedia(run.context, itemIndex, 'audio', inputs.audio ?? []),
		draftTaskId: inputs.draftTaskId,
		options: readGenerationOptions(form.options),
	});
}

/** The execution whose tasks this item takes over, if any: the option names it, or n8n's Retry does. */
function earlierExecution(run: Execution, options: IDataObject, model: string): string | undefined {
	const named = readTakeOverExecution(options);
	if (named !== undefined && !takesSeed(model)) {
		throw new SeedanceInputError(
			`Options → Take Over Tasks of Execution needs a model that takes a seed; ${model} does not`,
			'A task is recognised by the seed its item sent. Find the tasks with Task → Get Many instead, or remove the option.',
		);
	}
	if (!takesSeed(model)) return undefined;
	return named ?? retriedExecutionId(run.context);
}

/** Why a model typed By ID gets no recovery seed, and what that means for the user. */
function recoveryOffNote(model: string): string {
	return `Recovery is off for ${model}: the node does not know this model, so it sends no seed by which it could recognise the task if a create's answer were lost. If an item of this model ever fails saying a task may have been created, look in Task → Get Many for a task of ${model} made at that time before running it again.`;
}

async function generate(run: Execution, itemIndex: number, body: CreateTaskBody, form: ItemForm): Promise<INodeExecutionData[] | AwaitingTask> {
	const { options } = form;
	const settings = readCommonOptions(options, DEFAULT_CREATE_CONCURRENCY);
	const asCommands = options.sendParametersAs === 'prompt';
	// A Retry of a failed execution, or a run told to take over one (Options → Take Over Tasks of
	// Execution), first takes the task its item already made (api/takeOver.ts).
	const retryOf = earlierExecution(run, options, body.model);
	const earlier = retryOf ? await findRetriedTask(run, run.seeds, body, settings, itemIndex, retryOf, asCommands) : undefined;
	if (earlier) run.createdTasks.push({ itemIndex, taskId: earlier.id });
	const executionId = run.context.getExecutionId();
	const created = earlier
		? { answer: { id: earlier.id, status: earlier.status }, recoveredFrom: `Execution ${retryOf} had already created task ${earlier.id} for this item` }
		: await createTask(run, body, settings, run.createdTasks, itemIndex, {
				asCommands,
				// Without an execution id two runs could share a derived seed: then a random one.
				seed: takesSeed(body.model) && executionId ? run.seeds.seedFor(executionId, itemIndex) : undefined,
			});
	const taskId = String(created.answer.id);
	const recovered = created.recoveredFrom
		? { recovered: true, recoveryNote: `${created.recoveredFrom}; the task was found in the task list instead of being created again.` }
		: takesSeed(body.model)
			? {}
			: { recovery: 'off', recoveryNote: recoveryOffNote(body.model) };

	if (!form.waitForCompletion) {
		return [{ json: { ...created.answer, id: taskId, model: body.model, ...recovered } }];
	}
	// The batch waits for every item's task together (batch/waitForTasks.ts); the body is let go.
	const view = { ...settings, ...readTaskItemView(run.parameters, itemIndex) };
	return {
		taskId,
		settings,
		finish: async (task) => {
			const item = await taskItem(run.context, run.http, task, view);
			Object.assign(item.json, recovered);
			return [item];
		},
	};
}

/**
 * A Generate operation from its mode and where its media come from. `validate` checks an item
 * without sending anything, so the router can check every item before the first paid task.
 */
export function generateOperation(mode: GenerationMode, readInputs: ReadInputs) {
	const readForm = async (run: Execution, itemIndex: number) => await readGenerationForm(run.parameters, run.http, itemIndex, mode, readInputs);
	return {
		async validate(run: Execution, itemIndex: number): Promise<void> {
			const form = await readForm(run, itemIndex);
			const body = await buildBody(run, itemIndex, mode, form);
			earlierExecution(run, form.options, form.model);
			run.checked.set(itemIndex, { form, body });
		},
		async execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[] | AwaitingTask> {
			const checked = run.checked.get(itemIndex);
			run.checked.delete(itemIndex);
			const form = checked?.form ?? (await readForm(run, itemIndex));
			// Memory stays bounded with items in flight together: a body holds no file bytes (binary
			// images are inline files, streamed while the request goes out), and it is sent only once
			// the requests already in flight leave room for its exact JSON size (batch/limits.ts); the
			// room is given back once the create answered.
			const { body, bytes } = await run.building(async () => {
				const built = checked?.body ?? (await buildBody(run, itemIndex, mode, form));
				const size = jsonBytes(built);
				await run.bodies.take(size);
				return { body: built, bytes: size };
			});
			try {
				return await generate(run, itemIndex, body, form);
			} finally {
				run.bodies.give(bytes);
			}
		},
	};
}
