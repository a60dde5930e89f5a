/** What the items of one execution share while the router runs them a few at a time. */
import type { CreatedTasks } from '../api/tasks';
import { batchLimits } from '../batch/limits';
import { byteBudget, limiter } from '../batch/pool';

export interface SharedByItems {
	/** Every task made so far (an error that stops the run must still name them all). */
	createdTasks: CreatedTasks;
	/** Bytes of requests (with inline files) held at once: see video/generate.ts. */
	bodies: ReturnType<typeof byteBudget>;
	/** One body is built at a time, and only once the budget has room for the previous one. */
	building: ReturnType<typeof limiter>;
}

export function newSharedByItems(): SharedByItems {
	return { createdTasks: [], bodies: byteBudget(batchLimits.bodyBudgetBytes), building: limiter(1) };
}
