import { updateDisplayOptions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { AwaitingTask } from '../../batch/waitForTasks';
import { taskItem } from '../../output/taskItem';
import { concurrencyOption, optionsCollection, requestOptions, taskIdField, taskItemFields, waitOptions } from '../../form/descriptions';
import { readCommonOptions, readOptions, readTaskId, readTaskItemView } from '../../form/readers';
import { costOfTask } from '../../api/pricing';
import type { SeedanceTask } from '../../api/taskObject';
import type { Execution } from '../execution';

const properties: INodeProperties[] = [
	taskIdField,
	...taskItemFields,
	optionsCollection([concurrencyOption, ...waitOptions, ...requestOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['wait'] } }, properties);

/** Many items wait together: the router polls all their tasks with one list request per round. */
export async function execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[] | AwaitingTask> {
	const taskId = readTaskId(run.parameters, itemIndex);
	const settings = readCommonOptions(readOptions(run.parameters, itemIndex));
	const pricing = await run.pricing();
	const view = { ...settings, ...readTaskItemView(run.parameters, itemIndex), cost: (task: SeedanceTask) => costOfTask(pricing, task) };
	return { taskId, settings, finish: async (task) => [await taskItem(run.context, run.http, task, view)] };
}
