/** What every Generate operation does once its form is read: validate, create, maybe wait. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { draftTaskOf, fingerprintOf, withRecoverySeed } from '../../api/recovery';
import { recordKeys } from '../../api/runRecords';
import { createTask, type CreatedTask } from '../../api/tasks';
import { chainTaskFor, retriedExecutionId, startRun, type ChainTask, type EarlierExecution, type RunStart } from '../../api/takeOver';
import type { AwaitingTask } from '../../batch/waitForTasks';
import { readGenerationForm, type ItemForm, type ReadInputs } from '../../form/generationForm';
import { resolveMedia } from '../../form/mediaSources';
import { readCommonOptions, readGenerationOptions, readOptions, readTakeOverExecution, readTaskItemView } from '../../form/readers';
import { taskItem } from '../../output/taskItem';
import { buildCreateTaskBody, jsonBytes, type CreateTaskBody } from '../../request/body';
import { takesSeed, type GenerationMode } from '../../request/models';
import { DEFAULT_CREATE_CONCURRENCY, type RequestSettings } from '../../api/settings';
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

/**
 * The execution this run takes over, if any: n8n's Retry names it (2.x), else Options → Take Over
 * Tasks of Execution does. A Retry of a run that took over another keeps that option: the Retry
 * takes over the retried run, whose records hold what it took. The option is the run's: every
 * item must name the same execution.
 */
function runEarlierExecution(run: Execution): EarlierExecution | undefined {
	const retryOf = retriedExecutionId(run.context);
	if (retryOf !== undefined) return { id: retryOf, how: 'retry' };
	const named = settledValue(() => readTakeOverExecution(readOptions(run.parameters, 0)));
	return named === undefined ? undefined : { id: named, how: 'option' };
}

function settledValue<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined; // the first item's own error shows on the first item
	}
}

/** An item's Take Over value: a valid execution ID, the same as the first item's. */
function checkTakeOver(run: Execution, itemIndex: number, options: IDataObject): void {
	const named = readTakeOverExecution(options);
	if (itemIndex === 0) return;
	const first = settledValue(() => readTakeOverExecution(readOptions(run.parameters, 0)));
	if (named !== first) {
		throw new SeedanceInputError(
			`Options → Take Over Tasks of Execution must name the same execution for every item: this item names ${named ?? 'none'}, the first item ${first ?? 'none'}`,
			'A run takes over one execution, item by item, in the same order. Nothing was created.',
		);
	}
}

/** The run's start, once, before its first create: records, and the earlier execution's tasks (api/takeOver.ts). */
async function runStart(run: Execution, settings: RequestSettings): Promise<RunStart> {
	run.started ??= startRun({
		session: run,
		seeds: run.seeds,
		records: run.records,
		executionId: run.context.getExecutionId() || undefined,
		earlier: runEarlierExecution(run),
		itemCount: run.context.getInputData().length,
		settings,
		executionData: async (id) => await run.context.getExecutionDataById(id),
	});
	return await run.started;
}

/** Why a model typed By ID gets no recovery seed, and what that means for the user. */
function recoveryOffNote(model: string): string {
	return `Recovery is off for ${model}: the node does not know this model, so it sends no seed by which it could recognise the task if a create's answer were lost. If an item of this model ever fails saying a task may have been created, look in Task → Get Many for a task of ${model} made at that time before running it again.`;
}

/** The task this item takes from the execution the run takes over, if it had one. */
function takenTask(run: Execution, itemIndex: number, body: CreateTaskBody, asCommands: boolean, start: RunStart): ChainTask | undefined {
	if (!start.lineage) return undefined;
	// Compared with the request this item sends now (its own recovery seed aside).
	const executionId = run.context.getExecutionId();
	const own = executionId && takesSeed(body.model) && draftTaskOf(body) === undefined ? run.seeds.seedFor(executionId, itemIndex) : undefined;
	const { body: sent, seed } = withRecoverySeed(body, own, asCommands);
	return chainTaskFor(start.lineage, itemIndex, fingerprintOf(sent, seed, Math.floor(run.http.clock.now() / 1000)));
}

async function generate(run: Execution, itemIndex: number, body: CreateTaskBody, form: ItemForm): Promise<INodeExecutionData[] | AwaitingTask> {
	const { options } = form;
	const settings = readCommonOptions(options, DEFAULT_CREATE_CONCURRENCY);
	const asCommands = options.sendParametersAs === 'prompt';
	checkTakeOver(run, itemIndex, options);
	// Every item waits for the run's start: a take-over has recorded what it takes before any create.
	const start = await runStart(run, settings);
	const taken = takenTask(run, itemIndex, body, asCommands, start);
	if (taken) run.createdTasks.push({ itemIndex, taskId: taken.task.id });
	const executionId = run.context.getExecutionId();
	const created: CreatedTask = taken
		? {
				answer: { id: taken.task.id, status: taken.task.status },
				recoveredFrom: taken.ownSeed
					? `Execution ${start.lineage!.execution} had already created task ${taken.task.id} for this item`
					: `Execution ${start.lineage!.execution} already had task ${taken.task.id} for this item (its records say so)`,
			}
		: await createTask(run, body, settings, run.createdTasks, itemIndex, {
				asCommands,
				// Without an execution id two runs could share a derived seed: then a random one.
				seed: takesSeed(body.model) && executionId ? run.seeds.seedFor(executionId, itemIndex) : undefined,
			});
	const taskId = String(created.answer.id);
	// A task this run's own seed does not name is recorded, for a take-over of this run to find it.
	if (!taken && created.seed === undefined && executionId && run.records.available) {
		await run.records.add(recordKeys.itemTask(executionId, itemIndex, taskId)).catch(() => undefined);
	}
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
			checkTakeOver(run, itemIndex, form.options);
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
