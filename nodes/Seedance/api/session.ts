/**
 * What the API layer keeps for one execution: the HTTP connection (credential, rate gate) and the
 * task list's pace. Created once per run by whoever runs the node (the router, the trigger).
 */
import type { Clock } from '../shared/clock';
import type { HttpContext } from '../http/attempt';
import { SeedanceConnection } from '../http/connection';
import { TaskListReader } from './taskList';

export interface ApiSession {
	readonly http: SeedanceConnection;
	readonly taskList: TaskListReader;
}

export function newApiSession(context: HttpContext, clock: Clock): ApiSession {
	const http = new SeedanceConnection(context, clock);
	return { http, taskList: new TaskListReader(http) };
}
