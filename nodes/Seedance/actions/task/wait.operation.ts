import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { AwaitingTask } from '../../batch/waitForAll';
import { taskItem } from '../../output/taskItem';
import { concurrencyOption, optionsCollection, requestOptions, taskIdField, taskItemFields, waitOptions } from '../../form/descriptions';
import { readCommonOptions, readOptions, readTaskId } from '../../form/readers';

const properties: INodeProperties[] = [
	taskIdField,
	...taskItemFields,
	optionsCollection([concurrencyOption, ...waitOptions, ...requestOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['wait'] } }, properties);

/** Many items wait together: the router polls all their tasks with one list request per round. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[] | AwaitingTask> {
	const taskId = readTaskId(this, itemIndex);
	const settings = readCommonOptions(readOptions(this, itemIndex));
	return { taskId, settings, finish: async (task) => [await taskItem.call(this, itemIndex, task, settings)] };
}
