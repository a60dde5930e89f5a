import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as wait from './wait.operation';

export { cancel, get, getMany, wait };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		default: 'get',
		options: [
			{
				name: 'Cancel or Delete',
				value: 'cancel',
				action: 'Cancel or delete a task',
				description: 'Cancel a queued task, or delete the record of a finished one',
			},
			{ name: 'Get', value: 'get', action: 'Get a task', description: 'Get a task and its video URL' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many tasks', description: 'List the tasks of the last 7 days' },
			{
				name: 'Wait for Completion',
				value: 'wait',
				action: 'Wait for a task to complete',
				description: 'Wait until a task ends and output its video',
			},
		],
	},
	...get.description,
	...getMany.description,
	...cancel.description,
	...wait.description,
];
