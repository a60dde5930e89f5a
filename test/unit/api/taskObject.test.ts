/** Task answers are checked on the way in. */
import { asTask, asTaskList } from '../../../nodes/Seedance/api/taskObject';

describe('task answers are checked', () => {
	it('refuses an answer without an id or a status, naming the task', () => {
		expect(() => asTask('<html>', 'cgt-1')).toThrow(/answer for task cgt-1 is not a task/);
		expect(() => asTask({ id: 'cgt-1' })).toThrow(/for task cgt-1 has no status/);
		expect(() => asTaskList({ data: [] })).toThrow(/has no "items"/);
		expect(asTaskList({ items: [{ id: 'a', status: 'queued' }] })).toEqual({ items: [{ id: 'a', status: 'queued' }], total: 1 });
	});
});

describe('task statuses', () => {
	it('are compared in lower case', () => {
		expect(asTask({ id: 'cgt-1', status: 'SUCCEEDED' }).status).toBe('succeeded');
	});
});
