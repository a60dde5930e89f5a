import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { getTask } from '../../api/tasks';
import { taskItem } from '../../output/taskItem';
import { concurrencyOption, optionsCollection, requestOptions, taskIdField, taskItemFields, waitOptions } from '../../form/descriptions';
import { readCommonOptions, readOptions, readTaskId } from '../../form/readers';

const properties: INodeProperties[] = [
	taskIdField,
	...taskItemFields,
	optionsCollection([concurrencyOption, waitOptions.find((o) => o.name === 'binaryPropertyName')!, ...requestOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const taskId = readTaskId(this, itemIndex);
	const settings = readCommonOptions(readOptions(this, itemIndex));
	return [await taskItem.call(this, itemIndex, await getTask.call(this, taskId, settings), settings)];
}
