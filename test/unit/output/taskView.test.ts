/** What the next node sees of a task: the simplified or raw task, its usage and cost, and what an AI agent keeps. */
import { agentView, simplifyTask, taskJson } from '../../../nodes/Seedance/output/taskView';
import { taskCost } from '../../../nodes/Seedance/request/cost';

describe('simplifyTask', () => {
	it('gives the fields a workflow uses, with ISO dates', () => {
		expect(
			simplifyTask({
				id: 'cgt-1',
				model: 'doubao-seedance-1-0-pro-250528',
				status: 'succeeded',
				content: { video_url: 'https://v/1.mp4', last_frame_url: 'https://v/1.png' },
				seed: 7,
				resolution: '1080p',
				ratio: '16:9',
				duration: 5,
				framespersecond: 24,
				usage: { completion_tokens: 100, total_tokens: 100 },
				error: null,
				created_at: 1_700_000_000,
				updated_at: 1_700_000_060,
			}),
		).toEqual({
			id: 'cgt-1',
			status: 'succeeded',
			model: 'doubao-seedance-1-0-pro-250528',
			videoUrl: 'https://v/1.mp4',
			lastFrameUrl: 'https://v/1.png',
			seed: 7,
			resolution: '1080p',
			ratio: '16:9',
			duration: 5,
			fps: 24,
			tokens: 100,
			usage: { completion_tokens: 100, total_tokens: 100 },
			error: null,
			createdAt: '2023-11-14T22:13:20.000Z',
			updatedAt: '2023-11-14T22:14:20.000Z',
		});
	});
});

describe('taskJson: the cost beside the task', () => {
	const task = {
		id: 'cgt-2',
		model: 'doubao-seedance-2-0-260128',
		status: 'succeeded',
		resolution: '720p',
		ratio: '16:9',
		duration: 5,
		usage: { completion_tokens: 108_900, total_tokens: 108_900 },
	};
	const cost = taskCost(task, { provider: 'byteplus' });

	it('simplified: usage as the API sent it and the cost', () => {
		expect(taskJson(task, true, cost)).toMatchObject({
			id: 'cgt-2',
			tokens: 108_900,
			usage: { completion_tokens: 108_900, total_tokens: 108_900 },
			cost: { status: 'billed', currency: 'USD', amount: 0.7623, tokens: 108_900, unitPricePerMillionTokens: 7 },
		});
	});

	it('raw: the API object unchanged, plus cost', () => {
		const raw = taskJson(task, false, cost);
		const { cost: added, ...rest } = raw;
		expect(rest).toEqual(task);
		expect(added).toMatchObject({ status: 'billed', amount: 0.7623 });
		expect(task).not.toHaveProperty('cost');
	});

	it('no usage yet: null in the simplified item', () => {
		expect(simplifyTask({ id: 'cgt-3', status: 'queued' }).usage).toBeNull();
	});
});

describe('agentView', () => {
	it('a task item keeps its cost and gets the id, status and video URL at the top', () => {
		const json = taskJson({ id: 'cgt-4', status: 'succeeded', content: { video_url: 'https://v/4.mp4' } }, false, { status: 'free', amount: 0 });
		expect(agentView(json)).toMatchObject({ taskId: 'cgt-4', status: 'succeeded', videoUrl: 'https://v/4.mp4', cost: { status: 'free', amount: 0 } });
	});

	it('an item that is no task (an estimate, a sum, an error) stays as it is', () => {
		const estimate = { estimateFor: 'generateFromText', cost: { status: 'estimated', amount: 1 }, total: { status: 'estimated', amount: 3 } };
		expect(agentView(estimate)).toEqual(estimate);
		expect(agentView({ error: 'boom' })).toEqual({ error: 'boom' });
	});
});
