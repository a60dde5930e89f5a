/** What every Generate operation does once its form is read: validate, estimate, create, maybe wait. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { requirePricing } from '../../api/pricing';
import { createTask, getTask } from '../../api/tasks';
import { findRetriedTask, retriedExecutionId } from '../../api/takeOver';
import type { SeedanceTask } from '../../api/taskObject';
import type { AwaitingTask } from '../../batch/waitForTasks';
import { readGenerationForm, type ItemForm, type ReadInputs } from '../../form/generationForm';
import { resolveMedia } from '../../form/mediaSources';
import {
	readCommonOptions,
	readGenerationOptions,
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
import { DEFAULT_CREATE_CONCURRENCY } from '../../api/settings';
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

async function generate(run: Execution, itemIndex: number, checked: CheckedItem): Promise<INodeExecutionData[] | AwaitingTask> {
	const { body, form } = checked;
	const { options } = form;
	const settings = readCommonOptions(options, DEFAULT_CREATE_CONCURRENCY);
	const asCommands = options.sendParametersAs === 'prompt';
	const pricing = requirePricing(await run.pricing());
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
		: {};

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
		earlierExecution(run, form.options, form.model);
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
