/**
 * What the API layer keeps for one execution: the HTTP connection (credential, rate gate), the
 * task list's pace and the prices. Created once per run by whoever runs the node (the router, the
 * trigger).
 */
import type { Clock } from '../shared/clock';
import type { HttpContext } from '../http/attempt';
import { SeedanceConnection } from '../http/connection';
import { pricingOf, type Pricing } from './pricing';
import { TaskListReader } from './taskList';

export interface ApiSession {
	readonly http: SeedanceConnection;
	readonly taskList: TaskListReader;
	/** The credential's prices, read and checked once per execution. */
	pricing(): Promise<Pricing>;
}

export function newApiSession(context: HttpContext, clock: Clock): ApiSession {
	const http = new SeedanceConnection(context, clock);
	let pricing: Promise<Pricing> | undefined;
	return {
		http,
		taskList: new TaskListReader(http),
		pricing: async () => {
			pricing ??= http.credentials().then(pricingOf);
			// A failed credential read is not kept: the connection reads it again for the next caller.
			pricing.catch(() => (pricing = undefined));
			return await pricing;
		},
	};
}
