/** Task → Get Many's filters as the API's query, and its cost summary. */
import { costSummary, filterQuery } from '../../../../nodes/Seedance/actions/task/getMany.operation';
import { taskCost, type PricingContext } from '../../../../nodes/Seedance/request/cost';

describe('filterQuery', () => {
	it('builds the list filters with repeated task ids', () => {
		expect(filterQuery({ status: 'running', taskIds: 'a, b c', model: ' ep-1 ', serviceTier: 'flex' })).toEqual({
			'filter.status': 'running',
			'filter.task_ids': ['a', 'b', 'c'],
			'filter.model': 'ep-1',
			'filter.service_tier': 'flex',
		});
	});
});

describe('costSummary', () => {
	const VOLC: PricingContext = { provider: 'volcengine' };
	const V20 = 'doubao-seedance-2-0-260128';
	const MINI = 'doubao-seedance-2-0-mini-260615';
	const task = (id: string, model: string, status: string, tokens?: number, created = 1_790_000_000) => ({
		id,
		model,
		status,
		resolution: '720p',
		ratio: '16:9',
		duration: 5,
		created_at: created,
		...(tokens ? { usage: { completion_tokens: tokens } } : {}),
	});
	const listed = [task('a', V20, 'succeeded', 108_900, 1_790_000_300), task('b', V20, 'failed'), task('c', MINI, 'succeeded', 108_900, 1_790_000_100), task('d', V20, 'succeeded', 108_900)].map(
		(t) => ({ task: t, cost: taskCost(t, VOLC) }),
	);

	it('adds the bills in all, by model and by status; failed tasks are free', () => {
		const summary = costSummary(listed);
		expect(summary).toMatchObject({
			tasks: 4,
			// 2 × 108,900 × 46e-6 + 108,900 × 23e-6
			total: { status: 'billed', currency: 'CNY', amount: 12.5235, tokens: 326_700, counts: { billed: 3, free: 1, estimated: 0, unknown: 0 } },
			byModel: {
				[V20]: { tasks: 3, total: { amount: 10.0188 } },
				[MINI]: { tasks: 1, total: { amount: 2.5047 } },
			},
			byStatus: { succeeded: { tasks: 3, total: { amount: 12.5235 } }, failed: { tasks: 1, total: { status: 'free', amount: 0 } } },
			newestCreatedAt: new Date(1_790_000_300_000).toISOString(),
			oldestCreatedAt: new Date(1_790_000_000_000).toISOString(),
		});
	});

	it('nothing listed: 0, no dates', () => {
		expect(costSummary([])).toMatchObject({ tasks: 0, total: { amount: 0 }, byModel: {}, byStatus: {}, newestCreatedAt: null, oldestCreatedAt: null });
	});
});
