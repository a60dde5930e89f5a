import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { deleteTask, getTask } from '../../api/tasks';
import { SeedanceTaskError } from '../../shared/errors';
import { concurrencyOption, optionsCollection, requestOptions, taskIdField } from '../../form/descriptions';
import { readCommonOptions, readOptions, readTaskId } from '../../form/readers';
import { settled } from '../../shared/async';
import { UncertainOutcomeError } from '../../api/transport';

const properties: INodeProperties[] = [
	taskIdField,
	optionsCollection([concurrencyOption, ...requestOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['cancel'] } }, properties);

/** What DELETE does, by the task's status now (seedance-api.md). */
const ACTION: Record<string, 'cancelled' | 'deleted'> = {
	queued: 'cancelled',
	succeeded: 'deleted',
	failed: 'deleted',
	expired: 'deleted',
};

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const taskId = readTaskId(this, itemIndex);
	const settings = readCommonOptions(readOptions(this, itemIndex));
	const before = await getTask.call(this, taskId, settings);

	if (before.status === 'cancelled') {
		return [{ json: { id: taskId, action: 'none', previousStatus: 'cancelled', status: 'cancelled' } }];
	}
	if (before.status === 'running') {
		throw new SeedanceTaskError(
			`Task ${taskId} is running and can't be cancelled`,
			'Seedance cancels only queued tasks. Wait until it finishes (Task → Wait for Completion); a finished task can then be deleted with this operation.',
			taskId,
		);
	}
	const action = ACTION[before.status] ?? 'deleted';
	const deleted = await settled(deleteTask.call(this, taskId, settings));
	if (!deleted.ok) {
		// Refused, or maybe done: the task's state now tells which.
		const now = await settled(getTask.call(this, taskId, settings));
		const status = now.ok ? now.value.status : undefined;
		if (status === 'running') {
			throw new SeedanceTaskError(
				`Task ${taskId} started running and can't be cancelled any more`,
				'Wait until it finishes; a finished task can then be deleted with this operation.',
				taskId,
			);
		}
		const tookEffect = deleted.error instanceof UncertainOutcomeError && (action === 'cancelled' ? status === 'cancelled' : !now.ok);
		if (!tookEffect) throw deleted.error;
	}
	return [{ json: { id: taskId, action, previousStatus: before.status, status: action === 'cancelled' ? 'cancelled' : 'deleted' } }];
}
