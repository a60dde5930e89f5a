/** How Get and Wait for Completion hand over a task: the same fields read the same way. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { taskResult } from '../../shared/completion';
import type { CommonSettings } from '../../shared/descriptions';
import type { SeedanceTask } from '../../shared/task';

export async function taskItem(
	this: IExecuteFunctions,
	itemIndex: number,
	task: SeedanceTask,
	settings: CommonSettings,
): Promise<INodeExecutionData[]> {
	return [
		await taskResult.call(this, task, {
			simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
			download: this.getNodeParameter('downloadVideo', itemIndex, false) as boolean,
			settings,
		}),
	];
}
