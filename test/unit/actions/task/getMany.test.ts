/** Task → Get Many's filters as the API's query. */
import { filterQuery } from '../../../../nodes/Seedance/actions/task/getMany.operation';

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
