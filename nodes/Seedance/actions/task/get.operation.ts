import { updateDisplayOptions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { getTask } from '../../api/tasks';
import { taskItem } from '../../output/taskItem';
import { concurrencyOption, optionsCollection, requestOptions, taskIdField, taskItemFields, waitOptions } from '../../form/descriptions';
import { readCommonOptions, readOptions, readTaskId, readTaskItemView } from '../../form/readers';
import { costOfTask } from '../../api/pricing';
import type { SeedanceTask } from '../../api/taskObject';
import type { Execution } from '../execution';

const properties: INodeProperties[] = [
	taskIdField,
	...taskItemFields,
	optionsCollection([concurrencyOption, waitOptions.find((o) => o.name === 'binaryPropertyName')!, ...requestOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['get'] } }, properties);

export async function execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[]> {
	const taskId = readTaskId(run.parameters, itemIndex);
	const settings = readCommonOptions(readOptions(run.parameters, itemIndex));
	const pricing = await run.pricing();
	const view = { ...settings, ...readTaskItemView(run.parameters, itemIndex), cost: (task: SeedanceTask) => costOfTask(pricing, task) };
	return [await taskItem(run.context, run.http, await getTask(run.http, taskId, settings), view)];
}
