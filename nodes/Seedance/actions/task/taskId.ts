import { SeedanceInputError } from '../../shared/errors';

const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A task id is required and must be a bare id: a URL or a pasted JSON object is a common slip. */
export function requireTaskId(taskId: string): string {
	if (taskId === '') {
		throw new SeedanceInputError(
			'No task ID is set',
			'Map the "id" field of a Generate operation\'s output, e.g. {{ $json.id }}.',
		);
	}
	if (!TASK_ID.test(taskId)) {
		throw new SeedanceInputError(
			`"${taskId.length > 60 ? taskId.slice(0, 57) + '…' : taskId}" is not a task ID`,
			'A task ID looks like cgt-20250918170909-j7gxl. Map only the "id" field, e.g. {{ $json.id }}.',
		);
	}
	return taskId;
}
