/** What every Generate operation does once its form is read: validate, estimate, create, maybe wait. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { requirePricing } from '../../api/pricing';
import { draftTaskOf, fingerprintOf, withRecoverySeed } from '../../api/recovery';
import { recordKeys } from '../../api/runRecords';
import { createTask, getTask, type CreatedTask } from '../../api/tasks';
import { chainTaskFor, retriedExecutionId, startRun, type ChainTask, type EarlierExecution, type RunStart } from '../../api/takeOver';
import type { SeedanceTask } from '../../api/taskObject';
import type { AwaitingTask } from '../../batch/waitForTasks';
import { readGenerationForm, type ItemForm, type ReadInputs } from '../../form/generationForm';
import { resolveMedia } from '../../form/mediaSources';
import {
	readCommonOptions,
	readGenerationOptions,
	readOptions,
	readSpendingLimit,
	readTakeOverExecution,
	readTaskItemView,
} from '../../form/readers';
import { taskItem } from '../../output/taskItem';
import { costJson } from '../../output/taskView';
import { buildCreateTaskBody, jsonBytes, type CreateTaskBody } from '../../request/body';
import { estimateVideoCost, sumCosts, taskCost, type PricingContext, type VideoSpec } from '../../request/cost';
import {
	checkSpendingLimit,
	draftFactsOf,
	requestFactsOf,
	videoSpecOf,
	type DraftFacts,
	type ItemEstimate,
	type PromptCommandValues,
	type SentRequest,
} from '../../request/estimate';
import { takesSeed, type GenerationMode } from '../../request/models';
import { DEFAULT_CREATE_CONCURRENCY, type RequestSettings } from '../../api/settings';
import { settled } from '../../shared/async';
import { ExecutionCancelledError, SeedanceInputError, SpendingLimitError } from '../../shared/errors';
import type { CheckedItem, Execution } from '../execution';

/**
 * The body, and what it does not say (the mode, the clips' lengths, a final's draft). Binary images
 * and clips are checked (an image from its first bytes) and go in as inline files, read again only
 * while the request is written.
 */
async function buildBody(run: Execution, itemIndex: number, mode: GenerationMode, form: ItemForm): Promise<{ body: CreateTaskBody; sent: SentRequest }> {
	const { inputs } = form;
	const videos = await resolveMedia(run.context, itemIndex, 'video', inputs.videos ?? []);
	const body = buildCreateTaskBody({
		mode,
		model: form.model,
		provider: form.provider,
		prompt: form.prompt,
		images: await resolveMedia(run.context, itemIndex, 'image', inputs.images),
		videos,
		audio: await resolveMedia(run.context, itemIndex, 'audio', inputs.audio ?? []),
		draftTaskId: inputs.draftTaskId,
		options: readGenerationOptions(form.options),
	});
	const sent: SentRequest = { mode, clipSeconds: videos.map((video) => video.seconds) };
	if (mode === 'draftFinal') sent.draft = await draftFacts(run, form, inputs.draftTaskId ?? '');
	return { body, sent };
}

/**
 * A final video keeps its draft's ratio, length, audio and input videos, which its body does not
 * carry: the draft's task tells them (a read, nothing paid). If it can't be read, the estimate
 * covers what the draft may have been, and the create itself says what is wrong with the draft.
 */
async function draftFacts(run: Execution, form: ItemForm, draftTaskId: string): Promise<DraftFacts | undefined> {
	const read = await settled(getTask(run.http, draftTaskId.trim(), readCommonOptions(form.options, DEFAULT_CREATE_CONCURRENCY)));
	if (!read.ok && read.error instanceof ExecutionCancelledError) throw read.error;
	return read.ok ? draftFactsOf(read.value) : undefined;
}

/** Values that went as prompt commands (Send Parameters As → Prompt Commands) are not in the body. */
function promptCommands(form: ItemForm): PromptCommandValues {
	if (form.options.sendParametersAs !== 'prompt') return {};
	const { resolution, ratio, duration } = readGenerationOptions(form.options);
	return { resolution, ratio, duration };
}

/** The video a checked item asks for, as its estimate reads it. */
export function specOfChecked(checked: CheckedItem): VideoSpec {
	return videoSpecOf(checked.body, checked.sent, promptCommands(checked.form));
}

function estimateOf(itemIndex: number, checked: CheckedItem, pricing: PricingContext): ItemEstimate {
	const spec = specOfChecked(checked);
	return { itemIndex, spec, cost: estimateVideoCost(spec, pricing) };
}

/**
 * Every checked item's estimate, made before the first create; with Options → Spending Limit
 * (the first item's value: it is a property of the run) the whole input is refused when it passes
 * the limit or the limit can't be checked. Answers the estimates and the verdict (undefined: no limit).
 */
export async function estimateBatch(run: Execution, itemIndexes: number[]) {
	const pricing = requirePricing(await run.pricing());
	const estimates = itemIndexes.map((itemIndex) => estimateOf(itemIndex, run.checked.get(itemIndex)!, pricing));
	for (const estimate of estimates) run.estimates.set(estimate.itemIndex, estimate.cost);
	const total = sumCosts(estimates.map((estimate) => estimate.cost));
	const first = run.checked.get(itemIndexes[0]);
	const limit = first ? readSpendingLimit(first.form.options) : undefined;
	const spendingLimit = limit === undefined ? undefined : checkSpendingLimit(limit, estimates, total);
	return { estimates, total, spendingLimit };
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

async function generate(run: Execution, itemIndex: number, checked: CheckedItem): Promise<INodeExecutionData[] | AwaitingTask> {
	const { body, form } = checked;
	const { options } = form;
	const settings = readCommonOptions(options, DEFAULT_CREATE_CONCURRENCY);
	const asCommands = options.sendParametersAs === 'prompt';
	const pricing = requirePricing(await run.pricing());
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
		// The item knows its own request: the estimate the whole input was checked with.
		const cost = run.estimates.get(itemIndex) ?? estimateOf(itemIndex, checked, pricing).cost;
		return [{ json: { ...created.answer, id: taskId, model: body.model, ...recovered, cost: costJson(cost) } }];
	}
	// The batch waits for every item's task together (batch/waitForTasks.ts); the body is let go,
	// only what the bill needs of it is kept (whether it had a video input, and how long).
	const facts = requestFactsOf(body, checked.sent);
	const view = { ...settings, ...readTaskItemView(run.parameters, itemIndex), cost: (task: SeedanceTask) => taskCost(task, pricing, facts) };
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
 * without sending anything, so the router can check every item before the first paid task, and
 * `checkBatch` estimates the whole input and holds it to the Spending Limit before the first create.
 */
export function generateOperation(mode: GenerationMode, readInputs: ReadInputs) {
	const readForm = async (run: Execution, itemIndex: number) => await readGenerationForm(run.parameters, run.http, itemIndex, mode, readInputs);
	const check = async (run: Execution, itemIndex: number): Promise<CheckedItem> => {
		const form = await readForm(run, itemIndex);
		readSpendingLimit(form.options);
		const { body, sent } = await buildBody(run, itemIndex, mode, form);
		checkTakeOver(run, itemIndex, form.options);
		// Costs are shown on every item and checked against a limit: a bad Prices field stops the run here.
		requirePricing(await run.pricing());
		return { form, body, sent };
	};
	return {
		async validate(run: Execution, itemIndex: number): Promise<void> {
			run.checked.set(itemIndex, await check(run, itemIndex));
		},
		async checkBatch(run: Execution, itemIndexes: number[]): Promise<void> {
			const { total, spendingLimit } = await estimateBatch(run, itemIndexes);
			if (spendingLimit && !spendingLimit.withinLimit) {
				throw new SpendingLimitError(spendingLimit.message ?? 'Over the Spending Limit', spendingLimit.description ?? '', {
					limit: spendingLimit.limit,
					currency: spendingLimit.currency ?? null,
					reason: spendingLimit.reason ?? null,
					estimate: costJson(total),
				});
			}
		},
		async execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[] | AwaitingTask> {
			const earlier = run.checked.get(itemIndex);
			run.checked.delete(itemIndex);
			// Memory stays bounded with items in flight together: a body holds no file bytes (binary
			// images are inline files, streamed while the request goes out), and it is sent only once
			// the requests already in flight leave room for its exact JSON size (batch/limits.ts); the
			// room is given back once the create answered.
			const { checked, bytes } = await run.building(async () => {
				const item = earlier ?? (await check(run, itemIndex));
				const size = jsonBytes(item.body);
				await run.bodies.take(size);
				return { checked: item, bytes: size };
			});
			try {
				return await generate(run, itemIndex, checked);
			} finally {
				run.bodies.give(bytes);
			}
		},
	};
}
