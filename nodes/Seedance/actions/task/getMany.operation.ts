import { updateDisplayOptions, type IDataObject, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { optionsCollection, requestOptions } from '../../form/descriptions';
import { readCommonOptions, readOptions } from '../../form/readers';
import { taskJson } from '../../output/taskView';
import { SeedanceInputError } from '../../shared/errors';
import { MAX_LIST_PAGE_SIZE, TASK_STATUSES } from '../../api/taskObject';
import type { Execution } from '../execution';

const PAGE_SIZE_ALL = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Model',
				name: 'model',
				type: 'string',
				default: '',
				description: 'Only tasks of this model (on Volcengine Ark: an endpoint ID, ep-…)',
			},
			{
				displayName: 'Service Tier',
				name: 'serviceTier',
				type: 'options',
				default: 'default',
				options: [
					{ name: 'Default', value: 'default' },
					{ name: 'Flex', value: 'flex' },
				],
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'succeeded',
				options: TASK_STATUSES.map((status) => ({ name: status[0].toUpperCase() + status.slice(1), value: status })),
			},
			{
				displayName: 'Task IDs',
				name: 'taskIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. cgt-2025…-abcde, cgt-2025…-fghij',
				description: 'Only these tasks (comma-separated)',
			},
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of each task instead of the raw API object',
	},
	optionsCollection(requestOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['getMany'] } }, properties);

/** Pure: the filters as the API's query (`filter.task_ids` repeated). */
export function filterQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	if (filters.status) qs['filter.status'] = filters.status;
	if (filters.model) qs['filter.model'] = String(filters.model).trim();
	if (filters.serviceTier) qs['filter.service_tier'] = filters.serviceTier;
	const ids = String(filters.taskIds ?? '')
		.split(/[\s,]+/)
		.filter((id) => id !== '');
	if (ids.length) qs['filter.task_ids'] = ids;
	return qs;
}

export async function execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[]> {
	const { parameters } = run;
	const returnAll = parameters.read('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : Number(parameters.read('limit', itemIndex, 50));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw new SeedanceInputError(`Limit must be a whole number of 1 or more, not ${limit}`, 'Set Limit, or turn on Return All.');
	}
	const filters = filterQuery(parameters.read('filters', itemIndex, {}) as IDataObject);
	const simplify = parameters.read('simplify', itemIndex, true) as boolean;
	const settings = readCommonOptions(readOptions(parameters, itemIndex));
	const pageSize = returnAll ? PAGE_SIZE_ALL : Math.min(limit, MAX_LIST_PAGE_SIZE);

	const results: INodeExecutionData[] = [];
	for (let page = 1; results.length < limit; page++) {
		const { items, total } = await run.taskList.page({ ...filters, page_num: page, page_size: pageSize }, settings);
		for (const task of items.slice(0, limit - results.length)) results.push({ json: taskJson(task, simplify) });
		if (items.length < pageSize || page * pageSize >= total) break;
	}
	return results;
}
