/**
 * Everything one run of the node keeps while the router works through its items: created once per
 * execution, passed to every operation. Nothing of it outlives the run, and nothing is global.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { newApiSession, type ApiSession } from '../api/session';
import { deduplicationHelpers, RunRecords } from '../api/runRecords';
import { RecoverySeeds, type RunStart } from '../api/takeOver';
import type { CreatedTasks } from '../api/tasks';
import { batchLimits } from '../batch/limits';
import { byteBudget, limiter } from '../batch/pool';
import type { ItemForm } from '../form/generationForm';
import { ItemParameters } from '../form/itemParameters';
import type { CreateTaskBody } from '../request/body';
import type { Cost, CostTotal } from '../request/cost';
import type { SentRequest, SpendingLimitCheck } from '../request/estimate';
import { clockSeam } from '../shared/clock';
import { newImageRun, type ImageRun } from './image/imageRun';

export interface Execution extends ApiSession {
	readonly context: IExecuteFunctions;
	/** The form, each plain value resolved once for all items. */
	readonly parameters: ItemParameters;
	/** The recovery seeds of this run's items (and of a run it takes over). */
	readonly seeds: RecoverySeeds;
	/** What this run records for a later take-over or Retry of it (n8n's deduplication store). */
	readonly records: RunRecords;
	/** The run's start, done once before its first create (video/generate.ts). */
	started?: Promise<RunStart>;
	/** Every task made so far (an error that stops the run must still name them all). */
	readonly createdTasks: CreatedTasks;
	/** Items checked before the first create: their form and their body, sent as checked, and what the body does not say. */
	readonly checked: Map<number, CheckedItem>;
	/** Each checked item's estimate, made over the whole input before the first create. */
	readonly estimates: Map<number, Cost>;
	/** The whole input's estimate and the Spending Limit's verdict (Estimate Cost shows them on every item). */
	readonly batch: { total?: CostTotal; spendingLimit?: SpendingLimitCheck; failedChecks?: number };
	/** Bytes of requests (with inline files) held at once: see video/generate.ts. */
	readonly bodies: ReturnType<typeof byteBudget>;
	/** One body is built at a time, and only once the budget has room for the previous one. */
	readonly building: ReturnType<typeof limiter>;
	/** Image → Generate: its checked items, the images made so far, downloads and base64 answers at once. */
	readonly images: ImageRun;
}

export interface CheckedItem {
	form: ItemForm;
	body: CreateTaskBody;
	sent: SentRequest;
}

export function newExecution(context: IExecuteFunctions): Execution {
	return {
		...newApiSession(context, clockSeam.clock),
		context,
		parameters: new ItemParameters(context),
		seeds: new RecoverySeeds(context),
		records: new RunRecords(deduplicationHelpers(context.helpers)),
		createdTasks: [],
		checked: new Map(),
		estimates: new Map(),
		batch: {},
		bodies: byteBudget(batchLimits.bodyBudgetBytes),
		building: limiter(1),
		images: newImageRun(),
	};
}
