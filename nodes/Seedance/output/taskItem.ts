/** A finished task as the item a user gets, its video attached when asked: Generate, Get, Wait and the trigger share it. */
import type { IBinaryData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SeedanceConnection } from '../http/connection';
import { downloadVideo, type DownloadSettings } from '../http/download';
import type { SeedanceTask } from '../api/taskObject';
import type { Cost } from '../request/cost';
import { SeedanceTaskError } from '../shared/errors';
import { taskJson } from './taskView';

export interface TaskItemView extends DownloadSettings {
	simplify: boolean;
	downloadVideo: boolean;
	binaryPropertyName: string;
	/** The task's cost: its bill, an estimate while it runs, or free. */
	cost: (task: SeedanceTask) => Cost;
}

/** The video of a succeeded task, streamed into n8n's binary data; QuickTime output keeps its `.mov` name. */
export async function videoBinary(
	context: IExecuteFunctions,
	http: SeedanceConnection,
	task: SeedanceTask,
	url: string,
	settings: DownloadSettings,
): Promise<IBinaryData> {
	return await downloadVideo(http, url, task.id, settings, async (stream, mimeType) => {
		const fileName = `${task.id}.${mimeType === 'video/quicktime' ? 'mov' : 'mp4'}`;
		return await context.helpers.prepareBinaryData(stream as unknown as Buffer, fileName, mimeType);
	});
}

/** The output item for a finished task, with the video attached when the item's form asks for it (Simplify, Download Video). */
export async function taskItem(
	context: IExecuteFunctions,
	http: SeedanceConnection,
	task: SeedanceTask,
	view: TaskItemView,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json: taskJson(task, view.simplify, view.cost(task)) };
	if (!view.downloadVideo) return item;
	const url = task.content?.video_url;
	if (task.status !== 'succeeded') {
		throw new SeedanceTaskError(
			`Task ${task.id} has no video to download (status: ${task.status})`,
			'Only a succeeded task has a video. Use "Wait for Completion" to wait for it first.',
			task.id,
		);
	}
	if (typeof url !== 'string' || url === '') {
		throw new SeedanceTaskError(
			`Task ${task.id} succeeded but its answer has no video URL to download`,
			'The API (or a proxy in front of it) left out content.video_url. Run "Get Task" for this task again in a moment, or turn Download Video off to get the task without the file.',
			task.id,
		);
	}
	item.binary = { [view.binaryPropertyName]: await videoBinary(context, http, task, url, view) };
	return item;
}
