import { updateDisplayOptions, type IDataObject, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { costOfTask } from '../../api/pricing';
import { optionsCollection, requestOptions } from '../../form/descriptions';
import { readCommonOptions, readOptions, readTimeFilter } from '../../form/readers';
import { costJson, taskJson } from '../../output/taskView';
import { sumCosts, type Cost } from '../../request/cost';
import { SeedanceInputError } from '../../shared/errors';
import { MAX_LIST_PAGE_SIZE, TASK_STATUSES, type SeedanceTask } from '../../api/taskObject';
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
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description:
					'Only tasks created at or after this time (in the workflow\'s time zone unless it says otherwise). The list is read newest first and stops once its tasks are older.',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: 'Only tasks created before this time (in the workflow\'s time zone unless it says otherwise)',
			},
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
		displayName: 'Sum Costs',
		name: 'sumCosts',
		type: 'boolean',
		default: false,
		description:
			'Whether to output one item with the cost of the listed tasks added up (in all, by model and by status) instead of one item per task: the spend of a day or a campaign, from the tasks themselves',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of each task instead of the raw API object',
		displayOptions: { show: { sumCosts: [false] } },
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

/** A task's creation time as epoch ms (the API gives seconds); undefined when it has none. */
function createdMs(task: SeedanceTask): number | undefined {
	return typeof task.created_at === 'number' && Number.isFinite(task.created_at) ? task.created_at * 1000 : undefined;
}

/** Pure: the tasks' costs added up, in all, by model and by status. Two currencies are never added. */
export function costSummary(listed: Array<{ task: SeedanceTask; cost: Cost }>): IDataObject {
	const group = (key: (task: SeedanceTask) => string) => {
		const groups = new Map<string, Cost[]>();
		for (const { task, cost } of listed) groups.set(key(task), [...(groups.get(key(task)) ?? []), cost]);
		return Object.fromEntries([...groups].map(([name, costs]) => [name, { tasks: costs.length, total: costJson(sumCosts(costs)) }]));
	};
	const times = listed.map(({ task }) => createdMs(task)).filter((ms): ms is number => ms !== undefined);
	const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
	return {
		tasks: listed.length,
		total: costJson(sumCosts(listed.map(({ cost }) => cost))),
		byModel: group((task) => task.model ?? 'unknown'),
		byStatus: group((task) => task.status),
		newestCreatedAt: iso(times.length ? Math.max(...times) : undefined),
		oldestCreatedAt: iso(times.length ? Math.min(...times) : undefined),
	};
}

export async function execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[]> {
	const { parameters } = run;
	const returnAll = parameters.read('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : Number(parameters.read('limit', itemIndex, 50));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw new SeedanceInputError(`Limit must be a whole number of 1 or more, not ${limit}`, 'Set Limit, or turn on Return All.');
	}
	const filterValues = parameters.read('filters', itemIndex, {}) as IDataObject;
	const filters = filterQuery(filterValues);
	const timeZone = run.context.getTimezone();
	const after = readTimeFilter(filterValues.createdAfter, 'Created After', timeZone);
	const before = readTimeFilter(filterValues.createdBefore, 'Created Before', timeZone);
	if (after !== undefined && before !== undefined && after >= before) {
		throw new SeedanceInputError(
			'Filters → Created After is not before Created Before: no task can be in between',
			'Set Created After to an earlier time than Created Before, or remove one of them.',
		);
	}
	const summing = parameters.read('sumCosts', itemIndex, false) as boolean;
	const simplify = parameters.read('simplify', itemIndex, true) as boolean;
	const settings = readCommonOptions(readOptions(parameters, itemIndex));
	const pricing = await run.pricing();
	const pageSize = returnAll ? PAGE_SIZE_ALL : Math.min(limit, MAX_LIST_PAGE_SIZE);
	const inRange = (task: SeedanceTask) => {
		if (after === undefined && before === undefined) return true;
		const ms = createdMs(task);
		return ms !== undefined && (after === undefined || ms >= after) && (before === undefined || ms < before);
	};

	// The list API has no time filter: pages come newest first, tasks outside the range are
	// skipped, and paging stops at the first page that reaches back past Created After.
	const listed: Array<{ task: SeedanceTask; cost: Cost }> = [];
	let cutByLimit = false;
	for (let page = 1; ; page++) {
		const { items, total } = await run.taskList.page({ ...filters, page_num: page, page_size: pageSize }, settings);
		for (const task of items.filter(inRange)) {
			if (listed.length >= limit) {
				cutByLimit = true;
				break;
			}
			listed.push({ task, cost: costOfTask(pricing, task) });
		}
		const oldest = items.length ? createdMs(items[items.length - 1]) : undefined;
		const pastRange = after !== undefined && oldest !== undefined && oldest < after;
		if (cutByLimit || listed.length >= limit || pastRange || items.length < pageSize || page * pageSize >= total) break;
	}

	if (!summing) return listed.map(({ task, cost }) => ({ json: taskJson(task, simplify, cost) }));
	const summary = costSummary(listed);
	const notes = ['The task list holds the last 7 days.'];
	const limited = cutByLimit || listed.length >= limit;
	if (limited) notes.push(`Limit reached: the sum covers the newest ${listed.length} tasks and there may be more; turn on Return All to add up all of them.`);
	return [
		{
			json: {
				...summary,
				createdAfter: after === undefined ? null : new Date(after).toISOString(),
				createdBefore: before === undefined ? null : new Date(before).toISOString(),
				complete: !limited,
				note: notes.join(' '),
			},
		},
	];
}
