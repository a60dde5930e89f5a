import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { taskItem, waitUntilDone } from '../../shared/completion';
import {
	optionsCollection,
	readCommonOptions,
	readOptions,
	readTaskId,
	requestOptions,
	taskIdField,
	taskResultFields,
	waitOptions,
} from '../../shared/descriptions';
import { requireTaskId } from './taskId';

const properties: INodeProperties[] = [taskIdField, ...taskResultFields, optionsCollection([...waitOptions, ...requestOptions])];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['wait'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const taskId = requireTaskId(readTaskId(this, itemIndex));
	const settings = readCommonOptions(readOptions(this, itemIndex));
	return [await taskItem.call(this, itemIndex, await waitUntilDone.call(this, taskId, settings), settings)];
}
