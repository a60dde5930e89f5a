/** A finished task as the item a user gets, its video attached when asked: Generate, Get and Wait share it. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CommonSettings } from '../api/settings';
import { taskJson } from './taskView';
import type { SeedanceTask } from '../api/taskObject';
import { downloadVideo } from '../api/transport';
import { SeedanceTaskError } from '../shared/errors';
import { readItemParameter } from '../form/itemParameters';

/** The output item for a finished task, with the MP4 attached when the item's form asks for it (Simplify, Download Video). */
export async function taskItem(
	this: IExecuteFunctions,
	itemIndex: number,
	task: SeedanceTask,
	settings: CommonSettings,
): Promise<INodeExecutionData> {
	const simplify = readItemParameter(this, 'simplify', itemIndex, true) as boolean;
	const download = readItemParameter(this, 'downloadVideo', itemIndex, false) as boolean;
	const item: INodeExecutionData = { json: taskJson(task, simplify) };
	if (!download) return item;
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
	const binary = await downloadVideo.call(this, url, task.id, settings, async (stream, contentType) => {
		const mimeType = contentType?.startsWith('video/') ? contentType.split(';')[0] : 'video/mp4';
		return await this.helpers.prepareBinaryData(stream as unknown as Buffer, `${task.id}.${mimeType === 'video/quicktime' ? 'mov' : 'mp4'}`, mimeType);
	});
	item.binary = { [settings.binaryPropertyName]: binary };
	return item;
}
