import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { taskResult, waitUntilDone } from '../../shared/completion';
import { readCommonOptions, readOptions, readTaskId, requestOptions, taskIdField, waitOptions } from '../../shared/descriptions';
import { requireTaskId } from './taskId';

const properties: INodeProperties[] = [
	taskIdField,
	{
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: false,
		description: 'Whether to put the finished MP4 on the output item as binary data (video URLs expire after 24 hours)',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the task instead of the raw API object',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...waitOptions, ...requestOptions],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['wait'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const taskId = requireTaskId(readTaskId(this, itemIndex));
	const settings = readCommonOptions(readOptions(this, itemIndex));
	const task = await waitUntilDone.call(this, taskId, settings);
	return [
		await taskResult.call(this, task, {
			simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
			download: this.getNodeParameter('downloadVideo', itemIndex, false) as boolean,
			settings,
		}),
	];
}
