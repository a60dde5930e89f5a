/** Pure: what the next node sees. */
import type { IDataObject } from 'n8n-workflow';

import type { SeedanceTask } from '../api/taskObject';
import type { Cost } from '../request/cost';

function isoDate(seconds: unknown): string | null {
	return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null;
}

/** The fields a workflow uses, with stable names; `Simplify` off gives the raw API object. */
export function simplifyTask(task: SeedanceTask): IDataObject {
	const simple: IDataObject = {
		id: task.id,
		status: task.status,
		model: task.model ?? null,
		videoUrl: task.content?.video_url ?? null,
		lastFrameUrl: task.content?.last_frame_url ?? null,
		seed: task.seed ?? null,
		resolution: task.resolution ?? null,
		ratio: task.ratio ?? null,
		duration: task.duration ?? null,
		fps: task.framespersecond ?? null,
		tokens: task.usage?.total_tokens ?? task.usage?.completion_tokens ?? null,
		usage: (task.usage as IDataObject | undefined) ?? null,
		error: task.error ? { code: task.error.code ?? null, message: task.error.message ?? null } : null,
		createdAt: isoDate(task.created_at),
		updatedAt: isoDate(task.updated_at),
	};
	if (task.frames !== undefined) simple.frames = task.frames;
	if (task.draft !== undefined) simple.draft = task.draft as boolean;
	if (task.draft_task_id !== undefined) simple.draftTaskId = task.draft_task_id as string;
	if (task.generate_audio !== undefined) simple.generateAudio = task.generate_audio as boolean;
	if (task.service_tier !== undefined) simple.serviceTier = task.service_tier;
	return simple;
}

/** Plain JSON: a cost object as an item field. */
export function costJson(cost: Cost): IDataObject {
	return { ...cost };
}

/**
 * The item of a task. `cost` goes beside the task's own fields either way: Simplify off keeps the
 * API object as it came and adds only this one field (the API has none of that name), so a
 * workflow on the raw object sees the cost too.
 */
export function taskJson(task: SeedanceTask, simplify: boolean, cost?: Cost): IDataObject {
	const json = simplify ? simplifyTask(task) : { ...(task as IDataObject) };
	if (cost) json.cost = costJson(cost);
	return json;
}

/**
 * An AI agent keeps only the JSON of a tool's answer (binary data is dropped): every task item then
 * carries the task id, its status, the video URL and its cost at the top level, whatever Simplify
 * says. Items that are not a task (an error, an estimate, a cost summary) stay as they are.
 */
export function agentView(json: IDataObject): IDataObject {
	if (json.id === undefined && json.taskId === undefined) return json;
	const content = (json.content ?? {}) as IDataObject;
	return {
		...json,
		taskId: json.id ?? json.taskId ?? null,
		status: json.status ?? 'submitted',
		videoUrl: json.videoUrl ?? content.video_url ?? null,
	};
}
