import { updateDisplayOptions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { deleteTask, getTask } from '../../api/tasks';
import { SeedanceTaskError, UncertainOutcomeError } from '../../shared/errors';
import { concurrencyOption, optionsCollection, requestOptions, taskIdField } from '../../form/descriptions';
import { readCommonOptions, readOptions, readTaskId } from '../../form/readers';
import { settled } from '../../shared/async';
import type { Execution } from '../execution';

const properties: INodeProperties[] = [
	taskIdField,
	optionsCollection([concurrencyOption, ...requestOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['cancel'] } }, properties);

/** What DELETE does, by the task's status now. */
const ACTION: Record<string, 'cancelled' | 'deleted'> = {
	queued: 'cancelled',
	succeeded: 'deleted',
	failed: 'deleted',
	expired: 'deleted',
};

export async function execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[]> {
	const taskId = readTaskId(run.parameters, itemIndex);
	const settings = readCommonOptions(readOptions(run.parameters, itemIndex));
	const before = await getTask(run.http, taskId, settings);

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
	const deleted = await settled(deleteTask(run.http, taskId, settings));
	if (!deleted.ok) {
		// Refused, or maybe done: the task's state now tells which.
		const now = await settled(getTask(run.http, taskId, settings));
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
